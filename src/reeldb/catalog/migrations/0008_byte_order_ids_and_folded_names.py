"""Compare IMDb ids and folded names byte by byte on PostgreSQL (collation ``"C"``).

Their indexes build up to twice as fast (``ByteOrderCharField`` says why).
SQLite compares bytes already: only Django's idea of the fields changes
there, and the tables are not rebuilt. PostgreSQL rebuilds the columns'
indexes once.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from reeldb.catalog.models.fields import ByteOrderCharField

# table: (column, varchar length) of each field that changes.
COLUMNS = {
    "catalog_title": (("tconst", 12), ("folded_title", 500)),
    "catalog_person": (("nconst", 12), ("folded_name", 300)),
}


def _collate(schema_editor: BaseDatabaseSchemaEditor, collation: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in COLUMNS.items():
        changes = ", ".join(
            f'ALTER COLUMN "{column}" TYPE varchar({length}) COLLATE {collation}'
            for column, length in columns
        )
        schema_editor.execute(f'ALTER TABLE "{table}" {changes}')


def to_byte_order(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _collate(schema_editor, '"C"')


def to_default_order(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _collate(schema_editor, '"default"')


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_credit_characters_as_text"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="person",
                    name="folded_name",
                    field=ByteOrderCharField(
                        default="",
                        editable=False,
                        help_text="primary_name folded: how sources are matched.",
                        max_length=300,
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="nconst",
                    field=ByteOrderCharField(blank=True, max_length=12, null=True, unique=True),
                ),
                migrations.AlterField(
                    model_name="title",
                    name="folded_title",
                    field=ByteOrderCharField(
                        default="",
                        editable=False,
                        help_text="primary_title folded: how sources are matched.",
                        max_length=500,
                    ),
                ),
                migrations.AlterField(
                    model_name="title",
                    name="tconst",
                    field=ByteOrderCharField(blank=True, max_length=12, null=True, unique=True),
                ),
            ],
            database_operations=[migrations.RunPython(to_byte_order, to_default_order)],
        ),
    ]
