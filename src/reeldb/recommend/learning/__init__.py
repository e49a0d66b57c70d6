"""The models behind recommendations, as plain numpy and scipy: no database, no Django.

``services.train`` feeds them arrays read from the catalogue and the community;
``bench/recommend_eval.py`` feeds them MovieLens splits. Both get the same code.
"""

from reeldb.recommend.learning.ease import EaseSettings, fit_ease
from reeldb.recommend.learning.matrix import Ratings, time_kernel_gram
from reeldb.recommend.learning.neighbours import (
    Neighbours,
    blend_neighbours,
    cosine_neighbours,
    top_neighbours,
)

__all__ = [
    "EaseSettings",
    "Neighbours",
    "Ratings",
    "blend_neighbours",
    "cosine_neighbours",
    "fit_ease",
    "time_kernel_gram",
    "top_neighbours",
]
