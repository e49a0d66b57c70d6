"""Writes to the catalogue: the primitives every importer is built from.

An importer finds or creates a title by the source's own key (``upsert_title``),
records the source's single-valued facts as claims (the shown value is chosen
by source precedence), and replaces that source's list facts with what the
source states now (``sync_title_facts``). Together they make re-importing the
same document a no-op and let several sources describe one title.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.db import connection, models, transaction

from reeldb.catalog.folding import fold
from reeldb.catalog.models import (
    PERSON_CLAIM_FIELDS,
    TITLE_CLAIM_FIELDS,
    Person,
    PersonClaim,
    PersonSourceKey,
    Source,
    SourceKind,
    Title,
    TitleClaim,
    TitleSourceKey,
    source_rank,
)

EMPTY_VALUES: tuple[object, ...] = (None, "", [])

# The fields IMDb's datasets state. A title or person the datasets added and no
# other source has described keeps these values only in its own columns (the
# bulk load writes no claim rows, see docs/importers/imdb.md); they become
# claims the moment a second source describes it.
# title.basics' columns, as the catalogue names them.
DATASET_BASICS_FIELDS: tuple[str, ...] = (
    "title_type",
    "primary_title",
    "original_title",
    "is_adult",
    "start_year",
    "end_year",
    "runtime_minutes",
    "genres",
)
DATASET_TITLE_FIELDS: tuple[str, ...] = (
    *DATASET_BASICS_FIELDS,
    "season_number",
    "episode_number",
    "average_rating",
    "num_votes",
)
DATASET_PERSON_FIELDS: tuple[str, ...] = (
    "primary_name",
    "birth_year",
    "death_year",
    "primary_profession",
)


def get_source(*, kind: SourceKind, name: str, url: str = "") -> Source:
    """Return the source of this kind and name, creating it on first use."""
    source, _ = Source.objects.get_or_create(kind=kind, name=name, defaults={"url": url})
    return source


def _winning_values(
    claims: Iterable[tuple[str, Any, str, bool]], fields: Sequence[str]
) -> dict[str, Any]:
    """Return, per field, the non-empty value of the highest-precedence source.

    ``claims`` holds ``(field, value, source_kind, source_lowercased)``; fields
    no source states a value for are left out, so the row keeps what it has.
    A lower-cased source's text is a guess at capitals: when another source
    states the same text with its capitals ("Antonio Banderas" for "antonio
    banderas"), that spelling is shown, still by the winning source's word.
    """
    ranked = sorted(claims, key=lambda claim: source_rank(claim[2]))
    winners: dict[str, Any] = {}
    for field, value, _kind, lowercased in ranked:
        if field in fields and field not in winners and value not in EMPTY_VALUES:
            winners[field] = _spelling(field, value, ranked) if lowercased else value
    return winners


def _spelling(field: str, value: Any, claims: Sequence[tuple[str, Any, str, bool]]) -> Any:
    """Return ``value`` as a source that kept its capitals spells it, if one does."""
    if not isinstance(value, str):
        return value
    key = fold(value)
    return next(
        (
            other
            for name, other, _kind, lowercased in claims
            if name == field and not lowercased and isinstance(other, str) and fold(other) == key
        ),
        value,
    )


def _apply_values(instance: models.Model, values: Mapping[str, Any]) -> list[str]:
    """Set ``values`` on ``instance`` through each field's ``to_python``; return what changed."""
    changed = []
    for name, raw in values.items():
        field = cast("models.Field[Any, Any]", instance._meta.get_field(name))
        # A float 7.2 would become Decimal 7.20 at the field's precision; "7.2" stays 7.2.
        exact = (
            repr(raw) if isinstance(field, models.DecimalField) and isinstance(raw, float) else raw
        )
        value = field.to_python(exact)
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _claim_values(values: Mapping[str, Any], allowed: Sequence[str]) -> dict[str, Any]:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"Not claimable fields: {', '.join(sorted(unknown))}")
    # Claims are JSON: keep decimals exact as strings ("7.2"), never floats.
    return {
        name: str(value) if hasattr(value, "as_tuple") else value for name, value in values.items()
    }


