"""On PostgreSQL, make ``title_episode_idx`` hold the episode guide's order, as SQLite's does.

The episode guide pages a season by episode number, unnumbered episodes first,
then id. SQLite's index is in that order (NULL sorts first, the rowid ends
every entry); PostgreSQL's sorted NULL last and held no id, so each page of a
season sorted the whole season: 0.25 s for the 50,167 unnumbered episodes of
one series. The model still declares the index's first three columns, as
Django's ``Index`` makes it on SQLite; the order and the id are set here, by
vendor, and a later change to the index is made by hand.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

NAME = "title_episode_idx"
COLUMNS = "parent_id, season_number, episode_number"


def _rebuild(schema_editor: BaseDatabaseSchemaEditor, columns: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX {NAME}")
    schema_editor.execute(f"CREATE INDEX {NAME} ON catalog_title ({columns})")


def add_id(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _rebuild(schema_editor, f"{COLUMNS} NULLS FIRST, id")


def remove_id(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _rebuild(schema_editor, COLUMNS)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0014_title_year_index"),
    ]

    operations = [migrations.RunPython(add_id, remove_id)]
