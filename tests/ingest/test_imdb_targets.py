"""Where a first import's bulk rows go: the journal mode around the load, deferred indexes."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from reeldb.ingest.imdb_datasets.targets import (
    AdbcTarget,
    ConnectionTarget,
    indexes_deferred,
    rollback_journal,
)


def journal_mode(path: Path) -> str:
    """The journal mode a new connection finds the file in."""
    with closing(sqlite3.connect(path)) as db:
        return str(db.execute("PRAGMA journal_mode").fetchone()[0])


def init_command() -> str | None:
    """Django's init command: the test compares it before and after, absent included."""
    found = connection.settings_dict["OPTIONS"].get("init_command")
    return None if found is None else str(found)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """An SQLite file in WAL mode, as reeldb keeps it, with one empty table."""
    database = tmp_path / "reeldb.sqlite3"
    with closing(sqlite3.connect(database)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE loaded (value INTEGER)")
    return database


def test_a_first_fill_loads_with_a_rollback_journal_and_gives_the_file_back_its_wal(
    path: Path,
) -> None:
    before = init_command()

    with closing(AdbcTarget(str(path))) as target:
        with rollback_journal(target, enabled=True), target.file():
            assert journal_mode(path) == "delete"
            assert settings.SQLITE_JOURNAL_MODE not in (init_command() or "")
            target.execute("INSERT INTO loaded VALUES (1)")
        assert journal_mode(path) == "wal"
        assert init_command() == before

        with rollback_journal(target, enabled=False):
            assert journal_mode(path) == "wal"

    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT value FROM loaded").fetchall() == [(1,)]


def test_a_load_that_fails_still_gives_the_file_back_its_wal(path: Path) -> None:
    before = init_command()

    with closing(AdbcTarget(str(path))) as target:
        with (
            pytest.raises(KeyboardInterrupt),
            rollback_journal(target, enabled=True),
            target.file(),
        ):
            target.execute("INSERT INTO loaded VALUES (1)")
            raise KeyboardInterrupt
        assert journal_mode(path) == "wal"
    assert init_command() == before
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT COUNT(*) FROM loaded").fetchone() == (0,)


def title_indexes() -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "catalog_title")
    return {
        name
        for name, found in constraints.items()
        if found["index"] and not found["unique"] and not found["primary_key"]
    }


@pytest.mark.django_db
def test_a_load_that_updates_some_columns_rebuilds_only_the_indexes_that_hold_them() -> None:
    before = title_indexes()
    target = ConnectionTarget()

    with indexes_deferred(target, ["catalog_title"], enabled=True, columns=["parent_id"]):
        assert before - title_indexes() == {"title_episode_idx"}
    assert title_indexes() == before

    with indexes_deferred(target, ["catalog_title"], enabled=True):
        assert title_indexes() == set()
    assert title_indexes() == before
