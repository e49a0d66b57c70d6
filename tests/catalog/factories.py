"""factory_boy factories for catalogue rows."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory

from reeldb.catalog import models as m
from reeldb.catalog.models import (
    Credit,
    CreditCategory,
    Person,
    Source,
    SourceKind,
    Title,
    TitleType,
)
from reeldb.catalog.services import sync_facts, upsert_person, upsert_title


class SourceFactory(factory.django.DjangoModelFactory[Source]):
    class Meta:
        model = Source
        django_get_or_create = ("kind", "name")

    kind = SourceKind.DEMO
    name = "test data"


class TitleFactory(factory.django.DjangoModelFactory[Title]):
    class Meta:
        model = Title

    tconst = factory.Sequence(lambda n: f"tt{9000000 + n:07d}")
    title_type = TitleType.MOVIE
    primary_title = factory.Sequence(lambda n: f"Film {n}")
    original_title = factory.LazyAttribute(lambda title: title.primary_title)
    start_year = 1995
    runtime_minutes = 104
    genres = "Action,Thriller"
    source = factory.SubFactory(SourceFactory)


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    nconst = factory.Sequence(lambda n: f"nm{9000000 + n:07d}")
    primary_name = factory.Sequence(lambda n: f"Person {n}")
    source = factory.SubFactory(SourceFactory)


class CreditFactory(factory.django.DjangoModelFactory[Credit]):
    class Meta:
        model = Credit

    title = factory.SubFactory(TitleFactory)
    person = factory.SubFactory(PersonFactory)
    category = CreditCategory.ACTOR
    characters: Any = factory.LazyFunction(lambda: ["Someone"])
    ordering = factory.Sequence(lambda n: n)
    source = factory.SubFactory(SourceFactory)


def make_rich_title(source: Source | None = None) -> Title:
    """Create a film with one fact of every kind, through the services importers use."""
    source = source or SourceFactory()
    title, _ = upsert_title(
        source=source,
        key="desperado",
        tconst="tt0112851",
        values={
            "title_type": "movie",
            "primary_title": "Desperado",
            "original_title": "Desperado",
            "start_year": 1995,
            "runtime_minutes": 104,
            "genres": "Action,Thriller",
            "average_rating": "7.2",
            "num_votes": 144553,
            "metascore": 55,
            "countries": "United States,Mexico",
            "languages": "English,Spanish",
        },
    )
    sequel, _ = upsert_title(
        source=source,
        key="once",
        tconst="tt0285823",
        values={
            "title_type": "movie",
            "primary_title": "Once Upon a Time in Mexico",
            "start_year": 2003,
        },
    )
    director, _ = upsert_person(
        source=source, key="rr", nconst="nm0001675", values={"primary_name": "Robert Rodriguez"}
    )
    star, _ = upsert_person(
        source=source, key="ab", nconst="nm0000104", values={"primary_name": "Antonio Banderas"}
    )
    gomez, _ = upsert_person(source=source, key="cg", values={"primary_name": "Carlos Gómez"})
    company = m.Company.objects.create(name="Los Hooligans Productions")
    trilogy = m.Collection.objects.create(name="Mexico Trilogy")
    facts: dict[type[Any], list[dict[str, Any]]] = {
        m.Credit: [
            {"person": director, "category": "director"},
            {"person": director, "category": "writer", "job": "written by"},
            {"person": star, "category": "actor", "characters": ["El Mariachi"]},
            {
                "person": gomez,
                "category": "actor",
                "characters": ["Right Hand"],
                "credited_as": "Carlos Gomez",
            },
            {"person": director, "category": "editor"},
        ],
        m.Plot: [
            {"kind": "outline", "text": "A gunslinger seeks revenge."},
            {"kind": "summary", "text": "A summary paragraph.", "author": "Film Fan"},
            {"kind": "synopsis", "text": "First part.\n\nSecond part."},
        ],
        m.Keyword: [{"keyword": "guitar case"}],
        m.Tagline: [{"text": "He came back to settle the score."}],
        m.Certification: [
            {"country": "United States", "rating": "R", "reason": "for strong bloody violence"}
        ],
        m.ReleaseDate: [{"country": "United States", "release_date": date(1995, 8, 25)}],
        m.Aka: [{"aka_title": "La balada del pistolero", "region": "ES", "language": "es"}],
        m.FilmingLocation: [{"place": "Ciudad Acuña, Coahuila, Mexico"}],
        m.CompanyCredit: [{"company": company, "role": "production"}],
        m.BoxOffice: [
            {"kind": "budget", "amount": 7000000, "currency": "USD", "is_estimated": True},
            {"kind": "gross", "amount": 25625110, "currency": "USD", "region": "US"},
        ],
        m.TechnicalSpec: [
            {"kind": "sound_mix", "value": "SDDS"},
            {"kind": "aspect_ratio", "value": "1.85 : 1"},
        ],
        m.Trivia: [{"text": "Shot in Ciudad Acuña."}],
        m.Goof: [{"category": "continuity", "text": "The guitar case changes sides."}],
        m.Quote: [{"lines": [{"character": "El Mariachi", "text": "Bless me, father."}]}],
        m.Connection: [{"kind": "followed_by", "target": sequel}],
        m.Soundtrack: [{"song_title": "Canción del Mariachi", "credits": "Performed by Los Lobos"}],
        m.FaqEntry: [{"question": "Is it a sequel?", "answer": "Yes, to El Mariachi."}],
        m.CollectionEntry: [{"collection": trilogy, "position": 2}],
    }
    for model, rows in facts.items():
        sync_facts(owner=title, source=source, model=model, rows=rows)
    return title
