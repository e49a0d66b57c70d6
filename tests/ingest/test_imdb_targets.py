"""Where a first import's bulk rows go: how they are written, the journal mode, deferred keys."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import polars as pl
import pytest
from django.conf import settings
from django.db import connection
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from reeldb.ingest.imdb_datasets.staging import write_frame
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


def keys(table: str) -> set[str]:
    """The primary, unique and foreign keys of ``table``, by name."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {
        name
        for name, found in constraints.items()
        if found["primary_key"] or found["unique"] or found["foreign_key"]
    }


def unchecked_foreign_keys() -> set[str]:
    """PostgreSQL's foreign keys that the rows already in their tables were not checked against."""
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute("SELECT conname FROM pg_constraint WHERE contype = 'f' AND NOT convalidated")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db
def test_a_first_load_sets_aside_every_key_but_those_other_tables_point_at() -> None:
    tables = ["catalog_title", "catalog_credit"]
    before = {table: keys(table) for table in tables}
    target = ConnectionTarget()

    for _ in range(2):  # the second time, over the keys the first left unchecked
        with indexes_deferred(target, tables, enabled=True):
            if connection.vendor == "postgresql":
                # Other tables' foreign keys point at titles' ids; nothing points at credits'.
                assert keys("catalog_title") == {"catalog_title_pkey"}
                assert keys("catalog_credit") == set()
            else:
                # SQLite's keys belong to their tables, and its foreign keys are off instead.
                assert {table: keys(table) for table in tables} == before
        assert {table: keys(table) for table in tables} == before

    if connection.vendor == "postgresql":
        # Added back unchecked: the loader resolved every id it wrote.
        foreign = {name for table in tables for name in before[table] if "_fk_" in name}
        assert len(foreign) == 5
        assert unchecked_foreign_keys() == foreign


# Any text PostgreSQL can hold (no NUL), weighted towards what COPY formats
# treat specially: separators, line breaks, quotes, backslashes, \N.
COPY_TEXT = st.one_of(
    st.none(),
    # Text read from UTF-8 files holds no lone surrogates, which UTF-8 cannot encode.
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=12,
    ),
    st.text(alphabet="\\\t\n\r\x01\"',N ", max_size=8),
    st.sampled_from(["", "\\N", "\\", "\x01\x01", '["Foo"]']),
)


@pytest.mark.django_db
@examples(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(COPY_TEXT, max_size=20))
def test_any_text_comes_back_from_a_bulk_write_as_it_was_written(
    values: list[str | None],
) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS written")
        cursor.execute("CREATE TEMPORARY TABLE written (position integer, value text)")
        write_frame(
            "written",
            pl.DataFrame(
                {"position": range(len(values)), "value": values},
                schema={"position": pl.Int64, "value": pl.String},
            ),
        )
        cursor.execute("SELECT value FROM written ORDER BY position")
        assert [value for (value,) in cursor.fetchall()] == values
