"""Stored recommendations: each ``reeldb recommend train`` writes them whole; pages only read.

A title's related titles are computed offline with the reason each was chosen,
so "More like this" is one indexed read. A user's "For you" is scored from the
``taste`` of the stored neighbours of the titles they rated: on request for most
users, at training for those with many ratings (``UserPick``), whose request
would read the neighbours of hundreds of titles.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from reeldb.catalog.models import Title


class Reason(models.TextChoices):
    """Why a related title was chosen, strongest evidence first (``services.reason_for``)."""

    SAME_SERIES = "series", "Same series"
    SOURCE = "source", "A source recommends it"
    CO_LIKED = "liked", "Liked by the same people"
    SAME_DIRECTOR = "director", "Same director"
    SHARED_CAST = "cast", "Shared cast"
    SHARED_KEYWORDS = "keywords", "Shared keywords"
    SIMILAR = "similar", "Similar genres"


class RelatedTitle(models.Model):
    """One of a title's stored neighbours, ranked, with the reason shown beside it."""

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="+", db_index=False)
    related = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField(help_text="The model's similarity; comparable within one title.")
    taste = models.FloatField(
        default=0.0,
        help_text="What it adds to 'For you' per point of a rating: its score from ratings alone.",
    )
    reason = models.CharField(max_length=16, choices=Reason.choices)
    reason_detail = models.JSONField(
        default=dict, blank=True, help_text="What the reason names: a share, people, keywords."
    )

    class Meta:
        ordering = ["title", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["title", "rank"], name="related_title_rank_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title_id} → {self.related_id} (#{self.rank})"


class NotInterested(models.Model):
    """A title a user asked never to be recommended; deleting the row undoes it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "title"], name="not_interested_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} not interested in {self.title_id}"


class UserPick(models.Model):
    """One of an active user's "For you" titles, scored at training from their ratings then.

    ``because`` is the rated title that added most to the score, and
    ``because_score`` how much: a newer rating that adds more names itself
    instead (``selectors.get_recommendations_for``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    because = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="+")
    because_score = models.FloatField()

    class Meta:
        ordering = ["user", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["user", "rank"], name="user_pick_rank_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.title_id} (#{self.rank})"


class TrainingRun(models.Model):
    """The last training's figures, shown on the recommendations pages and by the command."""

    trained_at = models.DateTimeField()
    model = models.CharField(max_length=32)
    ratings = models.PositiveBigIntegerField()
    users = models.PositiveIntegerField()
    titles = models.PositiveIntegerField(help_text="Titles given related titles.")
    collaborative_titles = models.PositiveIntegerField(help_text="Of those, from ratings.")
    seconds = models.FloatField()

    def __str__(self) -> str:
        return f"{self.model} at {self.trained_at:%Y-%m-%d %H:%M}"
