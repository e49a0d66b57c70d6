"""Drop the LIKE-pattern indexes PostgreSQL's backend gives the unique IMDb id columns.

Django adds a ``varchar_pattern_ops`` index beside every unique or indexed
``CharField`` on PostgreSQL, for ``LIKE 'tt01%'`` lookups. reeldb never
searches IMDb ids by prefix (an id is looked up whole, through the unique
index), and a dataset import built these two indexes over 26 million ids
for nothing. SQLite has no such indexes.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

PATTERN_INDEXES = {"catalog_title": "tconst", "catalog_person": "nconst"}


def drop_pattern_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, column in PATTERN_INDEXES.items():
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
                [table, f"%({column} varchar_pattern_ops)"],
            )
            for (name,) in cursor.fetchall():
                schema_editor.execute(f'DROP INDEX "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_credit_person_index"),
    ]

    operations = [migrations.RunPython(drop_pattern_indexes, migrations.RunPython.noop)]
