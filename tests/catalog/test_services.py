from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reeldb.catalog.models import Company, Credit, Keyword, SourceKind, Title, TitleClaim
from reeldb.catalog.services import (
    CreditRecord,
    PersonRecord,
    SourceRecord,
    TitleDocument,
    TitleRecord,
    UnknownKey,
    Written,
    get_source,
    sync_facts,
    upsert_person,
    upsert_title,
    write_document,
    write_documents,
)

pytestmark = pytest.mark.django_db

MOVIE = {"title_type": "movie", "primary_title": "Desperado", "start_year": 1995}


def test_upsert_creates_a_title_and_records_the_sources_claims() -> None:
    demo = get_source(kind=SourceKind.DEMO, name="demo")
    title, changed = upsert_title(source=demo, key="d1", tconst="tt0112851", values=MOVIE)
    assert changed
    assert (title.primary_title, title.start_year, title.tconst) == ("Desperado", 1995, "tt0112851")
    claims = dict(TitleClaim.objects.filter(title=title).values_list("field", "value"))
    assert claims == {"title_type": "movie", "primary_title": "Desperado", "start_year": 1995}


def test_upserting_the_same_values_again_changes_nothing() -> None:
    demo = get_source(kind=SourceKind.DEMO, name="demo")
    first, _ = upsert_title(source=demo, key="d1", values=MOVIE)
    again, changed = upsert_title(source=demo, key="d1", values=MOVIE)
    assert again.pk == first.pk
    assert not changed
    assert Title.objects.count() == 1


def test_a_second_source_finds_the_title_by_its_imdb_id() -> None:
    demo = get_source(kind=SourceKind.DEMO, name="demo")
    page = get_source(kind=SourceKind.IMDB_PAGE, name="desperado.html")
    first, _ = upsert_title(source=demo, key="d1", tconst="tt0112851", values=MOVIE)
    second, _ = upsert_title(source=page, key="p1", tconst="tt0112851", values=MOVIE)
    assert first.pk == second.pk


def test_the_higher_precedence_source_wins_a_disagreement_whatever_the_order() -> None:
    demo = get_source(kind=SourceKind.DEMO, name="demo")
    dataset = get_source(kind=SourceKind.IMDB_DATASET, name="2026-11-01")
    upsert_title(
        source=dataset, key="tt1", tconst="tt0000001", values={**MOVIE, "runtime_minutes": 104}
    )
    title, _ = upsert_title(
        source=demo, key="d1", tconst="tt0000001", values={**MOVIE, "runtime_minutes": 106}
    )
    title.refresh_from_db()
    assert title.runtime_minutes == 104
    assert TitleClaim.objects.filter(title=title, field="runtime_minutes").count() == 2


def test_a_lower_precedence_source_fills_a_field_the_better_one_leaves_empty() -> None:
    demo = get_source(kind=SourceKind.DEMO, name="demo")
    dataset = get_source(kind=SourceKind.IMDB_DATASET, name="2026-11-01")
    upsert_title(source=dataset, key="tt1", tconst="tt0000001", values=MOVIE)
    title, _ = upsert_title(
        source=demo, key="d1", tconst="tt0000001", values={**MOVIE, "metascore": 55}
    )
    assert title.metascore == 55


def test_ratings_are_kept_as_exact_decimals() -> None:
    demo = get_source(kind=SourceKind.DEMO, name="demo")
    title, _ = upsert_title(source=demo, key="d1", values={**MOVIE, "average_rating": 7.2})
    title.refresh_from_db()
    assert title.average_rating == Decimal("7.2")


def test_a_new_title_with_an_unknown_type_is_rejected() -> None:
    demo = get_source(kind=SourceKind.DEMO, name="demo")
    with pytest.raises(ValidationError):
        upsert_title(source=demo, key="d1", values={**MOVIE, "title_type": "opera"})
    assert not Title.objects.exists()


def test_an_unclaimable_field_is_refused() -> None:
    demo = get_source(kind=SourceKind.DEMO, name="demo")
    with pytest.raises(ValueError, match="tconst"):
        upsert_title(source=demo, key="d1", values={**MOVIE, "tconst": "tt1"})


def test_upsert_person_merges_by_imdb_id() -> None:
    demo = get_source(kind=SourceKind.DEMO, name="demo")
    page = get_source(kind=SourceKind.IMDB_PAGE, name="page")
    first, _ = upsert_person(source=demo, key="x", nconst="nm0000104", values={"primary_name": "A"})
    second, changed = upsert_person(
        source=page, key="y", nconst="nm0000104", values={"primary_name": "A"}
    )
    assert first.pk == second.pk
    assert changed  # the page's claim is new


def _keywords(title: Title) -> list[str]:
    return list(
        Keyword.objects.filter(title=title).order_by("ordering").values_list("keyword", flat=True)
    )


