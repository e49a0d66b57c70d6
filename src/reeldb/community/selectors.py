"""Reads for reeldb's users' pages and for the charts built from their activity.

Each ``get_…`` returns what one page or page section shows, in a fixed number
of queries however many ratings, reviews or lists there are.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
from django.contrib.auth.models import AnonymousUser, User
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet, Sum

from reeldb.catalog.models import Title
from reeldb.community.models import (
    RATING_MAX,
    RATING_MIN,
    CheckIn,
    ListItem,
    Rating,
    Review,
    ReviewSort,
    ReviewVote,
    TitleList,
    WatchlistEntry,
)
from reeldb.errors import NotFound

REVIEWS_ON_TITLE_PAGE = 2
LISTS_ON_TITLE_PAGE = 10
PROFILE_ROWS = 50
REVIEW_ORDER: dict[str, tuple[str, ...]] = {
    ReviewSort.HELPFULNESS: ("-helpful_yes", "-helpful_total", "-created_at"),
    ReviewSort.DATE: ("-created_at",),
    ReviewSort.RATING: ("-rating", "-created_at"),
}


@dataclass(frozen=True)
class HistogramBar:
    value: int
    count: int
    percent: int


@dataclass(frozen=True)
class RatingSummary:
    """reeldb's users' ratings of one title: exact counts per value, 1 to 10."""

    counts: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def average(self) -> Decimal | None:
        """Return the mean to one decimal, rounded half up as IMDb shows it."""
        if not self.total:
            return None
        mean = Decimal(sum(value * n for value, n in self.counts.items())) / self.total
        return mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def bars(self) -> list[HistogramBar]:
        """Return the histogram from 10 down to 1, each bar as a share of the largest."""
        top = max(self.counts.values(), default=0) or 1
        return [
            HistogramBar(
                value, self.counts.get(value, 0), round(100 * self.counts.get(value, 0) / top)
            )
            for value in range(RATING_MAX, RATING_MIN - 1, -1)
        ]


def get_rating_summary(title: Title) -> RatingSummary:
    """Return the title's rating histogram, counted from the rating rows (one query)."""
    return get_rating_summaries([title])[title.pk]


def get_rating_summaries(titles: Sequence[Title]) -> dict[int, RatingSummary]:
    """Return ``get_rating_summary`` of each of ``titles`` by id, in one query for all."""
    counts: dict[int, dict[int, int]] = {title.pk: {} for title in titles}
    rows = (
        Rating.objects.filter(title__in=list(counts))
        .values_list("title_id", "value")
        .annotate(n=Count("pk"))
    )
    for title_id, value, n in rows:
        counts[title_id][value] = n
    return {title_id: RatingSummary(counts=found) for title_id, found in counts.items()}


@dataclass
class ViewerState:
    """What the signed-in visitor has done with one title."""

    rating: int | None = None
    is_watchlisted: bool = False
    check_in_count: int = 0
    last_watched: datetime.date | None = None
    review: Review | None = None
    lists: list[TitleList] = field(default_factory=list)


@dataclass
class TitleCommunity:
    """The community sections of a title page."""

    ratings: RatingSummary
    reviews: list[Review]
    review_count: int
    public_lists: list[TitleList]
    viewer: ViewerState | None


def _viewer_state(title: Title, user: User) -> ViewerState:
    """Return what ``user`` did with ``title``: five queries."""
    rating = Rating.objects.filter(user=user, title=title).values_list("value", flat=True).first()
    check_ins = CheckIn.objects.filter(user=user, title=title).aggregate(
        n=Count("pk"), last=Max("watched_on")
    )
    return ViewerState(
        rating=rating,
        is_watchlisted=WatchlistEntry.objects.filter(user=user, title=title).exists(),
        check_in_count=check_ins["n"],
        last_watched=check_ins["last"],
        review=Review.objects.filter(user=user, title=title).first(),
        lists=list(TitleList.objects.filter(user=user).order_by("name")),
    )


