"""Claims: each source's word on a title's or person's fields, and the values shown.

A title or person shows, per field, the value of the highest-ranked source
that states one (``source_rank``). Every writer records claims first and then
re-resolves the row, so a better source's value is never overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar, cast

from django.db import models, transaction

from reeldb.catalog.folding import fold
from reeldb.catalog.models import (
    PERSON_CLAIM_FIELDS,
    TITLE_CLAIM_FIELDS,
    Person,
    PersonClaim,
    Source,
    Title,
    TitleClaim,
    source_rank,
)

EMPTY_VALUES: tuple[object, ...] = (None, "", [])


ClaimT = TypeVar("ClaimT", TitleClaim, PersonClaim)


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


def apply_values(instance: models.Model, values: Mapping[str, Any]) -> list[str]:
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


def claim_values(values: Mapping[str, Any], allowed: Sequence[str]) -> dict[str, Any]:
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
        changed = apply_values(title, _winning_values(claims.get(title.pk, []), TITLE_CLAIM_FIELDS))
        if changed:
            title.full_clean(exclude=["parent", "source"], validate_unique=False)
            title.save(update_fields=changed)


def resolve_people(people: Sequence[Person]) -> None:
    """Re-choose the shown values of ``people`` from all their claims (see ``resolve_titles``)."""
    claims = _claims_by_owner(PersonClaim, "person_id", [person.pk for person in people])
    for person in people:
        changed = apply_values(
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


def store_claims(
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


def claim_stated_columns(
    claim_model: type[ClaimT],
    owner_field: str,
    owner: Title | Person,
    fields: Sequence[str],
) -> None:
    """Turn the columns of a row that has no claims into claims of the source that added it.

    A bulk loader may write a row's columns directly and record no claims (a
    claim row per field would multiply the largest tables). Until another
    source describes the row, its columns are exactly its own source's values,
    so they are kept as that source's claims before the new source's claims
    are resolved against them. The row's source is the only one with a word
    on it, so this needs no knowledge of which loader wrote it.
    """
    if claim_model.objects.filter(**{owner_field: owner}).exists():
        return
    values = claim_values(
        {name: getattr(owner, name) for name in fields if getattr(owner, name) not in EMPTY_VALUES},
        fields,
    )
    claim_model.objects.bulk_create(
        claim_model(**{owner_field: owner}, source_id=owner.source_id, field=name, value=value)
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
    claims = claim_values(values, allowed)
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
