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
    # The chart whose constants (m, C) explain the ranking: the chart itself, or on the
    # genre index the first genre chart (one refresh computes them all with the same).
    method_chart: Chart | None = None


def get_chart_page(kind: ChartKind, *, genre: str = "") -> ChartPage:
    """Return a stored chart and its entries; a chart never refreshed is empty, not an error.

    A genre is matched in any case: "action" is the Action chart.
    """
    chart = Chart.objects.filter(kind=kind, key__iexact=genre).first()
    entries = list(chart.entries.select_related("title")) if chart else []
    genre_charts: list[Chart] = []
    if kind == ChartKind.GENRE:
        genre_charts = list(Chart.objects.filter(kind=ChartKind.GENRE).order_by("key"))
        if genre and chart is None and genre_charts:
            raise NotFound("No chart for this genre.")
    return ChartPage(
        kind=kind,
        chart=chart,
        entries=entries,
        genres=[genre_chart.key for genre_chart in genre_charts],
        method_chart=chart or next(iter(genre_charts), None),
    )