def get_title_community(title: Title, user: User | AnonymousUser) -> TitleCommunity:
    """Return the title page's community sections.

    Four queries for a visitor (histogram, top reviews, review count, public
    lists), five more for a signed-in user (``_viewer_state``).
    """
    reviews = Review.objects.filter(title=title)
    return TitleCommunity(
        ratings=get_rating_summary(title),
        reviews=list(
            reviews.select_related("user__profile").order_by(*REVIEW_ORDER[ReviewSort.HELPFULNESS])[
                :REVIEWS_ON_TITLE_PAGE
            ]
        ),
        review_count=reviews.count(),
        public_lists=list(
            TitleList.objects.filter(is_public=True, items__title=title)
            .select_related("user")
            .order_by("-updated_at")[:LISTS_ON_TITLE_PAGE]
        ),
        viewer=_viewer_state(title, user) if user.is_authenticated else None,
    )


@dataclass
class ReviewsPage:
    title: Title
    reviews: list[Review]
    sort: str
    votes: dict[int, bool]
    own_review: Review | None


def get_reviews_page(title: Title, *, sort: str, user: User | AnonymousUser) -> ReviewsPage:
    """Return every review of ``title`` in ``sort`` order, and the visitor's votes on them."""
    if sort not in REVIEW_ORDER:
        sort = ReviewSort.HELPFULNESS
    reviews = list(
        Review.objects.filter(title=title)
        .select_related("user__profile")
        .order_by(*REVIEW_ORDER[sort])
    )
    votes: dict[int, bool] = {}
    if user.is_authenticated:
        votes = dict(
            ReviewVote.objects.filter(user=user, review__title=title).values_list(
                "review_id", "is_helpful"
            )
        )
    own = next((review for review in reviews if review.user_id == user.pk), None)
    return ReviewsPage(title=title, reviews=reviews, sort=sort, votes=votes, own_review=own)


def get_review_draft(title: Title, user: User) -> tuple[Review | None, int | None]:
    """Return ``user``'s review of ``title`` and their rating of it (two queries)."""
    rating = Rating.objects.filter(user=user, title=title).values_list("value", flat=True).first()
    return Review.objects.filter(user=user, title=title).first(), rating


def get_review_or_404(review_id: int) -> Review:
    review = Review.objects.select_related("user__profile", "title").filter(pk=review_id).first()
    if review is None:
        raise NotFound("No such review.")
    return review


@dataclass
class ProfilePage:
    """A user's public profile; the watchlist, diary and private lists only for the owner."""

    member: User
    is_owner: bool
    rating_count: int
    ratings: list[Rating]
    reviews: list[Review]
    lists: list[TitleList]
    watchlist: list[WatchlistEntry]
    check_ins: list[CheckIn]


def get_profile_page(username: str, *, viewer: User | AnonymousUser) -> ProfilePage:
    """Return ``username``'s profile as ``viewer`` may see it, or raise 404."""
    member = User.objects.select_related("profile").filter(username=username).first()
    if member is None:
        raise NotFound("No such user.")
    is_owner = viewer.is_authenticated and viewer.pk == member.pk
    lists = TitleList.objects.filter(user=member).annotate(size=Count("items"))
    if not is_owner:
        lists = lists.filter(is_public=True)
    ratings = Rating.objects.filter(user=member)
    return ProfilePage(
        member=member,
        is_owner=is_owner,
        rating_count=ratings.count(),
        ratings=list(ratings.select_related("title").order_by("-rated_at")[:PROFILE_ROWS]),
        reviews=list(
            Review.objects.filter(user=member).select_related("title").order_by("-created_at")
        ),
        lists=list(lists.order_by("-updated_at")),
        watchlist=list(
            WatchlistEntry.objects.filter(user=member).select_related("title").order_by("-added_at")
        )
        if is_owner
        else [],
        check_ins=list(
            CheckIn.objects.filter(user=member)
            .select_related("title")
            .order_by("-watched_on", "-created_at")[:PROFILE_ROWS]
        )
        if is_owner
        else [],
    )


