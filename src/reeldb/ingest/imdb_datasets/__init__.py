"""Import IMDb's non-commercial datasets (the seven ``*.tsv.gz`` files) into the catalogue.

``reading`` yields blocks of lines, ``frames`` and ``rows`` parse and check
them column by column, ``ids`` maps IMDb ids to catalogue ids in memory,
``loading`` writes new rows straight into the catalogue and stages the rest
(``staging``), ``merge`` brings the catalogue in line with staged rows,
``removal`` drops what a newer dump no longer lists, and ``runner`` runs the
files in order, one transaction each.
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
