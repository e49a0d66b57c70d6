"""Read IMDb and Letterboxd exports: untrusted bytes in, entries and issues out, a row at a time.

Files come from ``Upload.files()`` as capped byte streams and are parsed
lazily (``csv.reader`` over a text stream), so memory holds one line, never a
file: a line is cut at ``MAX_LINE`` characters and a file at the upload's row
cap, each with an issue.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from reeldb.community.history.unpacking import Upload
from reeldb.community.models import RATING_MAX, RATING_MIN, stars_to_rating

MAX_NAME = 500
# A Letterboxd URI naming a film by its IMDb id, as reeldb's exports write it.
LETTERBOXD_IMDB_URI = re.compile(r"https://letterboxd\.com/imdb/(tt[0-9]{7,10})/?")
# Longer than any export's line (a list's description is the longest cell),
# and short enough that one line never weighs on memory.
MAX_LINE = 256 * 1024
# A list export's own rows before the blank line that starts its films.
LIST_HEADER_ROWS = 3


@dataclass(frozen=True)
class Entry:
    """One line of an export: what the user did with which title."""

    file: str
    line: int
    kind: str  # "rating", "watchlist", "check_in" or "list_item"
    name: str
    year: int | None
    tconst: str | None = None
    value: int | None = None
    on: datetime.date | None = None
    list_name: str = ""


@dataclass(frozen=True)
class Issue:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class LineTooLong(ValueError):
    pass


# Reading


def read_upload(upload: Upload) -> Iterator[Entry | Issue]:
    """Yield the entries of each file in ``upload``, and an issue per line that cannot be used.

    Raises ``InvalidInput`` when the upload's container is refused (``Upload.files``).
    """
    for name, stream in upload.files():
        yield from read_csv(name, stream, max_rows=upload.limits.max_rows)


def _lines(text: IO[str]) -> Iterator[str]:
    while line := text.readline(MAX_LINE):
        if len(line) == MAX_LINE and not line.endswith(("\n", "\r")):
            raise LineTooLong(f"a line longer than {MAX_LINE:,} characters")
        yield line


def read_csv(name: str, stream: IO[bytes], *, max_rows: int) -> Iterator[Entry | Issue]:
    """Yield the entries of one export file, recognised by its header row, up to ``max_rows``."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(_lines(text))
    try:
        yield from _records(name, reader, max_rows=max_rows)
    except UnicodeDecodeError:
        reason = "not UTF-8 text: upload the file as IMDb or Letterboxd exported it"
        yield Issue(name, reader.line_num + 1, reason)
    except LineTooLong as error:
        yield Issue(name, reader.line_num + 1, f"{error}: the rest of the file is not read")
    except csv.Error as error:
        yield Issue(name, reader.line_num, f"not CSV ({error})")


def _records(name: str, reader: Any, *, max_rows: int) -> Iterator[Entry | Issue]:
    """Parse a header row, then its rows; a Letterboxd list's films become list items."""
    header_row = next(reader, None)
    if header_row is None:
        yield Issue(name, 1, "empty file")
        return
    list_name = ""
    if header_row and header_row[0].startswith("Letterboxd list export"):
        list_name = _list_name(name, reader)
        if not list_name:
            yield Issue(name, reader.line_num, "a Letterboxd list export without its list row")
            return
        header_row = next(reader, None)
        if header_row is None:
            yield Issue(name, reader.line_num, "a Letterboxd list export without films")
            return
    header = [cell.strip() for cell in header_row]
    parse = _parser_for(name, header)
    if parse is None:
        reason = "not an IMDb or Letterboxd export (unknown header)"
        yield Issue(name, reader.line_num, reason)
        return
    for count, row in enumerate(reader, start=1):
        if count > max_rows:
            reason = f"more than {max_rows:,} rows: the rest of the file is not read"
            yield Issue(name, reader.line_num, reason)
            return
        if not any(cell.strip() for cell in row):
            continue
        record = dict(zip(header, row, strict=False))
        try:
            entry: Entry = parse(name, reader.line_num, record)
        except ValueError as error:
            yield Issue(name, reader.line_num, str(error))
            continue
        if list_name:
            entry = Entry(
                entry.file, entry.line, "list_item", entry.name, entry.year, list_name=list_name
            )
        yield entry


