"""``/api/v1/me``: the token's user's own ratings, watchlist, reviews, check-ins and lists.

Every operation needs a personal token (``Authorization: Bearer rdb_…``,
created on the account page) and writes through the community's services,
the same rules as the site's forms: one rating and one review per title, a
review of 50 characters or more, check-ins dated between 1888 and tomorrow,
lists only their owner can change (anyone else's is "not found").
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from reeldb.api.auth import TokenAuth
from reeldb.api.community import ListDetailOut, ListOut, ReviewOut, list_out, review_out
from reeldb.api.pagination import page_of
from reeldb.api.schemas import ErrorOut, TitleRef, title_ref
from reeldb.api.writes import token_user, writer
from reeldb.catalog.selectors import get_title_or_404
from reeldb.community import services
from reeldb.community.models import RATING_MAX, RATING_MIN, Review
from reeldb.community.selectors import (
    get_list_page,
    get_review_draft,
    get_review_or_404,
    list_user_lists,
    list_user_ratings,
    list_user_watchlist,
)
from reeldb.errors import NotFound

router = Router(tags=["your account"], auth=TokenAuth())
ERRORS: dict[int, Any] = dict.fromkeys((400, 401, 404, 409, 429), ErrorOut)
PER_PAGE = 100


class MeOut(Schema):
    username: str
    date_joined: datetime.datetime
    ratings: int
    watchlist: int
    reviews: int
    lists: int


class RatingIn(Schema):
    value: int = Field(ge=RATING_MIN, le=RATING_MAX, description="Out of 10.")


class RatingOut(Schema):
    title: TitleRef
    value: int
    rated_at: datetime.datetime


class RatingPageOut(Schema):
    results: list[RatingOut]
    next_cursor: str | None


class WatchlistEntryOut(Schema):
    title: TitleRef
    added_at: datetime.datetime


class WatchlistPageOut(Schema):
    results: list[WatchlistEntryOut]
    next_cursor: str | None


class ReviewIn(Schema):
    headline: str = Field(max_length=200)
    text: str = Field(max_length=20_000, description="50 characters or more.")
    is_spoiler: bool = False
    rating: int | None = Field(
        None, ge=RATING_MIN, le=RATING_MAX, description="Sets your rating too; null removes it."
    )


class CheckInIn(Schema):
    watched_on: datetime.date | None = Field(None, description="Today if left out.")


class CheckInOut(Schema):
    id: int
    title: TitleRef
    watched_on: datetime.date


class ListIn(Schema):
    name: str = Field(max_length=200)
    description: str = Field("", max_length=5_000)
    is_public: bool = True


class OwnListPageOut(Schema):
    results: list[ListOut]
    next_cursor: str | None


@router.get("", response={200: MeOut, **ERRORS}, summary="Who the token is")
def get_me(request: HttpRequest) -> dict[str, Any]:
    user = token_user(request)
    return {
        "username": user.get_username(),
        "date_joined": user.date_joined,
        "ratings": list_user_ratings(user).count(),
        "watchlist": list_user_watchlist(user).count(),
        "reviews": Review.objects.filter(user=user).count(),
        "lists": list_user_lists(user).count(),
    }


@router.get("/ratings", response={200: RatingPageOut, **ERRORS}, summary="Your ratings")
def get_ratings(request: HttpRequest, cursor: str | None = None) -> dict[str, Any]:
    """Return a page of your ratings, the latest first."""
    rows, following = page_of(list_user_ratings(request.auth), cursor, per_page=PER_PAGE)  # type: ignore[attr-defined]
    return {
        "results": [
            {"title": title_ref(r.title), "value": r.value, "rated_at": r.rated_at} for r in rows
        ],
        "next_cursor": following,
    }


@router.put("/ratings/{title_id}", response={200: RatingOut, **ERRORS}, summary="Rate a title")
def put_rating(request: HttpRequest, title_id: str, rating: RatingIn) -> dict[str, Any]:
    """Rate a title out of 10, replacing any rating of yours (and your review's)."""
    user, title = writer(request), get_title_or_404(title_id)
    saved = services.set_rating(user=user, title=title, value=rating.value)
    return {"title": title_ref(title), "value": saved.value, "rated_at": saved.rated_at}


@router.delete("/ratings/{title_id}", response={204: None, **ERRORS}, summary="Unrate a title")
def delete_rating(request: HttpRequest, title_id: str) -> Status[None]:
    services.remove_rating(user=writer(request), title=get_title_or_404(title_id))
    return Status(204, None)


@router.get("/watchlist", response={200: WatchlistPageOut, **ERRORS}, summary="Your watchlist")
def get_watchlist(request: HttpRequest, cursor: str | None = None) -> dict[str, Any]:
    """Return a page of your watchlist, the latest addition first."""
    rows, following = page_of(list_user_watchlist(request.auth), cursor, per_page=PER_PAGE)  # type: ignore[attr-defined]
    return {
        "results": [{"title": title_ref(e.title), "added_at": e.added_at} for e in rows],
        "next_cursor": following,
    }


@router.put(
    "/watchlist/{title_id}", response={204: None, **ERRORS}, summary="Add to your watchlist"
)
def put_watchlist(request: HttpRequest, title_id: str) -> Status[None]:
    """Put a title on your watchlist; one already there keeps its date."""
    services.set_watchlisted(user=writer(request), title=get_title_or_404(title_id), wanted=True)
    return Status(204, None)


@router.delete(
    "/watchlist/{title_id}", response={204: None, **ERRORS}, summary="Take off your watchlist"
)
def delete_watchlist(request: HttpRequest, title_id: str) -> Status[None]:
    services.set_watchlisted(user=writer(request), title=get_title_or_404(title_id), wanted=False)
    return Status(204, None)


@router.put("/reviews/{title_id}", response={200: ReviewOut, **ERRORS}, summary="Review a title")
def put_review(request: HttpRequest, title_id: str, review: ReviewIn) -> dict[str, Any]:
    """Write your review of a title, or rewrite it: one review per title."""
    saved = services.save_review(
        user=writer(request),
        title=get_title_or_404(title_id),
        headline=review.headline,
        text=review.text,
        is_spoiler=review.is_spoiler,
        rating=review.rating,
    )
    return review_out(get_review_or_404(saved.pk))


@router.delete("/reviews/{title_id}", response={204: None, **ERRORS}, summary="Delete your review")
def delete_review(request: HttpRequest, title_id: str) -> Status[None]:
    user, title = writer(request), get_title_or_404(title_id)
    review, _rating = get_review_draft(title, user)
    if review is None:
        raise NotFound("You have not reviewed this title.")
    services.delete_review(user=user, review_id=review.pk)
    return Status(204, None)


@router.post(
    "/check-ins/{title_id}", response={201: CheckInOut, **ERRORS}, summary="Check in a viewing"
)
def post_check_in(
    request: HttpRequest, title_id: str, check_in: CheckInIn
) -> Status[dict[str, Any]]:
    """Record that you watched a title, today or on ``watched_on``."""
    title = get_title_or_404(title_id)
    day = check_in.watched_on or timezone.localdate()
    saved = services.check_in(user=writer(request), title=title, watched_on=day)
    return Status(201, {"id": saved.pk, "title": title_ref(title), "watched_on": saved.watched_on})


@router.get("/lists", response={200: OwnListPageOut, **ERRORS}, summary="Your lists")
def get_lists(request: HttpRequest, cursor: str | None = None) -> dict[str, Any]:
    """Return a page of your lists, private ones too, the most recently changed first."""
    rows, following = page_of(list_user_lists(request.auth), cursor, per_page=PER_PAGE)  # type: ignore[attr-defined]
    return {"results": [list_out(row, row.size) for row in rows], "next_cursor": following}


@router.post("/lists", response={201: ListOut, **ERRORS}, summary="Make a list")
def post_list(request: HttpRequest, details: ListIn) -> Status[dict[str, Any]]:
    made = services.create_list(
        user=writer(request),
        name=details.name,
        description=details.description,
        is_public=details.is_public,
    )
    return Status(201, list_out(made, 0))


@router.get(
    "/lists/{list_id}", response={200: ListDetailOut, **ERRORS}, summary="One of your lists"
)
def get_own_list(request: HttpRequest, list_id: int, cursor: str | None = None) -> dict[str, Any]:
    found = get_list_page(list_id, viewer=token_user(request))
    if not found.is_owner:
        raise NotFound("No such list.")
    rows, following = page_of(found.items, cursor, per_page=PER_PAGE)
    return {
        **list_out(found.title_list, len(found.items)),
        "titles": [{"position": item.position, "title": title_ref(item.title)} for item in rows],
        "next_cursor": following,
    }


@router.put("/lists/{list_id}", response={200: ListOut, **ERRORS}, summary="Change a list")
def put_list(request: HttpRequest, list_id: int, details: ListIn) -> dict[str, Any]:
    """Set a list's name, description and whether it is public."""
    changed = services.update_list(
        user=writer(request),
        list_id=list_id,
        name=details.name,
        description=details.description,
        is_public=details.is_public,
    )
    return list_out(changed, changed.items.count())


@router.delete("/lists/{list_id}", response={204: None, **ERRORS}, summary="Delete a list")
def delete_list(request: HttpRequest, list_id: int) -> Status[None]:
    services.delete_list(user=writer(request), list_id=list_id)
    return Status(204, None)


@router.put(
    "/lists/{list_id}/titles/{title_id}",
    response={204: None, **ERRORS},
    summary="Add a title to a list",
)
def put_list_title(request: HttpRequest, list_id: int, title_id: str) -> Status[None]:
    """Append a title to the list; one already on it stays where it is."""
    services.add_to_list(user=writer(request), list_id=list_id, title=get_title_or_404(title_id))
    return Status(204, None)


@router.delete(
    "/lists/{list_id}/titles/{title_id}",
    response={204: None, **ERRORS},
    summary="Take a title off a list",
)
def delete_list_title(request: HttpRequest, list_id: int, title_id: str) -> Status[None]:
    user, title = writer(request), get_title_or_404(title_id)
    services.remove_from_list(user=user, list_id=list_id, title_id=title.pk)
    return Status(204, None)
