"""Write many documents at once: a batch's rows go in with one statement per table.

``writer.write_document`` looks up and writes each row alone, about a hundred
statements a document, which holds a Wikipedia export near 40 articles a
second. Most documents of an export are new: a source never seen, about a
title that may exist already. For those, this module reads what the whole
batch needs in a few queries, decides every row in Python by the writer's
rules (``matching.choose_title``, the same record-to-row functions), and
inserts each table in one statement. Every other document (a rewrite of its
source, an episode and its series, a page with recommendations, a repeat
within the batch) goes to ``write_document``, and so does every document of a
batch whose write fails: each in its own transaction, so a failure still
leaves nothing of its document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Model, Q
from django.db.models.functions import Lower

from reeldb.catalog.folding import fold
from reeldb.catalog.models import Collection, Company, Credit, Image, Person, Source, Title
from reeldb.catalog.services.claims import resolve_people, resolve_titles
from reeldb.catalog.services.facts import build_facts
from reeldb.catalog.services.matching import NAME_LENGTH, choose_title, company_key
from reeldb.catalog.services.records import (
    PersonRecord,
    SourceRecord,
    TitleDocument,
    TitleRecord,
)
from reeldb.catalog.services.rows import insert_rows
from reeldb.catalog.services.upserts import build_claims, build_person, build_title
from reeldb.catalog.services.writer import (
    FACT_MODELS,
    Finder,
    Outcome,
    Written,
    credit_values,
    with_references,
    write_document,
)


@dataclass
class _TitlePlan:
    """A title a document (or one of its connections) is about, found or to be created."""

    record: TitleRecord
    title: Title
    is_new: bool


@dataclass
class _PersonPlan:
    """A person a document credits, found or to be created."""

    record: PersonRecord
    person: Person
    is_new: bool


@dataclass
class _Plan:
    """Everything one new document will write, decided before anything is written."""

    document: TitleDocument
    source: Source
    title: _TitlePlan
    people: dict[str, _PersonPlan] = field(default_factory=dict)
    # Connection targets by their record's key.
    targets: dict[str, _TitlePlan] = field(default_factory=dict)

    def title_plans(self) -> list[_TitlePlan]:
        return [self.title, *self.targets.values()]


def write_documents(*, documents: Sequence[TitleDocument]) -> list[Outcome]:
    """Write ``documents``; return what became of each, in order.

    The documents that can go in bulk are written in one transaction; should
    it fail, every document is written alone, so the outcome of a bad one
    names what is wrong with it and the others are kept.
    """
    try:
        with transaction.atomic():
            plans = _plan_and_write(documents)
    except (DatabaseError, ValidationError, ValueError):
        plans = {}
    return [
        Written(title=plans[position].title.title, changed=True)
        if position in plans
        else _write_one(document)
        for position, document in enumerate(documents)
    ]


def _write_one(document: TitleDocument) -> Outcome:
    try:
        return write_document(document=document)
    except (DatabaseError, ValidationError, ValueError) as error:
        return error


def _plan_and_write(documents: Sequence[TitleDocument]) -> dict[int, _Plan]:
    """Write the documents that can go in bulk; return their plans by position in the batch."""
    lookups = _Lookups.read(documents)
    plans: dict[int, _Plan] = {}
    for position, document in enumerate(documents):
        if not lookups.can_plan(document):
            continue
        try:
            plans[position] = lookups.plan(document)
        except (ValidationError, ValueError):
            continue  # the per-document path gives the verdict and its message
    _write(list(plans.values()), lookups)
    return plans


def _connections(document: TitleDocument) -> list[TitleRecord]:
    return [row["target"] for row in document.facts.get("connection", ())]


def _names(document: TitleDocument, column: str) -> list[str]:
    return [row[column] for rows in document.facts.values() for row in rows if column in row]


class _Lookups:
    """What a batch needs from the database, read in a few queries, and what it adds."""

    def __init__(self) -> None:
        self.sources: set[tuple[str, str]] = set()
        self.titles_by_tconst: dict[str, Title] = {}
        self.titles_by_name: dict[tuple[str, int], list[Title]] = defaultdict(list)
        self.people_by_nconst: dict[str, Person] = {}
        self.people_by_name: dict[str, list[Person]] = defaultdict(list)
        self.companies: dict[str, Company] = {}
        self.collections: dict[str, Collection] = {}
        # People credited on each title, by the title object's id: titles
        # planned in this batch have no primary key yet.
        self.credited: dict[int, dict[str, Person]] = {}

    @classmethod
    def read(cls, batch: Sequence[TitleDocument]) -> _Lookups:
        lookups = cls()
        names = [document.source.name for document in batch]
        lookups.sources = set(
            Source.objects.filter(name__in=names).values_list("kind", "name").iterator()
        )
        refs = [ref for document in batch for ref in [document.title, *_connections(document)]]
        tconsts = {ref.tconst for ref in refs if ref.tconst}
        folded_titles = {fold(ref.name) for ref in refs if ref.year}
        for title in Title.objects.filter(
            Q(tconst__in=tconsts) | Q(folded_title__in=folded_titles)
        ).order_by("pk"):
            lookups._add_title(title)
        people = [credit.person for document in batch for credit in document.credits or ()]
        nconsts = {person.nconst for person in people}
        folded_names = {fold(person.name) for person in people}
        for person in Person.objects.filter(
            Q(nconst__in=nconsts - {""}) | Q(folded_name__in=folded_names)
        ).order_by("pk"):
            lookups._add_person(person)
        company_names = {company_key(name) for x in batch for name in _names(x, "company")}
        for company in Company.objects.annotate(lowered=Lower("name")).filter(
            lowered__in=company_names
        ):
            lookups.companies[company_key(company.name)] = company
        collection_names = {name[:NAME_LENGTH] for x in batch for name in _names(x, "collection")}
        for collection in Collection.objects.filter(name__in=collection_names):
            lookups.collections[collection.name] = collection
        return lookups

    def company(self, name: str) -> Company:
        """Return the company of this name in any case, a new unsaved one if none is known."""
        return self.companies.setdefault(company_key(name), Company(name=name[:NAME_LENGTH]))

    def collection(self, name: str) -> Collection:
        """Return the collection of this name, a new unsaved one if none is known."""
        name = name[:NAME_LENGTH]
        return self.collections.setdefault(name, Collection(name=name))

    def _add_title(self, title: Title) -> None:
        if title.tconst:
            self.titles_by_tconst[title.tconst] = title
        if title.start_year is not None:
            self.titles_by_name[(title.folded_title, title.start_year)].append(title)

    def _add_person(self, person: Person) -> None:
        if person.nconst:
            self.people_by_nconst[person.nconst] = person
        self.people_by_name[person.folded_name].append(person)

    def can_plan(self, document: TitleDocument) -> bool:
        """Tell whether ``document`` is new here and simple enough to write in bulk."""
        source = document.source
        if (source.kind, source.name) in self.sources:
            return False
        self.sources.add((source.kind, source.name))
        records = [document.title, *_connections(document)]
        return not (
            document.series
            or document.facts.get("recommendation")
            or any(record.values is None for record in records)
            or any(credit.person.values is None for credit in document.credits or ())
        )

    def find_title(self, record: TitleRecord) -> Title | None:
        """Return the title ``record`` names, by ``matching``'s rules, from what was read."""
        if record.tconst and record.tconst in self.titles_by_tconst:
            return self.titles_by_tconst[record.tconst]
        if record.year is None or not fold(record.name) or not record.match:
            return None
        return choose_title(self.titles_by_name[(fold(record.name), record.year)][:5], record)

    def plan(self, document: TitleDocument) -> _Plan:
        """Decide every row ``document`` will write; raise ``ValidationError`` for a bad one.

        The new titles and people it creates become findable by the documents
        after it only once the whole plan is valid.
        """
        source = _unsaved_source(document.source)
        plan = _Plan(
            document=document, source=source, title=self._title_plan(source, document.title)
        )
        credited = dict(self._credited(plan.title.title))
        for credit in document.credits or ():
            key = credit.person.key
            if key not in plan.people:
                plan.people[key] = self._person(source, credit.person, credited)
            person = plan.people[key].person
            credited.setdefault(person.folded_name, person)
        for target in _connections(document):
            if target.key not in plan.targets:
                plan.targets[target.key] = self._title_plan(source, target)
        self._remember(plan)
        return plan

    def _credited(self, title: Title) -> dict[str, Person]:
        """Return the people credited on ``title`` by folded name, this batch's plans included."""
        if id(title) not in self.credited:
            self.credited[id(title)] = {}
            if title.pk is not None:
                self.credited[id(title)] = {
                    credit.person.folded_name: credit.person
                    for credit in Credit.objects.filter(title=title).select_related("person")
                }
        return self.credited[id(title)]

    def _title_plan(self, source: Source, record: TitleRecord) -> _TitlePlan:
        found = self.find_title(record)
        if found is not None:
            return _TitlePlan(record=record, title=found, is_new=False)
        title = build_title(source=source, values=record.values or {}, tconst=record.tconst or None)
        return _TitlePlan(record=record, title=title, is_new=True)

    def _person(
        self, source: Source, record: PersonRecord, credited: Mapping[str, Person]
    ) -> _PersonPlan:
        """Find the person as ``writer.person_of`` does: IMDb id, credited name, unique name."""
        found = self.people_by_nconst.get(record.nconst) if record.nconst else None
        if found is None and record.match:
            folded = fold(record.name)
            same_name = self.people_by_name.get(folded, [])
            found = credited.get(folded) or (same_name[0] if len(same_name) == 1 else None)
        if found is not None:
            return _PersonPlan(record=record, person=found, is_new=False)
        person = build_person(
            source=source, values=record.values or {}, nconst=record.nconst or None
        )
        return _PersonPlan(record=record, person=person, is_new=True)

    def _remember(self, plan: _Plan) -> None:
        for title_plan in plan.title_plans():
            if title_plan.is_new:
                self._add_title(title_plan.title)
        credited = self._credited(plan.title.title)
        for person_plan in plan.people.values():
            if person_plan.is_new:
                self._add_person(person_plan.person)
            credited.setdefault(person_plan.person.folded_name, person_plan.person)