def test_sync_facts_creates_updates_and_deletes_one_sources_rows() -> None:
    demo = get_source(kind=SourceKind.DEMO, name="demo")
    title, _ = upsert_title(source=demo, key="d1", values=MOVIE)
    created = sync_facts(
        owner=title, source=demo, model=Keyword, rows=[{"keyword": "a"}, {"keyword": "b"}]
    )
    assert (created.created, created.updated, created.deleted) == (2, 0, 0)
    changed = sync_facts(
        owner=title, source=demo, model=Keyword, rows=[{"keyword": "b"}, {"keyword": "c"}]
    )
    assert (changed.created, changed.updated, changed.deleted) == (1, 1, 1)
    assert _keywords(title) == ["b", "c"]


def test_sync_facts_with_the_same_rows_writes_nothing() -> None:
    demo = get_source(kind=SourceKind.DEMO, name="demo")
    title, _ = upsert_title(source=demo, key="d1", values=MOVIE)
    rows = [{"keyword": "mariachi"}, {"keyword": "guitar case"}]
    sync_facts(owner=title, source=demo, model=Keyword, rows=rows)
    assert not sync_facts(owner=title, source=demo, model=Keyword, rows=rows).changed


def test_sync_facts_leaves_other_sources_rows_alone() -> None:
    demo = get_source(kind=SourceKind.DEMO, name="demo")
    page = get_source(kind=SourceKind.IMDB_PAGE, name="page")
    title, _ = upsert_title(source=demo, key="d1", values=MOVIE)
    sync_facts(owner=title, source=page, model=Keyword, rows=[{"keyword": "from the page"}])
    sync_facts(owner=title, source=demo, model=Keyword, rows=[])
    assert _keywords(title) == ["from the page"]


def test_sync_facts_validates_rows_before_writing_any() -> None:
    demo = get_source(kind=SourceKind.DEMO, name="demo")
    title, _ = upsert_title(source=demo, key="d1", values=MOVIE)
    with pytest.raises(ValidationError):
        sync_facts(
            owner=title,
            source=demo,
            model=Keyword,
            rows=[{"keyword": "ok"}, {"keyword": "x" * 300}],
        )
    assert _keywords(title) == []


def _document(
    source: str,
    *,
    company: str = "Los Hooligans Productions",
    credits: list[CreditRecord] | None = None,
) -> TitleDocument:
    return TitleDocument(
        source=SourceRecord(kind=SourceKind.WIKIPEDIA, name=source),
        title=TitleRecord(key=source, values=MOVIE),
        credits=credits,
        facts={"companycredit": [{"company": company, "role": "production"}]},
    )


def _credit(name: str) -> CreditRecord:
    return CreditRecord(
        person=PersonRecord(key=name, values={"primary_name": name}), category="actor"
    )


def test_the_writer_matches_a_company_by_its_name_in_any_case() -> None:
    write_document(document=_document("desperado", company="Los Hooligans Productions"))
    write_document(document=_document("desperado again", company="LOS HOOLIGANS productions"))
    outcomes = write_documents(
        documents=[_document("in a batch", company="los hooligans productions")]
    )
    assert all(isinstance(outcome, Written) for outcome in outcomes)
    assert list(Company.objects.values_list("name", flat=True)) == ["Los Hooligans Productions"]
    assert Title.objects.count() == 1


def test_a_document_and_a_batch_of_one_write_the_same_title() -> None:
    single = write_document(document=_document("one", credits=[_credit("Salma Hayek")]))
    (batched,) = write_documents(documents=[_document("two", credits=[_credit("Salma Hayek")])])
    assert isinstance(batched, Written)
    assert batched.title.pk == single.title.pk
    assert Credit.objects.filter(title=single.title).count() == 2
    assert Credit.objects.values("person").distinct().count() == 1


def test_a_document_without_credits_leaves_its_sources_credits_alone() -> None:
    write_document(document=_document("desperado", credits=[_credit("Salma Hayek")]))
    assert not write_document(document=_document("desperado")).changed
    assert Credit.objects.count() == 1
    assert write_document(document=_document("desperado", credits=[])).changed
    assert Credit.objects.count() == 0


def test_a_record_naming_a_title_its_source_never_wrote_is_refused() -> None:
    document = _document("desperado")
    with pytest.raises(UnknownKey, match="unknown title 'nope'"):
        write_document(
            document=TitleDocument(source=document.source, title=TitleRecord(key="nope"))
        )


def test_a_claimless_rows_columns_become_its_own_sources_claims_once_another_describes_it() -> None:
    dataset = get_source(kind=SourceKind.IMDB_DATASET, name="datasets")
    title = Title.objects.create(
        tconst="tt0112851",
        title_type="movie",
        primary_title="Desperado",
        start_year=1995,
        runtime_minutes=104,
        source=dataset,
    )
    page = get_source(kind=SourceKind.IMDB_PAGE, name="desperado.html")
    upsert_title(
        source=page, key="p1", tconst="tt0112851", values={**MOVIE, "runtime_minutes": 106}
    )
    title.refresh_from_db()
    assert title.runtime_minutes == 104  # the datasets rank above a saved page
    claimed = TitleClaim.objects.filter(title=title, source=dataset)
    assert dict(claimed.values_list("field", "value"))["runtime_minutes"] == 104
