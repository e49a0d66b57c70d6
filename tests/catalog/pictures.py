"""Small picture files for the image tests: real ones made with Pillow, and hostile ones."""

from __future__ import annotations

import io
import struct
import zlib

import PIL.Image


def png(width: int = 400, height: int = 600, *, colour: str = "#c0392b") -> bytes:
    """Return a real PNG of the given size."""
    buffer = io.BytesIO()
    PIL.Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_with_exif(width: int = 400, height: int = 600) -> bytes:
    """Return a JPEG that carries EXIF metadata (a camera model and a GPS-like comment)."""
    picture = PIL.Image.new("RGB", (width, height), "#2e86c1")
    exif = PIL.Image.Exif()
    exif[0x0110] = "Secret Camera 3000"  # Model
    exif[0x010E] = "taken at 51.5N 0.1W"  # ImageDescription
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """Return a tiny PNG whose header declares ``width`` × ``height`` pixels (a bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )
