"""Import many documents at once: a batch's rows are written with one statement per table.

The per-document path (``store.import_extraction``) looks up and writes each
row alone, about a hundred statements a document, which holds a Wikipedia
export near 40 articles a second. Most documents of an export are new: a
source never seen, about a title that may exist already. For those, this
module reads what the whole batch needs in a few queries, decides every row in
Python by the per-document path's rules, and inserts each table in one
statement. Every other document (a re-import, an episode and its series, a page
with "more like this" cards, a repeat within the batch) goes through the
per-document path, and so does every document of a batch whose write fails:
each in its own transaction, so a failure still leaves nothing of its document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Model, Q
from django.db.models.functions import Lower

from reeldb.catalog import services
from reeldb.catalog.folding import fold
from reeldb.catalog.models import (
    Collection,
    CollectionEntry,
    Company,
    CompanyCredit,
    Connection,
    Credit,
    Person,
    Plot,
    Source,
    Title,
)
from reeldb.ingest.pages.documents import PageError
from reeldb.ingest.pages.schema import DocumentKind, PageExtraction, TitleRef
from reeldb.ingest.pages.store import (
    Casing,
    Imported,
    choose_title,
    credit_values,
    fact_rows,
    import_extraction,
    plot_values,
    source_identity,
    title_values,
    unsaved_source,
)

BATCH_SIZE = 200
# What a document's import can fail with; the runner reports it and goes on.
Outcome = Imported | PageError | DatabaseError | ValidationError | ValueError


@dataclass
class _TitlePlan:
    """The title a document (or one of its connections) is about, found or to be created."""

    key: str
    values: dict[str, Any]
    title: Title
    is_new: bool
    tconst: str | None = None


@dataclass
class _PersonPlan:
    """A person a document credits, found or to be created, and what the document says of them."""

    person: Person
    is_new: bool
    values: dict[str, Any]
    nconst: str | None = None


@dataclass
class _Plan:
    """Everything one new document will write, decided before anything is written."""

    extraction: PageExtraction
    casing: Casing
    source: Source
    title: _TitlePlan
    people: dict[str, _PersonPlan] = field(default_factory=dict)
    credits: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    connections: list[tuple[str, _TitlePlan]] = field(default_factory=list)


def import_extractions(
    documents: Iterable[tuple[str, PageExtraction]],
) -> Iterator[tuple[str, PageExtraction, Outcome]]:
    """Import each named extraction; yield it with what became of it, in order, batch by batch."""
    batch: list[tuple[str, PageExtraction]] = []
    for document in documents:
        batch.append(document)
        if len(batch) == BATCH_SIZE:
            yield from _import_batch(batch)
            batch = []
    if batch:
        yield from _import_batch(batch)


def _import_batch(
    batch: Sequence[tuple[str, PageExtraction]],
) -> list[tuple[str, PageExtraction, Outcome]]:
    extractions = [extraction for _name, extraction in batch]
    try:
        with transaction.atomic():
            plans = _plan_and_write(extractions)
    except (DatabaseError, ValidationError, ValueError):
        plans = {}  # each document again, alone, for a message naming the one at fault
    return [
        (
            name,
            extraction,
            Imported(title=plans[position].title.title, changed=True)
            if position in plans
            else _import_one(extraction),
        )
        for position, (name, extraction) in enumerate(batch)
    ]


def _plan_and_write(extractions: Sequence[PageExtraction]) -> dict[int, _Plan]:
    """Write the documents that can go in bulk; return their plans by position in the batch."""
    lookups = _Lookups.read(extractions)
    plans: dict[int, _Plan] = {}
    for position, extraction in enumerate(extractions):
        if not lookups.can_plan(extraction):
            continue
        try:
            plans[position] = lookups.plan(extraction)
        except (ValidationError, ValueError):
            continue  # the per-document path gives the verdict and its message
    _write(list(plans.values()), lookups)
    return plans


def _import_one(extraction: PageExtraction) -> Outcome:
    try:
        return import_extraction(extraction)
    except (PageError, DatabaseError, ValidationError, ValueError) as error:
        return error


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
    def read(cls, batch: Sequence[PageExtraction]) -> _Lookups:
        lookups = cls()
        names = [unsaved_source(extraction).name for extraction in batch]
        lookups.sources = set(
            Source.objects.filter(name__in=names).values_list("kind", "name").iterator()
        )
        refs = [ref for extraction in batch for ref in _title_refs(extraction)]
        tconsts = {ref.imdb_id for ref in refs if ref.imdb_id}
        folded_titles = {fold(ref.title) for ref in refs if ref.year}
        for title in Title.objects.filter(
            Q(tconst__in=tconsts) | Q(folded_title__in=folded_titles)
        ).order_by("pk"):
            lookups._add_title(title)
        nconsts: set[str] = set()
        folded_names: set[str] = set()
        for extraction in batch:
            casing = Casing(extraction.lowercased)
            for credit in extraction.credits:
                nconsts.add(credit.person.imdb_id)
                folded_names.add(fold(casing.name(credit.person.name)))
        for person in Person.objects.filter(
            Q(nconst__in=nconsts - {""}) | Q(folded_name__in=folded_names)
        ).order_by("pk"):
            lookups._add_person(person)
        company_names = {line.name[:300].lower() for x in batch for line in x.companies}
        for company in Company.objects.annotate(lowered=Lower("name")).filter(
            lowered__in=company_names
        ):
            lookups.companies[company.name.lower()] = company
        collection_names = {member.name[:300] for x in batch for member in x.collections}
        for collection in Collection.objects.filter(name__in=collection_names):
            lookups.collections[collection.name] = collection
        return lookups

    def company(self, name: str) -> Company:
        """Return the company of this name in any case, a new unsaved one if none is known."""
        name = name[:300]
        return self.companies.setdefault(name.lower(), Company(name=name))

    def collection(self, name: str) -> Collection:
        """Return the collection of this name, a new unsaved one if none is known."""
        name = name[:300]
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

    def can_plan(self, extraction: PageExtraction) -> bool:
        """Tell whether ``extraction`` is new here and simple enough to import in bulk."""
        source = unsaved_source(extraction)
        if (source.kind, source.name) in self.sources:
            return False
        self.sources.add((source.kind, source.name))
        return not (extraction.series or extraction.related)

    def find_title(self, ref: TitleRef) -> Title | None:
        """Return the title ``ref`` names, as ``store.find_title`` would, from what was read."""
        if ref.imdb_id and ref.imdb_id in self.titles_by_tconst:
            return self.titles_by_tconst[ref.imdb_id]
        if ref.year is None or not fold(ref.title):
            return None
        return choose_title(self.titles_by_name[(fold(ref.title), ref.year)][:5], ref)

    def plan(self, extraction: PageExtraction) -> _Plan:
        """Decide every row ``extraction`` will write; raise ``ValidationError`` for a bad one.

        The new titles and people it creates become findable by the documents
        after it only once the whole plan is valid.
        """
        casing = Casing(extraction.lowercased, extraction)
        source = unsaved_source(extraction)
        values = title_values(extraction, casing)
        ref = TitleRef(
            title=casing.title(extraction.title),
            year=extraction.year,
            imdb_id=extraction.imdb_id,
            title_type=extraction.title_type,
        )
        plan = _Plan(
            extraction=extraction,
            casing=casing,
            source=source,
            title=self._title_plan(source, source_identity(extraction), ref, values),
        )
        credited = dict(self._credited(plan.title.title))
        for line in extraction.credits:
            name = casing.name(line.person.name)
            key = line.person.imdb_id or fold(name)
            if key not in plan.people:
                plan.people[key] = self._person(source, name, line.person.imdb_id, credited)
            person = plan.people[key].person
            credited.setdefault(person.folded_name, person)
            plan.credits.append((key, credit_values(line, casing)))
        targets: dict[str, _TitlePlan] = {}
        for link in extraction.connections:
            if link.target.title:
                target = TitleRef(
                    casing.title(link.target.title), link.target.year, link.target.imdb_id
                )
                key = f"connection {target.imdb_id or fold(target.title)} ({target.year or '?'})"
                target_values: dict[str, Any] = {
                    "primary_title": target.title,
                    "title_type": "movie",
                }
                if target.year:
                    target_values["start_year"] = target.year
                if key not in targets:
                    targets[key] = self._title_plan(source, key, target, target_values)
                plan.connections.append((link.kind, targets[key]))
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

    def _title_plan(
        self, source: Source, key: str, ref: TitleRef, values: dict[str, Any]
    ) -> _TitlePlan:
        found = self.find_title(ref)
        tconst = ref.imdb_id or None
        if found is not None:
            return _TitlePlan(key=key, values=values, title=found, is_new=False, tconst=tconst)
        title = services.build_title(source=source, values=values, tconst=tconst)
        return _TitlePlan(key=key, values=values, title=title, is_new=True, tconst=tconst)

    def _person(
        self, source: Source, name: str, nconst: str, credited: dict[str, Person]
    ) -> _PersonPlan:
        """Find the person as ``store`` does: by IMDb id, on the title, by a name only one has."""
        values = {"primary_name": name}
        found = self.people_by_nconst.get(nconst) if nconst else None
        if found is None:
            same_name = self.people_by_name.get(fold(name), [])
            found = credited.get(fold(name)) or (same_name[0] if len(same_name) == 1 else None)
        if found is not None:
            return _PersonPlan(person=found, is_new=False, values=values, nconst=nconst or None)
        person = services.build_person(source=source, values=values, nconst=nconst or None)
        return _PersonPlan(person=person, is_new=True, values=values)

    def _remember(self, plan: _Plan) -> None:
        for title_plan in [plan.title] + [target for _kind, target in plan.connections]:
            if title_plan.is_new:
                self._add_title(title_plan.title)
        credited = self._credited(plan.title.title)
        for person_plan in plan.people.values():
            if person_plan.is_new:
                self._add_person(person_plan.person)
            credited.setdefault(person_plan.person.folded_name, person_plan.person)


def _title_refs(extraction: PageExtraction) -> list[TitleRef]:
    refs = [TitleRef(extraction.title, extraction.year, extraction.imdb_id)]
    return refs + [link.target for link in extraction.connections]


def _write(plans: list[_Plan], lookups: _Lookups) -> None:
    """Insert every row of ``plans``: one statement per table, parents before children."""
    Source.objects.bulk_create([plan.source for plan in plans])
    for plan in plans:
        for line in plan.extraction.companies:
            lookups.company(plan.casing.title(line.name))
        for member in plan.extraction.collections:
            lookups.collection(member.name)
    Company.objects.bulk_create([c for c in lookups.companies.values() if c.pk is None])
    Collection.objects.bulk_create([c for c in lookups.collections.values() if c.pk is None])
    titles = _unique(
        title_plan.title
        for plan in plans
        for title_plan in [plan.title] + [target for _kind, target in plan.connections]
        if title_plan.is_new
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
    services.insert_rows(rows)
    services.resolve_titles(_unique(old_titles))
    services.resolve_people(_unique(old_people))


def _claim_rows(plan: _Plan, old_titles: list[Title], old_people: list[Person]) -> list[Model]:
    """Return the source keys and claims of ``plan``'s titles and people."""
    rows: list[Model] = []
    for title_plan in [plan.title] + [target for _kind, target in plan.connections]:
        title = title_plan.title
        if not title_plan.is_new:
            old_titles.append(title)
            if title_plan.tconst and not title.tconst:
                title.tconst = title_plan.tconst
                title.save(update_fields=["tconst"])
        rows += services.build_claims(
            title, source=plan.source, key=title_plan.key, values=title_plan.values
        )
    for key, person_plan in plan.people.items():
        person = person_plan.person
        if not person_plan.is_new:
            old_people.append(person)
            if person_plan.nconst and not person.nconst:
                person.nconst = person_plan.nconst
                person.save(update_fields=["nconst"])
        rows += services.build_claims(
            person, source=plan.source, key=key, values=person_plan.values
        )
    return rows


