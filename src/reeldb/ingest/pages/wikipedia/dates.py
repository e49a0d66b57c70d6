"""Release dates as an infobox shows them, only as precise as the article states them.

Every form comes here as rendered text: "27 August 1953 (Venice)", "August
27, 1953 (1953-08-27) (Venice)" (HTML keeps a hidden ISO copy), "March 1998
(India)", "4 March 2011 – present". A date without its day is kept as a year
and a month, never given an invented day: it becomes a release date of
precision "month" (or "year"), which pages show as "March 1998".
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from reeldb.ingest.pages.schema import Dated
from reeldb.ingest.pages.text import MONTHS, parse_date

# "4 March 2011 – 1 June 2015", "2019–present": the end of a run.
RANGE_SEPARATOR = re.compile(r"\s*[–—]\s*|\s+-\s+|\s+to\s+|\s+until\s+")
# The hidden microformat copy HTML renders after a date: "(1953-08-27)", "(1998-03)".
HIDDEN_ISO_COPY = re.compile(r"\(\s*\d{4}(?:-\d\d){0,2}\s*\)")
MONTH_YEAR = re.compile(r"\b([a-z]{3,9})\.?,?\s+(\d{4})\b")
ISO_MONTH = re.compile(r"\b(\d{4})-(\d\d)\b")
YEAR = re.compile(r"\b(\d{4})\b")
PLACE = re.compile(r"\(([^()]+)\)")
# The years a release can have: films were first shown in the 1880s.
FIRST_YEAR, LAST_YEAR = 1870, 2100


@dataclass(frozen=True)
class StatedDate:
    """A date as precise as the article gives it: a day, a month or only a year.

    ``ends_run`` marks the second date of a range ("2011 – 2015"): the end of
    a series' run, not a release.
    """

    year: int
    month: int | None = None
    day: int | None = None
    place: str = ""
    ends_run: bool = False

    @property
    def precision(self) -> str:
        """Return how much of the date the article states, as a ``DatePrecision`` value."""
        return "day" if self.day else "month" if self.month else "year"

    def dated(self, home: str) -> Dated:
        """Return the release this date is; one stated without a place is at ``home``."""
        first_day = datetime.date(self.year, self.month or 1, self.day or 1)
        return Dated(country=self.place or home, date=first_day, precision=self.precision)


def read_dates(item: str) -> list[StatedDate]:
    """Return the dates of one infobox item; a range gives both ends, "present" none.

    The place is the last parenthesised words that are not a date: "(Venice)",
    "(United States)".
    """
    dates = []
    for position, written in enumerate(RANGE_SEPARATOR.split(item)[:2]):
        part = HIDDEN_ISO_COPY.sub("", written)
        places = [place.strip() for place in PLACE.findall(part) if place.strip()]
        outside = PLACE.sub("", part)
        stated = _stated(outside, places[-1][:100] if places else "", ends_run=position > 0)
        if stated is not None:
            dates.append(stated)
    return dates


def _stated(text: str, place: str, *, ends_run: bool) -> StatedDate | None:
    stated = _date_in(text, place, ends_run=ends_run)
    if stated is None or not FIRST_YEAR <= stated.year <= LAST_YEAR:
        return None
    return stated


def _date_in(text: str, place: str, *, ends_run: bool) -> StatedDate | None:
    day = parse_date(text)
    if day is not None:
        return StatedDate(day.year, day.month, day.day, place, ends_run)
    lowered = text.lower()
    month_year = MONTH_YEAR.search(lowered)
    if month_year and month_year.group(1) in MONTHS:
        month = MONTHS[month_year.group(1)]
        return StatedDate(int(month_year.group(2)), month, place=place, ends_run=ends_run)
    iso_month = ISO_MONTH.search(lowered)
    if iso_month and 1 <= int(iso_month.group(2)) <= 12:
        year, month = int(iso_month.group(1)), int(iso_month.group(2))
        return StatedDate(year, month, place=place, ends_run=ends_run)
    year_only = YEAR.search(lowered)
    if year_only is None:
        return None
    return StatedDate(int(year_only.group(1)), place=place, ends_run=ends_run)
