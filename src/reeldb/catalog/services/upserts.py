"""Find-or-create a title or person by a source's key, and build new rows for a bulk load."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from reeldb.catalog.folding import fold
from reeldb.catalog.models import (
    PERSON_CLAIM_FIELDS,
    TITLE_CLAIM_FIELDS,
    Person,
    PersonClaim,
    PersonSourceKey,
    Source,
    Title,
    TitleClaim,
    TitleSourceKey,
)
from reeldb.catalog.services.claims import (
    apply_values,
    claim_stated_columns,
    claim_values,
    resolve_people,
    resolve_titles,
    store_claims,
)
from reeldb.catalog.services.rows import insert_rows


@transaction.atomic
def upsert_title(
    *,
    source: Source,
    key: str,
    values: Mapping[str, Any],
    tconst: str | None = None,
    parent: Title | None = None,
    match: Title | None = None,
) -> tuple[Title, bool]:
    """Return the title ``source`` calls ``key``, created or updated, and whether anything changed.

    The title is found by the source's key, then by ``tconst``, then is
    ``match`` (a title the caller matched by other means, such as its name and
    year); otherwise it is created. ``values`` are recorded as this source's claims and the shown
    fields re-resolved, so a better source's values are never overwritten.
    ``values`` must name ``title_type`` and ``primary_title`` for a new title.
    """
    claims = claim_values(values, TITLE_CLAIM_FIELDS)
    link = TitleSourceKey.objects.select_related("title").filter(source=source, key=key).first()
    title = link.title if link else None
    if title is None and tconst:
        title = Title.objects.filter(tconst=tconst).first()
    title = title or match
    updates = []
    if title is None:
        title = build_title(source=source, values=values, tconst=tconst, parent=parent)
        title.validate_unique()
        title.validate_constraints()
        title.save()
        create_first_claims(title, source=source, key=key, claims=claims)
        return title, True
    else:
        if tconst and not title.tconst:
            title.tconst = tconst
            updates.append("tconst")
        if parent is not None and title.parent_id != parent.pk:
            title.parent = parent
            updates.append("parent")
        if updates:
            title.save(update_fields=updates)
    if link is None:
        TitleSourceKey.objects.get_or_create(source=source, key=key, defaults={"title": title})
    claim_stated_columns(TitleClaim, "title", title, TITLE_CLAIM_FIELDS)
    claims_changed = store_claims(TitleClaim, "title", title, source, claims)
    resolve_titles([title])
    return title, bool(updates) or claims_changed


@dataclass(frozen=True)
class NewTitle:
    """A title a source knows and the catalogue does not: its key, its values, its IMDb id."""

    key: str
    values: Mapping[str, Any]
    tconst: str | None = None


CREATE_BATCH = 2_000


@transaction.atomic
def create_titles(*, source: Source, titles: Sequence[NewTitle]) -> dict[str, int]:
    """Create titles no catalogue row matches, in bulk; return each key's new title id.

    What ``upsert_title`` does for a title it creates, a batch at a time: one
    insert per ``CREATE_BATCH`` titles, then their source keys and claims in
    one prepared statement each. The caller has matched them first (by key,
    IMDb id, name and year) and passes each IMDb id once. Saving signals are
    not sent: an importer rebuilds what derives from titles (the search index)
    after it.
    """
    created: dict[str, int] = {}
    for start in range(0, len(titles), CREATE_BATCH):
        batch = titles[start : start + CREATE_BATCH]
        rows = Title.objects.bulk_create(
            [build_title(source=source, values=t.values, tconst=t.tconst) for t in batch]
        )
        claims: list[models.Model] = []
        for new, row in zip(batch, rows, strict=True):
            created[new.key] = row.pk
            claims.extend(build_claims(row, source=source, key=new.key, values=new.values))
        insert_rows(claims)
    return created


@transaction.atomic
def upsert_person(
    *,
    source: Source,
    key: str,
    values: Mapping[str, Any],
    nconst: str | None = None,
    match: Person | None = None,
) -> tuple[Person, bool]:
    """Return the person ``source`` calls ``key``, and whether anything changed.

    See ``upsert_title`` for the rules.
    """
    claims = claim_values(values, PERSON_CLAIM_FIELDS)
    link = PersonSourceKey.objects.select_related("person").filter(source=source, key=key).first()
    person = link.person if link else None
    if person is None and nconst:
        person = Person.objects.filter(nconst=nconst).first()
    person = person or match
    created = person is None
    if person is None:
        person = build_person(source=source, values=values, nconst=nconst)
        person.validate_unique()
        person.save()
        create_first_claims(person, source=source, key=key, claims=claims)
        return person, True
    if nconst and not person.nconst:
        person.nconst = nconst
        person.save(update_fields=["nconst"])
        created = True
    if link is None:
        PersonSourceKey.objects.get_or_create(source=source, key=key, defaults={"person": person})
    claim_stated_columns(PersonClaim, "person", person, PERSON_CLAIM_FIELDS)
    claims_changed = store_claims(PersonClaim, "person", person, source, claims)
    resolve_people([person])
    return person, created or claims_changed


def build_title(
    *,
    source: Source,
    values: Mapping[str, Any],
    tconst: str | None = None,
    parent: Title | None = None,
) -> Title:
    """Return a new title made of one source's ``values``, its fields validated, not saved.

    Uniqueness and the table's check constraints are left to the caller: each
    costs a query, which a bulk load leaves to the database's own constraints.
    """
    title = Title(tconst=tconst, source=source, parent=parent)
    apply_values(title, claim_values(values, TITLE_CLAIM_FIELDS))
    title.full_clean(
        exclude=["parent", "source"], validate_unique=False, validate_constraints=False
    )
    title.folded_title = fold(title.primary_title)
    return title


def build_person(*, source: Source, values: Mapping[str, Any], nconst: str | None = None) -> Person:
    """Return a new person made of one source's ``values``, validated but for uniqueness."""
    person = Person(nconst=nconst, source=source)
    apply_values(person, claim_values(values, PERSON_CLAIM_FIELDS))
    person.full_clean(exclude=["source"], validate_unique=False)
    person.folded_name = fold(person.primary_name)
    return person


def build_claims(
    owner: Title | Person, *, source: Source, key: str, values: Mapping[str, Any]
) -> list[models.Model]:
    """Return ``source``'s key for a saved ``owner`` and its claims, as unsaved rows.

    A bulk load inserts them with ``insert_rows``, then calls
    ``resolve_titles``/``resolve_people`` for the owners that existed before.
    """
    if isinstance(owner, Title):
        claims = claim_values(values, TITLE_CLAIM_FIELDS)
        return [
            TitleSourceKey(title=owner, source=source, key=key),
            *(TitleClaim(title=owner, source=source, field=f, value=v) for f, v in claims.items()),
        ]
    claims = claim_values(values, PERSON_CLAIM_FIELDS)
    return [
        PersonSourceKey(person=owner, source=source, key=key),
        *(PersonClaim(person=owner, source=source, field=f, value=v) for f, v in claims.items()),
    ]


def create_first_claims(
    owner: Title | Person, *, source: Source, key: str, claims: Mapping[str, Any]
) -> None:
    """Record a just-created row's source key and claims, in two statements.

    Its only claims are this source's, which are the values it was created
    with, so there is nothing to look up or re-resolve.
    """
    insert_rows(build_claims(owner, source=source, key=key, values=claims))