def _fact_rows(plan: _Plan, lookups: _Lookups) -> list[Model]:
    """Return every fact row ``plan`` states about its title, credits included."""
    title, source, extraction, casing = plan.title.title, plan.source, plan.extraction, plan.casing
    credits = [{"person": plan.people[key].person, **values} for key, values in plan.credits]
    rows: list[Model] = [*services.build_facts(title, source, Credit, credits)]
    if extraction.kind is DocumentKind.IMDB_FULL_CREDITS:
        return rows
    rows += services.build_facts(title, source, Plot, plot_values(extraction, casing))
    if extraction.kind is DocumentKind.IMDB_PLOT_SUMMARY:
        return rows
    for model, values in fact_rows(extraction, casing):
        rows += services.build_facts(title, source, model, values)
    linked: list[tuple[type[Model], list[dict[str, Any]]]] = [
        (
            CompanyCredit,
            [
                {"company": lookups.company(casing.title(line.name)), "role": line.role}
                for line in extraction.companies
            ],
        ),
        (Connection, [{"kind": kind, "target": target.title} for kind, target in plan.connections]),
        (
            CollectionEntry,
            [
                {"collection": lookups.collection(member.name), "position": member.position}
                for member in extraction.collections
            ],
        ),
    ]
    for model, values in linked:
        rows += services.build_facts(title, source, model, values)
    return rows


def _unique(rows: Iterable[Any]) -> list[Any]:
    """Return ``rows`` without repeats of the same object, in order."""
    return list({id(row): row for row in rows}.values())
