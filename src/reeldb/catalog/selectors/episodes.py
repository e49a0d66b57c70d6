"""Reads for a series' episode guide."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Prefetch

from reeldb.catalog.models import (
    Plot,
    PlotKind,
    ReleaseDate,
    Title,
)
from reeldb.catalog.selectors.common import by_precedence, with_source
from reeldb.errors import NotFound


@dataclass(frozen=True)
class SeasonSummary:
    number: int | None
    episode_count: int


def list_seasons(series: Title) -> list[SeasonSummary]:
    """Return the seasons of ``series`` with their episode counts, in order."""
    rows = (
        Title.objects.filter(parent=series)
        .values("season_number")
        .annotate(episode_count=Count("pk"))
        .order_by("season_number")
    )
    return [SeasonSummary(row["season_number"], row["episode_count"]) for row in rows]


@dataclass(frozen=True)
class EpisodeGuidePage:
    series: Title
    seasons: list[SeasonSummary]
    season: int | None
    episodes: Sequence[Title]
    outlines: dict[int, Plot]
    air_dates: dict[int, ReleaseDate]


def get_episode_guide_page(series: Title, *, season: int | None) -> EpisodeGuidePage:
    """Return one season of ``series`` (the first when ``season`` is None).

    Raises 404 for a season the series does not have.
    """
    seasons = list_seasons(series)
    numbers = [summary.number for summary in seasons]
    if season is None:
        season = numbers[0] if numbers else None
    elif season not in numbers:
        raise NotFound("No such season.")
    episodes = list(
        Title.objects.filter(parent=series, season_number=season)
        .order_by("episode_number", "primary_title")
        .prefetch_related(
            Prefetch(
                "plots",
                queryset=with_source(Plot).filter(kind=PlotKind.OUTLINE),
                to_attr="outline_plots",
            ),
            Prefetch("release_dates", queryset=with_source(ReleaseDate), to_attr="air_dates"),
        )
    )
    return EpisodeGuidePage(
        series=series,
        seasons=seasons,
        season=season,
        episodes=episodes,
        outlines={
            episode.pk: plots[0]
            for episode in episodes
            if (plots := by_precedence(episode.outline_plots))
        },
        air_dates={
            episode.pk: dates[0]
            for episode in episodes
            if (dates := by_precedence(episode.air_dates))
        },
    )
