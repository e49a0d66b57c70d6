"""reeldb's titles and people in the shapes of TMDB's v3 API, for the clients that speak it.

TMDB ids are numbers; reeldb's are its rows' primary keys, which its own
``rt…``/``rn…`` ids carry too, so an id from ``search/movie`` works in
``movie/{id}``. Fields reeldb does not know are given as TMDB gives unknown
values (``null``, ``""``, ``[]``, ``0``), never invented; docs/api.md lists
which are filled. Countries and languages are stored by name and turned into
ISO codes with pycountry.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from reeldb.catalog.models import BoxOffice, Credit, CreditCategory, ExternalSite, Person, Title
from reeldb.catalog.regions import country_code, language_code
from reeldb.catalog.selectors import (
    get_external_ids,
    get_full_credits_page,
    get_title_facts,
    list_seasons,
)
from reeldb.catalog.selectors.titles import Plots

# TMDB's genre ids (its /genre/movie/list and /genre/tv/list), by IMDb's genre names.
GENRE_IDS = {
    "Action": 28,
    "Adventure": 12,
    "Animation": 16,
    "Comedy": 35,
    "Crime": 80,
    "Documentary": 99,
    "Drama": 18,
    "Family": 10751,
    "Fantasy": 14,
    "History": 36,
    "Horror": 27,
    "Music": 10402,
    "Musical": 10402,
    "Mystery": 9648,
    "Romance": 10749,
    "Sci-Fi": 878,
    "Thriller": 53,
    "War": 10752,
    "Western": 37,
}
GENRE_NAMES = {"Sci-Fi": "Science Fiction", "Musical": "Music"}
# TMDB's crew departments, by reeldb's credit categories; the rest are "Crew".
DEPARTMENTS = {
    CreditCategory.DIRECTOR: "Directing",
    CreditCategory.ASSISTANT_DIRECTOR: "Directing",
    CreditCategory.WRITER: "Writing",
    CreditCategory.PRODUCER: "Production",
    CreditCategory.PRODUCTION_MANAGER: "Production",
    CreditCategory.CASTING_DIRECTOR: "Production",
    CreditCategory.COMPOSER: "Sound",
    CreditCategory.SOUND_DEPARTMENT: "Sound",
    CreditCategory.CINEMATOGRAPHER: "Camera",
    CreditCategory.CAMERA_DEPARTMENT: "Camera",
    CreditCategory.EDITOR: "Editing",
    CreditCategory.EDITORIAL_DEPARTMENT: "Editing",
    CreditCategory.PRODUCTION_DESIGNER: "Art",
    CreditCategory.ART_DIRECTOR: "Art",
    CreditCategory.SET_DECORATOR: "Art",
    CreditCategory.ART_DEPARTMENT: "Art",
    CreditCategory.COSTUME_DESIGNER: "Costume & Make-Up",
    CreditCategory.COSTUME_DEPARTMENT: "Costume & Make-Up",
    CreditCategory.MAKEUP_DEPARTMENT: "Costume & Make-Up",
    CreditCategory.SPECIAL_EFFECTS: "Visual Effects",
    CreditCategory.VISUAL_EFFECTS: "Visual Effects",
}
# What TMDB calls a person's main work, by IMDb's first profession.
KNOWN_FOR = {
    "actor": "Acting",
    "actress": "Acting",
    "director": "Directing",
    "writer": "Writing",
    "producer": "Production",
    "composer": "Sound",
    "cinematographer": "Camera",
    "editor": "Editing",
}


def _genres(title: Title) -> list[dict[str, Any]]:
    return [
        {"id": GENRE_IDS[genre], "name": GENRE_NAMES.get(genre, genre)}
        for genre in title.genre_list
        if genre in GENRE_IDS
    ]


def _date(title: Title, facts: dict[str, list[Any]] | None = None) -> str:
    """Return the earliest known release date, else January 1 of the year, else ""."""
    dates: list[date] = sorted(row.release_date for row in (facts or {}).get("release_dates", []))
    if dates:
        return dates[0].isoformat()
    return f"{title.start_year:04d}-01-01" if title.start_year else ""


def _votes(title: Title) -> dict[str, Any]:
    return {
        "vote_average": float(title.average_rating or 0),
        "vote_count": title.num_votes or 0,
        "popularity": float(title.num_votes or 0) / 1000,
    }


def _overview(plots: list[Any]) -> str:
    split = Plots.split(plots)
    chosen = split.outline or next(iter(split.summaries), None) or split.synopsis
    return str(chosen.text) if chosen else ""


def _country_codes(title: Title) -> list[str]:
    return [code for code in map(country_code, title.country_list) if code]


def _language(title: Title) -> str:
    return language_code(title.language_list[0]) if title.language_list else ""


def _brief(title: Title) -> dict[str, Any]:
    """Return what TMDB's result lists give of a movie and of a series alike."""
    return {
        "id": title.pk,
        "original_language": _language(title),
        "genre_ids": [genre["id"] for genre in _genres(title)],
        "overview": "",
        "adult": title.is_adult,
        "poster_path": None,
        "backdrop_path": None,
        **_votes(title),
    }


