"""Read IMDb and Letterboxd exports: untrusted bytes in, entries and issues out."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from reeldb.community.models import RATING_MAX, RATING_MIN, stars_to_rating

ZIP_MAX_MEMBERS = 200
ZIP_MAX_UNPACKED = 50 * 1024 * 1024
MAX_NAME = 500


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


# Reading


def read_upload(name: str, data: bytes) -> Iterator[Entry | Issue]:
    """Yield the entries of one uploaded CSV file or Letterboxd zip, and an issue per bad line."""
    if data.startswith(b"PK\x03\x04"):
        yield from _read_zip(data)
    else:
        yield from read_csv(name, data)


def _read_zip(data: bytes) -> Iterator[Entry | Issue]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if info.filename.endswith(".csv")]
    except (zipfile.BadZipFile, ValueError) as error:
        yield Issue("upload", 0, f"not a readable zip file ({error})")
        return
    if len(members) > ZIP_MAX_MEMBERS or sum(m.file_size for m in members) > ZIP_MAX_UNPACKED:
        yield Issue("upload", 0, "the zip holds too many files or too much data")
        return
    for member in members:
        # Letterboxd's likes/ and deleted/ folders hold likes and deleted entries, not history.
        if member.filename.startswith(("likes/", "deleted/", "orphaned/")):
            continue
        try:
            content = archive.read(member)
        except (zipfile.BadZipFile, ValueError, NotImplementedError, RuntimeError) as error:
            yield Issue(member.filename, 0, f"cannot be unpacked ({error})")
            continue
        yield from read_csv(member.filename, content)


def read_csv(name: str, data: bytes) -> Iterator[Entry | Issue]:
    """Yield the entries of one export file, recognised by its header row."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        yield Issue(name, 0, "not UTF-8 text: upload the file as IMDb or Letterboxd exported it")
        return
    lines = text.splitlines()
    if lines and lines[0].startswith("Letterboxd list export"):
        yield from _letterboxd_list(name, lines)
        return
    yield from _rows(name, lines, 1)


def _rows(name: str, lines: list[str], first_line: int) -> Iterator[Entry | Issue]:
    """Parse ``lines`` (a header, then rows), numbering them from ``first_line``."""
    try:
        rows = list(csv.reader(lines))
    except csv.Error as error:
        yield Issue(name, first_line, f"not CSV ({error})")
        return
    if not rows:
        yield Issue(name, first_line, "empty file")
        return
    header = [cell.strip() for cell in rows[0]]
    parse = _parser_for(name, header)
    if parse is None:
        yield Issue(name, first_line, "not an IMDb or Letterboxd export (unknown header)")
        return
    for offset, row in enumerate(rows[1:], start=1):
        if not any(cell.strip() for cell in row):
            continue
        number = first_line + offset
        record = dict(zip(header, row, strict=False))
        try:
            yield parse(name, number, record)
        except ValueError as error:
            yield Issue(name, number, str(error))


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


def _letterboxd(kind: str, *, date_column: str = "Date") -> Any:
    def parse(name: str, line: int, record: dict[str, str]) -> Entry:
        return Entry(
            name, line, kind, _name(record, "Name"), _year(record.get("Year")),
            value=_stars(record), on=_date(record.get(date_column)),
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


def _letterboxd_list(name: str, lines: list[str]) -> Iterator[Entry | Issue]:
    """Read a Letterboxd list: a title line, the list's own row, a blank line, then its films."""
    try:
        blank = next(i for i, line in enumerate(lines) if i > 0 and not line.strip())
        list_row = dict(zip(*csv.reader(lines[1:blank]), strict=False))
    except (StopIteration, csv.Error, TypeError):
        yield Issue(name, 1, "a Letterboxd list export without its list row")
        return
    list_name = " ".join((list_row.get("Name") or "").split())[:200] or name
    for item in _rows(name, lines[blank + 1 :], blank + 2):
        if isinstance(item, Entry):
            yield Entry(
                item.file, item.line, "list_item", item.name, item.year, list_name=list_name
            )
        else:
            yield item
