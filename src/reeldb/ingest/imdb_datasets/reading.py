"""Read one dataset file: plain or gzipped TSV, line by line, with where each line came from.

The files are tens of gigabytes unpacked, so nothing here holds more than one
line. Lines are decoded one at a time, so a line of bad UTF-8 is one skipped
row rather than a failed file, and progress is measured in bytes of the file
on disk (compressed bytes for ``.gz``), which is known before any row is.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

NULL = "\\N"
# How often (in lines) the progress callback hears how far the reader is.
PROGRESS_EVERY = 20_000

ProgressCallback = Callable[[int, int], None]


class BadRow(ValueError):
    """A row that cannot be loaded; ``kind`` groups it in the report."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind


class TruncatedFile(Exception):
    """The file ended early (a cut-off download): ``line`` is the last line read whole."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"file ends early after line {line:,}: {reason}")
        self.line = line


@dataclass(frozen=True)
class Line:
    """One data line: its 1-based line number in the file and its fields (``\\N`` kept)."""

    number: int
    fields: list[str]


def find_file(folder: Path, name: str) -> Path | None:
    """Return ``folder/name.tsv.gz`` or ``folder/name.tsv``, whichever exists."""
    for suffix in (".tsv.gz", ".tsv"):
        path = folder / f"{name}{suffix}"
        if path.is_file():
            return path
    return None


def _open(path: Path) -> tuple[IO[bytes], IO[bytes]]:
    """Return ``(raw, lines)``: the file on disk and a binary stream of its (unpacked) lines."""
    raw = path.open("rb")
    if path.suffix == ".gz":
        return raw, cast("IO[bytes]", gzip.GzipFile(fileobj=raw, mode="rb"))
    return raw, raw


def read_lines(
    path: Path,
    header: tuple[str, ...],
    *,
    on_bad: Callable[[int, BadRow], None],
    on_progress: ProgressCallback | None = None,
) -> Iterator[Line]:
    """Yield each data line of ``path`` split into fields, after checking the header.

    A line that is not UTF-8 or has the wrong number of fields goes to
    ``on_bad`` and is not yielded. Raises ``BadRow`` when the header is not
    ``header`` (the wrong file), and ``TruncatedFile`` when a gzip stream stops
    early: everything yielded before it is whole.
    """
    raw, stream = _open(path)
    total = path.stat().st_size
    width = len(header)
    number = 0
    try:
        with raw, stream:
            first = stream.readline().decode("utf-8", "replace").rstrip("\r\n").split("\t")
            number = 1
            if tuple(first) != header:
                raise BadRow("unexpected header", "\t".join(first)[:200])
            for number, data in enumerate(stream, start=2):
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError as error:
                    on_bad(number, BadRow("bad UTF-8", str(error)))
                    continue
                fields = text.rstrip("\r\n").split("\t")
                if len(fields) != width:
                    on_bad(number, BadRow("wrong field count", f"{len(fields)} not {width}"))
                    continue
                yield Line(number, fields)
                if on_progress is not None and number % PROGRESS_EVERY == 0:
                    on_progress(raw.tell(), total)
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise TruncatedFile(number, str(error) or type(error).__name__) from error
    if on_progress is not None:
        on_progress(total, total)
