"""IMDb ids to catalogue ids, in memory: the joins a bulk load would otherwise make row by row.

``tt0112851`` is the number 112851; an ``IdMap`` is an array indexed by that
number holding the catalogue's primary key (0: not in the catalogue). Looking
up a block of 400,000 credits is one vectorised gather instead of two index
probes per row inside the database, and the dangling ids fall out of the same
gather. IMDb's numbers are dense (under 40 million today), so the arrays stay
small: 4 bytes a number.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from django.db import connection

from reeldb.catalog.models import Person, Title

# Rows read back at a time while loading a map.
FETCH_ROWS = 100_000
INT32_MAX = 2**31 - 1


def imdb_number(column: str) -> pl.Expr:
    """The number of an IMDb id column (``tt0112851`` → 112851)."""
    return pl.col(column).str.slice(2).cast(pl.Int64)


class PrimaryKeys:
    """Fresh primary keys of one table, handed out by the loader rather than the database.

    A bulk load gives its rows their keys itself: titles and people because
    their ids must be known before they are written (the id maps), the other
    tables because PostgreSQL's identity default costs a sequence call per
    row and a first load builds their primary keys after the rows are in
    (``targets.indexes_deferred``). The tables are locked for the load, and
    ``BlockLoader.finish_file`` moves the sequences past the keys used.
    """

    def __init__(self, next_id: int = 1) -> None:
        self.next_id = next_id

    @classmethod
    def load(cls, table: str) -> PrimaryKeys:
        """Start after the largest key ``table`` holds."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            return cls(int(cursor.fetchone()[0]) + 1)

    def allocate(self, count: int) -> np.ndarray:
        """Return ``count`` fresh primary keys for rows about to be inserted."""
        ids = np.arange(self.next_id, self.next_id + count, dtype=np.int64)
        self.next_id += count
        return ids


class IdMap:
    """IMDb numbers of titles or people (``tconst``/``nconst``) to catalogue ids."""

    def __init__(self, model: type[Title | Person]) -> None:
        self.model = model
        self.key = "tconst" if model is Title else "nconst"
        self._ids = np.zeros(0, dtype=np.int32)
        self.keys = PrimaryKeys()

    @classmethod
    def load(cls, model: type[Title | Person]) -> IdMap:
        """Read every ``(number, id)`` pair of the catalogue table."""
        mapping = cls(model)
        table = model._meta.db_table
        integer = "bigint" if connection.vendor == "postgresql" else "integer"
        mapping.keys = PrimaryKeys.load(table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT CAST(SUBSTR({mapping.key}, 3) AS {integer}), id FROM {table} "
                f"WHERE {mapping.key} IS NOT NULL"
            )
            while rows := cursor.fetchmany(FETCH_ROWS):
                pairs = np.array(rows, dtype=np.int64).reshape(-1, 2)
                mapping.assign(pairs[:, 0], pairs[:, 1])
        return mapping

    def _grow(self, largest: int) -> None:
        if largest < len(self._ids):
            return
        size = max(largest + 1, len(self._ids) * 5 // 4)
        grown = np.zeros(size, dtype=self._ids.dtype)
        grown[: len(self._ids)] = self._ids
        self._ids = grown

    def assign(self, numbers: np.ndarray, ids: np.ndarray) -> None:
        if not len(numbers):
            return
        self._grow(int(numbers.max()))
        if self._ids.dtype == np.int32 and int(ids.max()) > INT32_MAX:
            self._ids = self._ids.astype(np.int64)
        self._ids[numbers] = ids

    def lookup(self, numbers: np.ndarray) -> np.ndarray:
        """Return the catalogue id of each number, 0 where the catalogue has none."""
        found = np.zeros(len(numbers), dtype=np.int64)
        known = numbers < len(self._ids)
        found[known] = self._ids[numbers[known]]
        return found


def resolve(frame: pl.DataFrame, column: str, ids: IdMap, target: str) -> pl.DataFrame:
    """Add ``target``: the catalogue id of the IMDb id in ``column`` (0 when dangling)."""
    numbers = frame.select(imdb_number(column)).to_series().to_numpy()
    return frame.with_columns(pl.Series(target, ids.lookup(numbers)))
