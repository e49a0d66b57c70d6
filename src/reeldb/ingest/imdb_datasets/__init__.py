"""Import IMDb's non-commercial datasets (the seven ``*.tsv.gz`` files) into the catalogue.

``reading`` yields lines, ``rows`` parses and validates them, ``staging``
bulk-writes them into temporary tables, ``merge`` brings the catalogue in line
with them, ``removal`` drops what a newer dump no longer lists, and
``runner`` runs the files in order, one transaction each.
``download`` fetches the files. See docs/importers/imdb.md.
"""

from __future__ import annotations

from reeldb.ingest.imdb_datasets.download import DownloadError, base_url, download_datasets
from reeldb.ingest.imdb_datasets.rows import DATASET_NAMES
from reeldb.ingest.imdb_datasets.runner import SOURCE_NAME, import_datasets

__all__ = [
    "DATASET_NAMES",
    "SOURCE_NAME",
    "DownloadError",
    "base_url",
    "download_datasets",
    "import_datasets",
]