def resolve_titles(titles: Sequence[Title]) -> None:
    """Re-choose the shown values of ``titles`` from all their claims, in one query.

    An importer that adds claims in bulk calls this once for the titles that
    already existed; a title created from one source's claims needs nothing.
    """
    claims = _claims_by_owner(TitleClaim, "title_id", [title.pk for title in titles])
    for title in titles:
        changed = _apply_values(
            title, _winning_values(claims.get(title.pk, []), TITLE_CLAIM_FIELDS)
        )
        if changed:
            title.full_clean(exclude=["parent", "source"], validate_unique=False)
            title.save(update_fields=changed)


def resolve_people(people: Sequence[Person]) -> None:
    """Re-choose the shown values of ``people`` from all their claims (see ``resolve_titles``)."""
    claims = _claims_by_owner(PersonClaim, "person_id", [person.pk for person in people])
    for person in people:
        changed = _apply_values(
            person, _winning_values(claims.get(person.pk, []), PERSON_CLAIM_FIELDS)
        )
        if changed:
            person.full_clean(exclude=["source"], validate_unique=False)
            person.save(update_fields=changed)


def _claims_by_owner(
    claim_model: type[TitleClaim] | type[PersonClaim], owner_column: str, owner_ids: list[int]
) -> dict[int, list[tuple[str, Any, str, bool]]]:
    rows = claim_model.objects.filter(**{f"{owner_column}__in": owner_ids}).values_list(
        owner_column, "field", "value", "source__kind", "source__lowercased"
    )
    claims: dict[int, list[tuple[str, Any, str, bool]]] = {}
    for owner_id, *claim in rows:
        claims.setdefault(owner_id, []).append(tuple(claim))
    return claims


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
    claims = _claim_values(values, TITLE_CLAIM_FIELDS)
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
        _create_first_claims(title, source=source, key=key, claims=claims)
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
    _claim_dataset_columns(TitleClaim, "title", title, DATASET_TITLE_FIELDS)
    claims_changed = _store_claims(TitleClaim, "title", title, source, claims)
    resolve_titles([title])
    return title, bool(updates) or claims_changed


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
    claims = _claim_values(values, PERSON_CLAIM_FIELDS)
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
        _create_first_claims(person, source=source, key=key, claims=claims)
        return person, True
    if nconst and not person.nconst:
        person.nconst = nconst
        person.save(update_fields=["nconst"])
        created = True
    if link is None:
        PersonSourceKey.objects.get_or_create(source=source, key=key, defaults={"person": person})
    _claim_dataset_columns(PersonClaim, "person", person, DATASET_PERSON_FIELDS)
    claims_changed = _store_claims(PersonClaim, "person", person, source, claims)
    resolve_people([person])
    return person, created or claims_changed


ClaimT = TypeVar("ClaimT", TitleClaim, PersonClaim)


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
    _apply_values(title, _claim_values(values, TITLE_CLAIM_FIELDS))
    title.full_clean(
        exclude=["parent", "source"], validate_unique=False, validate_constraints=False
    )
    title.folded_title = fold(title.primary_title)
    return title


def build_person(*, source: Source, values: Mapping[str, Any], nconst: str | None = None) -> Person:
    """Return a new person made of one source's ``values``, validated but for uniqueness."""
    person = Person(nconst=nconst, source=source)
    _apply_values(person, _claim_values(values, PERSON_CLAIM_FIELDS))
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
        claims = _claim_values(values, TITLE_CLAIM_FIELDS)
        return [
            TitleSourceKey(title=owner, source=source, key=key),
            *(TitleClaim(title=owner, source=source, field=f, value=v) for f, v in claims.items()),
        ]
    claims = _claim_values(values, PERSON_CLAIM_FIELDS)
    return [
        PersonSourceKey(person=owner, source=source, key=key),
        *(PersonClaim(person=owner, source=source, field=f, value=v) for f, v in claims.items()),
    ]


def insert_rows(rows: Iterable[models.Model]) -> None:
    """Insert unsaved rows that no other row points at, by model, with one prepared statement each.

    Their primary keys are not read back, which is what lets this skip the
    ORM's per-row compilation (``bulk_create`` spends most of a bulk load
    there): claims, source keys and facts need none. Rows must be validated,
    and the rows they point at saved, before they come here.
    """
    by_model: dict[type[models.Model], list[models.Model]] = {}
    for row in rows:
        by_model.setdefault(type(row), []).append(row)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, group in by_model.items():
            fields = [field for field in model._meta.concrete_fields if not field.primary_key]
            columns = ", ".join(quote(field.column or field.attname) for field in fields)
            placeholders = ", ".join(["%s"] * len(fields))
            table = quote(model._meta.db_table)
            # Table and column names come from the models; values go as parameters.
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(
                sql,
                [
                    [
                        field.get_db_prep_save(field.pre_save(row, True), connection)
                        for field in fields
                    ]
                    for row in group
                ],
            )


