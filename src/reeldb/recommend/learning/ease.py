"""EASE (Steck, 2019): the item-item weights that best rebuild each user's ratings from the others.

Closed form: B = I - P·diag(1/diag(P)) with P = (G + Λ)⁻¹, the diagonal of B
held at zero so no item explains itself. Λ = λ + p/(1-p)·diag(G) adds the
emphasis of a dropout rate p (EDLAE, Steck 2020), which regularises popular
items more. The inverse is dense in the number of items: ``services`` keeps
the most-rated ``REELDB_RECOMMEND_MAX_ITEMS`` (docs/recommendations.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class EaseSettings:
    """The model's knobs; the defaults won on MovieLens' validation splits.

    ``time_weight`` and ``rating_emphasis`` shape the Gram matrix
    (``matrix.time_kernel_gram``), ``trait_weight`` what titles' traits add to
    it (``matrix.add_trait_overlap``). ``bench/recommend_eval.py`` chooses them
    again from a grid, by validation over the splits it draws.
    """

    regularization: float = 200.0
    dropout: float = 0.5
    time_weight: float = 1.5
    rating_emphasis: float = 0.1
    trait_weight: float = 16.0


def fit_ease(gram: np.ndarray, settings: EaseSettings) -> np.ndarray:
    """Return EASE's item × item weights from a Gram matrix (which it overwrites)."""
    diagonal = np.diag_indices(gram.shape[0])
    emphasis = settings.dropout / (1.0 - settings.dropout)
    gram[diagonal] += settings.regularization + emphasis * gram[diagonal]
    weights = np.linalg.inv(gram)
    weights /= -np.diag(weights)
    weights[diagonal] = 0.0
    return weights
