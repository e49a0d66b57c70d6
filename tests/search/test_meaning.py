"""Search by meaning with the real model over the demo catalogue: finding, rebuilding, edits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from reeldb.catalog.models import Plot, PlotKind, SourceReview, Title
from reeldb.search.meaning import is_available, services
from reeldb.search.meaning import vectors as vector_index
from reeldb.search.meaning.finding import find_by_meaning
from reeldb.search.meaning.services import embed_plot_texts, text_hash
from reeldb.search.models import PlotEmbedding

pytestmark = [
    pytest.mark.skipif(
        not is_available(),
        reason="search by meaning needs the semantic extra: pip install 'reeldb[semantic]' "
        "(`make test` installs it)",
    ),
    pytest.mark.usefixtures("demo_meaning"),
    pytest.mark.django_db,
]

DESPERADO_STORY = (
    "a guitar player who hides guns in his case hunts the drug boss who killed his girl"
)


@pytest.fixture(scope="module")
def demo_meaning(demo_index: None, django_db_blocker: Any) -> Iterator[None]:
    """Embed the demo's plots once per module, inside the demo's rolled-back transaction."""
    with django_db_blocker.unblock():
        embed_plot_texts()
    yield


@pytest.fixture(autouse=True)
def fresh_vector_index(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start each test without this process's vector index.

    Each test's writes are rolled back, and on SQLite the ids with them, so
    two tests can store different vectors under the same count and ids.
    """
    monkeypatch.setattr(vector_index, "_current", None)


def titles_found(query: str, limit: int = 5) -> list[str]:
    ids = [match.title_id for match in find_by_meaning(query, limit=limit)]
    names = dict(Title.objects.filter(pk__in=ids).values_list("pk", "primary_title"))
    return [names[pk] for pk in ids]


def test_a_description_finds_desperado_first_with_the_plot_that_matched() -> None:
    matches = find_by_meaning(DESPERADO_STORY, limit=3)
    desperado = Title.objects.get(primary_title="Desperado")
    assert matches[0].title_id == desperado.pk
    assert "guitar case full of guns" in matches[0].text
    assert matches[0].score > matches[1].score


def test_vampires_in_a_mexican_bar_find_from_dusk_till_dawn() -> None:
    assert titles_found("vampires in a mexican strip bar")[0] == "From Dusk Till Dawn"


def test_a_title_is_found_once_however_many_of_its_texts_match() -> None:
    found = titles_found("a mariachi fights a drug lord's gunmen in a Mexican town", limit=10)
    assert len(found) == len(set(found))


def test_a_query_like_no_plot_finds_nothing_rather_than_the_nearest() -> None:
    assert find_by_meaning("quarterly spreadsheet formulas for tax accountants", limit=5) == []


def test_a_rebuild_embeds_nothing_when_no_text_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_model(texts: object) -> None:
        raise AssertionError("the model was asked for")

    monkeypatch.setattr(services, "embed", no_model)
    before = list(PlotEmbedding.objects.order_by("id").values_list("id", "text_hash"))
    report = embed_plot_texts()
    assert report.embedded == 0
    assert report.unchanged == report.texts == len(before) > 40
    assert list(PlotEmbedding.objects.order_by("id").values_list("id", "text_hash")) == before


def test_a_saved_plot_is_marked_stale_and_the_next_rebuild_embeds_it() -> None:
    plot = Plot.objects.get(title__primary_title="Philadelphia", kind=PlotKind.OUTLINE)
    plot.text = "An astronaut stranded on Mars grows potatoes to survive until rescue."
    plot.save()
    stored = PlotEmbedding.objects.get(text_kind=PlotKind.OUTLINE, text_id=plot.pk)
    assert stored.is_stale
    assert titles_found("a man alone on Mars farms potatoes")[:1] != ["Philadelphia"]

    report = embed_plot_texts()

    assert report.embedded == 1
    stored = PlotEmbedding.objects.get(text_kind=PlotKind.OUTLINE, text_id=plot.pk)
    assert not stored.is_stale
    assert stored.text_hash == text_hash(plot.text)
    assert titles_found("a man alone on Mars farms potatoes")[:1] == ["Philadelphia"]


def test_a_plot_saved_unchanged_is_not_stale() -> None:
    plot = Plot.objects.get(title__primary_title="Heat", kind=PlotKind.OUTLINE)
    plot.save()
    assert not PlotEmbedding.objects.get(text_kind=PlotKind.OUTLINE, text_id=plot.pk).is_stale


def test_a_deleted_plot_is_no_longer_found() -> None:
    assert titles_found("vampires in a mexican strip bar")[0] == "From Dusk Till Dawn"
    Plot.objects.filter(title__primary_title="From Dusk Till Dawn").delete()
    assert not PlotEmbedding.objects.filter(
        title_id__in=Title.objects.filter(primary_title="From Dusk Till Dawn").values("pk")
    ).exists()
    assert "From Dusk Till Dawn" not in titles_found("vampires in a mexican strip bar")


def test_a_quoted_review_is_embedded_with_its_headline() -> None:
    heat = Title.objects.get(primary_title="Heat")
    source = Plot.objects.filter(title=heat).first().source  # type: ignore[union-attr]
    SourceReview.objects.create(
        title=heat,
        source=source,
        headline="Submarine drama",
        text="A tense story of a crew trapped under the polar ice in a crippled submarine.",
    )
    report = embed_plot_texts()
    assert report.embedded == 1
    match = find_by_meaning("sailors stuck in a broken submarine under arctic ice", limit=1)[0]
    assert match.title_id == heat.pk
    assert match.kind == "review"
    assert match.text.startswith("Submarine drama\n\n")


def test_texts_removed_without_signals_lose_their_vectors_at_the_next_rebuild() -> None:
    outlines = Plot.objects.filter(title__primary_title="Evita")
    count = outlines.count()
    outlines._raw_delete(outlines.db)  # as a bulk SQL delete does: no signals
    report = embed_plot_texts()
    assert report.deleted == count == 1


def test_the_vector_index_is_built_again_when_the_stored_vectors_change() -> None:
    first = vector_index.current_index()
    assert vector_index.current_index() is first
    Plot.objects.filter(title__primary_title="Traffic").delete()
    second = vector_index.current_index()
    assert second is not first
    assert len(second) == len(first) - 1
