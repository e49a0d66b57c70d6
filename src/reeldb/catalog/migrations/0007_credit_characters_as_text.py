"""Keep a credit's characters as JSON text on PostgreSQL instead of ``jsonb``.

A bulk import copied credits a fifth faster into ``text`` (``JSONTextField``
says why). SQLite keeps JSON as text already: only Django's idea of the field
changes there, and the table is not rebuilt. PostgreSQL rewrites the table
once, writing each value as ``jsonb`` prints it.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from reeldb.catalog.models.fields import JSONTextField


def _alter(schema_editor: BaseDatabaseSchemaEditor, column_type: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'ALTER TABLE "catalog_credit" ALTER COLUMN "characters" TYPE {column_type} '
            f'USING "characters"::{column_type}'
        )


def to_text(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _alter(schema_editor, "text")


def to_jsonb(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _alter(schema_editor, "jsonb")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_drop_imdb_id_pattern_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="credit",
                    name="characters",
                    field=JSONTextField(blank=True, default=list),
                ),
            ],
            database_operations=[migrations.RunPython(to_text, to_jsonb)],
        ),
    ]
