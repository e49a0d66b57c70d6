"""Credits: who did what on a title (IMDb's ``title.principals`` and full credits)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from reeldb.catalog.models.fields import JSONTextField, RowIdField
from reeldb.catalog.models.people import Person
from reeldb.catalog.models.sources import Source
from reeldb.catalog.models.titles import Title


class CreditCategory(models.TextChoices):
    """IMDb's principal categories, plus the crew departments of full-credits pages."""

    DIRECTOR = "director", "Directed by"
    WRITER = "writer", "Writing credits"
    ACTOR = "actor", "Cast"
    ACTRESS = "actress", "Cast"
    SELF = "self", "Cast"
    ARCHIVE_FOOTAGE = "archive_footage", "Archive footage"
    ARCHIVE_SOUND = "archive_sound", "Archive sound"
    PRODUCER = "producer", "Produced by"
    COMPOSER = "composer", "Music by"
    CINEMATOGRAPHER = "cinematographer", "Cinematography by"
    EDITOR = "editor", "Film editing by"
    CASTING_DIRECTOR = "casting_director", "Casting by"
    PRODUCTION_DESIGNER = "production_designer", "Production design by"
    ART_DIRECTOR = "art_director", "Art direction by"
    SET_DECORATOR = "set_decorator", "Set decoration by"
    COSTUME_DESIGNER = "costume_designer", "Costume design by"
    MAKEUP_DEPARTMENT = "makeup_department", "Makeup department"
    PRODUCTION_MANAGER = "production_manager", "Production management"
    ASSISTANT_DIRECTOR = "assistant_director", "Second unit director or assistant director"
    ART_DEPARTMENT = "art_department", "Art department"
    SOUND_DEPARTMENT = "sound_department", "Sound department"
    SPECIAL_EFFECTS = "special_effects", "Special effects by"
    VISUAL_EFFECTS = "visual_effects", "Visual effects by"
    STUNTS = "stunts", "Stunts"
    CAMERA_DEPARTMENT = "camera_department", "Camera and electrical department"
    CASTING_DEPARTMENT = "casting_department", "Casting department"
    COSTUME_DEPARTMENT = "costume_department", "Costume and wardrobe department"
    EDITORIAL_DEPARTMENT = "editorial_department", "Editorial department"
    LOCATION_MANAGEMENT = "location_management", "Location management"
    MUSIC_DEPARTMENT = "music_department", "Music department"
    TRANSPORTATION_DEPARTMENT = "transportation_department", "Transportation department"
    MISCELLANEOUS = "miscellaneous", "Additional crew"
    THANKS = "thanks", "Thanks"


CAST_CATEGORIES = frozenset(
    {
        CreditCategory.ACTOR,
        CreditCategory.ACTRESS,
        CreditCategory.SELF,
        CreditCategory.ARCHIVE_FOOTAGE,
        CreditCategory.ARCHIVE_SOUND,
    }
)


class Credit(models.Model):
    """One person's credit on one title: category, job, characters, billing."""

    id = RowIdField(primary_key=True)

    # Two indexes only, declared in Meta: (title, ordering) and (person). On
    # 100 million credits every index costs gigabytes.
    title = models.ForeignKey(
        Title, on_delete=models.CASCADE, related_name="credits", db_index=False
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="credits", db_index=False
    )
    category = models.CharField(max_length=32, choices=CreditCategory.choices)
    job = models.CharField(max_length=300, blank=True)
    characters = JSONTextField(default=list, blank=True)
    ordering = models.PositiveIntegerField(default=0, help_text="Billing order within the title.")
    credited_as = models.CharField(max_length=300, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+", db_index=False)

    natural_key_fields: ClassVar[tuple[str, ...]] = ("title_id", "person_id", "category", "job")

    class Meta:
        ordering = ["ordering", "pk"]
        indexes = [
            models.Index(fields=["title", "ordering"], name="credit_title_order_idx"),
            # A person's page counts their credits by category from this index
            # alone and reads each category's first rows in title order through
            # it, so its cost does not grow with the filmography (40,000 credits
            # took 11 s when the page read them all). It is the largest index an
            # IMDb import builds, a fifth larger than one on the person alone.
            models.Index(fields=["person", "category", "title"], name="credit_person_category_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} as {self.category} on {self.title_id}"

    @property
    def is_cast(self) -> bool:
        return self.category in CAST_CATEGORIES

    @property
    def character_label(self) -> str:
        """Return the characters as IMDb lists them: "El Mariachi / Narrator"."""
        return " / ".join(str(character) for character in self.characters)
