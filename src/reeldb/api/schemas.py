"""The API's response shapes, and the functions that fill them from the domains' objects.

Facts are listed as the catalogue stores them, whole and de-duplicated across
sources, each with the name of the source that states it. Their shapes are
made from the models (django-ninja's ``create_schema``), so a new column shows
up in the API and in its OpenAPI schema without a second definition here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from ninja import Schema
from ninja.orm import create_schema

from reeldb.catalog.models import (
    Aka,
    BoxOffice,
    Certification,
    CollectionEntry,
    CompanyCredit,
    Connection,
    Credit,
    ExternalId,
    FaqEntry,
    FilmingLocation,
    Goof,
    Keyword,
    Person,
    Plot,
    ProductionNote,
    Quote,
    Recommendation,
    ReleaseDate,
    Soundtrack,
    SourceReview,
    Tagline,
    TechnicalSpec,
    Title,
    Trivia,
)


class ErrorBody(Schema):
    code: str
    message: str
    details: dict[str, Any]


class ErrorOut(Schema):
    """Every 4xx and 5xx answer: a stable code for programs, a message for people."""

    error: ErrorBody


class TitleRef(Schema):
    """A title as other records point to it."""

    id: str
    imdb_id: str | None
    type: str
    title: str
    year: int | None
    url: str


class TitleOut(TitleRef):
    """A title's own facts; its sections come with ``include``."""

    original_title: str
    end_year: int | None
    runtime_minutes: int | None
    genres: list[str]
    countries: list[str]
    languages: list[str]
    is_adult: bool
    rating: Decimal | None
    votes: int | None
    metascore: int | None
    popularity_rank: int | None
    series: TitleRef | None
    season: int | None
    episode: int | None


class PersonRef(Schema):
    id: str
    imdb_id: str | None
    name: str
    url: str


class PersonOut(PersonRef):
    birth_year: int | None
    death_year: int | None
    birth_date: date | None
    birth_place: str | None
    death_date: date | None
    death_place: str | None
    height_cm: int | None
    professions: list[str]
    bio: str


def title_ref(title: Title) -> dict[str, Any]:
    return {
        "id": title.public_id,
        "imdb_id": title.tconst,
        "type": title.title_type,
        "title": title.primary_title,
        "year": title.start_year,
        "url": title.get_absolute_url(),
    }


def title_out(title: Title) -> dict[str, Any]:
    """Return a title's own facts; ``title.parent`` should be selected with it for episodes."""
    return {
        **title_ref(title),
        "original_title": title.original_title or title.primary_title,
        "end_year": title.end_year,
        "runtime_minutes": title.runtime_minutes,
        "genres": title.genre_list,
        "countries": title.country_list,
        "languages": title.language_list,
        "is_adult": title.is_adult,
        "rating": title.average_rating,
        "votes": title.num_votes,
        "metascore": title.metascore,
        "popularity_rank": title.popularity_rank,
        "series": title_ref(title.parent) if title.parent_id and title.parent else None,
        "season": title.season_number,
        "episode": title.episode_number,
    }


def person_ref(person: Person) -> dict[str, Any]:
    return {
        "id": person.public_id,
        "imdb_id": person.nconst,
        "name": person.primary_name,
        "url": person.get_absolute_url(),
    }


def person_out(person: Person) -> dict[str, Any]:
    return {
        **person_ref(person),
        "birth_year": person.birth_year,
        "death_year": person.death_year,
        "birth_date": person.birth_date,
        "birth_place": person.birth_place,
        "death_date": person.death_date,
        "death_place": person.death_place,
        "height_cm": person.height_cm,
        "professions": person.profession_list,
        "bio": person.bio,
    }


class CreditOut(Schema):
    person: PersonRef
    category: str
    job: str
    characters: list[str]
    credited_as: str
    order: int
    source: str


def credit_out(credit: Credit) -> dict[str, Any]:
    return {
        "person": person_ref(credit.person),
        "category": credit.category,
        "job": credit.job,
        "characters": [str(name) for name in credit.characters or []],
        "credited_as": credit.credited_as,
        "order": credit.ordering,
        "source": credit.source.name,
    }


