"""Download the pictures sources reference, check them and store their renditions."""

from __future__ import annotations

from reeldb.ingest.images.fetch import FetchSummary, download, fetch_images

__all__ = ["FetchSummary", "download", "fetch_images"]
