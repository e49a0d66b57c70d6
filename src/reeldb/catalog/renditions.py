"""Check a picture and store it as WebP renditions: one rule for downloads and uploads.

A file is accepted only when Pillow reads it as a picture of a common web
format, its size and its declared pixel count are under the limits
(``REELDB_IMAGE_MAX_BYTES``, ``REELDB_IMAGE_MAX_PIXELS``), and it decodes
whole. The pixel limit is checked on the header, before anything is decoded:
a file of a few hundred bytes can declare a picture of billions of pixels
(a decompression bomb) and would take gigabytes to decode. Each rendition is
re-encoded from the pixels alone, so no EXIF, GPS or comment of the original
survives, and is stored through Django's storage API under a name made of
the picture's content: the same picture uploaded twice is stored once.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

import PIL.Image
import PIL.ImageOps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

# Formats a browser shows and a source plausibly serves; Pillow reads many
# more (PSD, EPS through Ghostscript, ICNS…), which only widen what a hostile
# file can reach.
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})
WEBP_QUALITY = 80
FOLDER = "images"


class ImageRejected(ValueError):
    """A file that is not a picture reeldb accepts; the message says why."""


@dataclass(frozen=True)
class Rendition:
    """One stored WebP file of a picture."""

    width: int
    height: int
    name: str

    def as_json(self) -> dict[str, int | str]:
        return {"width": self.width, "height": self.height, "name": self.name}


def max_bytes() -> int:
    """Return the largest file accepted, in bytes."""
    return int(settings.REELDB_IMAGE_MAX_BYTES)


def open_checked(data: bytes) -> PIL.Image.Image:
    """Return the decoded picture in ``data``; raise ``ImageRejected`` saying why it is refused."""
    if len(data) > max_bytes():
        raise ImageRejected(f"the file is {len(data):,} bytes, over the limit of {max_bytes():,}")
    limit = int(settings.REELDB_IMAGE_MAX_PIXELS)
    with warnings.catch_warnings():
        # Pillow warns past its own MAX_IMAGE_PIXELS and raises past twice
        # that; both mean a bomb here, and reeldb's own limit comes first.
        warnings.simplefilter("error", PIL.Image.DecompressionBombWarning)
        try:
            picture = PIL.Image.open(io.BytesIO(data), formats=sorted(ACCEPTED_FORMATS))
            width, height = picture.size
            if width * height > limit:
                raise ImageRejected(
                    f"a decompression bomb: it declares {width:,} × {height:,} pixels, "
                    f"over the limit of {limit:,}"
                )
            picture.load()
        except (PIL.Image.DecompressionBombError, PIL.Image.DecompressionBombWarning) as error:
            raise ImageRejected(f"a decompression bomb: {error}") from error
        except PIL.UnidentifiedImageError as error:
            raise ImageRejected(
                f"not an image in an accepted format ({', '.join(sorted(ACCEPTED_FORMATS))})"
            ) from error
        except (OSError, SyntaxError, ValueError) as error:
            raise ImageRejected(f"a damaged image: {error}") from error
    if width < 1 or height < 1:
        raise ImageRejected("an image without pixels")
    return picture


def store_renditions(data: bytes) -> list[Rendition]:
    """Check ``data`` and store its WebP renditions; return them, narrowest first.

    One rendition per configured width the picture reaches, and always at
    least one (at its own width when it is narrower than them all), keeping
    the aspect ratio. Raises ``ImageRejected`` before anything is stored.
    """
    picture = open_checked(data)
    # Cameras store portrait photos sideways with an orientation tag; the tag
    # goes with the metadata, so the pixels are turned first.
    picture = PIL.ImageOps.exif_transpose(picture)
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    picture = picture.convert("RGBA" if has_alpha else "RGB")
    digest = hashlib.sha256(data).hexdigest()[:24]
    widths = sorted({int(width) for width in settings.REELDB_IMAGE_WIDTHS})
    fitting = [width for width in widths if width <= picture.width] or [picture.width]
    renditions = []
    for width in fitting:
        height = max(1, round(picture.height * width / picture.width))
        resized = picture.resize((width, height), PIL.Image.Resampling.LANCZOS)
        name = f"{FOLDER}/{digest[:2]}/{digest}-{width}.webp"
        if not default_storage.exists(name):
            buffer = io.BytesIO()
            # No exif= or icc_profile= argument: the file carries pixels only.
            resized.save(buffer, format="WEBP", quality=WEBP_QUALITY, method=4)
            name = default_storage.save(name, ContentFile(buffer.getvalue()))
        renditions.append(Rendition(width=width, height=height, name=name))
    return renditions
