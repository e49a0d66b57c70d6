"""Reads: a title's stored related titles, and a user's recommendations scored on request."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from reeldb.catalog.models import Title
from reeldb.catalog.selectors import list_featured_titles
from reeldb.community.selectors import (
    count_user_ratings,
    get_user_ratings_of,
    get_user_title_marks,
    list_watchlist_title_ids,
)
from reeldb.recommend.learning.for_you import PROFILE_RATINGS
from reeldb.recommend.models import NotInterested, RelatedTitle, TrainingRun, UserPick
from reeldb.recommend.reasons import describe

RELATED_SHOWN = 12
FOR_YOU_SHOWN = 24
# Fewer ratings than this, and the page asks for more.
FEW_RATINGS = 5


@dataclass(frozen=True)
class Pick:
    """A recommended title and the line that says why."""

    title: Title
    reason: str


def _pick(row: RelatedTitle) -> Pick:
    return Pick(title=row.related, reason=describe(row.reason, row.reason_detail))


def get_related_titles(title: Title, *, limit: int = RELATED_SHOWN) -> list[Pick]:
    """Return ``title``'s best stored related titles with their reasons (one query)."""
    rows = (
        RelatedTitle.objects.filter(title=title).select_related("related").order_by("rank")[:limit]
    )
    return [_pick(row) for row in rows]


def get_related_titles_of(
    titles: Sequence[Title], *, limit: int = RELATED_SHOWN
) -> dict[int, list[Pick]]:
    """Return ``get_related_titles`` of each of ``titles`` by id, in one query for all.

    Each title's first ``limit`` by rank, numbered by a window over the
    block's rows, each related episode with its series (which the export's
    documents name; a card does not, and the join cost the title page 0.4 ms).
    One title is read with ``get_related_titles``' ``LIMIT``: the window took
    4.4 ms for one title at scale 0.1, the ``LIMIT`` 0.9 ms.
    """
    if len(titles) == 1:
        return {titles[0].pk: get_related_titles(titles[0], limit=limit)}
    picks: dict[int, list[Pick]] = {title.pk: [] for title in titles}
    rows = (
        RelatedTitle.objects.filter(title__in=list(picks))
        .annotate(place=Window(RowNumber(), partition_by=F("title_id"), order_by=F("rank").asc()))
        .filter(place__lte=limit)
        .select_related("related", "related__parent")
        .order_by("title_id", "rank")
    )
    for row in rows:
        picks[row.title_id].append(_pick(row))
    return picks


@dataclass(frozen=True)
class ForYou:
    picks: list[Pick]
    rated: int
    is_personal: bool
    trained: TrainingRun | None

    @property
    def wants_more_ratings(self) -> bool:
        return self.rated < FEW_RATINGS


@dataclass
class Scored:
    """A title's "For you" score, and the rated title that added most to it."""

    score: float
    because: int
    because_score: float

    def add(self, other: Scored) -> None:
        self.score += other.score
        if other.because_score > self.because_score:
            self.because, self.because_score = other.because, other.because_score


def _score(ratings: dict[int, int], hidden: set[int]) -> dict[int, Scored]:
    """Return each title's score from the stored neighbours of the rated titles.

    Each rated title adds its neighbours' taste (``neighbours.taste_scores``)
    times value/10, so a 9 counts nine times a 1: the user's own scale says how
    much a title speaks for their taste. ``learning.for_you`` computes the same sums in bulk.
    """
    scored: dict[int, Scored] = {}
    rows = RelatedTitle.objects.filter(title_id__in=list(ratings)).values_list(
        "title_id", "related_id", "taste"
    )
    for title_id, related_id, taste in rows.order_by():
        if related_id in hidden:
            continue
        added = Scored(taste * ratings[title_id] / 10, title_id, taste * ratings[title_id] / 10)
        if related_id in scored:
            scored[related_id].add(added)
        else:
            scored[related_id] = added
    return scored


