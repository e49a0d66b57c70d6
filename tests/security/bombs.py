"""Zip bombs built in the test run: small uploads that unpack to far more than they weigh."""

from __future__ import annotations

import io
import struct
import zipfile

LETTERBOXD_HEADER = b"Date,Name,Year,Letterboxd URI,Rating\n"
LETTERBOXD_ROW = b"2024-02-01,Desperado,1995,https://boxd.it/abc,3.5\n"
LOCAL_HEADER = b"PK\x03\x04"
CENTRAL_HEADER = b"PK\x01\x02"


def zip_of(text_size: int, *, method: int, name: str = "ratings.csv") -> bytes:
    """Return a zip of one Letterboxd ratings file of ``text_size`` bytes, written in chunks."""
    archive = io.BytesIO()
    rows = LETTERBOXD_ROW * (1024 * 1024 // len(LETTERBOXD_ROW))
    with zipfile.ZipFile(archive, "w", compression=method) as bundle:
        info = zipfile.ZipInfo(name)
        info.compress_type = method
        with bundle.open(info, "w") as member:
            member.write(LETTERBOXD_HEADER)
            for _ in range(text_size // len(rows)):
                member.write(rows)
    return archive.getvalue()


def declaring(data: bytes, size: int) -> bytes:
    """Return the one-member zip ``data`` with its member's unpacked size declared as ``size``.

    Both the local header and the central directory say ``size``, as a forged
    export would; the compressed stream is untouched.
    """
    patched = bytearray(data)
    local = patched.index(LOCAL_HEADER)
    struct.pack_into("<I", patched, local + 22, size)
    central = patched.index(CENTRAL_HEADER)
    struct.pack_into("<I", patched, central + 24, size)
    return bytes(patched)
