"""Turn a block of lines into a typed frame of good rows and a list of bad ones.

A block is split as a whole: polars splits every line into text columns in
native code and refuses a block with a line that is not UTF-8, whose bad
lines are then found, reported with their line numbers and blanked; one
count of tabs per line (numpy, over the bytes) finds the lines that do not
hold IMDb's columns. The dataset's checks (``rows.py``) type the rest and
name the bad rows.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
import polars as pl

from reeldb.ingest.imdb_datasets.reading import Block, ProgressCallback, read_blocks
from reeldb.ingest.imdb_datasets.rows import NOTE_SCHEMA, Dataset
from reeldb.ingest.prefetch import prefetched

NEWLINE, TAB = 10, 9
# Blocks parsed ahead of the one being written.
PREFETCH = 1
# What the reader thread makes of each parsed block (``parsed_blocks``).
Prepared = TypeVar("Prepared")


@dataclass(frozen=True)
class Parsed:
    """One block's good rows (``line``, then the dataset's typed columns), bad rows and cut rows.

    ``bad`` (rows skipped) and ``cut`` (rows loaded with something removed from
    them) have the columns ``line``, ``kind`` (the report's grouping) and ``detail``.
    """

    rows: pl.DataFrame
    bad: pl.DataFrame
    cut: pl.DataFrame


def _without_controls(dataset: Dataset, data: bytes, first_line: int) -> tuple[bytes, pl.DataFrame]:
    """Drop the control characters of ``data`` but its tabs and newlines, and list their lines.

    No text in the catalogue holds one (PostgreSQL refuses NUL, a CR or an
    escape code breaks a page or a terminal), and a dump that has them has
    them by mistake, so they are dropped and the row loads. Deleting bytes is
    one pass in native code; only a block that had some pays for finding
    their lines.
    """
    cleaned = data.translate(None, dataset.control_bytes)
    if len(cleaned) == len(data):
        return data, pl.DataFrame(schema=NOTE_SCHEMA)
    buffer = np.frombuffer(data, dtype=np.uint8)
    found = np.flatnonzero(np.isin(buffer, np.frombuffer(dataset.control_bytes, dtype=np.uint8)))
    newlines = np.flatnonzero(buffer == NEWLINE)
    lines, counts = np.unique(np.searchsorted(newlines, found), return_counts=True)
    return cleaned, pl.DataFrame(
        {
            "line": (lines + first_line).astype(np.int64),
            "kind": ["control characters removed"] * len(lines),
            "detail": [f"{count} removed" for count in counts.tolist()],
        },
        schema=NOTE_SCHEMA,
    )


def _undecodable(data: bytes, first_line: int) -> tuple[bytes, list[tuple[int, str, str]]]:
    """Blank the lines of ``data`` that are not UTF-8 (keeping the line count) and list them."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return data, []
    lines = data.split(b"\n")
    bad = []
    for offset, line in enumerate(lines):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            bad.append((first_line + offset, "bad UTF-8", str(error)))
            lines[offset] = b""
    return b"\n".join(lines), bad


def field_counts(data: bytes) -> np.ndarray:
    """Return the number of tab-separated fields on each line of ``data`` (ending with ``\\n``)."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(buffer == NEWLINE)
    tabs = np.flatnonzero(buffer == TAB)
    tabs_before = np.searchsorted(tabs, newlines)
    return np.diff(tabs_before, prepend=0) + 1


def _miscounted(counts: np.ndarray, width: int, first_line: int, blanked: set[int]) -> pl.DataFrame:
    offsets = np.flatnonzero(counts != width)
    lines = offsets + first_line
    keep = ~np.isin(lines, list(blanked)) if blanked else np.ones(len(lines), dtype=bool)
    return pl.DataFrame(
        {
            "line": lines[keep].astype(np.int64),
            "kind": ["wrong field count"] * int(keep.sum()),
            "detail": [f"{count} not {width}" for count in counts[offsets][keep].tolist()],
        },
        schema=NOTE_SCHEMA,
    )


def _split(dataset: Dataset, data: bytes) -> pl.DataFrame:
    """Split every line of ``data`` into the dataset's columns, as text, in native code."""
    return pl.read_csv(
        io.BytesIO(data),
        has_header=False,
        separator="\t",
        quote_char=None,
        schema=dict.fromkeys(dataset.header, pl.String),
        empty_string_is_null=False,
        truncate_ragged_lines=True,
        missing_columns="insert",
        raise_if_empty=False,
    )


def _typed(dataset: Dataset, raw: pl.DataFrame) -> pl.DataFrame:
    return raw.lazy().select("line", **dataset.columns).collect()


def _judged(dataset: Dataset, raw: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split ``raw`` into its typed good rows and its bad rows, with what is wrong with each.

    Every check is a cheap test over the whole block, evaluated in one lazy
    query so that polars computes what checks share once (a cast, a null
    test) and spreads the columns over both cores. Only the few rows that
    fail are judged again for the first failing check and its detail: a
    detail is a string built per row, and building it for every row took a
    third of the parse.
    """
    failing = pl.any_horizontal([check.failed for check in dataset.checks]).fill_null(False)
    failed = raw.lazy().select(failing).collect().to_series()
    if not failed.any():
        return _typed(dataset, raw), pl.DataFrame(schema=NOTE_SCHEMA)
    rows = _typed(dataset, raw.filter(~failed))
    kind = pl.coalesce([pl.when(check.failed).then(pl.lit(check.kind)) for check in dataset.checks])
    detail = pl.coalesce([pl.when(check.failed).then(check.detail) for check in dataset.checks])
    bad = raw.filter(failed).select("line", kind=kind, detail=detail.fill_null(""))
    return rows, bad.select(*NOTE_SCHEMA)


def parse_block(dataset: Dataset, block: Block) -> Parsed:
    """Parse and check every line of ``block``; see the module's docstring."""
    data, controls = _without_controls(dataset, block.data, block.first_line)
    undecodable: list[tuple[int, str, str]] = []
    try:
        table = _split(dataset, data)
    except pl.exceptions.ComputeError:
        # polars refuses a block with a line that is not UTF-8 (as strictly as
        # Python does); finding which ones is a decode per line, so it waits
        # for a block that has one.
        data, undecodable = _undecodable(data, block.first_line)
        table = _split(dataset, data)
    width = len(dataset.header)
    counts = field_counts(data)
    raw = table.with_columns(
        line=pl.int_range(block.first_line, block.first_line + len(counts), dtype=pl.Int64)
    )
    whole = counts == width
    if not whole.all():  # filtering copies every column, so only a block that needs it pays
        raw = raw.filter(pl.Series(whole))
    if dataset.prepare is not None:
        raw = dataset.prepare(raw)
    rows, failed = _judged(dataset, raw)
    if dataset.finish is not None:
        rows = dataset.finish(rows)
    bounded = pl.DataFrame(schema=NOTE_SCHEMA)
    if dataset.bound is not None:
        rows, bounded = dataset.bound(rows)
    blanked = {line for line, _, _ in undecodable}
    bad = pl.concat(
        [
            pl.DataFrame(undecodable, schema=NOTE_SCHEMA, orient="row"),
            _miscounted(counts, width, block.first_line, blanked),
            failed,
        ]
    ).sort("line")
    # A line both cut and skipped is reported once, as skipped.
    cut = pl.concat([controls, bounded]).filter(~pl.col("line").is_in(bad["line"].implode()))
    return Parsed(rows, bad, cut.sort("line"))


def parsed_blocks(
    dataset: Dataset,
    path: Path,
    then: Callable[[Parsed], Prepared],
    *,
    on_progress: ProgressCallback | None = None,
) -> Iterator[tuple[Block, Prepared]]:
    """Yield each block of ``path`` with ``then`` of its parse, preparing the next ones meanwhile.

    Unpacking, polars and numpy release the GIL, and so does the database
    driver while it writes the block before, so a reader thread keeps the
    second core busy: reading, parsing and ``then`` (resolving ids, encoding
    rows for the database) overlap writing instead of taking turns. Errors
    of the reader (a truncated file, the wrong header) are raised here,
    after the blocks read before them.
    """
    blocks = read_blocks(
        path, dataset.header, rows_per_line=dataset.rows_per_line, on_progress=on_progress
    )
    prepared = ((block, then(parse_block(dataset, block))) for block in blocks)
    yield from prefetched(prepared, depth=PREFETCH, name=f"read {dataset.name}")
