"""The vector index: an exact inner-product index (faiss ``IndexFlatIP``) over the stored vectors.

Each process builds it in memory from ``search_plot_embedding`` on its first
search by meaning and builds it again when the stored vectors have changed:
every write adds one to ``search_plot_embedding_generation``, which each
search reads (one row). Nothing is saved beside the database, so SQLite and
PostgreSQL serve alike and no file can disagree with the rows.

Why exact: at 100,000 vectors a flat scan answers in a few milliseconds on
one thread, with every true neighbour, and builds in the time it takes to
read the rows; HNSW answers faster but takes tens of seconds to build and
misses some neighbours (docs/search.md, "Search by meaning", measured).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from reeldb.search.meaning.embedding import DIMENSIONS, Vectors
from reeldb.search.models import PlotEmbedding, PlotEmbeddingGeneration

# Rows per query while the index is built from the database.
READ_CHUNK = 2_000

_building = threading.Lock()
_current: VectorIndex | None = None


@dataclass(frozen=True, slots=True)
class Neighbour:
    """One stored text near the query: which text, of which title, and its cosine similarity."""

    title_id: int
    text_kind: str
    text_id: int
    score: float


@cache
def _faiss() -> Any:
    """Import faiss once, on one thread: searches run beside a web server's own threads."""
    import faiss  # noqa: PLC0415 - part of the optional extra

    faiss.omp_set_num_threads(1)
    return faiss


def build_flat_index(vectors: Vectors) -> Any:
    """Return a faiss exact inner-product index holding ``vectors`` (unit length: cosine)."""
    index = _faiss().IndexFlatIP(DIMENSIONS)
    if len(vectors):
        index.add(vectors)
    return index


@dataclass(frozen=True)
class VectorIndex:
    """The stored vectors in a faiss index, with what each position stands for."""

    generation: int
    index: Any
    title_ids: npt.NDArray[np.int64]
    text_kinds: list[str]
    text_ids: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.text_kinds)

    def nearest(self, query: Vectors, k: int) -> list[Neighbour]:
        """Return the ``k`` stored texts most like the one query vector, best first."""
        if not len(self) or k <= 0:
            return []
        scores, positions = self.index.search(query.reshape(1, DIMENSIONS), min(k, len(self)))
        return [
            Neighbour(
                int(self.title_ids[position]),
                self.text_kinds[position],
                int(self.text_ids[position]),
                float(score),
            )
            for score, position in zip(scores[0], positions[0], strict=True)
            if position >= 0
        ]


def stored_generation() -> int:
    """Return how many times the stored vectors have changed (one query of one row)."""
    found = PlotEmbeddingGeneration.objects.filter(pk=1).values_list("generation", flat=True)
    return found.first() or 0


def load_index(generation: int) -> VectorIndex:
    """Read every stored vector, in id order, into a new index labelled ``generation``.

    Read in the caller's view of the database: vectors written after
    ``generation`` was read raise the generation again, so the next search
    reads them.
    """
    count = PlotEmbedding.objects.count()
    vectors = np.empty((count, DIMENSIONS), dtype=np.float32)
    title_ids = np.empty(count, dtype=np.int64)
    text_ids = np.empty(count, dtype=np.int64)
    text_kinds: list[str] = []
    rows = (
        PlotEmbedding.objects.order_by("id")
        .values_list("title_id", "text_kind", "text_id", "vector")
        .iterator(chunk_size=READ_CHUNK)
    )
    for position, (title_id, text_kind, text_id, vector) in enumerate(rows):
        if position == count:
            break  # rows written since the count: they changed the generation too
        vectors[position] = np.frombuffer(vector, dtype="<f4")
        title_ids[position] = title_id
        text_ids[position] = text_id
        text_kinds.append(text_kind)
    size = len(text_kinds)
    return VectorIndex(
        generation,
        build_flat_index(vectors[:size]),
        title_ids[:size],
        text_kinds,
        text_ids[:size],
    )


def current_index() -> VectorIndex:
    """Return this process's index, built again first if the stored vectors have changed."""
    global _current  # noqa: PLW0603 - one index per process, shared by its threads
    generation = stored_generation()
    with _building:
        if _current is None or _current.generation != generation:
            _current = load_index(generation)
        return _current
