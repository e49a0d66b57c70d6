"""The models as plain arrays: EASE, the time-weighted Gram matrix, neighbours, the protocol."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from reeldb.recommend.learning import (
    EaseSettings,
    Neighbours,
    Ratings,
    blend_neighbours,
    cosine_neighbours,
    fit_ease,
    time_kernel_gram,
    top_neighbours,
)
from reeldb.recommend.learning.evaluation import rank_metrics, split_by_user
from reeldb.recommend.learning.for_you import UserRatings, score_users
from reeldb.recommend.learning.matrix import add_trait_overlap, rating_weights
from reeldb.recommend.learning.neighbours import NO_ITEM, taste_scores, unit_rows

SHARED_ML100K = Path(__file__).resolve().parents[3] / "shared" / "data" / "ml-100k"


def _ratings(
    pairs: list[tuple[int, int, float]], n_users: int, n_items: int, *, value: int = 6
) -> Ratings:
    """Return ``(user, item, time)`` ratings, each of ``value``."""
    users, items, times = (np.array(column) for column in zip(*pairs, strict=True))
    values = np.full(len(users), value, dtype=np.int16)
    return Ratings(users, items, times.astype(float), values, n_users, n_items)


def test_ease_relates_items_rated_together_and_never_an_item_to_itself() -> None:
    # Items 0 and 1 are always rated together, 2 and 3 together.
    pairs = [(u, i, 0.0) for u in range(6) for i in ((0, 1) if u < 3 else (2, 3))]
    ratings = _ratings(pairs, 6, 4)
    weights = fit_ease(time_kernel_gram(ratings, np.arange(4), weight=0.0), EaseSettings(1.0, 0.0))
    assert np.all(np.diag(weights) == 0)
    assert top_neighbours(weights, 1).items[:, 0].tolist() == [1, 0, 3, 2]


def test_the_gram_matrix_counts_ratings_close_in_time_more() -> None:
    # One user rates 0 and 1 a minute apart, 2 a month later.
    ratings = _ratings([(0, 0, 0.0), (0, 1, 60.0), (0, 2, 3e6)], 1, 3)
    plain = time_kernel_gram(ratings, np.arange(3), weight=0.0)
    assert plain.tolist() == np.ones((3, 3)).tolist()
    weighted = time_kernel_gram(ratings, np.arange(3), weight=1.0)
    assert weighted[0, 1] == weighted[1, 0] == pytest.approx(1 + np.exp(-60 / 600))
    assert weighted[0, 2] == 1.0
    assert weighted[0, 0] == 2.0
    # A column of -1 leaves the item out.
    assert time_kernel_gram(ratings, np.array([0, -1, 1]), weight=1.0).shape == (2, 2)


def test_the_gram_matrix_weighs_each_rating_by_its_value() -> None:
    # User 0 rates items 0 and 1 10/10; user 1 rates items 0 and 2 2/10; a year apart.
    ratings = Ratings(
        users=np.array([0, 0, 1, 1]),
        items=np.array([0, 1, 0, 2]),
        times=np.array([0.0, 3e7, 0.0, 3e7]),
        values=np.array([10, 10, 2, 2], dtype=np.int16),
        n_users=2,
        n_items=3,
    )
    assert rating_weights(np.array([2, 6, 10]), 0.1) == pytest.approx([0.6, 1.0, 1.4])
    valued = time_kernel_gram(ratings, np.arange(3), weight=1.0, emphasis=0.1)
    assert valued[0, 1] == valued[1, 0] == pytest.approx(1.4 * 1.4)
    assert valued[0, 2] == pytest.approx(0.6 * 0.6)
    # Each rating still adds the time kernel's weight once at no distance from itself.
    assert valued[0, 0] == pytest.approx(1.4**2 + 0.6**2 + 2 * 1.0)
    plain = time_kernel_gram(ratings, np.arange(3), weight=0.0)
    assert plain[0, 1] == plain[0, 2] == 1.0


def test_traits_relate_titles_their_ratings_do_not() -> None:
    # Items 0 and 1 share a trait and no rater; user 3 rated 0 and 2, a year apart.
    ratings = _ratings([(0, 0, 0.0), (1, 1, 0.0), (2, 2, 0.0), (3, 0, 0.0), (3, 2, 3e7)], 4, 3)
    traits = unit_rows(sp.csr_matrix(np.array([[1, 0], [1, 0], [0, 1]], dtype=np.float32)))
    gram = time_kernel_gram(ratings, np.arange(3), weight=0.0)
    by_ratings = top_neighbours(fit_ease(gram.copy(), EaseSettings(1.0, 0.0)), 1)
    add_trait_overlap(gram, traits, 4.0)
    assert gram[0, 1] == gram[1, 0] == 4.0
    assert gram[0, 2] == 1.0
    assert gram[0, 0] == 2.0 + 4.0
    with_traits = top_neighbours(fit_ease(gram, EaseSettings(1.0, 0.0)), 1)
    assert by_ratings.of(0)[0][0] == 2
    assert with_traits.of(0)[0][0] == 1


def test_cosine_neighbours_rank_by_overlap_and_break_ties_by_index() -> None:
    vectors = sp.csr_matrix(np.array([[1, 1, 0], [1, 1, 0], [1, 0, 0], [0, 0, 1]], dtype=float))
    found = cosine_neighbours(vectors, 2)
    assert found.of(0) == [(1, pytest.approx(1.0)), (2, pytest.approx(1 / np.sqrt(2)))]
    assert found.of(3) == []


def test_a_blend_sinks_co_liked_titles_that_are_not_alike() -> None:
    rated = Neighbours(items=np.array([[1, 2]]), scores=np.array([[1.0, 0.9]], dtype=np.float32))
    alike = Neighbours(items=np.array([[2, 3]]), scores=np.array([[1.0, 0.5]], dtype=np.float32))
    blended = blend_neighbours(rated, alike, np.array([0.9]), 3, floor=0.5)
    assert blended.items[0].tolist() == [2, 1, 3]


def test_for_you_sums_what_the_ratings_say_of_the_titles_shown() -> None:
    rated = Neighbours(
        items=np.array([[1, 2], [NO_ITEM, NO_ITEM]]),
        scores=np.array([[0.4, 0.2], [0.0, 0.0]], dtype=np.float32),
    )
    shown = Neighbours(
        items=np.array([[2, 1, 3], [0, NO_ITEM, NO_ITEM]]),
        scores=np.array([[1.0, 0.8, 0.3], [0.7, 0.0, 0.0]], dtype=np.float32),
    )
    taste = taste_scores(shown, rated)
    # Scaled by the best from ratings; a title only the traits listed adds nothing.
    assert taste[0].tolist() == pytest.approx([0.5, 1.0, 0.0])
    # No list from ratings: the shown scores are all there is.
    assert taste[1].tolist() == pytest.approx([0.7, 0.0, 0.0])


def _clustered(seed: int) -> Ratings:
    """400 users in 8 taste groups over 240 items: most ratings fall in the user's group."""
    rng = np.random.default_rng(seed)
    pairs = []
    for user in range(400):
        group = user % 8
        own = rng.choice(np.arange(group * 30, group * 30 + 30), size=12, replace=False)
        other = rng.choice(240, size=4, replace=False)
        for when, item in enumerate(np.unique(np.concatenate([own, other]))):
            pairs.append((user, int(item), float(when * 30)))
    return _ratings(pairs, 400, 240)


