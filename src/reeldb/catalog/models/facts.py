"""The facts a title page lists: plots, keywords, release dates, box office and the rest.

Each fact row belongs to one title and one source. Two sources stating the
same fact give two rows; pages show it once (see ``natural_key_fields``).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from reeldb.catalog.models.fields import RowIdField
from reeldb.catalog.models.sources import Source
from reeldb.catalog.models.titles import Title


class TitleFact(models.Model):
    """Base of every per-title fact: its source and its place in the list.

    ``natural_key_fields`` names the fields that make two rows the same fact,
    whichever source stated them; importers update rows by it and pages
    de-duplicate by it.
    """

    # Not indexed: facts are read by title, and a source has millions of them.
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+", db_index=False)
    ordering = models.PositiveIntegerField(default=0)

    natural_key_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True
        ordering = ["ordering", "pk"]


class PlotKind(models.TextChoices):
    OUTLINE = "outline", "Outline"
    SUMMARY = "summary", "Summary"
    SYNOPSIS = "synopsis", "Synopsis"


class Plot(TitleFact):
    """An outline (one line), a summary (a paragraph) or a synopsis (the whole story)."""

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="plots")
    kind = models.CharField(max_length=16, choices=PlotKind.choices)
    text = models.TextField()
    author = models.CharField(max_length=300, blank=True)

    natural_key_fields = ("kind", "text")

    class Meta(TitleFact.Meta):
        indexes = [models.Index(fields=["title", "kind"], name="plot_title_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.title_id}"

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.text.split("\n\n") if part.strip()]


class Keyword(TitleFact):
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="keywords")
    keyword = models.CharField(max_length=200)

    natural_key_fields = ("keyword",)

    class Meta(TitleFact.Meta):
        indexes = [models.Index(fields=["keyword"], name="keyword_idx")]

    def __str__(self) -> str:
        return self.keyword


class Tagline(TitleFact):
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="taglines")
    text = models.CharField(max_length=1000)

    natural_key_fields = ("text",)

    def __str__(self) -> str:
        return self.text


class Certification(TitleFact):
    """A rating board's certificate: "United States: R for strong bloody violence"."""

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="certifications")
    country = models.CharField(
        max_length=100, blank=True, help_text="Empty when the page does not say."
    )
    rating = models.CharField(max_length=50)
    reason = models.CharField(max_length=500, blank=True)

    natural_key_fields = ("country", "rating")

    def __str__(self) -> str:
        return f"{self.country}: {self.rating}"


class DatePrecision(models.TextChoices):
    """How much of a date its source states: "September 1998" is a month, not its first day."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


# How each precision is shown (Django's ``date`` filter formats).
DATE_FORMATS = {DatePrecision.DAY: "j F Y", DatePrecision.MONTH: "F Y", DatePrecision.YEAR: "Y"}


class ReleaseDate(TitleFact):
    """A release in one country; a date stated to the month or year only keeps that precision.

    Such a date is stored as the first day of its month or year, and
    ``precision`` says that the day (or month) is not known, so pages show
    "September 1998", never an invented "1 September 1998".
    """

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="release_dates")
    country = models.CharField(
        max_length=100, blank=True, help_text="Empty when the page does not say."
    )
    release_date = models.DateField()
    precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    note = models.CharField(max_length=300, blank=True)

    natural_key_fields = ("country", "release_date", "note")

    class Meta(TitleFact.Meta):
        ordering = ["release_date", "pk"]

    def __str__(self) -> str:
        return f"{self.release_date.isoformat()} ({self.country})"

    @property
    def date_format(self) -> str:
        """The ``date`` filter's format for this date's precision."""
        return DATE_FORMATS.get(DatePrecision(self.precision), DATE_FORMATS[DatePrecision.DAY])


class Aka(TitleFact):
    """Another title the work is known by (IMDb's ``title.akas``)."""

    id = RowIdField(primary_key=True)

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="akas")
    aka_title = models.CharField(max_length=500)
    region = models.CharField(max_length=8, blank=True)
    language = models.CharField(max_length=8, blank=True)
    types = models.CharField(max_length=200, blank=True, help_text="Comma-separated.")
    attributes = models.CharField(max_length=500, blank=True, help_text="Comma-separated.")
    is_original_title = models.BooleanField(default=False)

    natural_key_fields = ("aka_title", "region", "language")

    class Meta(TitleFact.Meta):
        verbose_name = "AKA"

    def __str__(self) -> str:
        return self.aka_title


class FilmingLocation(TitleFact):
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="filming_locations")
    place = models.CharField(max_length=500)
    note = models.CharField(max_length=500, blank=True)

    natural_key_fields = ("place",)

    def __str__(self) -> str:
        return self.place


