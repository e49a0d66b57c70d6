"""What reeldb's own users add: ratings, reviews, watchlists, check-ins and lists.

Each per-user-per-title row has a unique constraint, so two requests racing
to write the same thing end as one row (services upsert against it), and every
aggregate shown is computed from these rows, never kept as a drifting counter.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from reeldb.catalog.models import Title

RATING_MIN = 1
RATING_MAX = 10
RATING_VALIDATORS = [MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)]
# A review says something: 50 characters is about ten words, two short
# sentences. Shorter texts ("Great film!!") belong in a rating.
REVIEW_MIN_CHARS = 50
# ``Profile.import_source`` of the demo community's accounts (``reeldb demo``).
DEMO_SOURCE = "reeldb-demo"


def stars_to_rating(stars: float) -> int | None:
    """Return a half-star rating (0.5 to 5, MovieLens, Letterboxd) as reeldb's 1-10: stars × 2.

    Doubling keeps every half-star value distinct and exact (½ → 1, 3½ → 7,
    5 → 10); anything not on the half-star scale is None.
    """
    doubled = stars * 2
    if not math.isfinite(doubled) or doubled != round(doubled):
        return None
    value = round(doubled)
    return value if RATING_MIN <= value <= RATING_MAX else None


class Profile(models.Model):
    """What reeldb knows about an account beyond Django's user: where it came from."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    is_imported = models.BooleanField(
        default=False, help_text="Made by an importer (MovieLens): it cannot log in."
    )
    import_source = models.CharField(max_length=100, blank=True)
    import_key = models.CharField(max_length=100, blank=True, help_text="The source's user id.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["import_source", "import_key"],
                condition=models.Q(is_imported=True),
                name="profile_import_key_unique",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_demo(self) -> bool:
        """Whether this account belongs to the demo community: written for the demo, no one's."""
        return self.is_imported and self.import_source == DEMO_SOURCE


class Rating(models.Model):
    """One user's rating of one title, 1-10; a second rating replaces the first.

    Three indexes, no more: a MovieLens release loads tens of millions of
    ratings, and each index costs a write per row. The unique (user, title)
    serves a user's ratings and (title, value) a title's, so neither foreign
    key has its own.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ratings", db_index=False
    )
    title = models.ForeignKey(
        Title, on_delete=models.CASCADE, related_name="user_ratings", db_index=False
    )
    value = models.PositiveSmallIntegerField(validators=RATING_VALIDATORS)
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "title"], name="rating_user_title_unique"),
            models.CheckConstraint(
                condition=models.Q(value__gte=RATING_MIN, value__lte=RATING_MAX),
                name="rating_value_range",
            ),
        ]
        indexes = [
            models.Index(fields=["title", "value"], name="rating_title_value_idx"),
            models.Index(fields=["rated_at"], name="rating_rated_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} rated {self.title} {self.value}/10"

    @property
    def label(self) -> str:
        """Return "Rated 8/10 on 3 Dec 2026", as a profile lists it."""
        return f"Rated {self.value}/10 on {self.rated_at.day} {self.rated_at:%b %Y}"


class ReviewSort(models.TextChoices):
    HELPFULNESS = "helpfulness", "Helpfulness"
    DATE = "date", "Date"
    RATING = "rating", "Rating"


class Review(models.Model):
    """A user's review of a title: at most one per user and title."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="user_reviews")
    headline = models.CharField(max_length=200)
    text = models.TextField(
        max_length=20_000,
        validators=[
            MinLengthValidator(
                REVIEW_MIN_CHARS,
                f"A review needs at least {REVIEW_MIN_CHARS} characters: say what made it work "
                "or not (a rating alone needs no review).",
            )
        ],
    )
    is_spoiler = models.BooleanField(default=False)
    rating = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=RATING_VALIDATORS,
        help_text="The reviewer's rating of the title: a copy of their Rating, kept equal by "
        "the services that write either.",
    )
    helpful_yes = models.PositiveIntegerField(default=0, editable=False)
    helpful_total = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "title"], name="review_user_title_unique"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True)
                | models.Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX),
                name="review_rating_range",
            ),
        ]
        indexes = [models.Index(fields=["title", "-helpful_yes"], name="review_title_helpful_idx")]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("community:review", args=[self.pk])


class ReviewVote(models.Model):
    """One user's answer to "was this review helpful?"; answering again changes it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    is_helpful = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], name="review_vote_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.review_id}: {'yes' if self.is_helpful else 'no'}"


class WatchlistEntry(models.Model):
    """A title a user wants to watch."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watchlist"
    )
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "watchlist entries"
        constraints = [
            models.UniqueConstraint(fields=["user", "title"], name="watchlist_user_title_unique"),
        ]
        indexes = [models.Index(fields=["added_at"], name="watchlist_added_at_idx")]

    def __str__(self) -> str:
        return f"{self.user} wants to watch {self.title}"


class CheckIn(models.Model):
    """ "I watched this": one viewing on a date; a title may be watched many times."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins"
    )
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="+")
    watched_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["user", "-watched_on"], name="checkin_user_date_idx"),
            models.Index(fields=["created_at"], name="checkin_created_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} watched {self.title} on {self.watched_on}"


class TitleList(models.Model):
    """A user's named, ordered list of titles, public or private."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="title_lists"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(max_length=5_000, blank=True)
    is_public = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The lists page reads public lists newest first, a page at a time.
        indexes = [
            models.Index(fields=["is_public", "-updated_at", "-id"], name="title_list_public_idx")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:list", args=[self.pk])


class ListItem(models.Model):
    """A title's place in a list; positions run 1, 2, 3… without gaps."""

    title_list = models.ForeignKey(TitleList, on_delete=models.CASCADE, related_name="items")
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["title_list", "title"], name="list_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title_id}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class HistoryImport(models.Model):
    """A history upload too large to import during its request, and how far its import has got.

    The upload's bytes wait here for the background worker and are dropped when
    the import ends; the report stays for the history page.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="history_imports"
    )
    file_name = models.CharField(max_length=255)
    data = models.BinaryField(editable=False, help_text="The upload, until it is imported.")
    status = models.CharField(
        max_length=8, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    unpacked_bytes = models.PositiveBigIntegerField(help_text="What the upload unpacks to.")
    read_bytes = models.PositiveBigIntegerField(default=0, help_text="Unpacked bytes read so far.")
    report = models.JSONField(null=True, blank=True, help_text="HistoryReport.as_json().")
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    touched_at = models.DateTimeField(
        default=timezone.now, help_text="When the job was queued or last made progress."
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"], name="history_import_user_idx")]

    def __str__(self) -> str:
        return f"{self.user}'s import of {self.file_name} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {ImportStatus.DONE, ImportStatus.FAILED}

    @property
    def percent(self) -> int:
        """Return how much of the upload has been read, 0 to 100."""
        if self.is_finished:
            return 100
        return min(99, 100 * self.read_bytes // max(self.unpacked_bytes, 1))
