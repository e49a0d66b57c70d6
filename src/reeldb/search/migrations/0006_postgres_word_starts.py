"""PostgreSQL's word index with each word's first letters and the entry's kind as words,
and a second index over the most popular entries (``backends.POSTGRES_INDEXES``).

Built from the entries already there; SQLite's index is unchanged.
"""

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from reeldb.search.index.backends import create_text_index

OLD_POSTGRES_INDEX = "search_entry_terms_gin"


def replace_postgres_index(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {OLD_POSTGRES_INDEX}")
    create_text_index(connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_suggestion")]

    operations = [
        migrations.RunPython(replace_postgres_index, migrations.RunPython.noop, elidable=False),
    ]