@dataclass
class ListPage:
    title_list: TitleList
    items: list[ListItem]
    is_owner: bool


def get_list_page(list_id: int, *, viewer: User | AnonymousUser) -> ListPage:
    """Return a list with its titles; a private list is a 404 to all but its owner."""
    title_list = TitleList.objects.select_related("user").filter(pk=list_id).first()
    is_owner = bool(title_list and viewer.is_authenticated and title_list.user_id == viewer.pk)
    if title_list is None or not (title_list.is_public or is_owner):
        raise NotFound("No such list.")
    items = list(title_list.items.select_related("title").order_by("position"))
    return ListPage(title_list=title_list, items=items, is_owner=is_owner)


def list_watchlist_title_ids(user: User) -> set[int]:
    """Return the ids of the titles on ``user``'s watchlist (one query)."""
    return set(WatchlistEntry.objects.filter(user=user).values_list("title_id", flat=True))


def iter_rating_totals() -> Iterator[tuple[int, int, int]]:
    """Yield ``(title_id, votes, sum of values)`` for every rated title, for the charts."""
    rows: QuerySet[Any, tuple[int, int, int]] = (
        Rating.objects.values_list("title_id")
        .annotate(votes=Count("pk"), total=Sum("value"))
        .order_by()
    )
    yield from rows.iterator(chunk_size=5000)


def _activity_sources() -> list[tuple[QuerySet[Any], str]]:
    """Return each kind of activity with the column that dates it."""
    return [
        (Rating.objects.all(), "rated_at"),
        (Review.objects.all(), "created_at"),
        (WatchlistEntry.objects.all(), "added_at"),
        (CheckIn.objects.all(), "created_at"),
    ]


def latest_activity(*, until: datetime.datetime) -> datetime.datetime | None:
    """Return when the newest rating, review, watchlist entry or check-in up to ``until`` was made.

    Anything dated later is left out, so a stored future date cannot become
    the end of the charts' window.
    """
    moments = [
        rows.filter(**{f"{moment}__lte": until}).aggregate(at=Max(moment))["at"]
        for rows, moment in _activity_sources()
    ]
    return max((moment for moment in moments if moment), default=None)


def count_activity(*, since: datetime.datetime, until: datetime.datetime) -> dict[int, int]:
    """Return, per title, how many users rated, reviewed, watchlisted or checked it in.

    Only activity from ``since`` to ``until`` counts, and each user counts once
    per title however much they did: one account checking in a title a
    thousand times moves it as much as one rating does. ``UNION`` (not
    ``UNION ALL``) leaves each (title, user) pair once.
    """
    first, *others = (
        rows.filter(**{f"{moment}__gte": since, f"{moment}__lte": until}).values_list(
            "title_id", "user_id"
        )
        for rows, moment in _activity_sources()
    )
    return dict(Counter(title_id for title_id, _ in first.union(*others)))


LISTS_PAGE_SIZE = 50


@dataclass
class PublicListsPage:
    """One page of the public lists, newest change first, with each list's size."""

    page: Page[TitleList]
    sizes: dict[int, int]


def get_public_lists_page(*, page: int = 1) -> PublicListsPage:
    """Return page ``page`` of every user's public lists, most recently changed first.

    Three queries: the count, the page through ``title_list_public_idx``, and
    the sizes of that page's lists only (counting items per list before the
    page is cut would count every list's items). A page past the last is the last.
    """
    lists = (
        TitleList.objects.filter(is_public=True)
        .select_related("user")
        .order_by("-updated_at", "-pk")
    )
    shown = Paginator(lists, LISTS_PAGE_SIZE).get_page(page)
    counts = (
        ListItem.objects.filter(title_list__in=[title_list.pk for title_list in shown])
        .values_list("title_list")
        .annotate(size=Count("pk"))
        .order_by()
    )
    return PublicListsPage(page=shown, sizes=dict(counts))


RATING_BLOCK = 1_000_000


@dataclass(frozen=True)
class RatingColumns:
    """A block of ratings as arrays: user and title ids, values 1-10, Unix seconds."""

    user_ids: np.ndarray
    title_ids: np.ndarray
    values: np.ndarray
    seconds: np.ndarray


