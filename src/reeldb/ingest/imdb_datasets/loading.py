"""Route each parsed block: straight into the catalogue, or to the staging tables for a merge.

A first import of a file (the datasets have none of its rows yet) is a bulk
load: titles and people new to the catalogue get their primary keys here and
are written directly, AKAs, credits and known-for titles are written directly
once their ids are resolved (``ids.py``), and episodes and ratings update
their titles from a staged table keyed by id. What needs the merge's care
goes to the staging tables instead (``staging.py``, ``merge.py``): titles and
people another source already described (their values go through claims),
episodes and ratings of titles with claims, and every row of a refresh.

Dangling ids (a credit whose title is not in the catalogue) are found by the
same in-memory lookup and handed back with their lines for the report.

Each block is worked out (``BlockLoader.plan``) on the reader thread, right
after it is parsed, and written (``BlockLoader.apply``) on the main thread,
so that resolving and encoding the next block overlaps writing this one.
Whatever the plan needs from the database (the id maps, the titles with
claims) is read before, on the main thread (``start_file``): Django's
connections belong to the thread that opened them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import polars as pl
from django.db import connection

from reeldb.catalog.models import CreditCategory, Person, Source, Title
from reeldb.ingest.imdb_datasets.ahead import TitleExtras
from reeldb.ingest.imdb_datasets.ids import IdMap, PrimaryKeys, imdb_number, resolve
from reeldb.ingest.imdb_datasets.merge import (
    AKA_COLUMNS,
    STATED_PERSON_COLUMNS,
    STATED_TITLE_COLUMNS,
)
from reeldb.ingest.imdb_datasets.rows import (
    CREW_ORDERING,
    NOTE_SCHEMA,
    expand_crew,
    expand_known_for,
)
from reeldb.ingest.imdb_datasets.staging import stage_frame
from reeldb.ingest.imdb_datasets.targets import BulkTarget, Insert, create_temporary

# What a bulk load writes of a title or person: its IMDb id, folded name, and the
# columns the datasets state.
TITLE_COLUMNS = ("tconst", "folded_title", *STATED_TITLE_COLUMNS)
PERSON_COLUMNS = ("nconst", "folded_name", *STATED_PERSON_COLUMNS)
# Columns of the datasets' own tables that they never state, written empty.
UNSTATED = {
    "catalog_title": ("awards_summary", "countries", "languages"),
    "catalog_person": ("bio",),
}
# Title columns each file updates: (the table staging them by title id, the columns).
BULK_UPDATES = {
    "title.episode": ("bulk_episode", ("parent_id", "season_number", "episode_number")),
    "title.ratings": ("bulk_rating", ("average_rating", "num_votes")),
}
# The tables whose rows each file gives their primary keys (``PrimaryKeys``).
NUMBERED = {
    "title.basics": ("catalog_title",),
    "name.basics": ("catalog_person", "catalog_knownfor"),
    "title.akas": ("catalog_aka",),
    "title.principals": ("catalog_credit",),
    "title.crew": ("catalog_credit",),
}
# Where the merge finds a file's rows (name.basics and title.crew: see ``_stage``).
STAGED = {
    "title.basics": "stage_title",
    "title.episode": "stage_episode",
    "title.ratings": "stage_rating",
    "title.akas": "stage_aka",
    "title.principals": "stage_credit",
}
# title.crew's credits that repeat a principal (same title, person, category,
# no job) are left out, so the principal's billing stays.
CREW_CATEGORIES = (CreditCategory.DIRECTOR.value, CreditCategory.WRITER.value)


def _crew_keys(title_ids: np.ndarray, person_ids: np.ndarray, writer: np.ndarray) -> np.ndarray:
    """One int64 per (title, person, director-or-writer): title and person ids fit 31 bits."""
    keys: np.ndarray = (
        (title_ids.astype(np.int64) << 33) | (writer.astype(np.int64) << 32) | person_ids
    )
    return keys


def _joined(pieces: list[np.ndarray]) -> np.ndarray:
    """Concatenate ``pieces`` (emptying the list), each freed once copied.

    ``np.concatenate`` holds every piece and the whole at once. The jobless
    principals' keys are joined at the end of title.principals, where the
    import holds the most of them; here only one piece is held twice. It
    saves little: measured at full size, a high-water mark of 980 MiB
    against 983 MiB with ``np.concatenate``.
    """
    joined = np.empty(sum(len(piece) for piece in pieces), dtype=np.int64)
    offset = 0
    pieces.reverse()
    while pieces:
        piece = pieces.pop()
        joined[offset : offset + len(piece)] = piece
        offset += len(piece)
    return joined


def _staged(name: str, rows: pl.DataFrame) -> list[tuple[str, pl.DataFrame]]:
    """Every row of a refresh's block, by the staging table the merge reads it from."""
    if name == "name.basics":
        return [("stage_person", rows), ("stage_known_for", expand_known_for(rows))]
    if name == "title.crew":
        return [("stage_credit", expand_crew(rows))]
    return [(STAGED[name], rows)]


