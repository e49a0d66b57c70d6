"""Each item's best other items: from dense weights, from sparse vectors, or two lists blended."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

NO_ITEM = -1
BLOCK_ROWS = 1024
# A title with this many raters takes half its related titles' score from
# ratings and half from its traits; more raters, more from ratings.
HALF_SHARE_RATERS = 20
# A co-liked title keeps this share of its score, the rest as far as it is also alike.
ALIKE_FLOOR = 0.5


@dataclass(frozen=True)
class Neighbours:
    """``items[i]`` are item i's neighbours, best first, ``NO_ITEM`` where it has fewer."""

    items: np.ndarray
    scores: np.ndarray

    @classmethod
    def empty(cls, n_items: int, k: int) -> Neighbours:
        return cls(
            items=np.full((n_items, k), NO_ITEM, dtype=np.int64),
            scores=np.zeros((n_items, k), dtype=np.float32),
        )

    def of(self, item: int) -> list[tuple[int, float]]:
        """Return item's neighbours as ``(item, score)``, best first."""
        row = self.items[item]
        kept = row != NO_ITEM
        return list(zip(row[kept].tolist(), self.scores[item][kept].tolist(), strict=True))


def _best(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the columns and values of each row's ``k`` highest positive scores, best first.

    A partial partition finds each row's ``k`` best (sorting whole rows was
    most of the time at a million titles), then those are sorted, ties by
    the lower column. The same data gives the same lists.
    """
    k = min(k, scores.shape[1])
    if k < scores.shape[1]:
        candidates = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    else:
        candidates = np.broadcast_to(np.arange(scores.shape[1]), scores.shape)
    best = np.take_along_axis(scores, candidates, axis=1)
    order = np.lexsort((candidates, -best))
    columns = np.take_along_axis(candidates, order, axis=1)
    values = np.take_along_axis(scores, columns, axis=1)
    columns = np.where(values > 0, columns, NO_ITEM)
    return columns, np.where(values > 0, values, 0).astype(np.float32)


def top_neighbours_of_rows(scores: np.ndarray, k: int) -> Neighbours:
    """Return each row's ``k`` largest positive scores (rows and columns need not be one set)."""
    columns, values = _best(scores, k)
    result = Neighbours.empty(scores.shape[0], k)
    result.items[:, : columns.shape[1]] = columns
    result.scores[:, : columns.shape[1]] = values
    return result


def top_neighbours(weights: np.ndarray, k: int) -> Neighbours:
    """Return each row's ``k`` largest positive weights; an item is never its own neighbour."""
    result = Neighbours.empty(weights.shape[0], k)
    for start in range(0, weights.shape[0], BLOCK_ROWS):
        block = np.array(weights[start : start + BLOCK_ROWS], dtype=np.float32)
        block[np.arange(len(block)), np.arange(start, start + len(block))] = 0.0
        columns, values = _best(block, k)
        width = columns.shape[1]
        result.items[start : start + len(block), :width] = columns
        result.scores[start : start + len(block), :width] = values
    return result


def unit_rows(vectors: sp.spmatrix) -> sp.csr_matrix:
    """Return ``vectors`` (sparse, a row an item) scaled to unit length; empty rows stay empty."""
    vectors = sp.csr_matrix(vectors, dtype=np.float32)
    norms = np.sqrt(np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ vectors)


def cosine_neighbours(vectors: sp.csr_matrix, k: int) -> Neighbours:
    """Return each row's ``k`` most cosine-similar other rows of a sparse items × features matrix.

    Rows are compared a block at a time through sparse products, so memory
    follows the overlaps, never items².
    """
    unit = unit_rows(vectors)
    transposed = unit.T.tocsc()
    result = Neighbours.empty(vectors.shape[0], k)
    for start in range(0, vectors.shape[0], BLOCK_ROWS):
        products = sp.csr_matrix(unit[start : start + BLOCK_ROWS] @ transposed)
        for offset in range(products.shape[0]):
            row = start + offset
            begin, end = products.indptr[offset], products.indptr[offset + 1]
            columns, values = products.indices[begin:end], products.data[begin:end]
            keep = columns != row
            columns, values = columns[keep], values[keep]
            if not len(columns):
                continue
            order = np.lexsort((columns, -values))[:k]
            result.items[row, : len(order)] = columns[order]
            result.scores[row, : len(order)] = values[order]
    return result


