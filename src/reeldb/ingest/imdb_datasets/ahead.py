"""Episode links and ratings written with their titles on a first load, not updated in after.

title.episode and title.ratings only add columns to titles: an episode's
series, season and number, a title's rating and votes. Loaded in their turn,
after title.basics, they update millions of rows already written, and an
update costs far more than the insert did: PostgreSQL writes a new version of
each row, and SQLite finds and rewrites each row's page. When a run loads
title.basics for the first time together with these files, they are read
first (``TitleExtras.read``, into compact columns sorted by title number), and
each new title is written with its columns (``TitleExtras.columns``).

The files are still loaded in their turn, as before: they report their bad
and dangling rows and count what they load, and they update the titles
whose columns did not go in with their row (``TitleExtras.written`` tells
which did): an episode read before its series had an id, a title another
source described first. A title listed twice takes its first row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from reeldb.ingest.imdb_datasets.frames import Parsed, parsed_blocks
from reeldb.ingest.imdb_datasets.ids import IdMap, imdb_number
from reeldb.ingest.imdb_datasets.reading import BadRow, TruncatedFile
from reeldb.ingest.imdb_datasets.rows import Dataset

# The files read ahead, and the title columns each gives.
READ_AHEAD = {
    "title.episode": ("parent_id", "season_number", "episode_number"),
    "title.ratings": ("average_rating", "num_votes"),
}
# Columns kept of each file's parsed rows (besides the title's number), as compact types.
KEPT = {
    "title.episode": {
        "parent_number": imdb_number("parent_tconst").cast(pl.Int32),
        "season_number": pl.col("season_number").cast(pl.Int32),
        "episode_number": pl.col("episode_number").cast(pl.Int32),
    },
    "title.ratings": {
        "average_rating": pl.col("average_rating"),
        "num_votes": pl.col("num_votes").cast(pl.Int32),
    },
}
# "Most" of a file's rows (``mostly_written``): all but one in this many.
MOSTLY = 10


def _compact(name: str, parsed: Parsed) -> pl.DataFrame:
    return parsed.rows.select(number=imdb_number("tconst").cast(pl.Int32), **KEPT[name])


@dataclass
class _Read:
    """One file read ahead: its rows by title number, and the numbers written with their title."""

    numbers: np.ndarray
    rows: pl.DataFrame
    count: int
    written: list[np.ndarray] = field(default_factory=list)

    def find(self, numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return where each of ``numbers`` is in the file's rows, and whether it is there."""
        positions = np.searchsorted(self.numbers, numbers).clip(0, len(self.numbers) - 1)
        return positions, np.asarray(self.numbers[positions] == numbers)


class TitleExtras:
    """title.episode's and title.ratings' columns by title number, read before title.basics."""

    def __init__(self) -> None:
        self._files: dict[str, _Read] = {}

    def read(self, dataset: Dataset, path: Path) -> None:
        """Read the file's good rows, up to where it stops; its own turn reports the rest.

        A file whose header is not its dataset's is left out: its turn
        refuses it, and nothing may have gone in with the titles.
        """
        blocks: list[pl.DataFrame] = []
        try:
            for _, rows in parsed_blocks(
                dataset, path, lambda parsed: _compact(dataset.name, parsed)
            ):
                blocks.append(rows)
        except TruncatedFile:
            pass
        except BadRow:
            return
        if not sum(rows.height for rows in blocks):
            return  # nothing to write with the titles
        # A stable sort keeps a title's rows in file order: its first row is kept.
        rows = pl.concat(blocks, rechunk=False).sort("number", maintain_order=True)
        blocks.clear()
        rows = rows.filter(pl.col("number").is_first_distinct())
        self._files[dataset.name] = _Read(
            rows["number"].to_numpy(), rows.drop("number"), rows.height
        )

    def columns(self, numbers: np.ndarray, titles: IdMap) -> pl.DataFrame:
        """Return the columns read ahead of the titles ``numbers``, which ``titles`` now holds.

        An episode goes in with its title only when its series has an id by
        then; the rest are left (null) to title.episode's own turn.
        """
        frames = []
        for name, read in self._files.items():
            positions, found = read.find(numbers)
            values = read.rows[positions]
            if name == "title.episode":
                parents = titles.lookup(values["parent_number"].to_numpy().astype(np.int64))
                found &= parents != 0
                values = values.with_columns(parent_number=pl.Series(parents)).rename(
                    {"parent_number": "parent_id"}
                )
            read.written.append(numbers[found].astype(np.int32))
            frames.append(
                values.with_columns(found=pl.Series(found)).select(
                    pl.when("found").then(column).alias(column) for column in values.columns
                )
            )
        return pl.concat(frames, how="horizontal") if frames else pl.DataFrame()

    def forget_rows(self) -> None:
        """Drop the rows read ahead once title.basics is loaded; keep what went in."""
        for read in self._files.values():
            read.rows = read.rows.clear()
            read.numbers = read.numbers[:0]

    def take_written(self, name: str) -> np.ndarray:
        """Return the sorted numbers of the titles that went in with file ``name``'s columns.

        Only the file's own turn needs them, so they are handed over, not kept:
        at full size they are ten million numbers.
        """
        read = self._files.pop(name, None)
        if read is None or not read.written:
            return np.zeros(0, dtype=np.int32)
        numbers = np.concatenate(read.written)
        numbers.sort()
        return numbers

    def mostly_written(self, name: str) -> bool:
        """Return whether most of file ``name``'s rows went in with their titles.

        Its own turn then updates the few left in place, indexes and all,
        rather than dropping the indexes and building them again.
        """
        read = self._files.get(name)
        if read is None:
            return False
        left = read.count - sum(len(numbers) for numbers in read.written)
        return left * MOSTLY <= read.count

    def holds_any(self) -> bool:
        return bool(self._files)
