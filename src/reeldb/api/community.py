"""``/api/v1``'s community reads: a title's user reviews, public lists; and voting on a review.

Reads need no token and go through the community's selectors, as the pages
do: a private list is "not found" here as it is on the site. Voting a review
helpful is a write, so it takes a token (``auth.TokenAuth``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Router, Schema

from reeldb.api.auth import TokenAuth
from reeldb.api.pagination import Cursor, decode_cursor, encode_cursor, page_of
from reeldb.api.schemas import ErrorOut, TitleRef, title_ref
from reeldb.api.writes import writer
from reeldb.catalog.selectors import get_title_or_404
from reeldb.community import services
from reeldb.community.models import Review, ReviewSort, TitleList
from reeldb.community.selectors import (
    get_list_page,
    get_public_lists_page,
    get_review_or_404,
    list_title_reviews,
)

router = Router(tags=["community"])
ERRORS: dict[int, Any] = {400: ErrorOut, 404: ErrorOut, 429: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**ERRORS, 401: ErrorOut, 409: ErrorOut}
REVIEWS_PER_PAGE = 25
LIST_TITLES_PER_PAGE = 100


class ReviewOut(Schema):
    id: int
    title: TitleRef
    author: str
    headline: str
    text: str
    is_spoiler: bool
    rating: int | None
    helpful_yes: int
    helpful_total: int
    created_at: datetime.datetime
    updated_at: datetime.datetime | None


def review_out(review: Review) -> dict[str, Any]:
    return {
        "id": review.pk,
        "title": title_ref(review.title),
        "author": review.user.get_username(),
        "headline": review.headline,
        "text": review.text,
        "is_spoiler": review.is_spoiler,
        "rating": review.rating,
        "helpful_yes": review.helpful_yes,
        "helpful_total": review.helpful_total,
        "created_at": review.created_at,
        "updated_at": review.updated_at,
    }


class ReviewPageOut(Schema):
    results: list[ReviewOut]
    next_cursor: str | None


class ListOut(Schema):
    id: int
    name: str
    description: str
    is_public: bool
    owner: str
    size: int
    updated_at: datetime.datetime
    url: str


def list_out(title_list: TitleList, size: int) -> dict[str, Any]:
    return {
        "id": title_list.pk,
        "name": title_list.name,
        "description": title_list.description,
        "is_public": title_list.is_public,
        "owner": title_list.user.get_username(),
        "size": size,
        "updated_at": title_list.updated_at,
        "url": title_list.get_absolute_url(),
    }


class ListPageOut(Schema):
    results: list[ListOut]
    next_cursor: str | None


class ListEntryOut(Schema):
    position: int
    title: TitleRef


class ListDetailOut(ListOut):
    titles: list[ListEntryOut]
    next_cursor: str | None


class VoteIn(Schema):
    helpful: bool


@router.get(
    "/titles/{title_id}/reviews",
    response={200: ReviewPageOut, **ERRORS},
    summary="A title's user reviews",
)
def get_title_reviews(
    request: HttpRequest,
    title_id: str,
    sort: ReviewSort = ReviewSort.HELPFULNESS,
    cursor: str | None = None,
) -> dict[str, Any]:
    """Return a page of a title's user reviews, most helpful first (or by date or rating)."""
    title = get_title_or_404(title_id)
    rows, following = page_of(
        list_title_reviews(title, sort=sort), cursor, per_page=REVIEWS_PER_PAGE
    )
    return {"results": [review_out(review) for review in rows], "next_cursor": following}


@router.post(
    "/reviews/{review_id}/vote",
    response={200: ReviewOut, **WRITE_ERRORS},
    auth=TokenAuth(),
    summary="Say whether a review was helpful",
)
def vote_review(request: HttpRequest, review_id: int, vote: VoteIn) -> dict[str, Any]:
    """Record the token's user's vote on a review (not their own) and return its counts."""
    review = services.vote_review(
        user=writer(request), review_id=review_id, is_helpful=vote.helpful
    )
    return review_out(get_review_or_404(review.pk))


@router.get("/lists", response={200: ListPageOut, **ERRORS}, summary="Public lists")
def get_public_lists(request: HttpRequest, cursor: str | None = None) -> dict[str, Any]:
    """Return a page of every user's public lists, the most recently changed first."""
    page_number = decode_cursor(cursor).page if cursor else 1
    found = get_public_lists_page(page=page_number)
    page = found.page
    past_end = page.number < page_number
    return {
        "results": []
        if past_end
        else [list_out(item, found.sizes.get(item.pk, 0)) for item in page.object_list],
        "next_cursor": None
        if past_end or not page.has_next()
        else encode_cursor(Cursor(page=page.number + 1)),
    }


@router.get("/lists/{list_id}", response={200: ListDetailOut, **ERRORS}, summary="A public list")
def get_list(request: HttpRequest, list_id: int, cursor: str | None = None) -> dict[str, Any]:
    """Return a public list with a page of its titles, in the list's order."""
    found = get_list_page(list_id, viewer=AnonymousUser())
    rows, following = page_of(found.items, cursor, per_page=LIST_TITLES_PER_PAGE)
    return {
        **list_out(found.title_list, len(found.items)),
        "titles": [{"position": item.position, "title": title_ref(item.title)} for item in rows],
        "next_cursor": following,
    }
