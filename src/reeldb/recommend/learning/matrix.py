"""Ratings as arrays, and the item-item Gram matrix with ratings made close in time counted more."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

# Ratings a person gives within a few minutes of each other are given from the
# same page or the same sitting; pairs of them say more about how two titles
# relate than pairs months apart. Weighted by exp(-seconds / TIME_SCALE) and
# taken up to NEAREST_IN_TIME ratings either side, they add to the plain
# co-rating counts (docs/recommendations.md: +3-4% NDCG@10 on MovieLens).
TIME_SCALE = 600.0
NEAREST_IN_TIME = 50
# Pairs further apart than this add less than exp(-8) and are not counted.
TIME_WINDOW = 8 * TIME_SCALE
# The value (on reeldb's 1-10 scale; three MovieLens stars are 6) a rating counts
# once at; ``rating_weights`` counts those above it more and those below it less.
NEUTRAL_VALUE = 6
TRAIT_BLOCK = 1024


@dataclass(frozen=True)
class Ratings:
    """One rating a row: user and item as 0-based indexes, its time in seconds, its value (1-10).

    A user rates an item once.
    """

    users: np.ndarray
    items: np.ndarray
    times: np.ndarray
    values: np.ndarray
    n_users: int
    n_items: int

    def matrix(self) -> sp.csr_matrix:
        """Return the users × items 0/1 matrix: every rating is a positive."""
        ones = np.ones(len(self.users), dtype=np.float32)
        matrix = sp.csr_matrix(
            (ones, (self.users, self.items)), shape=(self.n_users, self.n_items), dtype=np.float32
        )
        matrix.sum_duplicates()
        matrix.data[:] = 1.0
        return matrix

    def weighted(self, emphasis: float) -> sp.csr_matrix:
        """Return the users × items matrix of each rating's weight (``rating_weights``)."""
        return sp.csr_matrix(
            (rating_weights(self.values, emphasis), (self.users, self.items)),
            shape=(self.n_users, self.n_items),
            dtype=np.float32,
        )

    def counts(self) -> np.ndarray:
        """Return each item's number of distinct raters."""
        return np.asarray(self.matrix().sum(axis=0)).ravel().astype(np.int64)


def rating_weights(values: np.ndarray, emphasis: float) -> np.ndarray:
    """Return each rating's weight: 1 at ``NEUTRAL_VALUE``, ``emphasis`` more a point above.

    Every rating says its title was watched; a 9/10 says more about what its
    rater likes than a 3/10 (docs/recommendations.md: +1.4% NDCG@10 on
    MovieLens at 0.1, where a 10/10 weighs 1.4 and a 2/10 0.6). An emphasis
    under 0.2 keeps every weight positive.
    """
    return 1.0 + np.float32(emphasis) * (values.astype(np.float32) - NEUTRAL_VALUE)


def time_kernel_gram(
    ratings: Ratings,
    columns: np.ndarray,
    *,
    weight: float,
    emphasis: float = 0.0,
    time_scale: float = TIME_SCALE,
    nearest: int = NEAREST_IN_TIME,
) -> np.ndarray:
    """Return the dense Gram matrix of the items ``columns`` with nearby ratings counted more.

    ``columns`` maps an item index to its column (-1: left out). The result is
    XᵀX over those columns, X holding each rating's weight by its value
    (``rating_weights`` with ``emphasis``; 0 gives plain co-rating counts),
    plus ``weight`` × Σ exp(-|Δt| / time_scale) over each user's pairs of
    ratings at most ``nearest`` apart in time order, whatever their values:
    memory is the dense matrix plus one pass of arrays the size of the ratings.
    """
    size = int(columns.max()) + 1 if len(columns) else 0
    kept = columns[ratings.items] >= 0
    users = ratings.users[kept]
    cols = columns[ratings.items[kept]]
    times = ratings.times[kept].astype(np.float64)
    valued = sp.csr_matrix(
        (rating_weights(ratings.values[kept], emphasis), (users, cols)),
        shape=(ratings.n_users, size),
    )
    gram: np.ndarray = (valued.T @ valued).toarray().astype(np.float32)
    if weight <= 0 or not len(users):
        return gram
    order = np.lexsort((times, users))
    users, cols, times = users[order], cols[order], times[order]
    del order
    # Pairs are counted straight into a dense size × size table (float64, as
    # bincount gives it): memory stays one table and one offset's pairs, however
    # many ratings there are.
    near = np.zeros(size * size, dtype=np.float64)
    for offset in range(1, nearest + 1):
        gap = times[offset:] - times[:-offset]
        pair = (users[offset:] == users[:-offset]) & (gap <= TIME_WINDOW)
        if not pair.any():
            break
        flat = cols[:-offset][pair] * size + cols[offset:][pair]
        near += np.bincount(flat, weights=np.exp(-gap[pair] / time_scale), minlength=size * size)
    square = near.reshape(size, size)
    gram += weight * (square + square.T).astype(np.float32)
    # A rating is at no distance from itself: each adds weight.
    gram[np.diag_indices(size)] += weight * np.bincount(cols, minlength=size)
    return gram


def add_trait_overlap(gram: np.ndarray, traits: sp.csr_matrix, weight: float) -> None:
    """Add ``weight`` × the cosine of every two items' traits to ``gram``, in place.

    ``traits`` holds one unit-length row per column of ``gram`` (an empty row
    for an item with none). Each trait acts as a rater of the titles that have
    it (collective EASE, Jeunen, Van Balen and Goethals, 2020): two titles by the
    same director count as ``weight`` more co-ratings, which moves titles few
    have rated and leaves those many have rated as their ratings say. Added a
    block of ``TRAIT_BLOCK`` rows at a time: a trait many titles share makes
    the overlap dense, and a block bounds its memory.
    """
    by_trait = sp.csr_matrix(traits.T)
    for start in range(0, traits.shape[0], TRAIT_BLOCK):
        block = traits[start : start + TRAIT_BLOCK] @ by_trait
        gram[start : start + block.shape[0]] += weight * block.toarray()