def movie_brief(title: Title) -> dict[str, Any]:
    """Return a movie as TMDB's search and find results list it."""
    return {
        **_brief(title),
        "title": title.primary_title,
        "original_title": title.original_title or title.primary_title,
        "release_date": _date(title),
        "video": False,
    }


def tv_brief(title: Title) -> dict[str, Any]:
    """Return a series as TMDB's search and find results list it (``name``, not ``title``)."""
    return {
        **_brief(title),
        "name": title.primary_title,
        "original_name": title.original_title or title.primary_title,
        "first_air_date": _date(title),
        "origin_country": _country_codes(title),
    }


def person_brief(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "name": person.primary_name,
        "original_name": person.primary_name,
        "known_for_department": _known_for(person),
        "gender": 0,
        "adult": False,
        "popularity": 0.0,
        "profile_path": None,
        "known_for": [],
    }


def _known_for(person: Person) -> str:
    professions = person.profession_list
    return KNOWN_FOR.get(professions[0], "Crew") if professions else ""


def _money(rows: list[BoxOffice], kind: str) -> int:
    """Return the US-dollar figure of ``kind``; a worldwide gross before a domestic one."""
    figures = [row for row in rows if row.kind == kind and row.currency == "USD"]
    figures.sort(key=lambda row: not row.is_worldwide)
    return figures[0].amount if figures else 0


def _credit_person(credit: Credit) -> dict[str, Any]:
    return {
        "id": credit.person.pk,
        "name": credit.person.primary_name,
        "original_name": credit.person.primary_name,
        "credit_id": str(credit.pk),
        "adult": False,
        "gender": 0,
        "popularity": 0.0,
        "profile_path": None,
        "known_for_department": _known_for(credit.person),
    }


def credits(title: Title) -> dict[str, Any]:
    """Return TMDB's ``credits``: the billed cast with characters, then the crew with jobs."""
    page = get_full_credits_page(title)
    cast = [
        {
            **_credit_person(credit),
            "cast_id": credit.ordering,
            "character": " / ".join(str(name) for name in credit.characters or []),
            "order": order,
        }
        for order, credit in enumerate(page.cast)
    ]
    crew = [
        {
            **_credit_person(credit),
            "department": DEPARTMENTS.get(CreditCategory(credit.category), "Crew"),
            "job": credit.job.capitalize()
            if credit.job
            else CreditCategory(credit.category).name.replace("_", " ").title(),
        }
        for department in page.crew
        for credit in department.credits
    ]
    return {"id": title.pk, "cast": cast, "crew": crew}


def _release_countries(facts: dict[str, list[Any]]) -> dict[str, dict[str, Any]]:
    """Return, by country code, the country's release dates and its certificate."""
    countries: dict[str, dict[str, Any]] = {}
    for row in facts["release_dates"]:
        code = country_code(row.country) if row.country else ""
        if code:
            entry = countries.setdefault(code, {"dates": [], "certification": ""})
            entry["dates"].append(row)
    for row in facts["certifications"]:
        code = country_code(row.country) if row.country else ""
        if code:
            countries.setdefault(code, {"dates": [], "certification": ""})
            countries[code]["certification"] = countries[code]["certification"] or row.rating
    return countries


def release_dates(title: Title, facts: dict[str, list[Any]]) -> dict[str, Any]:
    """Return TMDB's ``release_dates``: each country's dates with its certificate (type 3)."""
    results = []
    for code, entry in sorted(_release_countries(facts).items()):
        dates = entry["dates"] or [None]
        results.append(
            {
                "iso_3166_1": code,
                "release_dates": [
                    {
                        "certification": entry["certification"],
                        "descriptors": [],
                        "iso_639_1": "",
                        "note": row.note if row else "",
                        "release_date": f"{row.release_date.isoformat()}T00:00:00.000Z"
                        if row
                        else "",
                        "type": 3,
                    }
                    for row in dates
                ],
            }
        )
    return {"id": title.pk, "results": results}


def releases(title: Title, facts: dict[str, list[Any]]) -> dict[str, Any]:
    """Return the older ``releases`` shape Kodi's scraper still asks for."""
    countries = [
        {
            "iso_3166_1": code,
            "certification": entry["certification"],
            "release_date": min(row.release_date for row in entry["dates"]).isoformat()
            if entry["dates"]
            else "",
            "primary": False,
        }
        for code, entry in sorted(_release_countries(facts).items())
    ]
    return {"id": title.pk, "countries": countries}


