"""Unpack an uploaded export under hard caps, so that a zip bomb is refused in its first megabytes.

A zip member's declared size is the uploader's word, and ``ZipFile.read``
inflates a whole member before any check can run. Here every member is
streamed (``ZipFile.open``, a bounded chunk per read) and the bytes it really
unpacks to are counted as they come: past a member's cap, the upload's cap, or
a compression ratio no export reaches, the upload is refused. Only stored and
deflated members are read: bzip2 and LZMA inflate a whole block per read
whatever size is asked for, so no chunk bounds them.

Anything wrong with the container (an unreadable zip, a member compressed
another way, a damaged member, a cap passed) refuses the whole upload with
``InvalidInput``; lines that cannot be read are the reader's issues.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings

from reeldb.errors import InvalidInput
from reeldb.streams import CHUNK, CountedStream, exceeds_ratio, mib

ZIP_MAX_MEMBERS = 200
READABLE_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
# Letterboxd's likes/ and deleted/ folders hold likes and deleted entries, not history.
SKIPPED_FOLDERS = ("likes/", "deleted/", "orphaned/")


@dataclass(frozen=True)
class UploadLimits:
    """The caps an upload is read under (README, configuration; docs/community.md)."""

    max_bytes: int
    max_unpacked: int
    max_member: int
    max_ratio: int
    max_rows: int

    @classmethod
    def from_settings(cls) -> UploadLimits:
        return cls(
            max_bytes=settings.REELDB_UPLOAD_MAX_BYTES,
            max_unpacked=settings.REELDB_UPLOAD_MAX_UNPACKED,
            max_member=settings.REELDB_UPLOAD_MAX_MEMBER,
            max_ratio=settings.REELDB_UPLOAD_MAX_RATIO,
            max_rows=settings.REELDB_UPLOAD_MAX_ROWS,
        )


@dataclass(frozen=True)
class UploadSize:
    """What an upload unpacks to: lines (an upper bound on its rows) and bytes."""

    lines: int
    unpacked: int


@dataclass
class Upload:
    """One uploaded file (a CSV, or a zip of them), checked against the caps when it is made.

    Making one unpacks every file under the caps once, keeping nothing but the
    ``size``, and raises ``InvalidInput`` for anything ``files()`` would refuse:
    an import that follows cannot stop part-way over the container.
    ``unpacked`` then grows as the streams from ``files()`` are read, so it
    measures a reader's progress before anyone knows how many rows there are.
    """

    name: str
    data: bytes
    limits: UploadLimits
    unpacked: int = field(default=0, init=False)
    size: UploadSize = field(init=False)

    def __post_init__(self) -> None:
        if len(self.data) > self.limits.max_bytes:
            raise InvalidInput(
                f"The file is larger than {mib(self.limits.max_bytes)}: upload one export.",
                code="too_large",
            )
        self.size = self._measure()

    @property
    def is_zip(self) -> bool:
        return self.data.startswith(b"PK\x03\x04")

    def files(self) -> Iterator[tuple[str, IO[bytes]]]:
        """Yield the name and a capped byte stream of each export file the upload holds."""
        if not self.is_zip:
            yield self.name, self._stream(io.BytesIO(self.data), name=self.name, compressed=None)
            return
        try:
            archive = zipfile.ZipFile(io.BytesIO(self.data))
            members = [info for info in archive.infolist() if info.filename.endswith(".csv")]
        except (zipfile.BadZipFile, ValueError) as error:
            raise InvalidInput(f"Not a readable zip file ({error}).", code="bad_zip") from None
        if len(members) > ZIP_MAX_MEMBERS:
            raise InvalidInput(
                f"The zip holds more than {ZIP_MAX_MEMBERS} CSV files: upload one export.",
                code="too_many_files",
            )
        for member in members:
            if member.filename.startswith(SKIPPED_FOLDERS):
                continue
            if member.compress_type not in READABLE_METHODS:
                raise InvalidInput(
                    f"{member.filename} is compressed in a way reeldb does not unpack: "
                    "upload the zip as Letterboxd made it (stored or deflate).",
                    code="unreadable_compression",
                )
            try:
                source = archive.open(member)
            except (zipfile.BadZipFile, ValueError, NotImplementedError, RuntimeError) as error:
                raise InvalidInput(
                    f"{member.filename} cannot be unpacked ({error}).", code="bad_zip"
                ) from None
            with source:
                yield (
                    member.filename,
                    self._stream(source, name=member.filename, compressed=member.compress_size),
                )

    def _measure(self) -> UploadSize:
        lines = 0
        for _, stream in self.files():
            while chunk := stream.read(CHUNK):
                lines += chunk.count(b"\n")
        size = UploadSize(lines=lines, unpacked=self.unpacked)
        self.unpacked = 0
        return size

    def _stream(self, source: IO[bytes], *, name: str, compressed: int | None) -> IO[bytes]:
        capped = _CappedStream(source, upload=self, name=name, compressed=compressed)
        return io.BufferedReader(capped, buffer_size=CHUNK)

    def count(self, size: int, *, name: str, member_total: int, compressed: int | None) -> None:
        """Count ``size`` more unpacked bytes of ``name``; refuse the upload past a cap."""
        self.unpacked += size
        limits = self.limits
        if member_total > limits.max_member:
            raise InvalidInput(
                f"{name} unpacks to more than {mib(limits.max_member)}: upload one export.",
                code="too_large",
            )
        if self.unpacked > limits.max_unpacked:
            raise InvalidInput(
                f"The upload unpacks to more than {mib(limits.max_unpacked)}: upload one export.",
                code="too_large",
            )
        if compressed is not None and exceeds_ratio(member_total, compressed, limits.max_ratio):
            raise InvalidInput(
                f"{name} unpacks to more than {limits.max_ratio} times its compressed size, "
                "which no export does: the upload is refused.",
                code="zip_bomb",
            )


class _CappedStream(CountedStream):
    """A member's stream, each chunk counted against the caps; damage refuses the upload."""

    def __init__(
        self, source: IO[bytes], *, upload: Upload, name: str, compressed: int | None
    ) -> None:
        super().__init__(source, self._count_chunk)
        self._upload = upload
        self._name = name
        self._compressed = compressed
        self._total = 0

    def read_chunk(self, size: int) -> bytes:
        try:
            return super().read_chunk(size)
        except (zipfile.BadZipFile, EOFError, zlib.error) as error:
            raise InvalidInput(
                f"{self._name} cannot be unpacked ({error}).", code="bad_zip"
            ) from None

    def _count_chunk(self, size: int) -> None:
        self._total += size
        self._upload.count(
            size, name=self._name, member_total=self._total, compressed=self._compressed
        )
