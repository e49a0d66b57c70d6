"""Read one dataset file: plain or gzipped TSV, in blocks of whole lines, with their line numbers.

The files are tens of gigabytes unpacked, so nothing here holds more than one
block (``BLOCK_BYTES`` of whole lines). Blocks are parsed column by column
(``frames.py``), which is several times faster than splitting line by line,
and progress is measured in bytes of the file on disk (compressed bytes for
``.gz``), which is known before any row is.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import IO

from reeldb.errors import ImportProblem

NULL = "\\N"
# Unpacked bytes parsed at a time: about 400,000 lines of title.principals.
BLOCK_BYTES = 8 << 20
# Bytes read from disk at a time.
READ_BYTES = 1 << 20
# zlib's window bits for a gzip header and trailer.
GZIP_WBITS = 16 + zlib.MAX_WBITS

ProgressCallback = Callable[[int, int], None]


class BadRow(ImportProblem):
    """A row that cannot be loaded; ``kind`` groups it in the report."""

    default_code = "bad_row"

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind, details={"kind": kind})
        self.kind = kind


class TruncatedFile(ImportProblem):
    """The file ended early (a cut-off download): ``line`` is the last line read whole."""

    default_code = "truncated_file"

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"file ends early after line {line:,}: {reason}", details={"line": line})
        self.line = line


@dataclass(frozen=True)
class Block:
    """Whole lines of a file, undecoded: ``data`` starts at line ``first_line`` (1-based)."""

    first_line: int
    data: bytes

    @cached_property
    def line_count(self) -> int:
        """Counted once: the reader and the run both need it, and a block is megabytes."""
        return self.data.count(b"\n")


def find_file(folder: Path, name: str) -> Path | None:
    """Return ``folder/name.tsv.gz`` or ``folder/name.tsv``, whichever exists."""
    for suffix in (".tsv.gz", ".tsv"):
        path = folder / f"{name}{suffix}"
        if path.is_file():
            return path
    return None


def _unpacked(raw: IO[bytes], *, gz: bool) -> Iterator[bytes]:
    """Yield the file's bytes, unpacked when ``gz``, as they are read from disk.

    Decompressing piece by piece (rather than through ``gzip.GzipFile``) keeps
    every byte that arrived before a cut: a truncated download loses only its
    last partial line. Raises ``EOFError`` when the gzip stream stops early.
    """
    unpack = zlib.decompressobj(GZIP_WBITS) if gz else None
    while piece := raw.read(READ_BYTES):
        if unpack is None:
            yield piece
            continue
        yield unpack.decompress(piece)
        # A file of several gzip members (as ``cat a.gz b.gz`` makes) goes on.
        while unpack.eof and unpack.unused_data:
            leftover = unpack.unused_data
            unpack = zlib.decompressobj(GZIP_WBITS)
            yield unpack.decompress(leftover)
    if unpack is not None and not unpack.eof:
        raise EOFError("compressed file ended before the end-of-stream marker was reached")


class _Blocks:
    """Cut unpacked bytes into blocks of whole lines, counting lines as it goes."""

    def __init__(self, header: tuple[str, ...]) -> None:
        self.header = header
        self.line = 1  # the line the next block starts at
        self.pending: list[bytes] = []
        self.size = 0

    def add(self, piece: bytes) -> None:
        self.pending.append(piece)
        self.size += len(piece)

    def take(self, *, final: bool = False) -> Block | None:
        """Return the whole lines gathered so far; ``final`` also the last line without ``\\n``."""
        data = b"".join(self.pending)
        if self.line == 1 and not final and b"\n" not in data:
            self.pending = [data]
            return None  # the header is not whole yet
        if self.line == 1:
            data = _after_header(data, self.header)
            self.line = 2
        cut = len(data) if final else data.rfind(b"\n") + 1
        self.pending, self.size = [data[cut:]], len(data) - cut
        if not cut:
            return None
        block = Block(self.line, data[:cut] if data[cut - 1 : cut] == b"\n" else data + b"\n")
        self.line += block.line_count
        return block


def read_blocks(
    path: Path,
    header: tuple[str, ...],
    *,
    rows_per_line: int = 1,
    on_progress: ProgressCallback | None = None,
) -> Iterator[Block]:
    """Yield the data lines of ``path`` in blocks, after checking the header.

    Each block ends with a newline (one is added to a last line without it).
    Raises ``BadRow`` when the header is not ``header`` (the wrong file), and
    ``TruncatedFile`` when a gzip stream stops early: every block yielded
    before it is whole, and only the partial line at the cut is dropped.

    Blocks are ``BLOCK_BYTES`` divided by ``rows_per_line``: the memory a block
    takes goes with the rows it is written as, not with its bytes.
    """
    total = path.stat().st_size
    block_bytes = max(1, BLOCK_BYTES // rows_per_line)
    blocks = _Blocks(header)
    with path.open("rb") as raw:
        try:
            for piece in _unpacked(raw, gz=path.suffix == ".gz"):
                blocks.add(piece)
                if blocks.size >= block_bytes and (block := blocks.take()) is not None:
                    yield block
                    if on_progress is not None:
                        on_progress(raw.tell(), total)
        except (EOFError, zlib.error) as error:
            if (block := blocks.take()) is not None:
                yield block
            raise TruncatedFile(blocks.line - 1, str(error) or type(error).__name__) from error
    if (block := blocks.take(final=True)) is not None:
        yield block
    if on_progress is not None:
        on_progress(total, total)


def _after_header(data: bytes, header: tuple[str, ...]) -> bytes:
    """Check the first line of ``data`` is ``header`` and return what follows it."""
    end = data.find(b"\n")
    first = (data if end < 0 else data[:end]).decode("utf-8", "replace").rstrip("\r")
    if tuple(first.split("\t")) != header:
        raise BadRow("unexpected header", first[:200])
    return b"" if end < 0 else data[end + 1 :]
