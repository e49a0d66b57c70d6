"""Fact lists (credits, AKAs, plots, …): each source's rows about a title, kept in sync."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from django.db import models, transaction

from reeldb.catalog.models import ExternalId, Person, Source, Title

RowT = TypeVar("RowT", bound=models.Model)


@dataclass(frozen=True)
class SyncResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def natural_key(row: models.Model) -> tuple[object, ...]:
    """Return what identifies ``row`` as a fact, whichever source stated it."""
    fields: tuple[str, ...] = getattr(row, "natural_key_fields")  # noqa: B009
    return tuple(_hashable(getattr(row, name)) for name in fields)


def _hashable(value: object) -> object:
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True)
    return value


@functools.cache
def _relation_names(model: type[models.Model]) -> list[str]:
    return [field.name for field in model._meta.fields if field.is_relation]


def build_facts(
    owner: Title | Person, source: Source, model: type[RowT], rows: Sequence[Mapping[str, Any]]
) -> list[RowT]:
    """Return ``rows`` as unsaved, validated ``model`` rows of ``owner``, each fact once, in order.

    Rows naming other rows (a credit's person) need those saved first: the
    natural key that drops repeats is made of their ids.
    """
    if not rows:
        return []
    owner_field = "title" if isinstance(owner, Title) else "person"
    relations = _relation_names(model)
    built: dict[tuple[object, ...], RowT] = {}
    for position, values in enumerate(rows):
        row = model(**{owner_field: owner}, source=source, ordering=position, **values)
        row.clean_fields(exclude=relations)
        built.setdefault(natural_key(row), row)
    return list(built.values())


@transaction.atomic
def sync_facts(
    *,
    owner: Title | Person,
    source: Source,
    model: type[RowT],
    rows: Sequence[Mapping[str, Any]],
) -> SyncResult:
    """Make the ``model`` rows that ``source`` states about ``owner`` exactly ``rows``, in order.

    ``owner`` is the title (or, for ``KnownFor``, the person) the rows belong to.
    Rows are matched to what is stored by their natural key: unchanged rows are
    left alone, changed ones updated, missing ones created, and rows this
    source no longer states deleted. Other sources' rows are never touched.
    Each row's fields are validated before anything is written.
    """
    owner_field = "title" if isinstance(owner, Title) else "person"
    manager = model._default_manager
    existing = {
        natural_key(row): row for row in manager.filter(**{owner_field: owner, "source": source})
    }
    wanted = {natural_key(row): row for row in build_facts(owner, source, model, rows)}
    to_create: list[RowT] = []
    to_update: list[RowT] = []
    update_fields: set[str] = set()
    for key, row in wanted.items():
        current = existing.pop(key, None)
        if current is None:
            to_create.append(row)
            continue
        differences = [
            field.attname
            for field in model._meta.concrete_fields
            if not field.primary_key
            and getattr(current, field.attname) != getattr(row, field.attname)
        ]
        if differences:
            for name in differences:
                setattr(current, name, getattr(row, name))
            to_update.append(current)
            update_fields.update(differences)
    # By owner and id: on PostgreSQL the largest tables are keyed by owner first
    # (catalog migration 0009).
    owned = manager.filter(**{owner_field: owner})
    if existing:
        owned.filter(pk__in=[row.pk for row in existing.values()]).delete()
    manager.bulk_create(to_create)
    if to_update:
        owned.bulk_update(to_update, sorted(update_fields))
    return SyncResult(created=len(to_create), updated=len(to_update), deleted=len(existing))


# External ids written at once by ``replace_external_ids``.
EXTERNAL_ID_BATCH = 5_000


@transaction.atomic
def replace_external_ids(*, source: Source, ids: Iterable[tuple[int, str, str]]) -> int:
    """Make ``source``'s external ids exactly ``ids`` (title id, site, value); return how many.

    A release (MovieLens' ``links.csv``) states every id it knows at once, so
    its rows are replaced whole, in bulk, rather than title by title.
    """
    ExternalId.objects.filter(source=source).delete()
    rows = (
        ExternalId(title_id=title_id, site=site, value=value, source=source, ordering=0)
        for title_id, site, value in dict.fromkeys(ids)
    )
    written = 0
    for batch in iter(lambda: list(islice(rows, EXTERNAL_ID_BATCH)), []):
        ExternalId.objects.bulk_create(batch)
        written += len(batch)
    return written
