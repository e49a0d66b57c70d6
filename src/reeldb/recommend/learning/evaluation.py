"""RecBole's offline protocol: a random 8:1:1 split of each user's ratings, full-ranking metrics.

Shared by ``bench/recommend_eval.py`` and the test that runs it small in CI,
so both measure the models exactly as ``services.train`` fits them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from reeldb.recommend.learning.matrix import Ratings

CUTOFF = 10
METRICS = ("recall", "ndcg", "mrr", "hit", "precision")


@dataclass(frozen=True)
class Split:
    """Training ratings (with their times) and the validation and test users × items matrices."""

    train: Ratings
    valid: sp.csr_matrix
    test: sp.csr_matrix


def split_by_user(
    ratings: Ratings, *, seed: int, ratios: tuple[int, int, int] = (8, 1, 1)
) -> Split:
    """Shuffle each user's ratings and cut them as RecBole's ``RS`` split does.

    Of a user's n ratings, int(n·valid) go to validation and int(n·test) to
    test (at least one each when the share is under one rating but positive),
    the rest to training.
    """
    rng = np.random.default_rng(seed)
    total = sum(ratios)
    part = np.zeros(len(ratings.users), dtype=np.int8)
    order = np.argsort(ratings.users, kind="stable")
    starts = np.searchsorted(ratings.users[order], np.arange(ratings.n_users + 1))
    for user in range(ratings.n_users):
        rows = order[starts[user] : starts[user + 1]]
        rows = rows[rng.permutation(len(rows))]
        sizes = [int(len(rows) * ratio / total) for ratio in ratios]
        for index in (1, 2):
            if sizes[index] == 0 and len(rows) * ratios[index] / total > 0 and len(rows) > 2:
                sizes[index] = 1
        valid_end = len(rows) - sizes[2]
        part[rows[valid_end - sizes[1] : valid_end]] = 1
        part[rows[valid_end:]] = 2

    def kept(mask: np.ndarray) -> Ratings:
        return Ratings(
            users=ratings.users[mask],
            items=ratings.items[mask],
            times=ratings.times[mask],
            values=ratings.values[mask],
            n_users=ratings.n_users,
            n_items=ratings.n_items,
        )

    return Split(
        train=kept(part == 0), valid=kept(part == 1).matrix(), test=kept(part == 2).matrix()
    )


def rank_metrics(
    scores: np.ndarray, target: sp.csr_matrix, seen: sp.csr_matrix, *, k: int = CUTOFF
) -> dict[str, float]:
    """Return Recall, NDCG, MRR, Hit and Precision at ``k``, averaged over users with a target.

    Every item is ranked (full ranking) except those in ``seen``.
    """
    scores = np.array(scores, dtype=np.float64)
    scores[seen.nonzero()] = -np.inf
    top = np.argpartition(-scores, k, axis=1)[:, :k]
    top = np.take_along_axis(top, np.argsort(-np.take_along_axis(scores, top, 1), 1), 1)
    relevant = target.toarray() > 0
    hits = np.take_along_axis(relevant, top, 1)
    wanted = relevant.sum(axis=1)
    users = wanted > 0
    hits, wanted = hits[users], wanted[users]
    discount = 1.0 / np.log2(np.arange(2, k + 2))
    ideal = np.array([discount[: min(n, k)].sum() for n in wanted])
    first = np.where(hits.any(axis=1), hits.argmax(axis=1) + 1, 0)
    return {
        "recall": float((hits.sum(axis=1) / wanted).mean()),
        "ndcg": float(((hits * discount).sum(axis=1) / ideal).mean()),
        "mrr": float(np.where(first > 0, 1.0 / np.maximum(first, 1), 0.0).mean()),
        "hit": float(hits.any(axis=1).mean()),
        "precision": float((hits.sum(axis=1) / k).mean()),
    }