def _contains(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Return where ``keys`` are in ``sorted_keys`` (sorted): a binary search each."""
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    found = np.searchsorted(sorted_keys, keys).clip(0, len(sorted_keys) - 1)
    return np.asarray(sorted_keys[found] == keys)


@dataclass
class Planned:
    """What a block comes to: its inserts and staged rows, what it loads, its dangling rows."""

    inserts: list[Insert] = field(default_factory=list)
    staged: list[tuple[str, pl.DataFrame]] = field(default_factory=list)
    loaded: int = 0
    known_for: int = 0
    dangling: list[pl.DataFrame] = field(default_factory=list)


class BlockLoader:
    """Write the blocks of a run's files; one per run, so the id maps are read once."""

    def __init__(self, *, source: Source, now: datetime, target: BulkTarget) -> None:
        self.source = source
        self.target = target
        self.stamp = connection.ops.adapt_datetimefield_value(now)
        self._titles: IdMap | None = None
        self._people: IdMap | None = None
        self._keys: dict[str, PrimaryKeys] = {}
        self._claimed: np.ndarray | None = None
        self._principal_keys: list[np.ndarray] | None = None
        self._crew_seen: np.ndarray | None = None
        # Set by the run when title.basics loads first with the files it reads ahead.
        self.extras: TitleExtras | None = None
        self._written = np.zeros(0, dtype=np.int32)

    # The maps are read from the catalogue before a file is planned and kept up
    # to date by the bulk inserts; a merge that inserts rows itself makes them stale.
    @property
    def titles(self) -> IdMap:
        if self._titles is None:
            raise RuntimeError("start_file reads the id maps before a file is planned")
        return self._titles

    @property
    def people(self) -> IdMap:
        if self._people is None:
            raise RuntimeError("start_file reads the id maps before a file is planned")
        return self._people

    def _read_ids(self) -> None:
        if self._titles is None:
            self._titles = IdMap.load(Title)
        if self._people is None:
            self._people = IdMap.load(Person)

    def forget_ids(self) -> None:
        """Drop the id maps and keys: a merge has inserted rows they do not know."""
        self._titles = self._people = None
        self._keys.clear()

    def start_file(self, name: str, *, refresh: bool) -> None:
        """Prepare for file ``name`` (inside the bulk phase's transaction), on the main thread.

        What ``plan`` will need from the database is read here.
        """
        # The titles written ahead matter to their own file only: at full size
        # they are ten million numbers, which the credits' files need not carry.
        self._written = np.zeros(0, dtype=np.int32)
        if refresh:
            return
        self._read_ids()
        # Read as the file starts, when the load holds its tables: rows another
        # source wrote since the run began have keys these must come after.
        for table in NUMBERED.get(name, ()):
            if table not in (Title._meta.db_table, Person._meta.db_table, *self._keys):
                self._keys[table] = PrimaryKeys.load(table)
        if name in BULK_UPDATES:
            create_temporary(self.target, BULK_UPDATES[name][0])
            self._claimed_titles()
            if self.extras is not None:
                self._written = self.extras.take_written(name)
        if name == "title.principals":
            self._principal_keys = []
        if name == "title.crew":
            self._crew_seen = None
            self._principal_crew()

    def _primary_keys(self, table: str) -> PrimaryKeys | None:
        """The keys the loader hands out for ``table``: None if no file of this run read them."""
        if table == Title._meta.db_table:
            return self._titles.keys if self._titles is not None else None
        if table == Person._meta.db_table:
            return self._people.keys if self._people is not None else None
        return self._keys.get(table)

    def finish_file(self, name: str) -> None:
        """Move the sequences past the keys the file's rows were given (PostgreSQL).

        From the loader's own count, not ``MAX(id)``: credits, AKAs and
        known-for titles have no index on ``id`` there (catalog migration
        0009), and the largest id of 100 million credits would be a read of
        the whole table. Never backwards: a merge may have taken keys from
        the sequence since.
        """
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for table in NUMBERED.get(name, ()):
                keys = self._primary_keys(table)
                if keys is None:
                    continue
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                (sequence,) = cursor.fetchone()
                cursor.execute(
                    f"SELECT setval(%s, GREATEST(%s, (SELECT last_value FROM {sequence})))",
                    [sequence, keys.next_id - 1],
                )

    def apply(self, planned: Planned) -> None:
        """Write what ``plan`` worked out: on the main thread, in the file's order."""
        for table, rows in planned.staged:
            stage_frame(table, rows)
        for insert in planned.inserts:
            self.target.insert(insert)

    def plan(self, name: str, rows: pl.DataFrame, *, refresh: bool) -> Planned:
        """Work out one parsed block of file ``name``: all staged on a refresh, else in bulk.

        Runs on the reader thread, one block after the other: it gives new
        rows their ids, so the blocks must be planned in the file's order.
        """
        if refresh:
            return Planned(staged=_staged(name, rows))
        if name == "name.basics":
            planned = self._scalars(rows, "catalog_person", "stage_person", self.people)
            known = self._known_for(expand_known_for(rows))
            planned.inserts += known.inserts
            planned.known_for = known.loaded
            planned.dangling += known.dangling
            return planned
        bulk: dict[str, Callable[[pl.DataFrame], Planned]] = {
            "title.basics": lambda block: self._scalars(
                block, "catalog_title", "stage_title", self.titles
            ),
            "title.episode": lambda block: self._updates(name, block),
            "title.ratings": lambda block: self._updates(name, block),
            "title.akas": self._akas,
            "title.principals": lambda block: self._credits(block, crew=False),
            "title.crew": lambda block: self._credits(expand_crew(block), crew=True),
        }
        return bulk[name](rows)

    def _insert(
        self, planned: Planned, table: str, rows: pl.DataFrame, *, temporary: bool = False
    ) -> None:
        """Add ``rows``, encoded for the target, to what ``apply`` inserts (none if empty)."""
        if not rows.is_empty():
            planned.inserts.append(self.target.encode(table, rows, temporary=temporary))

    def _insert_numbered(self, planned: Planned, table: str, rows: pl.DataFrame) -> None:
        """``_insert`` ``rows`` with fresh primary keys of ``table``'s."""
        if table not in self._keys:
            raise RuntimeError("start_file reads the keys before a file is planned")
        keys = pl.Series("id", self._keys[table].allocate(rows.height))
        self._insert(planned, table, rows.insert_column(0, keys))

    def _base_columns(self) -> dict[str, pl.Expr]:
        return {"source_id": pl.lit(self.source.pk, dtype=pl.Int64)}

    def _scalars(self, rows: pl.DataFrame, table: str, stage: str, ids: IdMap) -> Planned:
        """Insert the rows new to the catalogue; stage the rest for the merge."""
        key = "tconst" if table == "catalog_title" else "nconst"
        numbers = rows.select(imdb_number(key)).to_series().to_numpy()
        known = ids.lookup(numbers) != 0
        # An id listed twice keeps its first row; later ones meet it in the merge.
        first = rows.select(pl.col(key).is_first_distinct()).to_series().to_numpy()
        new = ~known & first
        planned = Planned(staged=[(stage, rows.filter(pl.Series(~new)))])
        fresh = rows.filter(pl.Series(new))
        if fresh.is_empty():
            return planned
        assigned = ids.keys.allocate(fresh.height)
        ids.assign(numbers[new], assigned)
        columns = TITLE_COLUMNS if table == "catalog_title" else PERSON_COLUMNS
        written = fresh.select(
            pl.Series("id", assigned),
            *columns,
            *(pl.lit("").alias(name) for name in UNSTATED[table]),
            **self._base_columns(),
        )
        if table == "catalog_title" and self.extras is not None:
            written = written.hstack(self.extras.columns(numbers[new], ids))
        self._insert(planned, table, written)
        planned.loaded = fresh.height
        return planned

    def _resolved(
        self, rows: pl.DataFrame, keys: dict[str, tuple[str, IdMap]]
    ) -> tuple[pl.DataFrame, Planned]:
        """Add each ``target: (column, map)`` id; split off the rows with a dangling one."""
        for target, (column, ids) in keys.items():
            rows = resolve(rows, column, ids, target)
        missing = [pl.col(target) == 0 for target in keys]
        dangling = rows.filter(pl.any_horizontal(missing)).select(
            "line",
            kind=pl.lit("dangling id"),
            detail=pl.coalesce(
                [pl.when(pl.col(t) == 0).then(pl.col(c)) for t, (c, _) in keys.items()]
            )
            + pl.lit(" is not in the catalogue"),
        )
        good = rows.filter(~pl.any_horizontal(missing))
        return good, Planned(loaded=good.height, dangling=[dangling.select(*NOTE_SCHEMA)])

    def _known_for(self, known: pl.DataFrame) -> Planned:
        good, planned = self._resolved(
            known, {"person_id": ("nconst", self.people), "title_id": ("tconst", self.titles)}
        )
        # A title listed twice keeps its first place (counted, as a refresh counts it).
        good = good.unique(["person_id", "title_id"], keep="first", maintain_order=True)
        self._insert_numbered(
            planned,
            "catalog_knownfor",
            good.select("person_id", "title_id", "ordering", **self._base_columns()),
        )
        return planned

    def _claimed_titles(self) -> np.ndarray:
        """Ids of titles with claims: their episode numbers and ratings go through claims."""
        if self._claimed is None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT DISTINCT title_id FROM catalog_titleclaim")
                self._claimed = np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)
        return self._claimed

    def _updates(self, name: str, rows: pl.DataFrame) -> Planned:
        """Stage the episode links or ratings by title id; ``apply_updates`` writes them."""
        keys = {"id": ("tconst", self.titles)}
        if name == "title.episode":
            keys["parent_id"] = ("parent_tconst", self.titles)
        good, planned = self._resolved(rows, keys)
        claimed = pl.Series(np.isin(good["id"].to_numpy(), self._claimed_titles()))
        planned.staged.append((STAGED[name], good.filter(claimed)))
        # Titles written with these columns (``ahead.py``) need no update.
        # In the written numbers' own 32 bits (the row checks bound them), so
        # that the search does not widen all of them for every block.
        numbers = good.select(imdb_number("tconst").cast(pl.Int32)).to_series().to_numpy()
        written = pl.Series(_contains(self._written, numbers))
        table, columns = BULK_UPDATES[name]
        self._insert(
            planned, table, good.filter(~claimed & ~written).select("id", *columns), temporary=True
        )
        planned.loaded = good.height - int(claimed.sum())
        return planned

    def apply_updates(self, name: str) -> None:
        """Write the staged episode links or ratings into their titles."""
        table, columns = BULK_UPDATES[name]
        assignments = ", ".join(f"{column} = b.{column}" for column in columns)
        self.target.execute(
            f"UPDATE catalog_title AS t SET {assignments} FROM {table} AS b WHERE t.id = b.id"
        )
        self.target.execute(f"DROP TABLE {table}")

    def _akas(self, rows: pl.DataFrame) -> Planned:
        good, planned = self._resolved(rows, {"title_id": ("tconst", self.titles)})
        self._insert_numbered(
            planned, "catalog_aka", good.select("title_id", *AKA_COLUMNS, **self._base_columns())
        )
        return planned

    def _credits(self, credits: pl.DataFrame, *, crew: bool) -> Planned:
        good, planned = self._resolved(
            credits, {"title_id": ("tconst", self.titles), "person_id": ("nconst", self.people)}
        )
        keys = _crew_keys(
            good["title_id"].to_numpy(),
            good["person_id"].to_numpy(),
            (good["category"] == CreditCategory.WRITER.value).to_numpy(),
        )
        if crew:
            # Every crew row is a jobless director or writer.
            repeated = _contains(self._principal_crew(), keys)
            good = good.filter(pl.Series(~repeated)).unique(
                ["title_id", "person_id", "category"], keep="first", maintain_order=True
            )
        elif self._principal_keys is not None:
            jobless = good.select(
                pl.col("category").is_in(CREW_CATEGORIES) & (pl.col("job") == "")
            ).to_series()
            self._principal_keys.append(keys[jobless.to_numpy()])
        self._insert_numbered(
            planned,
            "catalog_credit",
            good.select(
                "title_id",
                "person_id",
                "category",
                "job",
                "characters",
                "ordering",
                credited_as=pl.lit(""),
                **self._base_columns(),
            ),
        )
        return planned

    def _principal_crew(self) -> np.ndarray:
        """The (title, person, director-or-writer) keys of the datasets' jobless principals."""
        if self._crew_seen is None:
            if self._principal_keys is not None:
                found = self._principal_keys
            else:
                found = [self._principal_crew_in_catalogue()]
            # Sorted in place, duplicates kept: a binary search does not mind them,
            # and np.unique would hold two more copies at once.
            self._principal_keys = None
            keys = _joined(found)
            keys.sort()
            self._crew_seen = keys
        return self._crew_seen

    def _principal_crew_in_catalogue(self) -> np.ndarray:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT title_id, person_id, category FROM catalog_credit WHERE source_id = %s "
                f"AND job = '' AND ordering < {CREW_ORDERING} AND category IN (%s, %s)",
                [self.source.pk, *CREW_CATEGORIES],
            )
            rows = cursor.fetchall()
        if not rows:
            return np.zeros(0, dtype=np.int64)
        titles, people, categories = zip(*rows, strict=True)
        return _crew_keys(
            np.array(titles, dtype=np.int64),
            np.array(people, dtype=np.int64),
            np.array([category == CreditCategory.WRITER.value for category in categories]),
        )
