"""Where a first import's bulk rows go on an SQLite file: the journal mode around the load."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from reeldb.ingest.imdb_datasets.targets import AdbcTarget, rollback_journal


def journal_mode(path: Path) -> str:
    """The journal mode a new connection finds the file in."""
    with closing(sqlite3.connect(path)) as db:
        return str(db.execute("PRAGMA journal_mode").fetchone()[0])


def init_command() -> str:
    return str(connection.settings_dict["OPTIONS"].get("init_command", ""))


def test_a_first_fill_loads_with_a_rollback_journal_and_gives_the_file_back_its_wal(
    tmp_path: Path,
) -> None:
    path = tmp_path / "reeldb.sqlite3"
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE loaded (value INTEGER)")
    before = init_command()

    with closing(AdbcTarget(str(path))) as target:
        with rollback_journal(target, enabled=True), target.file():
            assert journal_mode(path) == "delete"
            assert settings.SQLITE_JOURNAL_MODE not in init_command()
            target.execute("INSERT INTO loaded VALUES (1)")
        assert journal_mode(path) == "wal"
        assert init_command() == before

        with rollback_journal(target, enabled=False):
            assert journal_mode(path) == "wal"

    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT value FROM loaded").fetchall() == [(1,)]


def test_a_load_that_fails_still_gives_the_file_back_its_wal(tmp_path: Path) -> None:
    path = tmp_path / "reeldb.sqlite3"
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE loaded (value INTEGER)")
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