class Company(models.Model):
    """A production company, distributor or effects house, shared across titles."""

    name = models.CharField(max_length=300, unique=True)

    class Meta:
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name


class CompanyRole(models.TextChoices):
    PRODUCTION = "production", "Production companies"
    DISTRIBUTION = "distribution", "Distributors"
    SPECIAL_EFFECTS = "special_effects", "Special effects"
    NETWORK = "network", "Networks"
    OTHER = "other", "Other companies"


class CompanyCredit(TitleFact):
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="company_credits")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=24, choices=CompanyRole.choices)
    country = models.CharField(max_length=100, blank=True)
    note = models.CharField(max_length=300, blank=True)

    natural_key_fields = ("company_id", "role")

    def __str__(self) -> str:
        return f"{self.company_id} ({self.role})"


class BoxOfficeKind(models.TextChoices):
    BUDGET = "budget", "Budget"
    OPENING_WEEKEND = "opening_weekend", "Opening weekend"
    GROSS = "gross", "Gross"


class BoxOffice(TitleFact):
    """A money figure: budget, opening weekend or gross, for a region, in a currency."""

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="box_office")
    kind = models.CharField(max_length=16, choices=BoxOfficeKind.choices)
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3, default="USD")
    region = models.CharField(max_length=32, blank=True, help_text='"United States", "worldwide"…')
    is_estimated = models.BooleanField(default=False)
    reported_on = models.DateField(null=True, blank=True)

    natural_key_fields = ("kind", "region", "currency")

    class Meta(TitleFact.Meta):
        verbose_name_plural = "box office figures"
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="box_office_amount")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.currency}"

    @property
    def is_worldwide(self) -> bool:
        """Return whether the figure covers every market: sources spell the region freely."""
        return self.region.strip().lower() in {"worldwide", "world", "ww"}

    @property
    def label(self) -> str:
        """Return IMDb's label: "Gross worldwide" for a worldwide gross, else the kind."""
        kind = BoxOfficeKind(self.kind).label if self.kind in BoxOfficeKind.values else self.kind
        return f"{kind} worldwide" if self.is_worldwide else kind


class TechnicalSpecKind(models.TextChoices):
    SOUND_MIX = "sound_mix", "Sound mix"
    COLOR = "color", "Color"
    ASPECT_RATIO = "aspect_ratio", "Aspect ratio"
    CAMERA = "camera", "Camera"
    LABORATORY = "laboratory", "Laboratory"
    NEGATIVE_FORMAT = "negative_format", "Negative format"
    CINEMATOGRAPHIC_PROCESS = "cinematographic_process", "Cinematographic process"
    PRINTED_FILM_FORMAT = "printed_film_format", "Printed film format"
    RUNTIME = "runtime", "Runtime"


class TechnicalSpec(TitleFact):
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="technical_specs")
    kind = models.CharField(max_length=32, choices=TechnicalSpecKind.choices)
    value = models.CharField(max_length=300)
    note = models.CharField(max_length=300, blank=True)

    natural_key_fields = ("kind", "value")

    def __str__(self) -> str:
        return f"{self.kind}: {self.value}"


class Trivia(TitleFact):
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="trivia")
    text = models.TextField()

    natural_key_fields = ("text",)

    class Meta(TitleFact.Meta):
        verbose_name_plural = "trivia"

    def __str__(self) -> str:
        return self.text[:60]


class GoofCategory(models.TextChoices):
    CONTINUITY = "continuity", "Continuity"
    FACTUAL_ERROR = "factual_error", "Factual error"
    REVEALING_MISTAKE = "revealing_mistake", "Revealing mistake"
    ANACHRONISM = "anachronism", "Anachronism"
    CREW_OR_EQUIPMENT_VISIBLE = "crew_or_equipment_visible", "Crew or equipment visible"
    AUDIO_VISUAL_UNSYNCHRONIZED = "audio_visual_unsynchronized", "Audio/visual unsynchronised"
    PLOT_HOLE = "plot_hole", "Plot hole"
    OTHER = "other", "Other"


class Goof(TitleFact):
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="goofs")
    category = models.CharField(max_length=32, choices=GoofCategory.choices, default="other")
    text = models.TextField()

    natural_key_fields = ("text",)

    def __str__(self) -> str:
        return self.text[:60]


class Quote(TitleFact):
    """An exchange of lines, each ``{"character": ..., "text": ...}``."""

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="quotes")
    lines = models.JSONField(default=list)

    natural_key_fields = ("lines",)

    def __str__(self) -> str:
        return f"Quote from {self.title_id}"


