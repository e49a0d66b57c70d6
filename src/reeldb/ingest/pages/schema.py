"""What an extractor finds in one document: the schema ``reeldb extract --json`` prints.

Every extractor, whatever the page and its form, fills the same
``PageExtraction``; the store turns it into catalogue rows. Keeping the two
apart is what lets ``extract`` show an import without writing it, and lets
tests check an extractor field by field. Empty fields mean "the page does not
say", never "the value is empty". ``docs/importers/pages.md`` documents each
field.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class DocumentKind(StrEnum):
    IMDB_TITLE = "imdb_title"
    IMDB_PLOT_SUMMARY = "imdb_plot_summary"
    IMDB_FULL_CREDITS = "imdb_full_credits"
    WIKIPEDIA_FILM = "wikipedia_film"
    WIKIPEDIA_SERIES = "wikipedia_series"


class DocumentForm(StrEnum):
    TEXT = "text"
    HTML = "html"
    WIKITEXT = "wikitext"


@dataclass
class PersonRef:
    """A person as a page names them, with IMDb's id when the page links it."""

    name: str
    imdb_id: str = ""
    # The portrait the page shows beside the name (an absolute address).
    image_url: str = ""


@dataclass
class CreditLine:
    """One line of cast or crew: ``category`` is a ``CreditCategory`` value."""

    category: str
    person: PersonRef
    job: str = ""
    characters: list[str] = field(default_factory=list)
    credited_as: str = ""


@dataclass
class TitleRef:
    """Another title a page points at: a related title, a connection, a sequel."""

    title: str
    year: int | None = None
    imdb_id: str = ""
    title_type: str = ""


@dataclass
class RelatedTitle(TitleRef):
    """A "people who liked this also liked" card, with what the card shows."""

    genres: list[str] = field(default_factory=list)
    rating: float | None = None
    outline: str = ""
    directors: list[PersonRef] = field(default_factory=list)
    stars: list[PersonRef] = field(default_factory=list)


@dataclass
class PlotText:
    kind: str  # outline, summary or synopsis
    text: str
    author: str = ""


@dataclass
class Money:
    kind: str  # budget, opening_weekend or gross
    amount: int
    currency: str = "USD"
    region: str = ""
    is_estimated: bool = False


@dataclass
class Dated:
    """A release date with its country and note.

    A page that states only a month or a year ("September 1998") gives the
    first day of it and ``precision`` "month" or "year" (a ``DatePrecision``
    value), so that no day is invented.
    """

    country: str
    date: datetime.date
    note: str = ""
    precision: str = "day"


@dataclass
class Rated:
    """A certificate: the rating a country's board gave, and why."""

    country: str
    rating: str
    reason: str = ""


@dataclass
class AlsoKnownAs:
    """Another title, where it is used, and what the page says of it ("working title")."""

    title: str
    region: str = ""
    note: str = ""
    is_original: bool = False


@dataclass
class CompanyLine:
    name: str
    role: str = "production"


@dataclass
class Spec:
    kind: str  # a TechnicalSpecKind value
    value: str
    note: str = ""


@dataclass
class Link:
    kind: str  # a ConnectionKind value
    target: TitleRef


@dataclass
class Song:
    title: str
    credits: str = ""


@dataclass
class Membership:
    """A series of films the title belongs to, and its place in it when stated."""

    name: str
    position: int | None = None


@dataclass
class UserReview:
    """The featured user review a title page quotes."""

    headline: str
    text: str
    author: str = ""
    date: datetime.date | None = None
    rating: int | None = None
    helpful_yes: int | None = None
    helpful_total: int | None = None


@dataclass
class Unmapped:
    """A labelled block or infobox row the page states that no field of reeldb's took.

    ``where`` names the part of the page (``infobox``, ``details``, ``section``),
    ``label`` the label as the page prints it, ``value`` the start of its text;
    ``reeldb extract --json`` lists them so that a layout reeldb does not know
    yet shows itself instead of losing facts silently.
    """

    where: str
    label: str
    value: str = ""


@dataclass
class PageExtraction:
    """Everything one document states about one title."""

    kind: DocumentKind
    form: DocumentForm
    title: str
    lowercased: bool = False
    imdb_id: str = ""
    wikipedia_page: str = ""
    wikidata_id: str = ""
    original_title: str = ""
    title_type: str = ""
    year: int | None = None
    end_year: int | None = None
    series: TitleRef | None = None
    season: int | None = None
    episode: int | None = None
    runtime_minutes: int | None = None
    genres: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    rating: float | None = None
    votes: int | None = None
    user_reviews: int | None = None
    critic_reviews: int | None = None
    metascore: int | None = None
    popularity_rank: int | None = None
    popularity_change: int | None = None
    awards: str = ""
    seasons: int | None = None
    episodes: int | None = None
    credits: list[CreditLine] = field(default_factory=list)
    plots: list[PlotText] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    taglines: list[str] = field(default_factory=list)
    certifications: list[Rated] = field(default_factory=list)
    release_dates: list[Dated] = field(default_factory=list)
    akas: list[AlsoKnownAs] = field(default_factory=list)
    filming_locations: list[str] = field(default_factory=list)
    box_office: list[Money] = field(default_factory=list)
    companies: list[CompanyLine] = field(default_factory=list)
    technical_specs: list[Spec] = field(default_factory=list)
    trivia: list[str] = field(default_factory=list)
    goofs: list[str] = field(default_factory=list)
    quotes: list[list[str]] = field(default_factory=list)
    connections: list[Link] = field(default_factory=list)
    soundtracks: list[Song] = field(default_factory=list)
    faq: list[str] = field(default_factory=list)
    review: UserReview | None = None
    related: list[RelatedTitle] = field(default_factory=list)
    production_notes: list[str] = field(default_factory=list)
    collections: list[Membership] = field(default_factory=list)
    # The title's picture: where to download it, and the credit line to show with it.
    poster_url: str = ""
    poster_attribution: str = ""
    # What the page states under labels no field maps: see ``Unmapped``.
    unmapped: list[Unmapped] = field(default_factory=list)

    def note_unmapped(self, where: str, label: str, value: str) -> None:
        """Record a block the extractor saw and did not map, once per label."""
        label = " ".join(label.split())[:80]
        if label and not any(u.where == where and u.label == label for u in self.unmapped):
            self.unmapped.append(Unmapped(where, label, " ".join(value.split())[:200]))

    def to_json(self) -> dict[str, Any]:
        """Return this extraction as JSON-ready data: dates as ISO strings, empties left out."""
        data: dict[str, Any] = _jsonable(dataclasses.asdict(self))
        return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _jsonable(item)
            for key, item in value.items()
            if item not in (None, "", [], {}, False) or key == "kind"
        }
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
