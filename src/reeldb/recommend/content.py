"""Titles as sparse vectors of what they are made of, for the content side of related titles.

Each trait is one column, weighted by how much it says (a shared director more
than a shared genre) and by how rare it is (idf), so cosine similarity finds
titles that share the uncommon things: a director, a series, a keyword. Traits
shared by more than ``MAX_SHARED_BY`` titles are left out.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import scipy.sparse as sp

from reeldb.catalog.selectors import TitleTraits
from reeldb.recommend.learning.neighbours import idf_weighted

SERIES_WEIGHT = 4.0
DIRECTOR_WEIGHT = 3.0
WRITER_WEIGHT = 1.5
LEAD_WEIGHT = 2.0
KEYWORD_WEIGHT = 1.0
GENRE_WEIGHT = 0.5
# A trait more titles share than this (a genre, in a large catalogue) is left out: it
# says little, and comparing every pair of titles that share it would cost titles².
MAX_SHARED_BY = 2_000


def _features(traits: TitleTraits) -> Iterator[tuple[str, float]]:
    for series_id in traits.series:
        yield f"s{series_id}", SERIES_WEIGHT
    for person_id in traits.directors:
        yield f"d{person_id}", DIRECTOR_WEIGHT
    for person_id in traits.writers:
        yield f"w{person_id}", WRITER_WEIGHT
    for person_id, (_name, billing) in traits.cast.items():
        # The lead counts LEAD_WEIGHT, the tenth billed a quarter of it.
        yield f"c{person_id}", LEAD_WEIGHT / (1 + max(billing - 1, 0) / 3)
    for keyword in traits.keywords:
        yield f"k{keyword}", KEYWORD_WEIGHT
    for genre in traits.genres:
        yield f"g{genre.casefold()}", GENRE_WEIGHT


def trait_vectors(title_ids: Sequence[int], traits: dict[int, TitleTraits]) -> sp.csr_matrix:
    """Return one row per title of ``title_ids``: its traits' weights times their idf."""
    columns: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    weights: list[float] = []
    for row, title_id in enumerate(title_ids):
        found = traits.get(title_id)
        if found is None:
            continue
        for name, weight in dict(_features(found)).items():
            rows.append(row)
            cols.append(columns.setdefault(name, len(columns)))
            weights.append(weight)
    shape = (len(title_ids), len(columns))
    matrix = sp.csr_matrix(
        (np.asarray(weights, dtype=np.float32), (rows, cols)), shape=shape, dtype=np.float32
    )
    return idf_weighted(matrix, max_shared_by=MAX_SHARED_BY)
