"""Write a source's documents into the catalogue, merged with what is there: one set of rules.

Each ``TitleDocument`` (``records``) is one source's word on one title. Writing it again
replaces exactly that source's claims and facts, so writing it twice changes
nothing. A title is found by the source's key, then by its IMDb id, then by
its folded title and year; a person by IMDb id, then among the title's
credited people, then by a folded name only one person has; a company by its
name in any case. ``write_document`` applies these rules a row at a time;
``batches.write_documents`` applies them to many documents at once and hands
what it cannot do in bulk to ``write_document``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Model

from reeldb.catalog.folding import fold
from reeldb.catalog.models import (
    Credit,
    KnownFor,
    Person,
    Source,
    SourceKind,
    Title,
    TitleFact,
)
from reeldb.catalog.services import records
from reeldb.catalog.services.facts import SyncResult, sync_facts
from reeldb.catalog.services.images import reference_image
from reeldb.catalog.services.matching import (
    find_collection,
    find_company,
    find_only_person,
    find_title,
)
from reeldb.catalog.services.sources import get_source
from reeldb.catalog.services.upserts import upsert_person, upsert_title

# The fact lists a document may state, by their model's name in lower case
# ("plot", "companycredit"): every kind of fact a title has.
FACT_MODELS: dict[str, type[Model]] = {
    model.__name__.lower(): model for model in TitleFact.__subclasses__()
}


class UnknownKey(ValueError):
    """A record names a title or person by a key its source never wrote."""


@dataclass(frozen=True)
class Written:
    """What writing one document did: the title it describes and whether anything changed."""

    title: Title
    changed: bool


# What writing a document can fail with; a caller reports it and goes on.
Outcome = Written | DatabaseError | ValidationError | ValueError


def source_of(record: records.SourceRecord) -> Source:
    """Return the source ``record`` names, created on first use."""
    return get_source(
        kind=SourceKind(record.kind),
        name=record.name,
        url=record.url,
        lowercased=record.lowercased,
    )


@transaction.atomic
def write_document(*, document: records.TitleDocument) -> Written:
    """Write ``document`` in one transaction; return the title it describes."""
    source = source_of(document.source)
    parent = title_of(document.series, source) if document.series else None
    title, changed = _upsert_title(document.title, source, parent=parent)
    if document.credits is not None:
        changed |= sync_credits(title, source, document.credits)
    if document.images:
        changed |= reference_images(title, source, document.images)
    finders = _finders(source)
    for kind, rows in document.facts.items():
        changed |= write_title_facts(
            source=source,
            title=title,
            kind=kind,
            rows=[with_references(row, finders) for row in rows],
        ).changed
    return Written(title=title, changed=changed)


@transaction.atomic
def write_person(*, source: records.SourceRecord, person: records.PersonRecord) -> bool:
    """Write what ``source`` states about one person; return whether anything changed."""
    _person, changed = _upsert_person(person, source_of(source), {})
    return changed


@transaction.atomic
def write_known_for(
    *, source: records.SourceRecord, person: records.PersonRecord, titles: Sequence[str]
) -> bool:
    """Make the titles ``source`` says ``person`` is known for exactly ``titles``, in order.

    ``titles`` are the source's keys of titles it wrote before; returns
    whether anything changed.
    """
    saved = source_of(source)
    known = person_of(person, saved, {})
    rows = [{"title": title_of(records.TitleRecord(key=key), saved)} for key in titles]
    return sync_facts(owner=known, source=saved, model=KnownFor, rows=rows).changed


def write_title_facts(
    *, source: Source, title: Title | int, kind: str, rows: Sequence[Mapping[str, Any]]
) -> SyncResult:
    """Make ``source``'s ``kind`` facts of ``title`` (a title or its id) exactly ``rows``.

    ``kind`` names a fact list of ``FACT_MODELS``; see ``sync_facts`` for the rules.
    """
    # An id is enough: sync_facts filters and links by the title's key.
    owner = title if isinstance(title, Title) else Title(pk=title)
    return sync_facts(owner=owner, source=source, model=FACT_MODELS[kind], rows=rows)


def title_of(record: records.TitleRecord, source: Source) -> Title:
    """Return the title ``record`` names, created or updated from what it states."""
    title, _changed = _upsert_title(record, source)
    return title


def _upsert_title(
    record: records.TitleRecord, source: Source, *, parent: Title | None = None
) -> tuple[Title, bool]:
    if record.values is None:
        known = Title.objects.filter(source_keys__source=source, source_keys__key=record.key)
        title = known.first()
        if title is None:
            raise UnknownKey(f"names an unknown title {record.key!r}")
        return title, False
    match = None
    if record.match and not source.title_keys.filter(key=record.key).exists():
        match = find_title(record, within=parent)
    return upsert_title(
        source=source,
        key=record.key,
        values=record.values,
        tconst=record.tconst or None,
        parent=parent,
        match=match,
    )


def person_of(
    record: records.PersonRecord, source: Source, credited: Mapping[str, Person]
) -> Person:
    """Return the person ``record`` names; ``credited`` holds the title's people by folded name."""
    person, _changed = _upsert_person(record, source, credited)
    return person


