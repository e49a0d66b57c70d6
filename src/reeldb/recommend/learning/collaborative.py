"""Related titles from ratings alone: EASE over the most-rated titles, cosine for the rest."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from reeldb.recommend.learning.ease import EaseSettings, fit_ease
from reeldb.recommend.learning.matrix import Ratings, add_trait_overlap, time_kernel_gram
from reeldb.recommend.learning.neighbours import (
    BLOCK_ROWS,
    NO_ITEM,
    Neighbours,
    top_neighbours,
    top_neighbours_of_rows,
    unit_rows,
)

NEIGHBOURS = 50
# A title needs this many raters before its ratings relate it to others.
MIN_RATERS = 5


@dataclass(frozen=True)
class RatingData:
    """Every rating as arrays; users and items are indexes into ``user_ids`` and ``title_ids``."""

    ratings: Ratings
    user_ids: np.ndarray
    title_ids: np.ndarray


def collaborative_neighbours(
    data: RatingData,
    chosen: np.ndarray,
    rest: np.ndarray,
    *,
    ease: EaseSettings,
    traits: sp.csr_matrix,
    k: int = NEIGHBOURS,
) -> Neighbours:
    """Return related titles from ratings, as indexes into ``data.title_ids``.

    The ``chosen`` titles (``split_by_raters``) get EASE's (``ease_neighbours``,
    helped by ``traits``, a unit-length row per rated title); the ``rest`` get
    the most cosine-similar chosen ones (``tail_neighbours``).
    """
    result = Neighbours.empty(data.ratings.n_items, k)
    for items, found in (
        (chosen, ease_neighbours(data, chosen, ease=ease, traits=traits, k=k)),
        (rest, tail_neighbours(data, chosen, rest, k=k)),
    ):
        result.items[items] = found.items
        result.scores[items] = found.scores
    return result


def split_by_raters(data: RatingData, max_items: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the ``max_items`` most-rated titles with ``MIN_RATERS``, and the others with as many.

    Most raters first, ties by title id: the same data picks the same titles.
    """
    counts = data.ratings.counts()
    eligible = np.flatnonzero(counts >= MIN_RATERS)
    eligible = eligible[np.lexsort((data.title_ids[eligible], -counts[eligible]))]
    return eligible[:max_items], eligible[max_items:]


def _mapped(found: Neighbours, items: np.ndarray) -> Neighbours:
    """Return ``found`` with its column indexes turned into ``items``' item indexes."""
    safe = np.maximum(found.items, 0)
    mapped = np.where(found.items == NO_ITEM, NO_ITEM, items[safe] if len(items) else NO_ITEM)
    return Neighbours(items=mapped, scores=found.scores)


def ease_neighbours(
    data: RatingData,
    chosen: np.ndarray,
    *,
    ease: EaseSettings,
    traits: sp.csr_matrix,
    k: int = NEIGHBOURS,
) -> Neighbours:
    """Return the ``chosen`` titles' best neighbours among themselves by EASE's weights.

    ``traits`` (a unit-length row per item of ``data``) add their overlap to
    the Gram matrix at ``ease.trait_weight``.
    """
    if not len(chosen):
        return Neighbours.empty(0, k)
    columns = np.full(data.ratings.n_items, -1, dtype=np.int64)
    columns[chosen] = np.arange(len(chosen))
    gram = time_kernel_gram(
        data.ratings, columns, weight=ease.time_weight, emphasis=ease.rating_emphasis
    )
    add_trait_overlap(gram, sp.csr_matrix(traits[chosen]), ease.trait_weight)
    return _mapped(top_neighbours(fit_ease(gram, ease), k), chosen)


def tail_neighbours(
    data: RatingData, chosen: np.ndarray, rest: np.ndarray, *, k: int = NEIGHBOURS
) -> Neighbours:
    """Return each of ``rest``'s most cosine-similar ``chosen`` titles, by their raters.

    Only the chosen titles are candidates: a block of the rest against them is
    a product of at most ``BLOCK_ROWS`` × ``len(chosen)``, whatever the catalogue's size.
    """
    if not len(rest) or not len(chosen):
        return Neighbours.empty(len(rest), k)
    by_title = unit_rows(data.ratings.matrix().T)
    candidates_t = sp.csr_matrix(by_title[chosen].T)
    result = Neighbours.empty(len(rest), k)
    for start in range(0, len(rest), BLOCK_ROWS):
        block = rest[start : start + BLOCK_ROWS]
        rows = by_title[block]
        products = np.asarray((rows @ candidates_t).todense(), dtype=np.float32)
        found = top_neighbours_of_rows(products, k)
        result.items[start : start + len(block)] = found.items
        result.scores[start : start + len(block)] = found.scores
    return _mapped(result, chosen)
