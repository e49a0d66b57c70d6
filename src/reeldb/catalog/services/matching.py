"""How a record finds the row it means when its source has no key for it yet.

The writer's per-document path asks the database (``find_title``,
``find_only_person``, ``find_company``); its batch path reads a batch's
candidates at once and decides with ``choose_title``, the same last step.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import F, Q

from reeldb.catalog.folding import fold
from reeldb.catalog.models import SERIES_TYPES, Collection, Company, Person, Title
from reeldb.catalog.services.records import TitleRecord

# Longest company or collection name the tables hold; a longer one is cut to it, then matched.
NAME_LENGTH = 300


def find_title(record: TitleRecord, *, within: Title | None = None) -> Title | None:
    """Return the title ``record`` names: by IMDb id, else by folded title and year (and series)."""
    if record.tconst:
        found = Title.objects.filter(tconst=record.tconst).first()
        if found is not None:
            return found
    key = fold(record.name)
    year = record.year
    if key and year is None and within is None and record.stated_type in SERIES_TYPES:
        # An episode page names its series without a year: the one series of
        # that name is the one it means; of two, neither can be told.
        series = list(Title.objects.filter(folded_title=key, title_type__in=SERIES_TYPES)[:2])
        return series[0] if len(series) == 1 else None
    if not key or (year is None and within is None):
        return None
    candidates = Title.objects.filter(folded_title=key)
    if within is not None:
        candidates = candidates.filter(parent=within)
    if year is not None and record.stated_type in SERIES_TYPES:
        # A series first met on an episode page has no year yet.
        in_year = Q(start_year=year) | Q(start_year__isnull=True, title_type__in=SERIES_TYPES)
        candidates = candidates.filter(in_year)
    elif year is not None:
        candidates = candidates.filter(start_year=year)
    ordered = candidates.order_by(F("start_year").asc(nulls_last=True), "pk")
    return choose_title(list(ordered[:5]), record)


def choose_title(candidates: Sequence[Title], record: TitleRecord) -> Title | None:
    """Pick the title ``record`` means among titles of its folded name and year, oldest first.

    A record that states its type matches only a title of the same family
    (series or not): a film and the series made from it share name and year.
    """
    if not record.stated_type:
        return candidates[0] if candidates else None
    series_wanted = record.stated_type in SERIES_TYPES
    return next(
        (title for title in candidates if (title.title_type in SERIES_TYPES) == series_wanted),
        None,
    )


def find_only_person(folded: str) -> Person | None:
    """Return the one person with this folded name; none when two share it (ambiguous)."""
    people = list(Person.objects.filter(folded_name=folded)[:2])
    return people[0] if len(people) == 1 else None


def company_key(name: str) -> str:
    """Return what identifies a company by name: its name cut to the column, in any case."""
    return name[:NAME_LENGTH].lower()


def find_company(name: str) -> Company:
    """Return the company of this name, whatever the case a source spelled it in."""
    name = name[:NAME_LENGTH]
    found = Company.objects.filter(name__iexact=name).first()
    return found or Company.objects.create(name=name)


def find_collection(name: str) -> Collection:
    """Return the collection (a series of films) of exactly this name, created on first use."""
    return Collection.objects.get_or_create(name=name[:NAME_LENGTH])[0]