def _unsaved_source(record: SourceRecord) -> Source:
    return Source(kind=record.kind, name=record.name, url=record.url, lowercased=record.lowercased)


def _write(plans: list[_Plan], lookups: _Lookups) -> None:
    """Insert every row of ``plans``: one statement per table, parents before children."""
    Source.objects.bulk_create([plan.source for plan in plans])
    for plan in plans:
        for name in _names(plan.document, "company"):
            lookups.company(name)
        for name in _names(plan.document, "collection"):
            lookups.collection(name)
    Company.objects.bulk_create([c for c in lookups.companies.values() if c.pk is None])
    Collection.objects.bulk_create([c for c in lookups.collections.values() if c.pk is None])
    titles = _unique(
        title_plan.title for plan in plans for title_plan in plan.title_plans() if title_plan.is_new
    )
    Title.objects.bulk_create(titles)
    people = _unique(
        person_plan.person
        for plan in plans
        for person_plan in plan.people.values()
        if person_plan.is_new
    )
    Person.objects.bulk_create(people)
    rows: list[Model] = []
    old_titles: list[Title] = []
    old_people: list[Person] = []
    for plan in plans:
        rows += _claim_rows(plan, old_titles, old_people)
        rows += _fact_rows(plan, lookups)
    insert_rows(rows)
    resolve_titles(_unique(old_titles))
    resolve_people(_unique(old_people))