def _list_name(name: str, reader: Iterable[list[str]]) -> str:
    """Read a list export's own rows up to the blank line; return the list's name, or ""."""
    rows = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            break
        rows.append(row)
        if len(rows) > LIST_HEADER_ROWS:
            return ""
    if len(rows) < 2:
        return ""
    list_row = dict(zip(rows[0], rows[1], strict=False))
    return " ".join((list_row.get("Name") or "").split())[:200] or name


def detect_format(name: str, header: list[str]) -> str | None:
    """Return which export a header row belongs to, or None."""
    columns = set(header)
    if "Const" in columns:
        return "imdb_list" if "Position" in columns else "imdb_ratings"
    if {"Name", "Year"} <= columns:
        if "Watched Date" in columns:
            return "letterboxd_diary"
        if "Rating" in columns:
            return "letterboxd_ratings"
        return "letterboxd_watchlist" if "watchlist" in name.lower() else "letterboxd_watched"
    return None


def _parser_for(name: str, header: list[str]) -> Any:
    kind = detect_format(name, header)
    return None if kind is None else PARSERS[kind]


def _year(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and 1874 <= int(raw) <= 2100):
        raise ValueError(f"not a year: {raw[:20]!r}")
    return int(raw)


def _date(raw: str | None) -> datetime.date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw[:10])
    except ValueError:
        raise ValueError(f"not a date: {raw[:20]!r}") from None


def _name(record: dict[str, str], column: str) -> str:
    name = " ".join((record.get(column) or "").split())
    if not name:
        raise ValueError("no title")
    return name[:MAX_NAME]


def _tconst(record: dict[str, str]) -> str:
    const = (record.get("Const") or "").strip()
    digits = const.removeprefix("tt")
    if not const.startswith("tt") or not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"not an IMDb id: {const[:20]!r}")
    return const


def _imdb_rating(name: str, line: int, record: dict[str, str]) -> Entry:
    raw = (record.get("Your Rating") or "").strip()
    if not (raw.isascii() and raw.isdigit() and RATING_MIN <= int(raw) <= RATING_MAX):
        raise ValueError(f"not a rating from 1 to 10: {raw[:20]!r}")
    return Entry(
        name, line, "rating", _name(record, "Title"), _year(record.get("Year")),
        tconst=_tconst(record), value=int(raw), on=_date(record.get("Date Rated")),
    )  # fmt: skip


def _imdb_list(name: str, line: int, record: dict[str, str]) -> Entry:
    return Entry(
        name, line, "watchlist", _name(record, "Title"), _year(record.get("Year")),
        tconst=_tconst(record), on=_date(record.get("Created")),
    )  # fmt: skip


def _stars(record: dict[str, str]) -> int | None:
    raw = (record.get("Rating") or "").strip()
    if not raw:
        return None
    try:
        value = stars_to_rating(float(raw))
    except ValueError:
        value = None
    if value is None:
        raise ValueError(f"not a rating of ½ to 5 stars: {raw[:20]!r}")
    return value


def _letterboxd_tconst(record: dict[str, str]) -> str | None:
    """Return the IMDb id of a Letterboxd URI of the form reeldb exports (``…/imdb/tt…/``)."""
    found = LETTERBOXD_IMDB_URI.fullmatch((record.get("Letterboxd URI") or "").strip())
    return found.group(1) if found else None


def _letterboxd(kind: str, *, date_column: str = "Date") -> Any:
    def parse(name: str, line: int, record: dict[str, str]) -> Entry:
        return Entry(
            name, line, kind, _name(record, "Name"), _year(record.get("Year")),
            tconst=_letterboxd_tconst(record), value=_stars(record),
            on=_date(record.get(date_column)),
        )  # fmt: skip

    return parse


PARSERS: dict[str, Any] = {
    "imdb_ratings": _imdb_rating,
    "imdb_list": _imdb_list,
    "letterboxd_ratings": _letterboxd("rating"),
    "letterboxd_diary": _letterboxd("check_in", date_column="Watched Date"),
    "letterboxd_watched": _letterboxd("check_in"),
    "letterboxd_watchlist": _letterboxd("watchlist"),
}