def get_recommendations_for(user: User | AnonymousUser, *, limit: int = FOR_YOU_SHOWN) -> ForYou:
    """Return "For you": titles related to what ``user`` rated, never one they rated,
    have on their watchlist or marked not interested; popular titles with few ratings.

    A user with a list stored at training (``UserPick``) gets it, with what the
    ratings they made since add (``_stored_scores``); anyone else is scored on
    request from their latest ``PROFILE_RATINGS`` ratings. Seven queries at most.
    """
    trained = TrainingRun.objects.order_by("-trained_at").first()
    if not user.is_authenticated:
        return ForYou(picks=_popular(set(), limit), rated=0, is_personal=False, trained=trained)
    stored = list(
        UserPick.objects.filter(user=user)
        .order_by("rank")
        .values_list("title_id", "score", "because_id", "because_score")
    )
    from_stored = bool(stored) and trained is not None
    if stored and trained is not None:
        scored, ratings, rated = _stored_scores(user, stored, trained)
        hidden = set(ratings) | list_watchlist_title_ids(user)
    else:
        all_ratings, watchlist = get_user_title_marks(user)
        ratings = {title_id: value for title_id, (value, _at) in all_ratings.items()}
        hidden, rated = set(ratings) | watchlist, len(ratings)
        recent = sorted(all_ratings.items(), key=lambda item: (item[1][1], item[0]), reverse=True)
        profile = {title_id: value for title_id, (value, _at) in recent[:PROFILE_RATINGS]}
        scored = _score(profile, hidden)
    hidden |= set(NotInterested.objects.filter(user=user).values_list("title_id", flat=True))
    ranked = sorted(
        (
            (pk, found)
            for pk, found in scored.items()
            if pk not in hidden and found.because in ratings
        ),
        key=lambda item: (-item[1].score, item[0]),
    )[:limit]
    wanted = {pk for pk, _ in ranked} | {found.because for _pk, found in ranked}
    titles = Title.objects.in_bulk(list(wanted))
    picks = [
        Pick(title=titles[pk], reason=_because(titles[found.because], ratings[found.because]))
        for pk, found in ranked
        if pk in titles and found.because in titles
    ]
    if len(picks) < limit:
        shown = hidden | {pick.title.pk for pick in picks}
        # Scored on request, ``hidden`` holds every rating already.
        picks += _popular(shown, limit - len(picks), user=user if from_stored else None)
    return ForYou(picks=picks, rated=rated, is_personal=bool(ranked), trained=trained)


def _stored_scores(
    user: User, stored: list[tuple[int, float, int, float]], trained: TrainingRun
) -> tuple[dict[int, Scored], dict[int, int], int]:
    """Return the stored list's scores plus what ratings made since training add to them.

    The sums are the request's own: a newer rating adds its neighbours' scores
    to the stored ones (a title outside the stored list starts from nothing,
    so it may rank a little lower than a full scoring would put it). Also
    returns the user's ratings of the titles named and of the newer ones,
    ``{title id: value}``, and how many ratings they have.
    """
    named = {title_id for title_id, *_ in stored} | {because for _t, _s, because, _b in stored}
    found = get_user_ratings_of(user, named, since=trained.trained_at)
    ratings = {title_id: value for title_id, (value, _at) in found.items()}
    scored = {title_id: Scored(score, because, added) for title_id, score, because, added in stored}
    newer = {pk: value for pk, (value, at) in found.items() if at > trained.trained_at}
    for pk, added in _score(newer, set(ratings)).items():
        if pk in scored:
            scored[pk].add(added)
        else:
            scored[pk] = added
    return scored, ratings, count_user_ratings(user)


def _because(title: Title, value: int) -> str:
    return f"because you rated {title.primary_title} {value}/10"


def _popular(hidden: set[int], limit: int, *, user: User | None = None) -> list[Pick]:
    """Return the most-voted titles rated 7 or more that are not ``hidden``.

    With ``user``, the candidates they rated are left out too: ``hidden``
    holds only the ratings read for a stored list.
    """
    candidates = list_featured_titles(limit=limit * 4 + len(hidden))
    good = [t for t in candidates if t.pk not in hidden and (t.average_rating or 0) >= 7]
    if user is not None:
        rated = get_user_ratings_of(user, [title.pk for title in good])
        good = [title for title in good if title.pk not in rated]
    return [Pick(title=title, reason="popular and highly rated") for title in good[:limit]]
