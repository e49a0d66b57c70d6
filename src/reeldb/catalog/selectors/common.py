"""What every catalogue selector shares: ids, access helpers, de-duplication across sources."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from reeldb.catalog.models import (
    LOCAL_PERSON_PREFIX,
    LOCAL_TITLE_PREFIX,
    SOURCE_PRECEDENCE,
    Person,
    Title,
)
from reeldb.catalog.services import natural_key

TITLE_ID = re.compile(rf"(?:tt\d{{7,10}}|{LOCAL_TITLE_PREFIX}\d{{1,12}})")


PERSON_ID = re.compile(rf"(?:nm\d{{7,10}}|{LOCAL_PERSON_PREFIX}\d{{1,12}})")


RowT = TypeVar("RowT", bound=Model)


def by_precedence(rows: Iterable[RowT]) -> list[RowT]:
    """Return ``rows`` with one row per natural key: the best source's, in its order."""
    ranked = sorted(
        rows,
        key=lambda row: (SOURCE_PRECEDENCE.index(row.source.kind), row.ordering),  # type: ignore[attr-defined]
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


def get_title_or_404(public_id: str) -> Title:
    """Return the title with this ``tt`` or local ``rt`` id, with its series, or raise 404."""
    if not TITLE_ID.fullmatch(public_id):
        raise Http404("No such title")
    titles = Title.objects.select_related("parent")
    if public_id.startswith(LOCAL_TITLE_PREFIX):
        found = titles.filter(pk=int(public_id.removeprefix(LOCAL_TITLE_PREFIX))).first()
    else:
        found = titles.filter(tconst=public_id).first()
    if found is None:
        raise Http404("No such title")
    return found


def get_person_or_404(public_id: str) -> Person:
    """Return the person with this ``nm`` or local ``rn`` id, or raise 404."""
    if not PERSON_ID.fullmatch(public_id):
        raise Http404("No such person")
    if public_id.startswith(LOCAL_PERSON_PREFIX):
        found = Person.objects.filter(pk=int(public_id.removeprefix(LOCAL_PERSON_PREFIX))).first()
    else:
        found = Person.objects.filter(nconst=public_id).first()
    if found is None:
        raise Http404("No such person")
    return found
