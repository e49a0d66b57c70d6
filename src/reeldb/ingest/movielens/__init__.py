"""MovieLens importer: ml-100k, ml-latest(-small) and RecBole atomic files.

See docs/importers/movielens.md.
"""

from __future__ import annotations

from reeldb.ingest.movielens.runner import import_movielens

__all__ = ["import_movielens"]
