"""``catalog.selectors.texts``: every plot and quoted review, as search by meaning reads them."""

from __future__ import annotations

import pytest

from reeldb.catalog.models import Plot, PlotKind, SourceReview
from reeldb.catalog.selectors import (
    REVIEW_KIND,
    PlotText,
    count_plot_texts,
    get_plot_texts,
    iter_plot_texts,
    plot_text_of,
)
from reeldb.catalog.selectors import texts as texts_module
from tests.catalog.factories import SourceFactory, TitleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def texts() -> tuple[Plot, Plot, SourceReview]:
    source = SourceFactory()
    title = TitleFactory(source=source)
    outline = Plot.objects.create(title=title, source=source, kind=PlotKind.OUTLINE, text="One.")
    synopsis = Plot.objects.create(title=title, source=source, kind=PlotKind.SYNOPSIS, text="Two.")
    review = SourceReview.objects.create(title=title, source=source, headline="Good", text="Yes.")
    return outline, synopsis, review


def test_every_plot_then_every_review_is_read_across_pages(
    texts: tuple[Plot, Plot, SourceReview], monkeypatch: pytest.MonkeyPatch
) -> None:
    outline, synopsis, review = texts
    monkeypatch.setattr(texts_module, "TEXTS_PAGE", 1)
    title_id = outline.title_id
    assert list(iter_plot_texts()) == [
        PlotText(PlotKind.OUTLINE, outline.pk, title_id, "One."),
        PlotText(PlotKind.SYNOPSIS, synopsis.pk, title_id, "Two."),
        PlotText(REVIEW_KIND, review.pk, title_id, "Good\n\nYes."),
    ]
    assert count_plot_texts() == 3


def test_texts_are_got_by_kind_and_id_and_a_wrong_kind_is_not_found(
    texts: tuple[Plot, Plot, SourceReview],
) -> None:
    outline, _, review = texts
    found = get_plot_texts(
        [(PlotKind.OUTLINE, outline.pk), (REVIEW_KIND, review.pk), (PlotKind.SUMMARY, outline.pk)]
    )
    assert set(found) == {(PlotKind.OUTLINE, outline.pk), (REVIEW_KIND, review.pk)}
    assert found[REVIEW_KIND, review.pk] == plot_text_of(review)
