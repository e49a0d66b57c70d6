"""Byte streams read a bounded chunk at a time, each chunk counted before anyone sees it.

What a compressed file says about its own size is worth nothing, and reading
a decompressor to its end (``read()``, ``ZipFile.read``) inflates all of it
before any check can run. ``CountedStream`` pulls at most ``CHUNK`` bytes per
read and hands each chunk's size to a callback, which raises to stop a bomb
in its first megabytes; ``exceeds_ratio`` is the compression-ratio rule that
history uploads and saved pages both apply.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Protocol

MIB = 1024 * 1024
CHUNK = 64 * 1024
# The ratio is judged once a stream has unpacked this much: a small file of
# repeated text compresses far better than any limit, and a megabyte of it
# harms nothing.
RATIO_GRACE = MIB


class Readable(Protocol):
    """Anything with a ``read`` of up to so many bytes: a file, a decompressor, a zip member."""

    def read(self, size: int = -1, /) -> bytes: ...


def exceeds_ratio(unpacked: int, compressed: int, max_ratio: int) -> bool:
    """Return whether ``unpacked`` bytes out of ``compressed`` ones pass ``max_ratio``.

    Nothing passes it within ``RATIO_GRACE``.
    """
    return unpacked > RATIO_GRACE and unpacked > max_ratio * max(compressed, 1)


def mib(size: int) -> str:
    """Return ``size`` in MiB for a message: "16 MiB", "0.5 MiB"."""
    return f"{size / MIB:g} MiB"


class CountedStream(io.RawIOBase):
    """A raw stream that reads its source a chunk at a time, telling ``count`` each chunk's size.

    ``count`` sees the size before the bytes are handed on and may raise to
    refuse the stream. Wrap it in ``io.BufferedReader`` for ``peek`` and
    ``readline``.
    """

    def __init__(self, source: Readable, count: Callable[[int], None]) -> None:
        super().__init__()
        self._source = source
        self._count = count

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.read_chunk(min(len(buffer), CHUNK))
        size = len(data)
        self._count(size)
        buffer[:size] = data
        return size

    def read_chunk(self, size: int) -> bytes:
        """Return up to ``size`` bytes of the source; subclasses turn its errors into their own."""
        return self._source.read(size)
