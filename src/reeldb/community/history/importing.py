"""Import a checked upload for one user: read and match outside any transaction, write in batches.

The read → match → load pipeline holds one batch at a time. Reading and
matching take no lock; each batch is then written in its own short
transaction, so an import of any size never keeps other users' writes waiting
for more than a batch (on SQLite a writer holds the whole database).
"""

from __future__ import annotations

import datetime
import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from reeldb.catalog.models import Title
from reeldb.catalog.selectors import (
    find_titles_a_year_off,
    find_titles_by_names,
    get_titles_by_tconst,
)
from reeldb.community.history.reading import Entry, Issue, read_upload
from reeldb.community.history.unpacking import Upload, UploadLimits
from reeldb.community.models import ListItem, Rating, TitleList, WatchlistEntry
from reeldb.community.services import (
    ImportedRating,
    add_check_ins,
    check_activity_date,
    upsert_ratings,
)
from reeldb.errors import InvalidInput

ISSUES_SHOWN = 200
# Entries matched and written together: a few queries and a few milliseconds
# of write lock per batch, whatever the upload's size.
BATCH = 1_000
# How the report names each kind of row imported: one, and several.
IMPORTED_NAMES = {
    "ratings": ("rating", "ratings"),
    "watchlist": ("watchlist entry", "watchlist entries"),
    "check-ins": ("check-in", "check-ins"),
    "list entries": ("list entry", "list entries"),
}

Progress = Callable[[int, "HistoryReport"], None]