class DepartmentOut(Schema):
    """One department of the crew: its category ("director") and heading ("Directed by")."""

    category: str
    label: str
    credits: list[CreditOut]


class CreditsOut(Schema):
    """The whole cast in billing order, then the crew by department in IMDb's order."""

    cast: list[CreditOut]
    crew: list[DepartmentOut]


# Columns no fact shows: its row id, its title (the one asked for) and the order kept by the list.
HIDDEN_COLUMNS = ("id", "title", "ordering")
# Foreign keys of facts, shown as what they point to rather than as row ids.
POINTERS: dict[str, Any] = {
    "source": (str, ...),
    "company": (str, ...),
    "collection": (str, ...),
    "target": (TitleRef, ...),
}


def _fact_schema(model: type[models.Model]) -> type[Schema]:
    pointers = [field.name for field in model._meta.concrete_fields if field.name in POINTERS]
    custom = [(name, *POINTERS[name]) for name in pointers]
    if model is Quote:
        custom.append(("lines", list[Any], ...))
    return create_schema(
        model,
        name=f"{model.__name__}Out",
        exclude=[*HIDDEN_COLUMNS, *pointers, *(["lines"] if model is Quote else [])],
        custom_fields=custom,
    )


def fact_out(row: models.Model) -> dict[str, Any]:
    """Return one fact's columns, its pointers as names (a title as a ``TitleRef``)."""
    out: dict[str, Any] = {}
    for field in row._meta.concrete_fields:
        if field.name in HIDDEN_COLUMNS:
            continue
        if field.name not in POINTERS:
            out[field.name] = getattr(row, field.attname)
            continue
        target = getattr(row, field.name)
        if isinstance(target, Title):
            out[field.name] = title_ref(target)
        else:
            out[field.name] = getattr(target, "name", str(target))
    return out


# The lists of facts a title section shows, by section name: (the title's related name, model).
FACT_SECTIONS: dict[str, tuple[str, type[models.Model]]] = {
    "keywords": ("keywords", Keyword),
    "taglines": ("taglines", Tagline),
    "certifications": ("certifications", Certification),
    "release_dates": ("release_dates", ReleaseDate),
    "akas": ("akas", Aka),
    "filming_locations": ("filming_locations", FilmingLocation),
    "companies": ("company_credits", CompanyCredit),
    "box_office": ("box_office", BoxOffice),
    "technical_specs": ("technical_specs", TechnicalSpec),
    "trivia": ("trivia", Trivia),
    "goofs": ("goofs", Goof),
    "quotes": ("quotes", Quote),
    "connections": ("connections", Connection),
    "soundtracks": ("soundtracks", Soundtrack),
    "faq": ("faq_entries", FaqEntry),
    "production_notes": ("production_notes", ProductionNote),
    "critic_reviews": ("source_reviews", SourceReview),
    "source_recommendations": ("recommendations", Recommendation),
    "collections": ("collection_entries", CollectionEntry),
    "external_ids": ("external_ids", ExternalId),
}
FACT_SCHEMAS = {name: _fact_schema(model) for name, (_, model) in FACT_SECTIONS.items()}
PlotOut = _fact_schema(Plot)


class PlotsOut(Schema):
    outline: PlotOut | None  # type: ignore[valid-type]
    summaries: list[PlotOut]  # type: ignore[valid-type]
    synopsis: PlotOut | None  # type: ignore[valid-type]


class HistogramOut(Schema):
    value: int
    count: int


class RatingsOut(Schema):
    """reeldb's own users' ratings, and the rating the title's best source publishes."""

    average: Decimal | None
    votes: int
    histogram: list[HistogramOut]
    published_average: Decimal | None
    published_votes: int | None
    published_by: str | None


class RelatedOut(Schema):
    title: TitleOut
    reason: str


class SeasonOut(Schema):
    """A season of a series and its number of episodes; ``season`` is null for unnumbered ones."""

    season: int | None
    episodes: int


class SourceOut(Schema):
    name: str
    kind: str
    url: str
