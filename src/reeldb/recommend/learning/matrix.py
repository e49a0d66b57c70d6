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


@dataclass(frozen=True)
class Ratings:
    """One rating a row: user and item as 0-based indexes, its time in seconds."""

    users: np.ndarray
    items: np.ndarray
    times: np.ndarray
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

    def counts(self) -> np.ndarray:
        """Return each item's number of distinct raters."""
        return np.asarray(self.matrix().sum(axis=0)).ravel().astype(np.int64)


def time_kernel_gram(
    ratings: Ratings,
    columns: np.ndarray,
    *,
    weight: float,
    time_scale: float = TIME_SCALE,
    nearest: int = NEAREST_IN_TIME,
) -> np.ndarray:
    """Return the dense Gram matrix of the items ``columns`` with nearby ratings counted more.

    ``columns`` maps an item index to its column (-1: left out). The result is
    XᵀX over those columns plus ``weight`` × Σ exp(-|Δt| / time_scale) over each
    user's pairs of ratings at most ``nearest`` apart in time order: memory is
    the dense matrix plus one pass of arrays the size of the ratings.
    """
    size = int(columns.max()) + 1 if len(columns) else 0
    kept = columns[ratings.items] >= 0
    users = ratings.users[kept]
    cols = columns[ratings.items[kept]]
    times = ratings.times[kept].astype(np.float64)
    plain = sp.csr_matrix(
        (np.ones(len(users), dtype=np.float32), (users, cols)),
        shape=(ratings.n_users, size),
    )
    plain.sum_duplicates()
    plain.data[:] = 1.0
    gram: np.ndarray = (plain.T @ plain).toarray().astype(np.float32)
    counts = np.diag(gram).copy()
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
    # A rating is at no distance from itself: each counts 1 + weight.
    gram[np.diag_indices(size)] += weight * counts
    return gram
