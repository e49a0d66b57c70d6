"""Reads: a title's stored related titles, and a user's recommendations scored on request."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User

from reeldb.catalog.models import Title
from reeldb.catalog.selectors import list_featured_titles
from reeldb.community.selectors import get_user_title_marks
from reeldb.recommend.models import NotInterested, RelatedTitle, TrainingRun
from reeldb.recommend.reasons import describe

RELATED_SHOWN = 12
FOR_YOU_SHOWN = 24
# The ratings "For you" starts from: a user's most recent, so it follows their taste as it moves.
PROFILE_RATINGS = 500
# Fewer ratings than this, and the page asks for more.
FEW_RATINGS = 5


@dataclass(frozen=True)
class Pick:
    """A recommended title and the line that says why."""

    title: Title
    reason: str


def get_related_titles(title: Title, *, limit: int = RELATED_SHOWN) -> list[Pick]:
    """Return ``title``'s best stored related titles with their reasons (one query)."""
    rows = (
        RelatedTitle.objects.filter(title=title).select_related("related").order_by("rank")[:limit]
    )
    return [Pick(title=row.related, reason=describe(row.reason, row.reason_detail)) for row in rows]


@dataclass(frozen=True)
class ForYou:
    picks: list[Pick]
    rated: int
    is_personal: bool
    trained: TrainingRun | None

    @property
    def wants_more_ratings(self) -> bool:
        return self.rated < FEW_RATINGS


def _score(ratings: dict[int, int], hidden: set[int]) -> dict[int, tuple[float, int]]:
    """Return ``{title id: (score, the rated title that added most)}`` from stored neighbours.

    Each rated title adds its neighbours' similarity times value/10, so a 9
    counts nine times a 1: the user's own scale says how much a title speaks
    for their taste.
    """
    scores: dict[int, float] = defaultdict(float)
    best: dict[int, tuple[float, int]] = {}
    rows = RelatedTitle.objects.filter(title_id__in=list(ratings)).values_list(
        "title_id", "related_id", "score"
    )
    for title_id, related_id, score in rows.order_by():
        if related_id in hidden:
            continue
        added = score * ratings[title_id] / 10
        scores[related_id] += added
        if added > best.get(related_id, (0.0, 0))[0]:
            best[related_id] = (added, title_id)
    return {pk: (total, best[pk][1]) for pk, total in scores.items() if pk in best}


def get_recommendations_for(user: User | AnonymousUser, *, limit: int = FOR_YOU_SHOWN) -> ForYou:
    """Return "For you": titles related to what ``user`` rated, never one they rated,
    have on their watchlist or marked not interested; popular titles with few ratings.

    Six queries whatever the number of ratings (up to ``PROFILE_RATINGS`` read).
    """
    trained = TrainingRun.objects.order_by("-trained_at").first()
    if not user.is_authenticated:
        return ForYou(picks=_popular(set(), limit), rated=0, is_personal=False, trained=trained)
    marks, watchlist = get_user_title_marks(user)
    hidden = set(marks) | watchlist
    hidden |= set(NotInterested.objects.filter(user=user).values_list("title_id", flat=True))
    recent = sorted(marks.items(), key=lambda item: (item[1][1], item[0]), reverse=True)
    profile = {title_id: value for title_id, (value, _at) in recent[:PROFILE_RATINGS]}
    scored = _score(profile, hidden)
    ranked = sorted(scored.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
    wanted = {pk for pk, _ in ranked} | {because for _pk, (_s, because) in ranked}
    titles = Title.objects.in_bulk(list(wanted))
    picks = [
        Pick(
            title=titles[pk],
            reason=f"because you rated {titles[because].primary_title} {profile[because]}/10",
        )
        for pk, (_score_, because) in ranked
        if pk in titles and because in titles
    ]
    if len(picks) < limit:
        shown = hidden | {pick.title.pk for pick in picks}
        picks += _popular(shown, limit - len(picks))
    return ForYou(picks=picks, rated=len(marks), is_personal=bool(scored), trained=trained)


def _popular(hidden: set[int], limit: int) -> list[Pick]:
    """Return the most-voted titles rated 7 or more that are not ``hidden``."""
    candidates = list_featured_titles(limit=limit * 4 + len(hidden))
    good = [t for t in candidates if t.pk not in hidden and (t.average_rating or 0) >= 7]
    return [Pick(title=title, reason="popular and highly rated") for title in good[:limit]]
