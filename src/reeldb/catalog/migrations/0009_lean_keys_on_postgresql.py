"""On PostgreSQL, key the three largest tables by what they are read by: an index fewer each.

Credits and AKAs had a primary key on ``id`` and an index leading with
``title_id`` (credits: ``credit_title_order_idx``; AKAs: the foreign key's).
Nothing points at either table, and the catalogue reaches every row of
theirs through its title (a title page, ``sync_facts``, a refresh's merge),
so a key ``(title_id, id)`` serves both: it finds a title's rows and keeps
each row unique. Known-for titles had a key on ``id`` beside their unique
``(person, title, source)``, which becomes the key itself, under its name.

On the scale 0.1 datasets, building the credits' two indexes took
10.9-11.0 s and the one key 5.7-6.0 s, 249 MB smaller; the known-for
titles' two 3.2-3.6 s and the one 1.8-2.0 s. ``id`` stays unique as its
identity sequence hands it out, and the datasets importer moves the
sequence past the keys it gives (``BlockLoader.finish_file``). A person's
credits keep ``credit_person_idx``, a title's known-for rows their index.

SQLite is left as it is: its ``id`` is the rowid, the table itself, and costs
no index to keep. Django's idea of the models does not change either, only
PostgreSQL's tables: a later migration that alters these keys or indexes
must do it for PostgreSQL by hand.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# Each table's index on its title, as Django created it: what the key replaces.
TITLE_INDEXES = {
    "catalog_credit": ("credit_title_order_idx", "(title_id, ordering)"),
    "catalog_aka": ("catalog_aka_title_id_075cc6fa", "(title_id)"),
}
KNOWN_FOR = "catalog_knownfor"
KNOWN_FOR_KEY = "(person_id, title_id, source_id)"


def lean_keys(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, (index, _) in TITLE_INDEXES.items():
        schema_editor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{table}_pkey"')
        schema_editor.execute(f'DROP INDEX "{index}"')
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD CONSTRAINT "{table}_pkey" PRIMARY KEY (title_id, id)'
        )
    schema_editor.execute(f'ALTER TABLE "{KNOWN_FOR}" DROP CONSTRAINT "{KNOWN_FOR}_pkey"')
    schema_editor.execute(f'ALTER TABLE "{KNOWN_FOR}" DROP CONSTRAINT "known_for_unique"')
    schema_editor.execute(
        f'ALTER TABLE "{KNOWN_FOR}" ADD CONSTRAINT "known_for_unique" PRIMARY KEY {KNOWN_FOR_KEY}'
    )


def keys_by_id(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, (index, columns) in TITLE_INDEXES.items():
        schema_editor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{table}_pkey"')
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD CONSTRAINT "{table}_pkey" PRIMARY KEY (id)'
        )
        schema_editor.execute(f'CREATE INDEX "{index}" ON "{table}" {columns}')
    schema_editor.execute(f'ALTER TABLE "{KNOWN_FOR}" DROP CONSTRAINT "known_for_unique"')
    schema_editor.execute(
        f'ALTER TABLE "{KNOWN_FOR}" ADD CONSTRAINT "{KNOWN_FOR}_pkey" PRIMARY KEY (id)'
    )
    schema_editor.execute(
        f'ALTER TABLE "{KNOWN_FOR}" ADD CONSTRAINT "known_for_unique" UNIQUE {KNOWN_FOR_KEY}'
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0008_byte_order_ids_and_folded_names"),
    ]

    operations = [migrations.RunPython(lean_keys, keys_by_id)]
