"""Posters and portraits: where each image of a title or person comes from, and its files.

An ``Image`` is one source's picture of one title or person: the poster a
saved IMDb page names, the file a Wikipedia infobox names on Wikimedia
Commons, or a file staff uploaded. A reference starts ``pending``;
``reeldb images fetch`` downloads it, checks it and stores its renditions
(``stored``), or records why not (``failed``, tried again on the next run,
or ``rejected``, never tried again until the reference changes).

The picture pages show is copied onto the owner's ``shown_image`` column,
the way the shown value of a field is copied from its claims: every page that
lists titles or people already reads that row, so a card's picture costs no
query of its own.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from reeldb.catalog.models.people import Person
from reeldb.catalog.models.sources import Source
from reeldb.catalog.models.titles import Title


class ImageStatus(models.TextChoices):
    PENDING = "pending", "waiting to be downloaded"
    STORED = "stored", "stored"
    FAILED = "failed", "download failed, to be tried again"
    REJECTED = "rejected", "rejected"


class Image(models.Model):
    """One source's picture of one title (a poster) or one person (a portrait)."""

    title = models.ForeignKey(
        Title, on_delete=models.CASCADE, null=True, blank=True, related_name="images"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="images"
    )
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    original_url = models.URLField(
        max_length=1000, blank=True, help_text="Where it is downloaded from; empty for an upload."
    )
    uploaded_name = models.CharField(
        max_length=255, blank=True, help_text="The uploaded file's name, for an upload."
    )
    attribution = models.CharField(
        max_length=500,
        blank=True,
        help_text='The credit line to show: "File:X.jpg, via Wikimedia Commons".',
    )
    status = models.CharField(
        max_length=16, choices=ImageStatus.choices, default=ImageStatus.PENDING
    )
    reason = models.CharField(
        max_length=500, blank=True, help_text="Why it failed or was rejected."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    renditions = models.JSONField(
        default=list,
        blank=True,
        help_text="The stored WebP files, narrowest first: {width, height, name}.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["status"], name="image_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(title__isnull=True, person__isnull=False)
                | models.Q(title__isnull=False, person__isnull=True),
                name="image_one_owner",
            ),
            # One picture per source and owner: a page states one poster, and
            # a re-import replaces the reference rather than adding one.
            models.UniqueConstraint(
                fields=["source", "title"],
                condition=models.Q(title__isnull=False),
                name="image_source_title_unique",
            ),
            models.UniqueConstraint(
                fields=["source", "person"],
                condition=models.Q(person__isnull=False),
                name="image_source_person_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner} ({self.source}, {self.status})"

    @property
    def owner(self) -> Title | Person:
        """Return the title or person this image shows."""
        owner = self.title if self.title_id is not None else self.person
        if owner is None:
            raise ValueError(f"image {self.pk} shows neither a title nor a person")
        return owner

    def shown(self) -> dict[str, Any]:
        """Return what a page needs to show this image: its renditions and credit line."""
        return {"renditions": self.renditions, "attribution": self.attribution}
