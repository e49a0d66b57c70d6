"""Stored charts: each refresh writes them whole; pages only read them.

A chart is computed by ``reeldb charts refresh`` (and after each import),
never per request, so a chart page costs the same however many ratings exist.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.http import urlencode

from reeldb.catalog.models import Person, Title

# The rating charts' formula as the chart pages print it: R is a title's mean rating, v its
# votes, m the votes needed to be listed (``Chart.min_votes``), C the mean of all votes
# (``Chart.mean_rating``). ``services.weighted_rating`` computes exactly this.
WEIGHTED_RATING_FORMULA = "WR = (v ÷ (v + m)) × R + (m ÷ (v + m)) × C"


class ChartKind(models.TextChoices):
    TOP = "top", "Top 250 movies"
    TOP_TV = "toptv", "Top 250 TV shows"
    MOVIEMETER = "moviemeter", "Most popular movies"
    TV_METER = "tvmeter", "Most popular TV shows"
    BOX_OFFICE = "boxoffice", "Top box office"
    GENRE = "genre", "Top rated by genre"
    STARMETER = "starmeter", "Most popular people"


class Chart(models.Model):
    """One computed chart: its kind, its genre for genre charts, and the constants used."""

    kind = models.CharField(max_length=16, choices=ChartKind.choices)
    key = models.CharField(max_length=100, blank=True, help_text="The genre of a genre chart.")
    computed_at = models.DateTimeField()
    basis = models.CharField(max_length=16, blank=True, help_text='"reeldb" or "published".')
    min_votes = models.PositiveIntegerField(null=True, blank=True, help_text="m in the formula.")
    mean_rating = models.DecimalField(
        max_digits=6, decimal_places=4, null=True, blank=True, help_text="C in the formula."
    )
    window_start = models.DateTimeField(null=True, blank=True)
    window_end = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="chart_kind_key_unique"),
        ]

    def __str__(self) -> str:
        label = self.get_kind_display()
        return f"{label}: {self.key}" if self.key else label

    def get_absolute_url(self) -> str:
        if self.kind == ChartKind.GENRE:
            return f"{reverse('charts:genre')}?{urlencode({'genres': self.key})}"
        return reverse(f"charts:{self.kind}")

    @property
    def window_days(self) -> int | None:
        """Return the length in days of the activity window Most popular counted, if any."""
        if self.window_start is None or self.window_end is None:
            return None
        return (self.window_end - self.window_start).days


class ChartEntry(models.Model):
    """A title's place in a chart, with the figures it was ranked by."""

    chart = models.ForeignKey(Chart, on_delete=models.CASCADE, related_name="entries")
    rank = models.PositiveIntegerField()
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(
        help_text="What the chart sorts by: weighted rating, activity, gross."
    )
    votes = models.PositiveIntegerField(null=True, blank=True)
    average = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    amount = models.BigIntegerField(null=True, blank=True, help_text="Gross, in US dollars.")
    region = models.CharField(max_length=32, blank=True)
    previous_rank = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "chart entries"
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["chart", "rank"], name="chart_entry_rank_unique"),
            models.UniqueConstraint(fields=["chart", "title"], name="chart_entry_title_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.title_id}"

    @property
    def change(self) -> int | None:
        """Return places moved up (positive) or down since the last refresh; None if new."""
        return None if self.previous_rank is None else self.previous_rank - self.rank


class PersonEntry(models.Model):
    """A person's place in the people chart, with the votes it was ranked by.

    Titles and people are charted apart: a chart of people has no title, its
    score is the votes of the titles the person is known for.
    """

    chart = models.ForeignKey(Chart, on_delete=models.CASCADE, related_name="people")
    rank = models.PositiveIntegerField()
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    votes = models.BigIntegerField(help_text="Votes of the person's known-for titles.")
    known_for = models.ForeignKey(
        Title,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The most-voted title the person is known for.",
    )
    previous_rank = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "person entries"
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["chart", "rank"], name="person_entry_rank_unique"),
            models.UniqueConstraint(fields=["chart", "person"], name="person_entry_person_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.person_id}"

    @property
    def change(self) -> int | None:
        """Return places moved up (positive) or down since the last refresh; None if new."""
        return None if self.previous_rank is None else self.previous_rank - self.rank
