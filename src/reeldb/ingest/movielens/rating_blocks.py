"""Read a ratings file a block of lines at a time into checked columns, in native code.

A MovieLens release holds up to tens of millions of ratings: one Python
object a line would take longer than loading them. Each block of about
``BLOCK_BYTES`` is split into lines, its fields cut, cast and checked by
polars, and comes back as columns (line, user, movie, value 1-10, Unix
seconds) with the lines that failed, each with the reason the report prints.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from reeldb.ingest.movielens.readers import Advance, Layout, LayoutError

BLOCK_BYTES = 16 * 1024 * 1024
# Python's datetime ends in 9999: later seconds are not a time.
LAST_SECOND = 253_402_300_799


@dataclass(frozen=True)
class Fields:
    """Where each value sits in a line: the field count and each one's index."""

    count: int
    user: int
    movie: int
    stars: int
    time: int
    separator: str = "\t"
    any_whitespace: bool = False


@dataclass
class RatingBlock:
    """One block's checked ratings and its bad lines ``(line, reason)``."""

    ratings: pl.DataFrame
    bad: list[tuple[int, str]] = field(default_factory=list)
    read: int = 0


ML100K = Fields(count=4, user=0, movie=1, stars=2, time=3, any_whitespace=True)
HEADER_NAMES = {
    "ml-latest": ("userId", "movieId", "rating", "timestamp"),
    "recbole": ("user_id", "item_id", "rating", "timestamp"),
}


def _fields(layout: Layout, header: str) -> Fields:
    """Return the ratings file's fields, named by its header (ml-100k has none)."""
    separator = "," if layout.kind == "ml-latest" else "\t"
    names = [name.split(":", 1)[0].strip().strip('"') for name in header.split(separator)]
    wanted = HEADER_NAMES[layout.kind]
    missing = [name for name in wanted if name not in names]
    if missing:
        raise LayoutError(f"{layout.ratings}: the header lacks {', '.join(missing)}.")
    user, movie, stars, time = (names.index(name) for name in wanted)
    return Fields(len(names), user, movie, stars, time, separator=separator)


def _decoded(raw: bytes) -> list[str]:
    """Return the block's lines: UTF-8 where it decodes, else that line as Latin-1."""
    try:
        return raw.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        lines = []
        for line in raw.split(b"\n"):
            try:
                lines.append(line.decode("utf-8"))
            except UnicodeDecodeError:
                lines.append(line.decode("latin-1"))
        return lines


def read_rating_blocks(
    layout: Layout, advance: Advance | None = None, *, block_bytes: int = BLOCK_BYTES
) -> Iterator[RatingBlock]:
    """Yield the ratings file's blocks, parsed and checked (``parse_block``)."""
    with layout.ratings.open("rb") as handle:
        line = 1
        fields = ML100K
        if layout.kind != "ml-100k":
            header = handle.readline()
            if advance:
                advance(len(header))
            fields = _fields(layout, _decoded(header.rstrip(b"\r\n"))[0])
            line = 2
        rest = b""
        while chunk := handle.read(block_bytes):
            if advance:
                advance(len(chunk))
            data = rest + chunk
            cut = data.rfind(b"\n") + 1
            data, rest = data[:cut], data[cut:]
            if data:
                lines = _decoded(data[:-1])
                yield parse_block(lines, first_line=line, fields=fields)
                line += len(lines)
        if rest:
            yield parse_block(_decoded(rest), first_line=line, fields=fields)


def parse_block(
    lines: list[str], *, first_line: int, fields: Fields, now: datetime.datetime | None = None
) -> RatingBlock:
    """Return the ratings of ``lines`` (numbered from ``first_line``) and the bad ones' reasons.

    The rules are the importer's for one line: the field count the header
    gives, a user and a movie id, half stars from 0.5 to 5 (as reeldb's 1-10,
    stars x 2), Unix seconds on a day from 1970 to tomorrow. Blank lines are
    not ratings and are not counted.
    """
    # The first second of the day after tomorrow: a day of slack, as for a user's own ratings.
    after = (now or datetime.datetime.now(tz=datetime.UTC)) + datetime.timedelta(days=2)
    latest = after.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
    text = pl.col("text").str.strip_chars_end("\r")
    if fields.any_whitespace:
        text = text.str.strip_chars().str.replace_all(r"\s+", "\t")
    frame = pl.DataFrame(
        {"line": np.arange(first_line, first_line + len(lines)), "text": lines},
        schema={"line": pl.Int64, "text": pl.String},
    ).filter(pl.col("text").str.strip_chars() != "")
    parts = text.str.split(fields.separator)

    def part(index: int) -> pl.Expr:
        return parts.list.get(index, null_on_oob=True).str.strip_chars().str.strip_chars('"')

    frame = frame.select(
        "line",
        parts.list.len().alias("found"),
        part(fields.user).alias("user"),
        part(fields.movie).alias("movie"),
        part(fields.stars).alias("stars_text"),
        part(fields.time).alias("time_text"),
    ).with_columns(
        (pl.col("stars_text").cast(pl.Float64, strict=False) * 2).alias("doubled"),
        pl.col("time_text").cast(pl.Float64, strict=False).alias("seconds"),
    )
    doubled, seconds = pl.col("doubled"), pl.col("seconds")
    reason = (
        pl.when(pl.col("found") != fields.count)
        .then(pl.format("expected {} fields, found {}", pl.lit(fields.count), "found"))
        .when(pl.col("user").fill_null("").eq("") | pl.col("movie").fill_null("").eq(""))
        .then(pl.lit("rating without a user or movie id"))
        .when(doubled.is_null() | ~doubled.is_finite())
        .then(pl.format("not a rating: '{}'", pl.col("stars_text").str.slice(0, 20)))
        .when((doubled != doubled.round()) | (doubled < 1) | (doubled > 10))
        .then(pl.format("rating '{}' is not 0.5 to 5 stars in halves", "stars_text"))
        .when(seconds.is_null() | ~seconds.is_finite() | (seconds < 0) | (seconds > LAST_SECOND))
        .then(pl.format("not a timestamp: '{}'", pl.col("time_text").str.slice(0, 20)))
        .when(seconds >= latest)
        .then(pl.lit("the rating is dated in the future"))
    )
    frame = frame.with_columns(reason.alias("reason"))
    bad = frame.filter(pl.col("reason").is_not_null())
    good = frame.filter(pl.col("reason").is_null()).select(
        "line", "user", "movie", doubled.round().cast(pl.Int16).alias("value"), "seconds"
    )
    return RatingBlock(
        ratings=good, bad=list(bad.select("line", "reason").iter_rows()), read=len(frame)
    )
