"""Reads for the chart pages: a stored chart with its titles or people, in two or three queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from reeldb.charts.models import Chart, ChartEntry, ChartKind, PersonEntry
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

    @property
    def is_popularity(self) -> bool:
        """Return whether the chart ranks by activity (with rank movement), not by rating."""
        return self.kind in (ChartKind.MOVIEMETER, ChartKind.TV_METER)


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


PEOPLE_PAGE_SIZE = 50


@dataclass
class PeopleChartPage:
    chart: Chart | None
    page: Page[PersonEntry] | None


def get_people_chart_page(*, page: int = 1) -> PeopleChartPage:
    """Return one page of the most popular people; three queries whatever the page.

    The chart, the count of its (at most ``charts.services.PEOPLE_SIZE``)
    entries, and one page of them with their people and known-for titles. A
    page past the last is the last.
    """
    chart = Chart.objects.filter(kind=ChartKind.STARMETER).first()
    if chart is None:
        return PeopleChartPage(chart=None, page=None)
    entries = chart.people.select_related("person", "known_for").order_by("rank")
    return PeopleChartPage(chart=chart, page=Paginator(entries, PEOPLE_PAGE_SIZE).get_page(page))