def count_ratings() -> int:
    """Return how many ratings there are (one query)."""
    return Rating.objects.count()


def iter_rating_columns(*, block_size: int = RATING_BLOCK) -> Iterator[RatingColumns]:
    """Yield every rating as columns, a block at a time, in id order.

    Keyset pages over the primary key: memory is one block, and the same data
    gives the same order, so a model trained on it twice learns the same
    thing. The database turns each time into seconds: a datetime object a row
    would cost more than the read.
    """
    seconds = (
        "CAST(strftime('%s', rated_at) AS REAL)"
        if connection.vendor == "sqlite"
        else "EXTRACT(EPOCH FROM rated_at)::float8"
    )
    query = (
        f"SELECT id, user_id, title_id, value, {seconds} FROM {Rating._meta.db_table} "  # noqa: S608 - constants
        "WHERE id > %s ORDER BY id LIMIT %s"
    )
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(query, [last, block_size])
            rows = cursor.fetchall()
        if not rows:
            return
        last = rows[-1][0]
        _ids, users, titles, values, times = zip(*rows, strict=True)
        yield RatingColumns(
            user_ids=np.array(users, dtype=np.int64),
            title_ids=np.array(titles, dtype=np.int64),
            values=np.array(values, dtype=np.int16),
            seconds=np.array(times, dtype=np.float64),
        )


def get_user_title_marks(user: User) -> tuple[dict[int, tuple[int, datetime.datetime]], set[int]]:
    """Return ``user``'s ratings ``{title id: (value, rated at)}`` and watchlist ids.

    Two queries.
    """
    ratings = {
        title_id: (value, rated_at)
        for title_id, value, rated_at in Rating.objects.filter(user=user).values_list(
            "title_id", "value", "rated_at"
        )
    }
    return ratings, list_watchlist_title_ids(user)


def get_user_ratings_of(
    user: User, title_ids: Iterable[int], *, since: datetime.datetime | None = None
) -> dict[int, tuple[int, datetime.datetime]]:
    """Return ``user``'s ratings of ``title_ids``, and of any title after ``since``.

    ``{title id: (value, rated at)}``, one query, whatever the user's number
    of other ratings.
    """
    wanted = Q(title_id__in=list(title_ids))
    if since is not None:
        wanted |= Q(rated_at__gt=since)
    return {
        title_id: (value, rated_at)
        for title_id, value, rated_at in Rating.objects.filter(wanted, user=user).values_list(
            "title_id", "value", "rated_at"
        )
    }


def count_user_ratings(user: User) -> int:
    """Return how many titles ``user`` rated (one query)."""
    return Rating.objects.filter(user=user).count()


def list_title_reviews(title: Title, *, sort: str) -> QuerySet[Review]:
    """Return ``title``'s reviews in ``sort`` order (``ReviewSort``), with their authors."""
    order = REVIEW_ORDER.get(sort, REVIEW_ORDER[ReviewSort.HELPFULNESS])
    return (
        Review.objects.filter(title=title).select_related("user", "title").order_by(*order, "-pk")
    )


def list_user_ratings(user: User) -> QuerySet[Rating]:
    """Return ``user``'s ratings with their titles, latest first."""
    return Rating.objects.filter(user=user).select_related("title").order_by("-rated_at", "-pk")


def list_user_watchlist(user: User) -> QuerySet[WatchlistEntry]:
    """Return ``user``'s watchlist with its titles, latest addition first."""
    return (
        WatchlistEntry.objects.filter(user=user)
        .select_related("title")
        .order_by("-added_at", "-pk")
    )


def list_user_lists(user: User) -> QuerySet[TitleList]:
    """Return all of ``user``'s lists, private ones too, each with its ``size``: for its owner."""
    return (
        TitleList.objects.filter(user=user)
        .select_related("user")
        .annotate(size=Count("items"))
        .order_by("-updated_at", "-pk")
    )
