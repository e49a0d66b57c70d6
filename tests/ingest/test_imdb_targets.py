"""Where a first import's bulk rows go: how they are written, beside whom, with which keys."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import polars as pl
import psycopg
import pytest
from django.db import OperationalError, connection, transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from reeldb.errors import is_busy
from reeldb.ingest.imdb_datasets.staging import write_frame
from reeldb.ingest.imdb_datasets.targets import AdbcTarget, ConnectionTarget, indexes_deferred
from tests.conftest import REPO, run_reeldb

# Another process's view of an SQLite file: ``sys.argv[1]`` is the file, ``sys.argv[2]`` the query.
READ_ELSEWHERE = (
    "import sqlite3, sys; "
    "print(sqlite3.connect(sys.argv[1], timeout=0).execute(sys.argv[2]).fetchone()[0])"
)


def read_elsewhere(path: Path, sql: str) -> str:
    """Run ``sql`` in another process, not waiting for any lock; return the first value.

    Not in this one: closing a connection of Python's SQLite here would release
    the locks ADBC's copy of SQLite holds on the file (``targets.py``).
    """
    found = subprocess.run(
        [sys.executable, "-c", READ_ELSEWHERE, str(path), sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout.strip()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """An SQLite file in WAL mode, as reeldb keeps it, with one empty table."""
    database = tmp_path / "reeldb.sqlite3"
    with closing(sqlite3.connect(database)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE loaded (value INTEGER)")
    return database


def test_a_bulk_load_keeps_the_wal_so_other_processes_read_the_last_commit_meanwhile(
    path: Path,
) -> None:
    with closing(AdbcTarget(str(path))) as target, target.file():
        target.execute("INSERT INTO loaded VALUES (1)")
        assert read_elsewhere(path, "PRAGMA journal_mode") == "wal"
        assert read_elsewhere(path, "SELECT COUNT(*) FROM loaded") == "0"

    assert read_elsewhere(path, "SELECT COUNT(*) FROM loaded") == "1"


# Holds the write lock of the SQLite file ``sys.argv[1]`` until its input closes.
HOLD_WRITE_LOCK = (
    "import sqlite3, sys; db = sqlite3.connect(sys.argv[1], isolation_level=None); "
    "db.execute('BEGIN IMMEDIATE'); print('locked', flush=True); sys.stdin.read()"
)


@contextmanager
def write_lock_held(path: Path) -> Iterator[None]:
    """Hold the write lock of the SQLite file at ``path`` in another process while the block runs.

    In another process: SQLite's locks are POSIX locks, and a process's own
    never conflict with one another.
    """
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE_LOCK, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline() == "locked\n"
        try:
            yield
        finally:
            holder.stdin.close()


def test_a_file_locked_past_the_busy_timeout_is_djangos_busy_operational_error(
    path: Path,
) -> None:
    with write_lock_held(path), closing(AdbcTarget(str(path))) as target:
        target.execute("PRAGMA busy_timeout=0")
        with pytest.raises(OperationalError, match="database is locked") as raised, target.file():
            target.execute("INSERT INTO loaded VALUES (1)")

    assert is_busy(raised.value)


# Run by `reeldb manage shell` on an SQLite file: Django's connection and ADBC's
# are open together, as during an import; Django's writes after ADBC's close
# must reach other processes while this one still runs.
WRITE_AFTER_CLOSE = """
from pathlib import Path
from django.db import connection
from reeldb.ingest.imdb_datasets.targets import AdbcTarget
from tests.ingest.test_imdb_targets import read_elsewhere

path = Path(connection.settings_dict["NAME"])
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE probe (value INTEGER)")
target = AdbcTarget(str(path))
with target.file():
    target.execute("INSERT INTO probe VALUES (1)")
target.close()
with connection.cursor() as cursor:
    cursor.execute("INSERT INTO probe VALUES (2)")
print(read_elsewhere(path, "SELECT GROUP_CONCAT(value) FROM probe"))
"""


def test_djangos_writes_after_the_bulk_target_closes_reach_other_processes(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "REELDB_HOME": str(tmp_path), "REELDB_SECRET_KEY": "test-only"}
    env.pop("DATABASE_URL", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))

    written = run_reeldb(env, "manage", "shell", "--no-imports", "-c", WRITE_AFTER_CLOSE)

    assert written.returncode == 0, written.stderr
    assert written.stdout.split()[-1] == "1,2"


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


@pytest.mark.django_db(transaction=True)
def test_a_first_load_on_postgresql_waits_for_a_reader_without_deadlocking_it() -> None:
    """A page holds a lock on the sources and asks for the titles while the load sets keys aside."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's bulk load takes no table locks: its readers read the last commit")
    failed: list[BaseException] = []

    with psycopg.connect(**connection.get_connection_params()) as reader:
        reader.execute("SELECT COUNT(*) FROM catalog_source")  # its transaction stays open

        def read_titles() -> None:
            time.sleep(0.3)  # the load is asking for the sources' lock by now
            try:
                reader.execute("SELECT COUNT(*) FROM catalog_title")
                reader.commit()
            except psycopg.Error as error:
                failed.append(error)

        page = threading.Thread(target=read_titles)
        page.start()
        with (
            transaction.atomic(),
            indexes_deferred(ConnectionTarget(), ["catalog_title"], enabled=True),
        ):
            pass
        page.join()

    assert failed == []


# Any text PostgreSQL can hold (no NUL), weighted towards what COPY formats
# treat specially: separators, line breaks, quotes, backslashes, \N.
COPY_TEXT = st.one_of(
    st.none(),
    # Text read from UTF-8 files holds no lone surrogates, which UTF-8 cannot encode.
    st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
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