class ConnectionKind(models.TextChoices):
    FOLLOWS = "follows", "Follows"
    FOLLOWED_BY = "followed_by", "Followed by"
    REMAKE_OF = "remake_of", "Remake of"
    REMADE_AS = "remade_as", "Remade as"
    REFERENCES = "references", "References"
    REFERENCED_IN = "referenced_in", "Referenced in"
    FEATURES = "features", "Features"
    FEATURED_IN = "featured_in", "Featured in"
    SPOOFS = "spoofs", "Spoofs"
    SPOOFED_IN = "spoofed_in", "Spoofed in"
    EDITED_FROM = "edited_from", "Edited from"
    EDITED_INTO = "edited_into", "Edited into"
    SPIN_OFF_FROM = "spin_off_from", "Spin-off from"
    SPIN_OFF = "spin_off", "Spin-off"
    VERSION_OF = "version_of", "Version of"


class Connection(TitleFact):
    """A link to another title: sequel, remake, reference, spin-off."""

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="connections")
    kind = models.CharField(max_length=24, choices=ConnectionKind.choices)
    target = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=500, blank=True)

    natural_key_fields = ("kind", "target_id")

    def __str__(self) -> str:
        return f"{self.title_id} {self.kind} {self.target_id}"


class Soundtrack(TitleFact):
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="soundtracks")
    song_title = models.CharField(max_length=500)
    credits = models.TextField(blank=True, help_text="Written by…, performed by…")

    natural_key_fields = ("song_title",)

    def __str__(self) -> str:
        return self.song_title


class FaqEntry(TitleFact):
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="faq_entries")
    question = models.CharField(max_length=1000)
    answer = models.TextField(blank=True)

    natural_key_fields = ("question",)

    class Meta(TitleFact.Meta):
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self) -> str:
        return self.question


class Collection(models.Model):
    """A named series of films: "Mexico Trilogy", "Spy Kids"."""

    name = models.CharField(max_length=300, unique=True)

    def __str__(self) -> str:
        return self.name


class CollectionEntry(TitleFact):
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="collection_entries")
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveSmallIntegerField(null=True, blank=True)

    natural_key_fields = ("collection_id",)

    class Meta(TitleFact.Meta):
        verbose_name_plural = "collection entries"

    def __str__(self) -> str:
        return f"{self.title_id} in {self.collection_id}"


class ProductionNote(TitleFact):
    """A paragraph about how the title was made: Wikipedia's production and release sections."""

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="production_notes")
    text = models.TextField()

    natural_key_fields = ("text",)

    def __str__(self) -> str:
        return f"Production note on {self.title_id}"


class SourceReview(TitleFact):
    """A review a source quotes, such as the featured user review on an IMDb title page.

    Kept apart from reeldb's own users' reviews: its helpful votes were cast
    on the source's site and are shown as the source states them.
    """

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="source_reviews")
    headline = models.CharField(max_length=500)
    text = models.TextField()
    author = models.CharField(max_length=300, blank=True)
    review_date = models.DateField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    helpful_yes = models.PositiveIntegerField(null=True, blank=True)
    helpful_total = models.PositiveIntegerField(null=True, blank=True)

    natural_key_fields = ("author", "headline")

    def __str__(self) -> str:
        return f"Review of {self.title_id} by {self.author}"


class Recommendation(TitleFact):
    """A title a source recommends beside this one: IMDb's "people who liked this also liked"."""

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="recommendations")
    target = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="+")

    natural_key_fields = ("target_id",)

    def __str__(self) -> str:
        return f"{self.title_id} -> {self.target_id}"


class ExternalSite(models.TextChoices):
    TMDB = "tmdb", "TMDB"
    WIKIDATA = "wikidata", "Wikidata"


class ExternalId(TitleFact):
    """The title's id on another site, as a source states it: TMDB's in MovieLens' links."""

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="external_ids")
    site = models.CharField(max_length=16, choices=ExternalSite.choices)
    value = models.CharField(max_length=32)

    natural_key_fields = ("site", "value")

    class Meta(TitleFact.Meta):
        indexes = [models.Index(fields=["site", "value"], name="external_id_site_value_idx")]

    def __str__(self) -> str:
        return f"{self.site}:{self.value} -> {self.title_id}"

    @property
    def url(self) -> str:
        """Return the title's page on that site (TMDB keeps films and series apart)."""
        if self.site == ExternalSite.WIKIDATA:
            return f"https://www.wikidata.org/wiki/{self.value}"
        return (
            f"https://www.themoviedb.org/{'tv' if self.title.is_series else 'movie'}/{self.value}"
        )
