"""``/api/v1/people``: a person, and their filmography a category and a page at a time."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import P, QueryEx, Router, Schema

from reeldb.api.schemas import ErrorOut, PersonOut, TitleRef, person_out, title_ref
from reeldb.catalog.selectors import get_person_or_404, get_person_page

router = Router(tags=["people"])
ERRORS: dict[int, Any] = {400: ErrorOut, 404: ErrorOut, 429: ErrorOut}


class FilmographyEntryOut(Schema):
    title: TitleRef
    characters: list[str]
    jobs: list[str]
    episodes: int
    years: str


class FilmographyOut(Schema):
    """One category of credits (actor, director…): how many titles, and one page of them."""

    category: str
    label: str
    titles: int
    page: int
    pages: int
    entries: list[FilmographyEntryOut]


class PersonDetailOut(PersonOut):
    known_for: list[TitleRef]
    filmography: list[FilmographyOut]


def _entries(group: Any) -> list[dict[str, Any]]:
    return [
        {
            "title": title_ref(entry.title),
            "characters": list(
                dict.fromkeys(str(c) for credit in entry.credits for c in credit.characters)
            ),
            "jobs": list(dict.fromkeys(credit.job for credit in entry.credits if credit.job)),
            "episodes": entry.episode_count,
            "years": entry.years,
        }
        for entry in group.entries
    ]


@router.get("/{person_id}", response={200: PersonDetailOut, **ERRORS}, summary="A person")
def get_person(
    request: HttpRequest,
    person_id: str,
    category: str = "",
    page: QueryEx[int, P(ge=1, le=10_000)] = 1,
) -> dict[str, Any]:
    """Return a person by IMDb id (``nm0000104``) or reeldb id, with their filmography.

    Without ``category`` every category's first titles come; with it, that
    category alone, a ``page`` at a time.
    """
    person = get_person_or_404(person_id)
    found = get_person_page(person, category=category, page=page)
    return {
        **person_out(person),
        "known_for": [title_ref(title) for title in found.known_for],
        "filmography": [
            {
                "category": group.category,
                "label": group.label,
                "titles": group.count,
                "page": group.page,
                "pages": group.page_count,
                "entries": _entries(group),
            }
            for group in found.filmography
        ],
    }
