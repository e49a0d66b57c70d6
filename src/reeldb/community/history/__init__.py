"""Bring your own history: IMDb and Letterboxd exports in, and the same formats back out.

An upload is untrusted input: it is bounded in size (``REELDB_UPLOAD_MAX_BYTES``;
a Letterboxd zip also in members and unpacked size), parsed line by line where
any bad line becomes a reported issue, and imported in one transaction.

Formats, recognised by their header rows (docs/community.md):

* IMDb "Your Ratings" (``Const,Your Rating,Date Rated,…``) and watchlist or list
  exports (``Position,Const,…``): matched by IMDb id.
* Letterboxd's export: ``ratings.csv``, ``diary.csv``, ``watched.csv``,
  ``watchlist.csv``, ``lists/*.csv``, one at a time or the whole zip: matched by
  title and year (Letterboxd exports no IMDb id). Half stars map × 2.
"""

from __future__ import annotations

from reeldb.community.history.exporting import EXPORT_FORMATS, export_history
from reeldb.community.history.importing import (
    ISSUES_SHOWN,
    HistoryReport,
    check_upload_size,
    import_history,
)
from reeldb.community.history.reading import Entry, Issue, detect_format, read_upload

__all__ = [
    "EXPORT_FORMATS",
    "ISSUES_SHOWN",
    "Entry",
    "HistoryReport",
    "Issue",
    "check_upload_size",
    "detect_format",
    "export_history",
    "import_history",
    "read_upload",
]
