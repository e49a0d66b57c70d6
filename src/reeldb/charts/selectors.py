"""Reads for the chart pages: a stored chart with its titles, in two queries."""

from __future__ import annotations

from dataclasses import dataclass

from reeldb.charts.models import Chart, ChartEntry, ChartKind
from reeldb.errors import NotFound


@dataclass
class ChartPage:
    kind: str
    chart: Chart | None
    entries: list[ChartEntry]
    genres: list[str]


def get_chart_page(kind: ChartKind, *, genre: str = "") -> ChartPage:
    """Return a stored chart and its entries; a chart never refreshed is empty, not an error.

    A genre is matched in any case: "action" is the Action chart.
    """
    chart = Chart.objects.filter(kind=kind, key__iexact=genre).first()
    entries = list(chart.entries.select_related("title")) if chart else []
    genres = []
    if kind == ChartKind.GENRE:
        genres = list(
            Chart.objects.filter(kind=ChartKind.GENRE).order_by("key").values_list("key", flat=True)
        )
        if genre and chart is None and genres:
            raise NotFound("No chart for this genre.")
    return ChartPage(kind=kind, chart=chart, entries=entries, genres=genres)
