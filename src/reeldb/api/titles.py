"""``/api/v1/titles``: a title with the sections asked for, each section alone, and title lists."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, QueryDict
from ninja import P, Query, QueryEx, Router, Schema

from reeldb.api.pagination import Cursor, decode_cursor, encode_cursor
from reeldb.api.schemas import ErrorOut, TitleOut, title_out
from reeldb.api.sections import (
    INCLUDE_PATTERN,
    SECTIONS,
    build_sections,
    include_schema,
    parse_include,
)
from reeldb.catalog.selectors import get_title_or_404
from reeldb.errors import InvalidInput
from reeldb.search.advanced import get_title_search_page
from reeldb.search.forms import TitleSearchForm

router = Router(tags=["titles"])
ERRORS: dict[int, Any] = {400: ErrorOut, 404: ErrorOut, 429: ErrorOut}
TitleDetailOut = include_schema(TitleOut)


class TitleListParams(Schema):
    """The advanced search's filters (``/search/title``): the same names and the same rules."""

    title_type: str | None = None
    genres: str | None = None
    genre_match: str | None = None
    year_from: str | None = None
    year_to: str | None = None
    rating_min: str | None = None
    rating_max: str | None = None
    votes_min: str | None = None
    runtime_min: str | None = None
    runtime_max: str | None = None
    language: str | None = None
    country: str | None = None
    certificate: str | None = None
    keywords: str | None = None
    company: str | None = None
    person: str | None = None
    sort: str | None = None
    order: str | None = None
    cursor: str | None = None


class TitleListOut(Schema):
    results: list[TitleOut]
    count: int
    count_is_capped: bool
    next_cursor: str | None


@router.get(
    "/{title_id}",
    response={200: TitleDetailOut, **ERRORS},
    summary="A title, with the sections named in include",
)
def get_title(
    request: HttpRequest,
    title_id: str,
    include: QueryEx[
        str, P(pattern=INCLUDE_PATTERN, description="Sections, comma-separated.")
    ] = "",
) -> dict[str, Any]:
    """Return a title by its IMDb id (``tt0112851``) or reeldb id (``rt12``).

    ``include`` names sections to add in the same request (``credits,keywords``),
    as TMDB's ``append_to_response`` does; each is also its own endpoint.
    """
    names = parse_include(include)
    title = get_title_or_404(title_id)
    return {**title_out(title), **build_sections(title, names)}


@router.get("", response={200: TitleListOut, **ERRORS}, summary="Titles that pass filters")
def list_titles(request: HttpRequest, filters: Query[TitleListParams]) -> dict[str, Any]:
    """Return a page of the titles passing the advanced search's filters, sorted.

    Multiple genres or types are comma-separated. ``next_cursor`` fetches the
    next page; lists stop after the first 10,000 titles, as the site's do.
    """
    query = QueryDict(mutable=True)
    for name, value in filters.dict(exclude={"cursor"}).items():
        if value:
            query.setlist(name, value.split(",") if name in ("title_type", "genres") else [value])
    page_number = decode_cursor(filters.cursor).page if filters.cursor else 1
    query["page"] = str(page_number)
    form = TitleSearchForm(query)
    if not form.is_valid():
        raise InvalidInput(
            "Some filters cannot be used as given.",
            code="invalid_filters",
            details={name: [str(e) for e in errors] for name, errors in form.errors.items()},
        )
    found = get_title_search_page(form.filters(), page=form.cleaned_data["page"])
    page = found.page
    return {
        "results": [title_out(title) for title in page.object_list],
        "count": page.paginator.count,
        "count_is_capped": found.is_capped,
        "next_cursor": encode_cursor(Cursor(page=page.number + 1)) if page.has_next() else None,
    }


def _section_view(name: str) -> Any:
    def view(request: HttpRequest, title_id: str) -> Any:
        title = get_title_or_404(title_id)
        return build_sections(title, [name])[name]

    view.__name__ = f"get_title_{name}"
    return view


for _name, _section in SECTIONS.items():
    router.add_api_operation(
        f"/{{title_id}}/{_name}",
        ["GET"],
        _section_view(_name),
        response={200: _section.schema, **ERRORS},
        summary=f"A title's {_name.replace('_', ' ')}",
        description=_section.description,
        operation_id=f"get_title_{_name}",
    )