def _upsert_person(
    record: records.PersonRecord, source: Source, credited: Mapping[str, Person]
) -> tuple[Person, bool]:
    if record.values is None:
        person = Person.objects.filter(
            source_keys__source=source, source_keys__key=record.key
        ).first()
        if person is None:
            raise UnknownKey(f"names an unknown person {record.key!r}")
        return person, False
    match = None
    if record.match and not (
        record.nconst and Person.objects.filter(nconst=record.nconst).exists()
    ):
        folded = fold(record.name)
        match = credited.get(folded) or find_only_person(folded)
    return upsert_person(
        source=source,
        key=record.key,
        values=record.values,
        nconst=record.nconst or None,
        match=match,
    )


def credit_values(record: records.CreditRecord) -> dict[str, Any]:
    """Return a credit's columns but its person."""
    return {
        "category": record.category,
        "job": record.job,
        "characters": list(record.characters),
        "credited_as": record.credited_as,
    }


def sync_credits(title: Title, source: Source, credits: Sequence[records.CreditRecord]) -> bool:
    """Make ``source``'s credits of ``title`` exactly ``credits``."""
    credited = {
        credit.person.folded_name: credit.person
        for credit in Credit.objects.filter(title=title).select_related("person")
    }
    rows = []
    for credit in credits:
        person = person_of(credit.person, source, credited)
        credited.setdefault(person.folded_name, person)
        rows.append({"person": person, **credit_values(credit)})
    return sync_facts(owner=title, source=source, model=Credit, rows=rows).changed


def reference_images(title: Title, source: Source, images: Sequence[records.ImageRecord]) -> bool:
    """Record the pictures ``source`` shows of ``title`` and its credited people.

    A portrait names its person by the key of a credit the source wrote; a
    person the source never credited is left out.
    """
    changed = False
    for image in images:
        owner: Title | Person | None = title
        if image.person:
            owner = Person.objects.filter(
                source_keys__source=source, source_keys__key=image.person
            ).first()
        if owner is not None:
            changed |= reference_image(
                owner=owner, source=source, url=image.url, attribution=image.attribution
            )[1]
    return changed


# Finds the row a fact row's column names, from what the record states there.
Finder = Callable[[Any], Model]


def with_references(row: Mapping[str, Any], finders: Mapping[str, Finder]) -> Mapping[str, Any]:
    """Return ``row`` with each column that names another row holding that row.

    ``finders`` maps such columns ("company", "collection", "target") to how
    the row is found; a row naming none comes back as it is.
    """
    named = [column for column in finders if column in row]
    if not named:
        return row
    return {**row, **{column: finders[column](row[column]) for column in named}}


def _finders(source: Source) -> dict[str, Finder]:
    return {
        "company": find_company,
        "collection": find_collection,
        "target": lambda target: _target(target, source),
    }


def _target(target: records.TitleRecord | records.RelatedRecord, source: Source) -> Title:
    if isinstance(target, records.RelatedRecord):
        return _related_title(target, source)
    return title_of(target, source)


def _related_title(related: records.RelatedRecord, source: Source) -> Title:
    """Create or update a recommended title from what its card shows.

    The card is this source's word about another title: its year, genres,
    rating, outline, director and stars are stored as this source's claims and
    facts about that title, under a key of their own.
    """
    title = title_of(related.title, source)
    if related.outline:
        rows = [{"kind": "outline", "text": related.outline}]
        write_title_facts(source=source, title=title, kind="plot", rows=rows)
    if related.credits:
        sync_credits(title, source, related.credits)
    return title
