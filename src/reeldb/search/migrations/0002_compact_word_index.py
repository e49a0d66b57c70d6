"""The word index without positions or column sizes, ``terms`` holding only joined words,
and exact names indexed with their kind and id.

Entries made before keep their words: ``terms`` loses the folded name it
began with (the index now reads ``folded`` itself), and the index is built
again from the entries.
"""

from typing import Any

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from reeldb.search.index.backends import create_text_index, drop_text_index

OLD_SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS search_entry_insert",
    "DROP TRIGGER IF EXISTS search_entry_delete",
    "DROP TABLE IF EXISTS search_fts_vocab",
    "DROP TABLE IF EXISTS search_fts",
)


def compact(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    drop_text_index(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in OLD_SQLITE_DROP:
                cursor.execute(statement)
        cursor.execute(
            "UPDATE search_entry SET terms = substr(terms, length(folded) + 2) WHERE terms <> ''"
        )
    create_text_index(connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="searchentry",
            name="terms",
            field=models.TextField(
                blank=True,
                help_text="Words matched besides the folded name's: each chunk that folds "
                "to several words, joined.",
            ),
        ),
        migrations.RemoveIndex(model_name="searchentry", name="search_entry_folded_idx"),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["folded", "kind", "id"], name="search_entry_folded_idx"),
        ),
        migrations.RunPython(compact, migrations.RunPython.noop, elidable=False),
    ]
