"""What every catalogue selector shares: ids, access helpers, de-duplication across sources."""

from __future__ import annotations

import functools
import re
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model, QuerySet

from reeldb.catalog.models import (
    LOCAL_PERSON_PREFIX,
    LOCAL_TITLE_PREFIX,
    ExternalId,
    Person,
    Title,
    source_rank,
)
from reeldb.catalog.services import natural_key
from reeldb.errors import NotFound

TITLE_ID = re.compile(rf"(?:tt\d{{7,10}}|{LOCAL_TITLE_PREFIX}\d{{1,12}})")


PERSON_ID = re.compile(rf"(?:nm\d{{7,10}}|{LOCAL_PERSON_PREFIX}\d{{1,12}})")


RowT = TypeVar("RowT", bound=Model)


class PagedRows(ABC):
    """Previous and next of one page of a long list (a season's episodes, a filmography category).

    A subclass gives ``page`` (1-based) and ``page_count``.
    """

    page: int

    @property
    @abstractmethod
    def page_count(self) -> int: ...

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.page_count


def by_precedence(rows: Iterable[RowT]) -> list[RowT]:
    """Return ``rows`` with one row per natural key: the best source's, in its order."""
    ranked = sorted(
        rows,
        # A source's rows stay together and in its order; equal-ranked sources by age.
        key=lambda row: (source_rank(row.source.kind), row.source_id, row.ordering),  # type: ignore[attr-defined]
    )
    seen: set[tuple[object, ...]] = set()
    kept = []
    for row in ranked:
        key = natural_key(row)
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def with_source(model: type[Model]) -> QuerySet[Any]:
    return model._default_manager.select_related("source")


def grouped(rows: Iterable[RowT], attribute: str, order: Sequence[str]) -> dict[str, list[RowT]]:
    """Group ``rows`` by ``attribute``, groups in ``order`` (the choices' declared order)."""
    groups: dict[str, list[RowT]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, attribute)].append(row)
    return {key: groups[key] for key in order if key in groups}


RecordT = TypeVar("RecordT", Title, Person)
ItemT = TypeVar("ItemT")


@functools.lru_cache(maxsize=8)
def _one_row_sql(model: type[RecordT], field: str, probe: object, vendor: str) -> str:
    """Return the SQL reading the one ``model`` row whose unique ``field`` is a given value.

    Compiled once per model, field and database vendor (``probe`` is any value
    of the field's type) and then run with the value asked for: Django takes
    longer to compile even this query than the database takes to answer it,
    and every title and person page and API read starts with it.
    """
    rows = model._default_manager.filter(**{field: probe}).order_by()[:1]
    sql, _ = rows.query.sql_with_params()
    return sql


def _one_row(model: type[RecordT], field: str, value: str | int) -> RecordT | None:
    probe = 0 if isinstance(value, int) else ""
    sql = _one_row_sql(model, field, probe, connection.vendor)
    return next(iter(model._default_manager.raw(sql, [value])), None)


def _get_by_public_id(
    model: type[RecordT],
    public_id: str,
    *,
    pattern: re.Pattern[str],
    local_prefix: str,
    imdb_field: str,
) -> RecordT:
    """Return the row an IMDb id or a local id (``local_prefix`` + pk) names, or raise 404."""
    if not pattern.fullmatch(public_id):
        raise NotFound("No such page.")
    if public_id.startswith(local_prefix):
        found = _one_row(model, "pk", int(public_id.removeprefix(local_prefix)))
    else:
        found = _one_row(model, imdb_field, public_id)
    if found is None:
        raise NotFound("No such page.")
    return found


def get_title_or_404(public_id: str) -> Title:
    """Return the title with this ``tt`` or local ``rt`` id, with its series, or raise 404."""
    title = _get_by_public_id(
        Title, public_id, pattern=TITLE_ID, local_prefix=LOCAL_TITLE_PREFIX, imdb_field="tconst"
    )
    if title.parent_id is not None:
        # Read as a second row, not joined: most titles are not episodes.
        parent = _one_row(Title, "pk", title.parent_id)
        if parent is not None:
            title.parent = parent
    return title


def get_person_or_404(public_id: str) -> Person:
    """Return the person with this ``nm`` or local ``rn`` id, or raise 404."""
    return _get_by_public_id(
        Person, public_id, pattern=PERSON_ID, local_prefix=LOCAL_PERSON_PREFIX, imdb_field="nconst"
    )


def find_by_imdb_id(imdb_id: str) -> tuple[list[Title], list[Person]]:
    """Return the titles (``tt…``) or people (``nm…``) with this IMDb id: one at most of each."""
    if imdb_id.startswith("tt"):
        return list(Title.objects.select_related("parent").filter(tconst=imdb_id)), []
    if imdb_id.startswith("nm"):
        return [], list(Person.objects.filter(nconst=imdb_id))
    return [], []


def find_by_external_id(site: str, value: str) -> list[Title]:
    """Return the titles a source gives this id on another site (``ExternalSite``), oldest first."""
    return list(
        Title.objects.select_related("parent")
        .filter(pk__in=ExternalId.objects.filter(site=site, value=value).values("title_id"))
        .order_by("pk")
    )


def get_external_ids(title: Title) -> dict[str, str]:
    """Return the title's id on each other site (``ExternalSite``), from its best source."""
    rows = by_precedence(ExternalId.objects.filter(title=title).select_related("source"))
    found: dict[str, str] = {}
    for row in rows:
        found.setdefault(row.site, row.value)
    return found


def in_pages(rows: Iterable[ItemT], size: int) -> Iterator[list[ItemT]]:
    """Yield ``rows`` as lists of ``size`` (the last may be shorter), drawn as they are needed."""
    iterator = iter(rows)
    while page := list(islice(iterator, size)):
        yield page
