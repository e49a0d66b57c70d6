"""Titles: films, series, episodes and the rest of IMDb's title types.

Field names are the columns of IMDb's ``title.basics``, ``title.episode`` and
``title.ratings`` in snake_case, so the public datasets load 1:1.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse

from reeldb.catalog.folding import fold
from reeldb.catalog.models.fields import ByteOrderCharField
from reeldb.catalog.models.sources import Source

LOCAL_TITLE_PREFIX = "rt"


class TitleType(models.TextChoices):
    MOVIE = "movie", "Movie"
    SHORT = "short", "Short"
    TV_SERIES = "tvSeries", "TV Series"
    TV_MINI_SERIES = "tvMiniSeries", "TV Mini Series"
    TV_EPISODE = "tvEpisode", "TV Episode"
    TV_MOVIE = "tvMovie", "TV Movie"
    TV_SPECIAL = "tvSpecial", "TV Special"
    TV_SHORT = "tvShort", "TV Short"
    TV_PILOT = "tvPilot", "TV Pilot"
    VIDEO = "video", "Video"
    VIDEO_GAME = "videoGame", "Video Game"


SERIES_TYPES = frozenset({TitleType.TV_SERIES, TitleType.TV_MINI_SERIES})


def format_runtime(total_minutes: int | None) -> str:
    """Return "1h 44m" as IMDb shows a runtime; "" for none."""
    if not total_minutes:
        return ""
    hours, minutes = divmod(total_minutes, 60)
    if not hours:
        return f"{minutes}m"
    return f"{hours}h {minutes}m" if minutes else f"{hours}h"


def split_list(value: str) -> list[str]:
    """Return the items of a comma-separated column (IMDb's array form)."""
    return [item for item in value.split(",") if item]


class Title(models.Model):
    """A film, series, episode, short, game: anything with an IMDb ``tt`` id.

    The scalar columns hold the value shown on pages; every source's own value
    is kept in ``TitleClaim`` and the shown one is chosen by source precedence.
    """

    tconst = ByteOrderCharField(max_length=12, unique=True, null=True, blank=True)
    title_type = models.CharField(max_length=16, choices=TitleType.choices)
    primary_title = models.CharField(max_length=500)
    folded_title = ByteOrderCharField(
        max_length=500,
        editable=False,
        default="",
        help_text="primary_title folded: how sources are matched.",
    )
    original_title = models.CharField(max_length=500, blank=True)
    is_adult = models.BooleanField(default=False)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    runtime_minutes = models.PositiveIntegerField(null=True, blank=True)
    genres = models.CharField(max_length=200, blank=True, help_text="Comma-separated, as IMDb.")
    # title.episode: parentTconst, seasonNumber, episodeNumber.
    # title_episode_idx leads with the parent: no index of its own.
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="episodes",
        db_index=False,
    )
    season_number = models.PositiveIntegerField(null=True, blank=True)
    episode_number = models.PositiveIntegerField(null=True, blank=True)
    # A series' counts as a source states them ("5 seasons, 62 episodes"): the
    # episode guide counts the episodes stored, which a page alone does not bring.
    stated_seasons = models.PositiveSmallIntegerField(null=True, blank=True)
    stated_episodes = models.PositiveIntegerField(null=True, blank=True)
    # title.ratings, as published by the source that states them.
    average_rating = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    num_votes = models.PositiveIntegerField(null=True, blank=True)
    metascore = models.PositiveSmallIntegerField(null=True, blank=True)
    popularity_rank = models.PositiveIntegerField(null=True, blank=True)
    popularity_change = models.IntegerField(
        null=True, blank=True, help_text="Places moved up (positive) or down since the last chart."
    )
    user_review_count = models.PositiveIntegerField(null=True, blank=True)
    critic_review_count = models.PositiveIntegerField(null=True, blank=True)
    awards_summary = models.CharField(max_length=300, blank=True)
    countries = models.CharField(max_length=500, blank=True, help_text="Comma-separated.")
    languages = models.CharField(max_length=500, blank=True, help_text="Comma-separated.")
    shown_image = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The poster pages show, copied from the best stored Image (images.py).",
    )
    # Not indexed: a few sources share millions of rows, so no query would use it.
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The source that added it.",
        db_index=False,
    )

    class Meta:
        # No index on primary_title: search matches inside titles (LIKE '%…%'),
        # which no B-tree serves, and sources are matched by folded_title.
        # The advanced search's sorts by popularity, votes and rating have
        # indexes too, made by vendor in migration 0010 and not listed here.
        indexes = [
            models.Index(fields=["folded_title", "start_year"], name="title_folded_year_idx"),
            models.Index(fields=["title_type", "start_year"], name="title_type_year_idx"),
            # Browse pages by genre read it: see ``selectors.list_genre_combinations``.
            models.Index(fields=["genres"], name="title_genres_idx"),
            models.Index(
                fields=["parent", "season_number", "episode_number"], name="title_episode_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(average_rating__isnull=True)
                | models.Q(average_rating__gte=1, average_rating__lte=10),
                name="title_average_rating_range",
            ),
            models.CheckConstraint(
                condition=models.Q(metascore__isnull=True) | models.Q(metascore__lte=100),
                name="title_metascore_range",
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(start_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="title_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.primary_title} ({self.year_label})" if self.start_year else self.primary_title
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keep ``folded_title`` in step with ``primary_title``, also on partial saves."""
        self.folded_title = fold(self.primary_title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "primary_title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "folded_title"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("catalog:title", args=[self.public_id])

    @property
    def public_id(self) -> str:
        """Return the id in this title's URL: IMDb's ``tt`` id, else a local ``rt`` id."""
        return self.tconst or f"{LOCAL_TITLE_PREFIX}{self.pk}"

    @property
    def genre_list(self) -> list[str]:
        return split_list(self.genres)

    @property
    def country_list(self) -> list[str]:
        return split_list(self.countries)

    @property
    def language_list(self) -> list[str]:
        return split_list(self.languages)

    @property
    def is_series(self) -> bool:
        return self.title_type in SERIES_TYPES

    @property
    def is_episode(self) -> bool:
        return self.title_type == TitleType.TV_EPISODE

    @property
    def year_label(self) -> str:
        """Return "1995", "2014–2016", or "2014–" for a series still running."""
        if self.start_year is None:
            return ""
        if not self.is_series:
            return str(self.start_year)
        if self.end_year == self.start_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year or ''}"

    @property
    def episode_code(self) -> str:
        """Return IMDb's "S1.E2" for an episode, or "" when its numbers are unknown."""
        if self.season_number is None or self.episode_number is None:
            return ""
        return f"S{self.season_number}.E{self.episode_number}"

    @property
    def runtime_label(self) -> str:
        """Return "1h 44m" as IMDb shows a runtime."""
        return format_runtime(self.runtime_minutes)
