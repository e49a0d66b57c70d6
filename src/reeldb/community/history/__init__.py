"""Bring your own history: IMDb and Letterboxd exports in, and the same formats back out.

An upload is untrusted input: it is unpacked under hard caps (``unpacking``),
parsed a line at a time where any bad line becomes a reported issue
(``reading``), then matched and written a batch at a time, never holding a
transaction while it reads or matches (``importing``). Uploads of more than
``REELDB_UPLOAD_INLINE_ROWS`` lines are imported by the background worker
(``jobs``).

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
    check_upload,
    import_history,
)
from reeldb.community.history.jobs import (
    ImportProgress,
    get_latest_import,
    queue_history_import,
)
from reeldb.community.history.reading import Entry, Issue, detect_format, read_upload
from reeldb.community.history.unpacking import Upload, UploadLimits

__all__ = [
    "EXPORT_FORMATS",
    "ISSUES_SHOWN",
    "Entry",
    "HistoryReport",
    "ImportProgress",
    "Issue",
    "Upload",
    "UploadLimits",
    "check_upload",
    "detect_format",
    "export_history",
    "get_latest_import",
    "import_history",
    "queue_history_import",
    "read_upload",
]
