"""Index titles in the orders the advanced title search sorts by most: popularity, votes, rating.

Without them, ``/search/title`` sorted over a broad set (all films, one genre)
read and sorted every matching title to show fifty: 0.6 s over 600,000 titles
on SQLite. Walking an index in the sort's order stops after the first page.

Titles without the figure sort last (``NULLS LAST``), and the id breaks ties,
so each index holds exactly the search's ``ORDER BY``. SQLite refuses
``NULLS LAST`` in an index but sorts NULL lowest, so its descending columns
already end with them and it reads an ascending one's NULLs in a second pass;
PostgreSQL puts NULL first in a descending index unless told. Django's
``Index`` cannot say both, so the indexes are made here, by vendor, and are
not part of the models' state: a later change to them is made by hand.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLE = "catalog_title"
# Each index's columns, and whether each runs high to low.
INDEXES = {
    "title_popularity_idx": (("popularity_rank", False), ("num_votes", True), ("id", False)),
    "title_votes_idx": (("num_votes", True), ("id", False)),
    "title_rating_idx": (("average_rating", True), ("num_votes", True), ("id", False)),
}


def _column(name: str, descending: bool, vendor: str) -> str:
    if name == "id" and vendor == "sqlite":
        return ""  # the rowid, which every SQLite index ends with
    direction = "DESC" if descending else "ASC"
    return f"{name} {direction} NULLS LAST" if vendor == "postgresql" else f"{name} {direction}"


def create_indexes(
    apps: StateApps,
    schema_editor: BaseDatabaseSchemaEditor,
    indexes: dict[str, tuple[tuple[str, bool], ...]] = INDEXES,
) -> None:
    vendor = schema_editor.connection.vendor
    for name, columns in indexes.items():
        listed = ", ".join(
            column
            for column in (_column(column, descending, vendor) for column, descending in columns)
            if column
        )
        schema_editor.execute(f"CREATE INDEX {name} ON {TABLE} ({listed})")


def drop_indexes(
    apps: StateApps,
    schema_editor: BaseDatabaseSchemaEditor,
    indexes: dict[str, tuple[tuple[str, bool], ...]] = INDEXES,
) -> None:
    for name in indexes:
        schema_editor.execute(f"DROP INDEX {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0009_lean_keys_on_postgresql"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