def blend_neighbours(
    rated: Neighbours, alike: Neighbours, share: np.ndarray, k: int, *, floor: float
) -> Neighbours:
    """Return the two lists mixed per item: ``share[i]`` from ``rated``, the rest from ``alike``.

    Each list's scores are scaled by its item's best first, so the two are on
    one scale whatever their models. A title from ``rated`` keeps ``floor`` of
    its score, and the rest as far as it is also alike: co-liked titles that
    share nothing else (a crime drama beside an animated family film, both
    liked by many) sink below the ones that are liked and alike.
    """
    result = Neighbours.empty(len(share), k)
    for item in range(len(share)):
        alike_scores = _scaled(alike.of(item))
        mixed = {other: (1.0 - share[item]) * score for other, score in alike_scores.items()}
        for other, score in _scaled(rated.of(item)).items():
            likeness = floor + (1.0 - floor) * alike_scores.get(other, 0.0)
            mixed[other] = mixed.get(other, 0.0) + share[item] * score * likeness
        ranked = sorted(mixed.items(), key=lambda pair: (-pair[1], pair[0]))[:k]
        for position, (other, score) in enumerate(ranked):
            result.items[item, position] = other
            result.scores[item, position] = score
    return result


def _scaled(pairs: list[tuple[int, float]]) -> dict[int, float]:
    """Return ``{item: score / best score}``."""
    if not pairs:
        return {}
    best = pairs[0][1] or 1.0
    return {other: score / best for other, score in pairs}


def idf_weighted(vectors: sp.csr_matrix, *, max_shared_by: int) -> sp.csr_matrix:
    """Return ``vectors`` (a row an item) with each column times its idf, log(1 + items / df).

    A column more than ``max_shared_by`` items have is dropped (weight 0).
    """
    frequency = np.asarray((vectors != 0).sum(axis=0)).ravel()
    items = max(vectors.shape[0], 1)
    idf = np.where(
        frequency <= max_shared_by, np.log1p(items / np.maximum(frequency, 1)), 0.0
    ).astype(np.float32)
    weighted = sp.csr_matrix(vectors @ sp.diags(idf), dtype=np.float32)
    weighted.eliminate_zeros()
    return weighted


def blend_by_raters(rated: Neighbours, alike: Neighbours, raters: np.ndarray, k: int) -> Neighbours:
    """Return each item's related titles as training stores them (``blend_neighbours``).

    An item with a list from ratings takes raters / (raters + ``HALF_SHARE_RATERS``)
    of its list from it, the rest from ``alike``; one without, all from ``alike``.
    """
    has_list = rated.items[:, 0] != NO_ITEM
    share = np.where(has_list, raters / (raters + HALF_SHARE_RATERS), 0.0)
    return blend_neighbours(rated, alike, share, k, floor=ALIKE_FLOOR)


def taste_scores(shown: Neighbours, rated: Neighbours) -> np.ndarray:
    """Return what each of ``shown``'s neighbours adds to "For you": its score in ``rated``.

    Scaled by the item's best in ``rated``, as the blend scales it; a neighbour
    ``rated`` does not list adds nothing, and an item with no list from ratings
    keeps ``shown``'s scores. The blend ranks titles alike first, which is
    what "More like this" is for; what people go on to watch is what the
    ratings' lists say, and summed for "For you" the blend's scores did worse
    (docs/recommendations.md, "Measured").
    """
    taste = shown.scores.copy()
    for item in range(len(shown.items)):
        from_ratings = _scaled(rated.of(item))
        if not from_ratings:
            continue
        taste[item] = [from_ratings.get(int(other), 0.0) for other in shown.items[item]]
    return taste
