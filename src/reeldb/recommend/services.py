"""Writes: train the models and store each title's related titles; users' "not interested" marks.

``train`` reads every rating and the traits of the titles worth relating,
fits EASE on the most-rated titles (its inverse is dense in their number;
their ratings and the overlap of their traits make its Gram matrix),
relates the other rated titles by cosine over their raters, every title by
its traits, blends the two by how many ratings a title has, and stores the
best ``NEIGHBOURS`` of each with the reason each was chosen, replacing the
last training's whole; then scores "For you" from those neighbours for every
user with ``REELDB_RECOMMEND_STORED_USERS_FROM`` ratings or more.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, models, transaction
from django.utils import timezone

from reeldb.catalog.models import Title
from reeldb.catalog.selectors import TitleTraits, get_title_traits, list_most_voted_titles
from reeldb.community.selectors import count_ratings, iter_rating_columns
from reeldb.recommend.content import trait_vectors
from reeldb.recommend.learning import (
    EaseSettings,
    Neighbours,
    Ratings,
    cosine_neighbours,
)
from reeldb.recommend.learning.collaborative import (
    NEIGHBOURS,
    RatingData,
    collaborative_neighbours,
    split_by_raters,
)
from reeldb.recommend.learning.for_you import PROFILE_RATINGS, UserRatings, score_users
from reeldb.recommend.learning.neighbours import (
    NO_ITEM,
    blend_by_raters,
    taste_scores,
    unit_rows,
)
from reeldb.recommend.models import NotInterested, RelatedTitle, TrainingRun, UserPick
from reeldb.recommend.reasons import LIKED_VALUE, CoLiked, reason_for

WRITE_BATCH = 5_000
# Stored "For you" titles a user: twice the 24 a page shows, so the titles they
# rate, list or decline after training leave enough.
USER_PICKS = 48
Progress = Callable[[str], None]


def load_ratings() -> RatingData:
    """Read every rating into arrays, a block at a time, into arrays sized once.

    Users and titles become 0-based indexes (int32: 2 billion of either is far
    off); memory is about 18 bytes a rating.
    """
    total = count_ratings()
    users = np.empty(total, dtype=np.int64)
    titles = np.empty(total, dtype=np.int64)
    values = np.empty(total, dtype=np.int16)
    seconds = np.empty(total, dtype=np.float64)
    filled = 0
    for block in iter_rating_columns():
        end = min(filled + len(block.user_ids), total)
        size = end - filled
        users[filled:end] = block.user_ids[:size]
        titles[filled:end] = block.title_ids[:size]
        values[filled:end] = block.values[:size]
        seconds[filled:end] = block.seconds[:size]
        filled = end
    user_ids, user_index = np.unique(users[:filled], return_inverse=True)
    del users
    title_ids, title_index = np.unique(titles[:filled], return_inverse=True)
    del titles
    ratings = Ratings(
        users=user_index.astype(np.int32),
        items=title_index.astype(np.int32),
        times=seconds[:filled],
        values=values[:filled],
        n_users=len(user_ids),
        n_items=len(title_ids),
    )
    return RatingData(ratings=ratings, user_ids=user_ids, title_ids=title_ids)


CO_LIKED_BLOCK = 256


def co_liked(
    data: RatingData, pairs: dict[int, list[int]], candidates: np.ndarray
) -> dict[tuple[int, int], CoLiked]:
    """Return, for each ``(item, other)`` pair, the share of item's likers who liked other too.

    Counted for the ``other`` titles among ``candidates`` (the titles EASE
    relates, which every rated title's list is drawn from), a block of items
    at a time: each block is one sparse product of at most ``CO_LIKED_BLOCK``
    × ``len(candidates)``. A pair whose other title is not a candidate has
    no count (its reason is another one).
    """
    ratings = data.ratings
    liked = ratings.values >= LIKED_VALUE
    matrix = sp.csr_matrix(
        (np.ones(int(liked.sum()), dtype=np.float32), (ratings.users[liked], ratings.items[liked])),
        shape=(ratings.n_users, ratings.n_items),
    )
    matrix.data[:] = 1.0
    likers = np.asarray(matrix.sum(axis=0)).ravel()
    by_item = sp.csr_matrix(matrix.T)
    of_candidates = sp.csr_matrix(matrix[:, candidates])
    column = np.full(ratings.n_items, -1, dtype=np.int64)
    column[candidates] = np.arange(len(candidates))
    items = sorted(item for item, others in pairs.items() if others)
    stats: dict[tuple[int, int], CoLiked] = {}
    for start in range(0, len(items), CO_LIKED_BLOCK):
        block = items[start : start + CO_LIKED_BLOCK]
        both = (by_item[block] @ of_candidates).toarray()
        for row, item in enumerate(block):
            total = int(likers[item])
            for other in pairs[item]:
                if column[other] >= 0 and total:
                    share = float(both[row, column[other]]) / total
                    stats[item, other] = CoLiked(likers=total, share=share)
    return stats


@dataclass(frozen=True)
class TrainingSummary:
    ratings: int
    users: int
    titles: int
    collaborative_titles: int
    seconds: float


def train(*, progress: Progress | None = None) -> TrainingSummary:
    """Compute and store every title's related titles; return what was done."""
    started = time.perf_counter()
    # What "For you" stores follows the ratings up to now; later ones are added on request.
    read_at = timezone.now()
    say = progress or (lambda _message: None)
    say("reading ratings")
    data = load_ratings()
    ease = EaseSettings(**settings.REELDB_RECOMMEND_EASE)
    # Every rated title, and the most-voted others, get related titles from their traits.
    voted = [pk for pk, _votes in list_most_voted_titles(limit=settings.REELDB_RECOMMEND_TITLES)]
    title_ids = np.union1d(data.title_ids, np.asarray(voted, dtype=np.int64))
    say(f"reading the traits of {len(title_ids):,} titles")
    traits = get_title_traits(title_ids.tolist())
    vectors = trait_vectors(title_ids.tolist(), traits)
    # Where each rated title is among title_ids: its traits, and its lists for blending.
    position = np.searchsorted(title_ids, data.title_ids)
    say(f"relating titles from {len(data.ratings.values):,} ratings")
    chosen, rest = split_by_raters(data, settings.REELDB_RECOMMEND_MAX_ITEMS)
    collaborative = collaborative_neighbours(
        data, chosen, rest, ease=ease, traits=unit_rows(vectors[position])
    )
    content = cosine_neighbours(vectors, NEIGHBOURS)
    rated = Neighbours.empty(len(title_ids), NEIGHBOURS)
    items = collaborative.items
    rated.items[position] = np.where(items == NO_ITEM, NO_ITEM, position[np.maximum(items, 0)])
    rated.scores[position] = collaborative.scores
    raters = np.zeros(len(title_ids))
    raters[position] = data.ratings.counts()

    say("blending")
    blended = series_first(blend_by_raters(rated, content, raters, NEIGHBOURS), title_ids, traits)
    # "For you" sums what the ratings' lists say of the titles shown.
    taste = Neighbours(items=blended.items, scores=taste_scores(blended, rated))
    stored = _store(data, title_ids, blended, traits, position, taste=taste.scores, chosen=chosen)
    say("scoring For you for users with many ratings")
    _store_user_picks(data, title_ids, taste, position)
    seconds = time.perf_counter() - started
    summary = TrainingSummary(
        ratings=len(data.ratings.values),
        users=data.ratings.n_users,
        titles=stored,
        collaborative_titles=int((rated.items[:, 0] != NO_ITEM).sum()),
        seconds=seconds,
    )
    TrainingRun.objects.create(
        trained_at=read_at,
        model="ease+traits",
        ratings=summary.ratings,
        users=summary.users,
        titles=summary.titles,
        collaborative_titles=summary.collaborative_titles,
        seconds=seconds,
    )
    return summary


def series_first(
    neighbours: Neighbours, title_ids: np.ndarray, traits: dict[int, TitleTraits]
) -> Neighbours:
    """Return ``neighbours`` with each title's series siblings first.

    A film's other parts are what people look for beside it, however its
    ratings relate it to others: *Desperado* with thousands of ratings still
    lists *El Mariachi* before the films its raters also liked.
    """
    members: dict[int, list[int]] = {}
    for title_id, found in traits.items():
        for series_id in found.series:
            members.setdefault(series_id, []).append(title_id)
    index = {int(title_id): position for position, title_id in enumerate(title_ids.tolist())}
    result = Neighbours(items=neighbours.items.copy(), scores=neighbours.scores.copy())
    for title_id, found in traits.items():
        siblings = [
            index[other]
            for series_id in found.series
            for other in sorted(members[series_id])
            if other != title_id and other in index
        ]
        if not siblings or title_id not in index:
            continue
        row = index[title_id]
        listed = neighbours.of(row)
        best = max((score for _other, score in listed), default=1.0)
        first = list(dict.fromkeys(siblings))[: neighbours.items.shape[1]]
        leading = set(first)
        ranked = [(other, best) for other in first]
        ranked += [(other, score) for other, score in listed if other not in leading]
        ranked = ranked[: neighbours.items.shape[1]]
        result.items[row] = NO_ITEM
        result.scores[row] = 0.0
        for position, (other, score) in enumerate(ranked):
            result.items[row, position] = other
            result.scores[row, position] = score
    return result


def _store(
    data: RatingData,
    title_ids: np.ndarray,
    neighbours: Neighbours,
    traits: dict[int, TitleTraits],
    position: np.ndarray,
    *,
    taste: np.ndarray,
    chosen: np.ndarray,
) -> int:
    """Replace the stored related titles with ``neighbours``, each with its reason and taste."""
    rating_item = {int(index): item for item, index in enumerate(position)}
    pairs: dict[int, list[int]] = {}
    for index in range(len(title_ids)):
        if index not in rating_item:
            continue
        others = [rating_item[o] for o, _s in neighbours.of(index) if o in rating_item]
        pairs[rating_item[index]] = others
    liked = co_liked(data, pairs, chosen)
    empty = TitleTraits()
    rows: list[tuple[int, int, int, float, float, str, str]] = []
    titles = 0
    with transaction.atomic():
        RelatedTitle.objects.all().delete()
        for index, title_id in enumerate(title_ids.tolist()):
            related = neighbours.of(index)
            if not related:
                continue
            titles += 1
            own = traits.get(title_id, empty)
            for rank, (other, score) in enumerate(related, start=1):
                other_id = int(title_ids[other])
                stat = None
                if index in rating_item and other in rating_item:
                    stat = liked.get((rating_item[index], rating_item[other]))
                reason, detail = reason_for(own, traits.get(other_id, empty), other_id, stat)
                rows.append(
                    (
                        title_id,
                        other_id,
                        rank,
                        round(float(score), 6),
                        round(float(taste[index, rank - 1]), 6),
                        reason,
                        json.dumps(detail),
                    )
                )
            if len(rows) >= WRITE_BATCH:
                _insert(RelatedTitle, RELATED_COLUMNS, rows)
                rows = []
        _insert(RelatedTitle, RELATED_COLUMNS, rows)
    return titles


RELATED_COLUMNS = ("title_id", "related_id", "rank", "score", "taste", "reason", "reason_detail")
USER_PICK_COLUMNS = ("user_id", "title_id", "rank", "score", "because_id", "because_score")


def _insert(
    model: type[models.Model], columns: tuple[str, ...], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert rows of ``model`` with one prepared statement: millions per training.

    The values are plain already (a JSON field's as JSON text), so the ORM's
    per-row, per-field preparation, most of the time, is skipped.
    """
    if not rows:
        return
    placeholders = []
    for column in columns:
        field = model._meta.get_field(column.removesuffix("_id"))
        json_text = isinstance(field, models.JSONField) and connection.vendor == "postgresql"
        placeholders.append("CAST(%s AS jsonb)" if json_text else "%s")
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 - the model's own
            f"VALUES ({', '.join(placeholders)})",
            rows,
        )


def _store_user_picks(
    data: RatingData, title_ids: np.ndarray, neighbours: Neighbours, position: np.ndarray
) -> None:
    """Replace the stored "For you" lists with those of today's users with many ratings."""
    ratings = UserRatings(
        users=data.ratings.users,
        items=position[data.ratings.items],
        values=data.ratings.values,
        times=data.ratings.times,
    )
    picks = score_users(
        ratings,
        neighbours,
        min_ratings=settings.REELDB_RECOMMEND_STORED_USERS_FROM,
        profile=PROFILE_RATINGS,
        keep=USER_PICKS,
    )
    rows: list[tuple[int, int, int, float, int, float]] = []
    with transaction.atomic():
        UserPick.objects.all().delete()
        for found in picks:
            user_id = int(data.user_ids[found.user])
            rows += [
                (
                    user_id,
                    int(title_ids[item]),
                    rank,
                    round(float(score), 6),
                    int(title_ids[by]),
                    round(float(added), 6),
                )
                for rank, (item, score, by, added) in enumerate(
                    zip(
                        found.items, found.scores, found.because, found.because_scores, strict=True
                    ),
                    start=1,
                )
            ]
            if len(rows) >= WRITE_BATCH:
                _insert(UserPick, USER_PICK_COLUMNS, rows)
                rows = []
        _insert(UserPick, USER_PICK_COLUMNS, rows)


def set_not_interested(*, user: User, title: Title, not_interested: bool) -> None:
    """Mark ``title`` as never to be recommended to ``user``, or undo the mark."""
    if not_interested:
        NotInterested.objects.get_or_create(user=user, title=title)
    else:
        NotInterested.objects.filter(user=user, title=title).delete()