def _create_first_claims(
    owner: Title | Person, *, source: Source, key: str, claims: Mapping[str, Any]
) -> None:
    """Record a just-created row's source key and claims, in two statements.

    Its only claims are this source's, which are the values it was created
    with, so there is nothing to look up or re-resolve.
    """
    insert_rows(build_claims(owner, source=source, key=key, values=claims))


def _store_claims(
    claim_model: type[ClaimT],
    owner_field: str,
    owner: models.Model,
    source: Source,
    claims: Mapping[str, Any],
) -> bool:
    """Make ``source``'s claims about ``owner`` exactly ``claims``; return whether any changed."""
    existing = {
        claim.field: claim
        for claim in claim_model.objects.filter(**{owner_field: owner, "source": source})
    }
    changed = []
    created = 0
    for field, value in claims.items():
        claim = existing.pop(field, None)
        if claim is None:
            claim_model.objects.create(
                **{owner_field: owner}, source=source, field=field, value=value
            )
            created += 1
        elif claim.value != value:
            claim.value = value
            changed.append(claim)
    if changed:
        claim_model.objects.bulk_update(changed, ["value"])
    if existing:
        claim_model.objects.filter(pk__in=[claim.pk for claim in existing.values()]).delete()
    return bool(created or changed or existing)


def _claim_dataset_columns(
    claim_model: type[ClaimT],
    owner_field: str,
    owner: Title | Person,
    fields: Sequence[str],
) -> None:
    """Turn the columns of a row only an IMDb dataset has described into that dataset's claims.

    The dataset importer writes such rows' columns directly and records no
    claims (a claim row per field would multiply the largest tables); the
    first time another source describes the row, the columns still are exactly
    the dataset's values, so they are kept as its claims before the new
    source's claims are resolved against them.
    """
    if owner.source.kind != SourceKind.IMDB_DATASET:
        return
    if claim_model.objects.filter(**{owner_field: owner}).exists():
        return
    values = _claim_values(
        {name: getattr(owner, name) for name in fields if getattr(owner, name) not in EMPTY_VALUES},
        fields,
    )
    claim_model.objects.bulk_create(
        claim_model(**{owner_field: owner}, source=owner.source, field=name, value=value)
        for name, value in values.items()
    )


@transaction.atomic
def claim_title_values(*, title: Title, source: Source, values: Mapping[str, Any]) -> bool:
    """Record ``source``'s values for these fields of ``title`` and re-resolve what it shows.

    Unlike ``upsert_title`` this touches only the fields named, so a dataset
    file that states some fields (the ratings) leaves the claims another file
    of the same source made (the basics) alone. ``None`` withdraws the claim.
    Returns whether any claim changed.
    """
    return _claim_values_of(
        claim_model=TitleClaim,
        owner_field="title",
        owner=title,
        source=source,
        values=values,
        allowed=TITLE_CLAIM_FIELDS,
    )


@transaction.atomic
def claim_person_values(*, person: Person, source: Source, values: Mapping[str, Any]) -> bool:
    """Record ``source``'s values for these fields of ``person``; see ``claim_title_values``."""
    return _claim_values_of(
        claim_model=PersonClaim,
        owner_field="person",
        owner=person,
        source=source,
        values=values,
        allowed=PERSON_CLAIM_FIELDS,
    )


def _claim_values_of(
    *,
    claim_model: type[ClaimT],
    owner_field: str,
    owner: Title | Person,
    source: Source,
    values: Mapping[str, Any],
    allowed: Sequence[str],
) -> bool:
    claims = _claim_values(values, allowed)
    existing = {
        claim.field: claim
        for claim in claim_model.objects.filter(**{owner_field: owner, "source": source})
    }
    changed = False
    for field, value in claims.items():
        claim = existing.get(field)
        if value is None:
            if claim is not None:
                claim.delete()
                changed = True
        elif claim is None:
            claim_model.objects.create(
                **{owner_field: owner}, source=source, field=field, value=value
            )
            changed = True
        elif claim.value != value:
            claim.value = value
            claim.save(update_fields=["value"])
            changed = True
    if isinstance(owner, Title):
        resolve_titles([owner])
    else:
        resolve_people([owner])
    return changed


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
