"""Reads for search by meaning: every plot and quoted review, as plain text.

Search embeds these texts and shows the one that matched; it reads them only
through here. A text is named by its kind and its row's id: a plot's kind
(outline, summary, synopsis) or ``review`` for a review a source quotes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reeldb.catalog.models import Plot, SourceReview

REVIEW_KIND = "review"
# Rows per query when every text is read: keyset pages, never OFFSET.
TEXTS_PAGE = 2_000


@dataclass(frozen=True, slots=True)
class PlotText:
    """One plot or quoted review of one title."""

    kind: str
    row_id: int
    title_id: int
    text: str


def _review_text(headline: str, text: str) -> str:
    """Return a review as read: its headline, then its text."""
    return f"{headline}\n\n{text}" if headline else text


def count_plot_texts() -> int:
    """Return how many texts ``iter_plot_texts`` yields."""
    return Plot.objects.count() + SourceReview.objects.count()


def iter_plot_texts() -> Iterator[PlotText]:
    """Yield every plot, then every quoted review, in id order, a keyset page at a time."""
    last = 0
    while page := list(
        Plot.objects.filter(pk__gt=last)
        .order_by("pk")
        .values_list("pk", "kind", "title_id", "text")[:TEXTS_PAGE]
    ):
        for pk, kind, title_id, text in page:
            yield PlotText(kind, pk, title_id, text)
        last = page[-1][0]
    last = 0
    while reviews := list(
        SourceReview.objects.filter(pk__gt=last)
        .order_by("pk")
        .values_list("pk", "title_id", "headline", "text")[:TEXTS_PAGE]
    ):
        for pk, title_id, headline, text in reviews:
            yield PlotText(REVIEW_KIND, pk, title_id, _review_text(headline, text))
        last = reviews[-1][0]


def get_plot_texts(keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], PlotText]:
    """Return the texts named by ``(kind, row_id)`` that still exist (two queries at most)."""
    wanted = set(keys)
    plot_ids = [row_id for kind, row_id in wanted if kind != REVIEW_KIND]
    review_ids = [row_id for kind, row_id in wanted if kind == REVIEW_KIND]
    found: dict[tuple[str, int], PlotText] = {}
    if plot_ids:
        for pk, kind, title_id, text in Plot.objects.filter(pk__in=plot_ids).values_list(
            "pk", "kind", "title_id", "text"
        ):
            found[kind, pk] = PlotText(kind, pk, title_id, text)
    if review_ids:
        for pk, title_id, headline, text in SourceReview.objects.filter(
            pk__in=review_ids
        ).values_list("pk", "title_id", "headline", "text"):
            found[REVIEW_KIND, pk] = PlotText(
                REVIEW_KIND, pk, title_id, _review_text(headline, text)
            )
    return {key: text for key, text in found.items() if key in wanted}


def plot_text_of(row: Plot | SourceReview) -> PlotText:
    """Return one saved plot or review as search embeds it (no query)."""
    if isinstance(row, SourceReview):
        return PlotText(REVIEW_KIND, row.pk, row.title_id, _review_text(row.headline, row.text))
    return PlotText(row.kind, row.pk, row.title_id, row.text)
