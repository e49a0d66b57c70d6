"""Import read entries for one user, in one transaction."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from reeldb.catalog.models import Title
from reeldb.catalog.selectors import find_title_by_name, get_titles_by_tconst
from reeldb.community.history.reading import Entry, Issue, read_upload
from reeldb.community.models import CheckIn, ListItem, TitleList, WatchlistEntry
from reeldb.community.services import ImportedRating, upsert_ratings
from reeldb.errors import InvalidInput

ISSUES_SHOWN = 200


@dataclass
class HistoryReport:
    """What an upload held, what was imported, and every line that was not, with why."""

    imported: Counter[str] = field(default_factory=Counter)
    matched: int = 0
    unmatched: list[Issue] = field(default_factory=list)
    skipped: list[Issue] = field(default_factory=list)

    @property
    def entries(self) -> int:
        return self.matched + len(self.unmatched)

    @property
    def imported_counts(self) -> list[tuple[str, int]]:
        """Return the counts as pairs: a template's ``.items`` on a Counter reads a missing key."""
        return sorted(self.imported.items())


def _match(entries: list[Entry]) -> tuple[dict[int, Title], list[Issue]]:
    """Return the title of each matched entry (by its index) and an issue per unmatched one."""
    by_tconst = get_titles_by_tconst(e.tconst for e in entries if e.tconst)
    found: dict[int, Title] = {}
    unmatched: list[Issue] = []
    for index, entry in enumerate(entries):
        title = by_tconst.get(entry.tconst) if entry.tconst else None
        if title is None and not entry.tconst:
            title = find_title_by_name([entry.name], entry.year)
        if title is not None:
            found[index] = title
            continue
        reason = (
            f"{entry.tconst} is not in the catalogue"
            if entry.tconst
            else f"no title “{entry.name}” ({entry.year or 'no year'}) in the catalogue"
        )
        unmatched.append(Issue(entry.file, entry.line, reason))
    return found, unmatched


@transaction.atomic
def import_history(*, user: User, files: Iterable[tuple[str, bytes]]) -> HistoryReport:
    """Import exported history for ``user`` in one transaction; return what happened.

    Re-importing the same file changes nothing: ratings and watchlist entries
    are upserts, and a check-in or list entry already there is not added again.
    """
    report = HistoryReport()
    entries: list[Entry] = []
    for name, data in files:
        for item in read_upload(name, data):
            if isinstance(item, Issue):
                report.skipped.append(item)
            else:
                entries.append(item)
    found, report.unmatched = _match(entries)
    report.matched = len(found)
    now = timezone.now()
    ratings = []
    for index, title in found.items():
        entry = entries[index]
        moment = _moment(entry.on, now)
        if entry.value is not None and entry.kind in {"rating", "check_in"}:
            ratings.append(ImportedRating(user.pk, title.pk, entry.value, moment))
        if entry.kind == "watchlist":
            WatchlistEntry.objects.bulk_create(
                [WatchlistEntry(user=user, title=title, added_at=moment)], ignore_conflicts=True
            )
            report.imported["watchlist"] += 1
        elif entry.kind == "check_in":
            _, created = CheckIn.objects.get_or_create(
                user=user, title=title, watched_on=entry.on or now.date()
            )
            report.imported["check-ins"] += int(created)
        elif entry.kind == "list_item":
            report.imported["list entries"] += _add_to_named_list(user, entry.list_name, title)
    if ratings:
        report.imported["ratings"] = upsert_ratings(ratings)
    return report


def _moment(day: datetime.date | None, now: datetime.datetime) -> datetime.datetime:
    if day is None:
        return now
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def _add_to_named_list(user: User, list_name: str, title: Title) -> int:
    title_list, _ = TitleList.objects.get_or_create(
        user=user, name=list_name, defaults={"is_public": False}
    )
    if ListItem.objects.filter(title_list=title_list, title=title).exists():
        return 0
    position = title_list.items.count() + 1
    ListItem.objects.create(title_list=title_list, title=title, position=position)
    return 1


def check_upload_size(size: int, limit: int) -> None:
    if size > limit:
        raise InvalidInput(
            f"The file is larger than {limit // (1024 * 1024)} MiB: upload one export.",
            code="too_large",
        )
