from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reeldb.catalog.models import Keyword, SourceKind, Title, TitleClaim
from reeldb.catalog.services import get_source, sync_facts, upsert_person, upsert_title

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
