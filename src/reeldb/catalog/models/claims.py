"""What each source says about a title's or person's single-valued fields.

A ``Title`` row shows one runtime; the claims keep every source's runtime, so
merging a second source never loses the first and the shown value can be
re-chosen when a better source arrives.
"""

from __future__ import annotations

from django.db import models

from reeldb.catalog.models.people import Person
from reeldb.catalog.models.sources import Source
from reeldb.catalog.models.titles import Title

TITLE_CLAIM_FIELDS: tuple[str, ...] = (
    "title_type",
    "primary_title",
    "original_title",
    "is_adult",
    "start_year",
    "end_year",
    "runtime_minutes",
    "genres",
    "season_number",
    "episode_number",
    "stated_seasons",
    "stated_episodes",
    "average_rating",
    "num_votes",
    "metascore",
    "popularity_rank",
    "popularity_change",
    "user_review_count",
    "critic_review_count",
    "awards_summary",
    "countries",
    "languages",
)
PERSON_CLAIM_FIELDS: tuple[str, ...] = (
    "primary_name",
    "birth_year",
    "death_year",
    "birth_date",
    "birth_place",
    "death_date",
    "death_place",
    "height_cm",
    "primary_profession",
    "bio",
)


class TitleClaim(models.Model):
    """One source's value for one field of a title."""

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="claims")
    field = models.CharField(max_length=32)
    value = models.JSONField(null=True)
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["title", "field", "source"], name="title_claim_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title_id}.{self.field} = {self.value!r}"


class PersonClaim(models.Model):
    """One source's value for one field of a person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="claims")
    field = models.CharField(max_length=32)
    value = models.JSONField(null=True)
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "field", "source"], name="person_claim_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}.{self.field} = {self.value!r}"


class TitleSourceKey(models.Model):
    """A source's own key for a title: a MovieLens item id, a Wikipedia page, a demo id.

    Importers find the title they made last time by this key, which is what
    makes re-importing the same document change nothing.
    """

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="title_keys")
    key = models.CharField(max_length=500)
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="source_keys")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="title_source_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.key} -> {self.title_id}"


class PersonSourceKey(models.Model):
    """A source's own key for a person (see ``TitleSourceKey``)."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="person_keys")
    key = models.CharField(max_length=500)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="source_keys")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="person_source_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.key} -> {self.person_id}"
