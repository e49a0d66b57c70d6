"""The SQLite schema editor checks foreign keys in the tables it rebuilt, and only there."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, models
from django.test.utils import CaptureQueriesContext, isolate_apps

from reeldb.sqlite.base import DatabaseWrapper


@pytest.fixture
def database(tmp_path: Path, django_db_blocker: Any) -> Iterator[DatabaseWrapper]:
    """A SQLite file of its own with a parent table and a child row whose parent is missing."""
    with django_db_blocker.unblock():
        yield from _database_with_a_dangling_key(tmp_path)


def _database_with_a_dangling_key(tmp_path: Path) -> Iterator[DatabaseWrapper]:
    wrapper = DatabaseWrapper(
        {
            "NAME": str(tmp_path / "schema.sqlite3"),
            "ENGINE": "reeldb.sqlite",
            "OPTIONS": {},
            "TIME_ZONE": None,
            "AUTOCOMMIT": True,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "ATOMIC_REQUESTS": False,
            "USER": "",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
            "TEST": {},
        }
    )
    with wrapper.cursor() as cursor:
        cursor.execute("CREATE TABLE parent (id integer PRIMARY KEY)")
        cursor.execute(
            "CREATE TABLE child (id integer PRIMARY KEY, label integer NULL, "
            "parent_id integer NOT NULL REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)"
        )
        cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.execute("INSERT INTO child (id, parent_id) VALUES (1, 404)")
        cursor.execute("PRAGMA foreign_keys=ON")
    yield wrapper
    wrapper.close()


def _child_model() -> type[models.Model]:
    class Parent(models.Model):  # noqa: DJ008 - a table, never shown
        class Meta:
            app_label = "sqlite"
            db_table = "parent"

    class Child(models.Model):  # noqa: DJ008 - a table, never shown
        label = models.IntegerField(null=True)
        parent = models.ForeignKey(Parent, on_delete=models.CASCADE)

        class Meta:
            app_label = "sqlite"
            db_table = "child"

    return Child


@isolate_apps("reeldb.sqlite")
def test_adding_an_index_or_a_nullable_column_checks_no_foreign_key(
    database: DatabaseWrapper,
) -> None:
    child = _child_model()
    with CaptureQueriesContext(database) as queries, database.schema_editor() as editor:
        editor.add_index(child, models.Index(fields=["label"], name="child_label_idx"))
        note = models.IntegerField(null=True)
        note.set_attributes_from_name("note")
        editor.add_field(child, note)
    assert not [query for query in queries if "foreign_key_check" in query["sql"]]


@isolate_apps("reeldb.sqlite")
def test_a_rebuilt_table_has_its_foreign_keys_checked(database: DatabaseWrapper) -> None:
    child = _child_model()
    old_label = child._meta.get_field("label")
    assert isinstance(old_label, models.IntegerField)
    new_label = models.BigIntegerField(null=True)
    new_label.set_attributes_from_name("label")
    new_label.model = child
    with pytest.raises(IntegrityError, match="child"), database.schema_editor() as editor:
        editor.alter_field(child, old_label, new_label)
