"""People: cast and crew, as IMDb's ``name.basics``."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.urls import reverse

from reeldb.catalog.folding import fold
from reeldb.catalog.models.fields import ByteOrderCharField, RowIdField
from reeldb.catalog.models.sources import Source
from reeldb.catalog.models.titles import Title, split_list

LOCAL_PERSON_PREFIX = "rn"


class Person(models.Model):
    """Someone credited on a title, with IMDb's ``nm`` id when known."""

    nconst = ByteOrderCharField(max_length=12, unique=True, null=True, blank=True)
    primary_name = models.CharField(max_length=300)
    folded_name = ByteOrderCharField(
        max_length=300,
        editable=False,
        default="",
        help_text="primary_name folded: how sources are matched.",
    )
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    death_year = models.PositiveSmallIntegerField(null=True, blank=True)
    # IMDb's datasets state years only; a source that states the day fills these.
    # The places are nullable because SQLite adds a nullable column in place,
    # while a NOT NULL one makes Django copy the whole table (15 million rows).
    birth_date = models.DateField(null=True, blank=True)
    birth_place = models.CharField(max_length=300, null=True, blank=True)  # noqa: DJ001
    death_date = models.DateField(null=True, blank=True)
    death_place = models.CharField(max_length=300, null=True, blank=True)  # noqa: DJ001
    height_cm = models.PositiveSmallIntegerField(null=True, blank=True)
    primary_profession = models.CharField(
        max_length=200, blank=True, help_text="Comma-separated, as IMDb."
    )
    bio = models.TextField(blank=True)
    shown_image = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The portrait pages show, copied from the best stored Image (images.py).",
    )
    known_for_titles = models.ManyToManyField(
        Title, through="KnownFor", related_name="+", blank=True
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The source that added it.",
        db_index=False,
    )

    class Meta:
        verbose_name_plural = "people"
        # As for titles: folded_name matches sources, nothing looks up primary_name.
        indexes = [models.Index(fields=["folded_name"], name="person_folded_name_idx")]

    def __str__(self) -> str:
        return self.primary_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keep ``folded_name`` in step with ``primary_name``, also on partial saves."""
        self.folded_name = fold(self.primary_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "primary_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "folded_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("catalog:person", args=[self.public_id])

    @property
    def public_id(self) -> str:
        """Return the id in this person's URL: IMDb's ``nm`` id, else a local ``rn`` id."""
        return self.nconst or f"{LOCAL_PERSON_PREFIX}{self.pk}"

    @property
    def profession_list(self) -> list[str]:
        return split_list(self.primary_profession)


class KnownFor(models.Model):
    """One of the titles a person is best known for (``knownForTitles``), in order."""

    id = RowIdField(primary_key=True)

    # known_for_unique leads with the person: no index of its own.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="known_for", db_index=False
    )
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="+")
    ordering = models.PositiveSmallIntegerField(default=0)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+", db_index=False)

    natural_key_fields: ClassVar[tuple[str, ...]] = ("title_id",)

    class Meta:
        ordering = ["ordering", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "title", "source"], name="known_for_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} known for {self.title_id}"