@dataclass
class IssueLog:
    """How many issues of one kind an import met, and the first ``ISSUES_SHOWN`` of them."""

    count: int = 0
    shown: list[Issue] = field(default_factory=list)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.shown)

    def __len__(self) -> int:
        return self.count

    def add(self, issue: Issue) -> None:
        self.count += 1
        if len(self.shown) < ISSUES_SHOWN:
            self.shown.append(issue)

    def as_json(self) -> dict[str, Any]:
        return {"count": self.count, "shown": [[i.file, i.line, i.reason] for i in self.shown]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IssueLog:
        return cls(data["count"], [Issue(*issue) for issue in data["shown"]])


@dataclass
class HistoryReport:
    """What an upload held, what was imported, and the lines that were not, with why."""

    imported: Counter[str] = field(default_factory=Counter)
    matched: int = 0
    unmatched: IssueLog = field(default_factory=IssueLog)
    skipped: IssueLog = field(default_factory=IssueLog)
    # Ratings of the file that disagreed with one the user had: the newer won.
    conflicts: IssueLog = field(default_factory=IssueLog)

    @property
    def entries(self) -> int:
        return self.matched + self.unmatched.count

    @property
    def imported_counts(self) -> list[tuple[str, int]]:
        """Return ``(what, how many)`` pairs, ``what`` singular for one ("1 rating").

        Pairs, because a template's ``.items`` on a Counter reads a missing key.
        """
        return [
            (IMPORTED_NAMES[kind][count != 1], count)
            for kind, count in sorted(self.imported.items())
        ]

    def as_json(self) -> dict[str, Any]:
        """Return the report as a job row keeps it (``HistoryImport.report``)."""
        return {
            "imported": dict(self.imported),
            "matched": self.matched,
            "unmatched": self.unmatched.as_json(),
            "skipped": self.skipped.as_json(),
            "conflicts": self.conflicts.as_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HistoryReport:
        return cls(
            Counter(data["imported"]),
            data["matched"],
            IssueLog.from_json(data["unmatched"]),
            IssueLog.from_json(data["skipped"]),
            # Reports stored before conflicts were recorded have none.
            IssueLog.from_json(data.get("conflicts", {"count": 0, "shown": []})),
        )


def check_upload(*, name: str, data: bytes) -> Upload:
    """Return ``data`` as an upload checked against the configured caps, or refuse it.

    Checking unpacks everything once, discarding it: a second pass over at
    most ``REELDB_UPLOAD_MAX_UNPACKED`` bytes, so that a refused upload is
    refused before any of it is written.
    """
    return Upload(name=name, data=data, limits=UploadLimits.from_settings())


def import_history(
    *, user: User, upload: Upload, progress: Progress | None = None
) -> HistoryReport:
    """Import ``upload`` for ``user``, a batch at a time; return what happened.

    Must run outside a transaction: each batch commits on its own. Re-importing
    the same file changes nothing: ratings and watchlist entries are upserts,
    and a check-in or list entry already there is not added again. After each
    batch ``progress`` gets the bytes unpacked so far and the report so far.
    """
    report = HistoryReport()
    # Titles rated and put on the watchlist so far: a title a file names in
    # several batches (a diary's rewatches) is one rating, one entry.
    written: dict[str, set[int]] = {"ratings": set(), "watchlist": set()}
    entries = _entries(read_upload(upload), report)
    while batch := list(itertools.islice(entries, BATCH)):
        found = _match(batch, report)
        with transaction.atomic():
            _load(user, found, report, written)
        if progress is not None:
            progress(upload.unpacked, report)
    return report


def _entries(items: Iterator[Entry | Issue], report: HistoryReport) -> Iterator[Entry]:
    """Yield the entries worth matching; a bad line or an impossible date is skipped."""
    for item in items:
        if isinstance(item, Issue):
            report.skipped.add(item)
            continue
        if item.on is not None:
            try:
                check_activity_date(item.on)
            except InvalidInput as error:
                report.skipped.add(Issue(item.file, item.line, error.message))
                continue
        yield item


def _match(entries: list[Entry], report: HistoryReport) -> list[tuple[Entry, Title]]:
    """Return each entry that names a catalogue title with its title; report the others.

    Two queries per batch: IMDb ids in one, Letterboxd's names and years in the other.
    """
    by_tconst = get_titles_by_tconst(e.tconst for e in entries if e.tconst)
    by_name = find_titles_by_names((e.name, e.year) for e in entries if not e.tconst)
    # Letterboxd and IMDb sometimes disagree on a year by one (festival
    # premiere against release): an exact name found only one year away counts.
    by_name |= find_titles_a_year_off(
        (e.name, e.year) for e in entries if not e.tconst and (e.name, e.year) not in by_name
    )
    found = []
    for entry in entries:
        if entry.tconst:
            title = by_tconst.get(entry.tconst)
        else:
            title = by_name.get((entry.name, entry.year)) if entry.year else None
        named = f"“{entry.name}” ({entry.year})" if entry.year else f"“{entry.name}” (no year)"
        reason = f"{named} is not in the catalogue"
        if entry.tconst:
            reason += f" (IMDb id {entry.tconst})"
        if title is None:
            report.unmatched.add(Issue(entry.file, entry.line, reason))
        else:
            found.append((entry, title))
    report.matched += len(found)
    return found


def _moment(day: datetime.date | None, now: datetime.datetime) -> datetime.datetime:
    if day is None:
        return now
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def _load(
    user: User,
    found: list[tuple[Entry, Title]],
    report: HistoryReport,
    written: dict[str, set[int]],
) -> None:
    """Write one batch of matched entries, a statement or two per kind."""
    now = timezone.now()
    ratings = _newer_ratings(
        user,
        [
            (entry, title, ImportedRating(user.pk, title.pk, entry.value, _moment(entry.on, now)))
            for entry, title in found
            if entry.value is not None and entry.kind in {"rating", "check_in"}
        ],
        report,
        imported=written["ratings"],
    )
    if ratings:
        upsert_ratings(ratings)
        written["ratings"].update(rating.title_id for rating in ratings)
    watchlist = {
        title.pk: WatchlistEntry(user=user, title=title, added_at=_moment(entry.on, now))
        for entry, title in found
        if entry.kind == "watchlist"
    }
    if watchlist:
        WatchlistEntry.objects.bulk_create(watchlist.values(), ignore_conflicts=True)
        written["watchlist"].update(watchlist)
    for kind, titles in written.items():
        if titles:
            report.imported[kind] = len(titles)
    viewings = {
        (title.pk, entry.on or now.date()) for entry, title in found if entry.kind == "check_in"
    }
    if viewings:
        report.imported["check-ins"] += add_check_ins(user=user, viewings=viewings, recorded_at=now)
    named: dict[str, list[int]] = {}
    for entry, title in found:
        if entry.kind == "list_item":
            named.setdefault(entry.list_name, []).append(title.pk)
    if named:
        report.imported["list entries"] += _add_to_named_lists(user, named)


def _newer_ratings(
    user: User,
    rows: list[tuple[Entry, Title, ImportedRating]],
    report: HistoryReport,
    *,
    imported: set[int],
) -> list[ImportedRating]:
    """Return the ratings of ``rows`` to write: for each title, the newest, unless one is newer.

    A history never replaces a newer rating with an older one. Within the
    file the latest-dated rating of a title wins (a diary's rewatches); against
    a rating the user already had, the later ``rated_at`` wins, and when the
    values differ the report lists the conflict and which side won. Ratings
    this import wrote itself (``imported``, earlier batches) are not conflicts.
    A tie keeps what is there: nothing shows the file is newer.
    """
    newest: dict[int, tuple[Entry, Title, ImportedRating]] = {}
    for row in rows:
        kept = newest.get(row[2].title_id)
        if kept is None or row[2].rated_at >= kept[2].rated_at:
            newest[row[2].title_id] = row
    existing = {
        rating.title_id: rating
        for rating in Rating.objects.filter(user=user, title_id__in=list(newest)).only(
            "title_id", "value", "rated_at"
        )
    }
    chosen: list[ImportedRating] = []
    for title_id, (entry, title, rating) in newest.items():
        current = existing.get(title_id)
        if current is None:
            chosen.append(rating)
            continue
        file_wins = rating.rated_at > current.rated_at
        if file_wins:
            chosen.append(rating)
        if current.value == rating.value or title_id in imported:
            continue
        mine = f"your {current.value}/10 of {current.rated_at:%Y-%m-%d}"
        theirs = f"the file's {rating.value}/10 of {rating.rated_at:%Y-%m-%d}"
        named = f"{title.primary_title} ({title.start_year or 'no year'})"
        if file_wins:
            reason = f"{named}: {theirs} replaced {mine}, which is older"
        else:
            reason = f"{named}: kept {mine}, newer than {theirs}"
        report.conflicts.add(Issue(entry.file, entry.line, reason))
    return chosen


def _add_to_named_lists(user: User, named: dict[str, list[int]]) -> int:
    """Append titles to ``user``'s lists by name, making private lists for new names.

    When the user has several lists of one name, the oldest is the one meant:
    names are not unique, and a re-import must land where the first did.
    Returns how many entries were added; titles already on a list stay where they are.
    """
    lists: dict[str, TitleList] = {}
    for title_list in TitleList.objects.filter(user=user, name__in=named).order_by("pk"):
        lists.setdefault(title_list.name, title_list)
    missing = [
        TitleList(user=user, name=name, is_public=False) for name in named if name not in lists
    ]
    lists.update(
        (title_list.name, title_list) for title_list in TitleList.objects.bulk_create(missing)
    )
    ids = {title_list.pk for title_list in lists.values()}
    wanted = {title for titles in named.values() for title in titles}
    on_lists = set(
        ListItem.objects.filter(title_list__in=ids, title_id__in=wanted)
        .values_list("title_list_id", "title_id")
        .order_by()
    )
    last = dict(
        ListItem.objects.filter(title_list__in=ids)
        .values("title_list")
        .annotate(last=Max("position"))
        .values_list("title_list", "last")
        .order_by()
    )
    items = []
    for name, titles in named.items():
        list_id = lists[name].pk
        position = last.get(list_id) or 0
        for title in dict.fromkeys(titles):
            if (list_id, title) not in on_lists:
                position += 1
                items.append(ListItem(title_list_id=list_id, title_id=title, position=position))
    ListItem.objects.bulk_create(items)
    return len(items)