def _claim_rows(plan: _Plan, old_titles: list[Title], old_people: list[Person]) -> list[Model]:
    """Return the source keys and claims of ``plan``'s titles and people."""
    rows: list[Model] = []
    for title_plan in plan.title_plans():
        record = title_plan.record
        if not title_plan.is_new:
            old_titles.append(title_plan.title)
            _give_imdb_id(title_plan.title, "tconst", record.tconst)
        rows += build_claims(
            title_plan.title, source=plan.source, key=record.key, values=record.values or {}
        )
    for key, person_plan in plan.people.items():
        if not person_plan.is_new:
            old_people.append(person_plan.person)
            _give_imdb_id(person_plan.person, "nconst", person_plan.record.nconst)
        rows += build_claims(
            person_plan.person, source=plan.source, key=key, values=person_plan.record.values or {}
        )
    return rows


def _give_imdb_id(owner: Title | Person, field: str, imdb_id: str) -> None:
    """Record the IMDb id a document states for a row that had none, as ``upsert_*`` does."""
    if imdb_id and not getattr(owner, field):
        setattr(owner, field, imdb_id)
        owner.save(update_fields=[field])


def _fact_rows(plan: _Plan, lookups: _Lookups) -> list[Model]:
    """Return every fact row ``plan`` states about its title, credits included."""
    title, source, document = plan.title.title, plan.source, plan.document
    credits = [
        {"person": plan.people[credit.person.key].person, **credit_values(credit)}
        for credit in document.credits or ()
    ]
    rows: list[Model] = [*build_facts(title, source, Credit, credits)]
    # The rows fact rows name, as planned: found, or created by ``_write`` before these.
    finders: dict[str, Finder] = {
        "company": lookups.company,
        "collection": lookups.collection,
        "target": lambda target: plan.targets[target.key].title,
    }
    for kind, values in document.facts.items():
        resolved = [with_references(row, finders) for row in values]
        rows += build_facts(title, source, FACT_MODELS[kind], resolved)
    return rows + _image_rows(plan)


def _image_rows(plan: _Plan) -> list[Model]:
    """Return the picture references ``plan`` states, as ``writer.reference_images`` records them.

    The source is new, so it has no references yet; the first picture of an
    owner stands for it and a person the document does not credit is left out.
    """
    rows: dict[tuple[str, str], Model] = {}
    for image in plan.document.images:
        owner: dict[str, Title | Person] = {"title": plan.title.title}
        if image.person:
            if image.person not in plan.people:
                continue
            owner = {"person": plan.people[image.person].person}
        rows.setdefault(
            ("person", image.person) if image.person else ("title", ""),
            Image(
                source=plan.source, original_url=image.url, attribution=image.attribution, **owner
            ),
        )
    return list(rows.values())


def _unique(rows: Iterable[Any]) -> list[Any]:
    """Return ``rows`` without repeats of the same object, in order."""
    return list({id(row): row for row in rows}.values())