def keywords(title: Title, facts: dict[str, list[Any]], *, field: str) -> dict[str, Any]:
    """Return TMDB's ``keywords`` (``field`` is "keywords" for movies, "results" for TV)."""
    return {
        "id": title.pk,
        field: [{"id": row.pk, "name": row.keyword} for row in facts["keywords"]],
    }


def external_ids(title: Title) -> dict[str, Any]:
    """Return TMDB's ``external_ids``: IMDb's, and Wikidata's where a source gives it."""
    return {
        "id": title.pk,
        "imdb_id": title.tconst,
        "wikidata_id": get_external_ids(title).get(ExternalSite.WIKIDATA),
        "facebook_id": None,
        "instagram_id": None,
        "twitter_id": None,
    }


MOVIE_FACTS = ("plots", "taglines", "box_office", "release_dates", "certifications", "keywords")


def movie_detail(title: Title, appended: list[str]) -> dict[str, Any]:
    """Return TMDB's ``movie/{id}`` with the ``append_to_response`` parts asked for."""
    facts = get_title_facts(title, MOVIE_FACTS)
    detail: dict[str, Any] = {
        "id": title.pk,
        "imdb_id": title.tconst,
        "title": title.primary_title,
        "original_title": title.original_title or title.primary_title,
        "original_language": _language(title),
        "overview": _overview(facts["plots"]),
        "tagline": facts["taglines"][0].text if facts["taglines"] else "",
        "release_date": _date(title, facts),
        "runtime": title.runtime_minutes or 0,
        "genres": _genres(title),
        "status": "Released",
        "adult": title.is_adult,
        "video": False,
        "budget": _money(facts["box_office"], "budget"),
        "revenue": _money(facts["box_office"], "gross"),
        "homepage": "",
        "poster_path": None,
        "backdrop_path": None,
        "belongs_to_collection": None,
        "production_companies": [],
        "production_countries": [
            {"iso_3166_1": country_code(name), "name": name} for name in title.country_list
        ],
        "spoken_languages": [
            {"iso_639_1": language_code(name), "english_name": name, "name": name}
            for name in title.language_list
        ],
        "origin_country": _country_codes(title),
        **_votes(title),
    }
    parts: dict[str, Callable[[], dict[str, Any]]] = {
        "credits": lambda: credits(title),
        "casts": lambda: credits(title),
        "external_ids": lambda: external_ids(title),
        "keywords": lambda: keywords(title, facts, field="keywords"),
        "release_dates": lambda: release_dates(title, facts),
        "releases": lambda: releases(title, facts),
        "trailers": lambda: {"id": title.pk, "quicktime": [], "youtube": []},
        "videos": lambda: {"id": title.pk, "results": []},
    }
    for name in appended:
        if name in parts:
            detail[name] = parts[name]()
    return detail


def tv_detail(title: Title, appended: list[str]) -> dict[str, Any]:
    """Return TMDB's ``tv/{id}``: the series, its seasons and episode counts."""
    facts = get_title_facts(title, ("plots", "keywords"))
    seasons = list_seasons(title)
    detail: dict[str, Any] = {
        **tv_brief(title),
        "overview": _overview(facts["plots"]),
        "last_air_date": f"{title.end_year:04d}-01-01" if title.end_year else None,
        "in_production": title.end_year is None,
        "status": "Ended" if title.end_year else "Returning Series",
        "type": "Miniseries" if title.title_type == "tvMiniSeries" else "Scripted",
        "genres": _genres(title),
        "episode_run_time": [title.runtime_minutes] if title.runtime_minutes else [],
        "number_of_seasons": sum(1 for season in seasons if season.number is not None),
        "number_of_episodes": sum(season.episode_count for season in seasons),
        "seasons": [
            {
                "id": title.pk * 1000 + season.number,
                "season_number": season.number,
                "name": f"Season {season.number}",
                "episode_count": season.episode_count,
                "air_date": None,
                "overview": "",
                "poster_path": None,
            }
            for season in seasons
            if season.number is not None
        ],
        "created_by": [],
        "networks": [],
        "production_companies": [],
        "languages": [code for code in map(language_code, title.language_list) if code],
        "homepage": "",
    }
    parts: dict[str, Callable[[], dict[str, Any]]] = {
        "credits": lambda: credits(title),
        "external_ids": lambda: {**external_ids(title), "tvdb_id": None},
        "keywords": lambda: keywords(title, facts, field="results"),
    }
    for name in appended:
        if name in parts:
            detail[name] = parts[name]()
    return detail


def person_detail(person: Person) -> dict[str, Any]:
    return {
        **person_brief(person),
        "imdb_id": person.nconst,
        "birthday": person.birth_date.isoformat() if person.birth_date else None,
        "deathday": person.death_date.isoformat() if person.death_date else None,
        "place_of_birth": person.birth_place,
        "biography": person.bio,
        "also_known_as": [],
        "homepage": None,
    }