def _ndcg_against_popularity(ratings: Ratings, seed: int) -> tuple[float, float]:
    split = split_by_user(ratings, seed=seed)
    seen = split.train.matrix()
    ease = EaseSettings()
    gram = time_kernel_gram(
        split.train,
        np.arange(ratings.n_items),
        weight=ease.time_weight,
        emphasis=ease.rating_emphasis,
    )
    scores = split.train.weighted(ease.rating_emphasis) @ fit_ease(gram, ease)
    ours = rank_metrics(scores, split.test, seen + split.valid)["ndcg"]
    counts = np.tile(split.train.counts().astype(float), (ratings.n_users, 1))
    popular = rank_metrics(counts, split.test, seen + split.valid)["ndcg"]
    return ours, popular


def test_the_model_beats_true_popularity_by_a_clear_margin() -> None:
    ours, popular = _ndcg_against_popularity(_clustered(seed=3), seed=0)
    assert ours > 2 * popular


@pytest.mark.skipif(not SHARED_ML100K.exists(), reason="../shared/data/ml-100k is absent")
def test_the_model_beats_true_popularity_on_movielens() -> None:
    raw = np.loadtxt(next(SHARED_ML100K.glob("*.inter")), skiprows=1, usecols=(0, 1, 2, 3))
    raw = raw[raw[:, 0] <= 300]
    _users, users = np.unique(raw[:, 0], return_inverse=True)
    _items, items = np.unique(raw[:, 1], return_inverse=True)
    values = (raw[:, 2] * 2).astype(np.int16)
    ratings = Ratings(users, items, raw[:, 3], values, len(_users), len(_items))
    ours, popular = _ndcg_against_popularity(ratings, seed=0)
    assert ours > 1.5 * popular


