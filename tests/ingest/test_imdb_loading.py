"""Pieces of the bulk loader that hold memory: they must give back what they copy."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from reeldb.ingest.imdb_datasets.loading import _joined

PIECES = st.lists(st.lists(st.integers(-(2**63), 2**63 - 1), max_size=20), max_size=8)


@given(PIECES)
def test_joining_pieces_keeps_every_key_in_order_and_lets_go_of_the_pieces(
    values: list[list[int]],
) -> None:
    pieces = [np.array(piece, dtype=np.int64) for piece in values]
    expected = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)

    joined = _joined(pieces)

    assert joined.dtype == np.int64
    assert joined.tolist() == expected.tolist()
    assert pieces == []
