""" "For you" scored in bulk: each user's best titles from the neighbours of what they rated.

The sum is the one ``selectors`` computes on request: each of a user's latest
``profile`` ratings adds its title's neighbours' scores times value/10. Done
at training for users with many ratings, whose request would read tens of
thousands of neighbour rows, it is one sparse product per block of users.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from reeldb.recommend.learning.neighbours import NO_ITEM, Neighbours

USER_BLOCK = 256
# The ratings "For you" starts from: a user's most recent, so it follows their taste as it moves.
PROFILE_RATINGS = 500


@dataclass(frozen=True)
class UserPicks:
    """One user's best titles (item indexes), each with the rated item that added most."""

    user: int
    items: np.ndarray
    scores: np.ndarray
    because: np.ndarray
    because_scores: np.ndarray


@dataclass(frozen=True)
class UserRatings:
    """Ratings as parallel arrays: user index, item index, value (1-10), time in seconds."""

    users: np.ndarray
    items: np.ndarray
    values: np.ndarray
    times: np.ndarray


def profile_weights(values: np.ndarray) -> np.ndarray:
    """Return what each rating multiplies its title's neighbours' scores by: its value / 10.

    A 9 counts nine times a 1: a title rated low adds little, whatever its
    neighbours (``selectors`` weighs a request's ratings the same way).
    """
    return values.astype(np.float64) / 10.0


def neighbour_matrix(neighbours: Neighbours) -> sp.csr_matrix:
    """Return the items × items matrix of stored neighbour scores (row: the rated item)."""
    rows, columns = np.nonzero(neighbours.items != NO_ITEM)
    size = len(neighbours.items)
    return sp.csr_matrix(
        (
            neighbours.scores[rows, columns].astype(np.float64),
            (rows, neighbours.items[rows, columns]),
        ),
        shape=(size, size),
    )


def score_users(
    ratings: UserRatings,
    neighbours: Neighbours,
    *,
    min_ratings: int,
    profile: int,
    keep: int,
) -> Iterator[UserPicks]:
    """Yield the best ``keep`` items of every user with ``min_ratings`` or more ratings.

    A user's profile is their latest ``profile`` ratings (ties: the higher item
    first, as the request's order has it); every item they rated is left out;
    ties in score go to the lower item. Memory is one block of users' sums.
    """
    order = np.lexsort((-ratings.items, -ratings.times, ratings.users))
    users, items = ratings.users[order], ratings.items[order]
    weights = profile_weights(ratings.values[order])
    n_users = int(users.max()) + 1 if len(users) else 0
    starts = np.searchsorted(users, np.arange(n_users + 1))
    active = np.flatnonzero(np.diff(starts) >= min_ratings)
    matrix = neighbour_matrix(neighbours)
    for begin in range(0, len(active), USER_BLOCK):
        block = active[begin : begin + USER_BLOCK]
        spans = [(starts[user], min(starts[user + 1], starts[user] + profile)) for user in block]
        rows = np.concatenate([np.full(end - start, row) for row, (start, end) in enumerate(spans)])
        taken = np.concatenate([np.arange(start, end) for start, end in spans])
        sums = sp.csr_matrix(
            sp.csr_matrix(
                (weights[taken], (rows, items[taken])), shape=(len(block), len(matrix.indptr) - 1)
            )
            @ matrix
        )
        for row, user in enumerate(block.tolist()):
            rated = items[starts[user] : starts[user + 1]]
            start, end = spans[row]
            picked = _best(sums, row, rated, keep)
            if picked is None:
                continue
            chosen, scores = picked
            because, because_scores = _because(matrix, items[start:end], weights[start:end], chosen)
            yield UserPicks(
                user=user,
                items=chosen,
                scores=scores,
                because=because,
                because_scores=because_scores,
            )


def _best(
    sums: sp.csr_matrix, row: int, rated: np.ndarray, keep: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """Return the row's ``keep`` highest sums over items not ``rated``, best first."""
    begin, end = sums.indptr[row], sums.indptr[row + 1]
    columns, values = sums.indices[begin:end], sums.data[begin:end]
    unseen = ~np.isin(columns, rated) & (values > 0)
    columns, values = columns[unseen], values[unseen]
    if not len(columns):
        return None
    order = np.lexsort((columns, -values))[:keep]
    return columns[order].astype(np.int64), values[order]


def _because(
    matrix: sp.csr_matrix, profile: np.ndarray, weights: np.ndarray, chosen: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return, for each ``chosen`` item, the profile item that added most to it, and how much.

    Ties go to the more recent rating (earlier in ``profile``).
    """
    rows = matrix[profile].tocoo()
    wanted = np.isin(rows.col, chosen)
    source, target = rows.row[wanted], rows.col[wanted]
    added = rows.data[wanted] * weights[source]
    order = np.lexsort((source, -added, target))
    target, first = np.unique(target[order], return_index=True)
    best_source = source[order][first]
    best_added = added[order][first]
    position = np.searchsorted(target, chosen)
    return profile[best_source[position]].astype(np.int64), best_added[position]
