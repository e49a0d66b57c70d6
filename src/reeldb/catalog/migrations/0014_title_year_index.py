"""Index titles by year, the advanced title search's "Release year" sort, as 0010 does the others.

Without it a page sorted by year over a broad set (one genre) read and sorted
every matching title: 645 ms for Documentary over 1.2 million titles on SQLite.
"""

from importlib import import_module

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

sort_indexes = import_module("reeldb.catalog.migrations.0010_title_sort_indexes")

INDEXES = {"title_year_idx": (("start_year", True), ("id", False))}


def create_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    sort_indexes.create_indexes(apps, schema_editor, indexes=INDEXES)


def drop_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    sort_indexes.drop_indexes(apps, schema_editor, indexes=INDEXES)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0013_title_genres_index"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
