"""Time and peak memory of the recommendation models on a synthetic set of 100 million ratings.

    python bench/recommend_train_scale.py [--ratings 100_000_000] [--users 1_000_000]
                                          [--titles 1_000_000] [--max-items 10_000]

Generates the ratings as arrays in memory (Zipf-like title popularity, log-normal user
activity, sittings of a few minutes: the shape of ``bench/make_movielens.py``), then runs
what ``reeldb recommend train`` runs on them after reading them from the database
(``learning.collaborative``: EASE with ratings close in time counted more over the
``--max-items`` most-rated titles, then each other title with 5+ raters against those by the
cosine of their raters), and in the same run the floor: plain EASE (co-rating counts, no time
weighting) on the same titles. Prints each one's seconds, the peak resident memory of the
process (the arrays included), and the ratio. Reading ratings from the database is not in
these figures: ``bench/import_movielens.py`` times ``reeldb recommend train`` end to end
on an imported release.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

from reeldb.recommend.learning import EaseSettings, Ratings, fit_ease, top_neighbours
from reeldb.recommend.learning.collaborative import (
    NEIGHBOURS,
    RatingData,
    ease_neighbours,
    split_by_raters,
    tail_neighbours,
)
from reeldb.recommend.learning.neighbours import unit_rows


def synthetic(ratings: int, users: int, titles: int, seed: int) -> RatingData:
    rng = np.random.default_rng(seed)
    activity = rng.lognormal(mean=3.0, sigma=1.3, size=users)
    per_user = np.maximum(1, np.round(activity * ratings / activity.sum())).astype(np.int64)
    user_index = np.repeat(np.arange(users, dtype=np.int64), per_user)[:ratings]
    popularity = 1.0 / (np.arange(titles) + 10.0) ** 1.05
    cumulative = np.cumsum(popularity / popularity.sum())
    item_index = np.searchsorted(cumulative, rng.random(len(user_index))).astype(np.int64)
    item_index = np.minimum(item_index, titles - 1)
    gaps = rng.integers(0, 90, size=len(user_index)).astype(np.float64)
    gaps[rng.random(len(user_index)) < 0.025] += 86_400 * 7
    times = 1.0e9 + np.cumsum(gaps)
    values = rng.integers(1, 11, size=len(user_index)).astype(np.int16)
    data = Ratings(user_index, item_index, times, values, users, titles)
    return RatingData(
        ratings=data,
        user_ids=np.arange(1, users + 1, dtype=np.int64),
        title_ids=np.arange(1, titles + 1, dtype=np.int64),
    )


# Synthetic traits: each title has TRAITS_A_TITLE of TRAITS (directors, cast, keywords), drawn
# with a long tail as real ones are.
TRAITS = 200_000
TRAITS_A_TITLE = 12


def synthetic_traits(titles: int, seed: int) -> sp.csr_matrix:
    """Return a unit-length row of traits per title, as ``services.train`` passes EASE."""
    rng = np.random.default_rng(seed)
    common = 1.0 / (np.arange(TRAITS) + 50.0)
    cumulative = np.cumsum(common / common.sum())
    columns = np.searchsorted(cumulative, rng.random(titles * TRAITS_A_TITLE))
    rows = np.repeat(np.arange(titles), TRAITS_A_TITLE)
    ones = np.ones(len(rows), dtype=np.float32)
    matrix = sp.csr_matrix((ones, (rows, np.minimum(columns, TRAITS - 1))), shape=(titles, TRAITS))
    return unit_rows(matrix)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def plain_ease(data: RatingData, chosen: np.ndarray) -> float:
    """Return the seconds of EASE on plain co-rating counts over the ``chosen`` titles."""
    started = time.perf_counter()
    columns = np.full(data.ratings.n_items, -1)
    columns[chosen] = np.arange(len(chosen))
    kept = columns[data.ratings.items] >= 0
    matrix = sp.csr_matrix(
        (
            np.ones(int(kept.sum()), dtype=np.float32),
            (data.ratings.users[kept], columns[data.ratings.items[kept]]),
        ),
        shape=(data.ratings.n_users, len(chosen)),
    )
    matrix.data[:] = 1.0
    gram = (matrix.T @ matrix).toarray().astype(np.float32)
    top_neighbours(fit_ease(gram, EaseSettings(regularization=300.0, dropout=0.0)), NEIGHBOURS)
    return time.perf_counter() - started


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ratings", type=int, default=100_000_000)
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--titles", type=int, default=1_000_000)
    parser.add_argument("--max-items", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=5)
    arguments = parser.parse_args()
    started = time.perf_counter()
    data = synthetic(arguments.ratings, arguments.users, arguments.titles, arguments.seed)
    made = time.perf_counter() - started
    rated = int((data.ratings.counts() >= 5).sum())
    print(
        f"{len(data.ratings.values):,} ratings by {arguments.users:,} users "
        f"of {arguments.titles:,} "
        f"titles ({rated:,} with 5+ raters), generated in {made:.1f} s, {peak_mib():,.0f} MiB"
    )
    chosen, rest = split_by_raters(data, arguments.max_items)
    floor = plain_ease(data, chosen)
    print(
        f"floor: plain EASE on the {len(chosen):,} most-rated: {floor:.1f} s, "
        f"peak {peak_mib():,.0f} MiB"
    )
    traits = synthetic_traits(arguments.titles, arguments.seed)
    ease = timed(lambda: ease_neighbours(data, chosen, ease=EaseSettings(), traits=traits))
    print(
        f"reeldb: EASE with ratings close in time counted more, by value, and "
        f"{TRAITS_A_TITLE} traits a title, same titles: {ease:.1f} s, "
        f"peak {peak_mib():,.0f} MiB; {ease / floor:.2f}x the floor"
    )
    tail = timed(lambda: tail_neighbours(data, chosen, rest))
    print(
        f"reeldb: cosine neighbours of the other {len(rest):,} titles with 5+ raters: "
        f"{tail:.1f} s, peak {peak_mib():,.0f} MiB"
    )
    print(f"reeldb in all: {ease + tail:.1f} s, peak {peak_mib():,.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