def test_the_split_keeps_a_tenth_for_validation_and_a_tenth_for_test() -> None:
    ratings = _ratings([(0, item, float(item)) for item in range(20)], 1, 20)
    split = split_by_user(ratings, seed=1)
    assert (len(split.train.users), split.valid.nnz, split.test.nnz) == (16, 2, 2)
    assert (
        split_by_user(ratings, seed=1).test.nonzero()[1].tolist()
        == split.test.nonzero()[1].tolist()
    )


def test_rank_metrics_match_hand_computed_values() -> None:
    scores = np.array([[3.0, 2.0, 1.0, 0.0]])
    target = sp.csr_matrix(np.array([[0, 1, 0, 1]]))
    seen = sp.csr_matrix(np.array([[1, 0, 0, 0]]))
    metrics = rank_metrics(scores, target, seen, k=2)
    # Ranked: 1 (hit), 2 (miss); item 0 is seen.
    assert metrics["recall"] == 0.5
    assert metrics["mrr"] == 1.0
    assert metrics["ndcg"] == pytest.approx(1 / (1 + 1 / np.log2(3)))
    assert metrics["precision"] == 0.5


def test_for_you_in_bulk_sums_the_latest_ratings_neighbours_times_their_values() -> None:
    # Items 0-2 rated; 3, 4, 5 are neighbours. User 0 rated 0 (9/10, latest) and 1 (2/10);
    # user 1 rated only item 2, fewer ratings than asked for, so gets no list.
    neighbours = Neighbours.empty(6, 3)
    for item, pairs in {0: [(3, 0.5), (1, 0.4)], 1: [(4, 0.9), (3, 0.1)], 2: [(5, 1.0)]}.items():
        for rank, (other, score) in enumerate(pairs):
            neighbours.items[item, rank], neighbours.scores[item, rank] = other, score
    ratings = UserRatings(
        users=np.array([0, 0, 1]),
        items=np.array([1, 0, 2]),
        values=np.array([2, 9, 8]),
        times=np.array([10.0, 20.0, 30.0]),
    )

    picks = list(score_users(ratings, neighbours, min_ratings=2, profile=500, keep=5))

    assert [found.user for found in picks] == [0]
    (found,) = picks
    # 3: 0.5 x 0.9 + 0.1 x 0.2 = 0.47 (mostly from item 0); 4: 0.9 x 0.2 = 0.18; 1 was rated.
    assert found.items.tolist() == [3, 4]
    assert found.scores.tolist() == pytest.approx([0.47, 0.18])
    assert found.because.tolist() == [0, 1]
    assert found.because_scores.tolist() == pytest.approx([0.45, 0.18])
    # Only the latest rating in the profile: item 1's neighbours no longer count.
    (latest,) = score_users(ratings, neighbours, min_ratings=2, profile=1, keep=5)
    assert latest.items.tolist() == [3]
    assert latest.scores.tolist() == pytest.approx([0.45])
