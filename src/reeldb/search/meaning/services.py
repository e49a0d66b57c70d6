"""Writes to the plot embeddings: embedded in bulk after imports, marked stale on single edits.

``embed_plot_texts`` makes the stored vectors match the catalogue's texts:
it reads every text through the catalogue's selectors, hashes it, and embeds
only the texts that are new or changed since the last run; vectors of texts
that are gone are deleted. An import with no plots (IMDb's datasets have
none) therefore costs one read of the texts and never loads the model.

Single edits never load the model: a web request that saves a plot would
wait 7-9 s for it. A saved text's vector is marked stale and keeps serving
until the next run embeds the new text; a deleted text's vector is deleted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

from django.db import transaction
from django.db.models import F, QuerySet

from reeldb.catalog.selectors import (
    REVIEW_KIND,
    PlotText,
    count_plot_texts,
    iter_plot_texts,
)
from reeldb.search.meaning.embedding import embed
from reeldb.search.models import PlotEmbedding, PlotEmbeddingGeneration

# Texts embedded and written per transaction: a run stopped part-way keeps
# what it wrote, and the next run resumes from there.
WRITE_BATCH = 256


ItemT = TypeVar("ItemT")


def batched(items: Iterable[ItemT], size: int) -> Iterator[list[ItemT]]:
    """Yield lists of ``size`` items (the last may be shorter): ``itertools.batched`` is 3.12's."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@dataclass(frozen=True)
class EmbeddingReport:
    """What one run did: texts read, embedded (new or changed), unchanged, and vectors deleted."""

    texts: int
    embedded: int
    unchanged: int
    deleted: int


def text_hash(text: str) -> str:
    """Return the hash a stored vector keeps of its text: unchanged texts are not embedded again."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _count_change() -> None:
    """Add one to the stored vectors' generation: every process's index is now out of date.

    Call it in the transaction that changes the vectors, so that both commit together.
    """
    if not PlotEmbeddingGeneration.objects.filter(pk=1).update(generation=F("generation") + 1):
        PlotEmbeddingGeneration.objects.update_or_create(pk=1, defaults={"generation": 1})


def _write(texts: list[PlotText], replaced: list[int]) -> None:
    """Store the vectors of ``texts`` in place of the rows ``replaced``, in one transaction."""
    vectors = embed([text.text for text in texts])
    with transaction.atomic():
        _count_change()
        PlotEmbedding.objects.filter(id__in=replaced).delete()
        PlotEmbedding.objects.bulk_create(
            PlotEmbedding(
                title_id=text.title_id,
                text_kind=text.kind,
                text_id=text.row_id,
                text_hash=text_hash(text.text),
                vector=vector.astype("<f4").tobytes(),
            )
            for text, vector in zip(texts, vectors, strict=True)
        )


def embed_plot_texts(*, on_progress: Callable[[int, int], None] | None = None) -> EmbeddingReport:
    """Embed every plot and review that is new or changed; delete the vectors of texts gone.

    ``on_progress(done, total)`` hears how many texts of ``total`` have been
    read; the model is loaded only if some text needs embedding.
    """
    # (kind, row id) -> (id of the vector's row, hash of the text it was made from, stale)
    stored = {
        (kind, text_id): (pk, digest, is_stale)
        for pk, kind, text_id, digest, is_stale in PlotEmbedding.objects.values_list(
            "id", "text_kind", "text_id", "text_hash", "is_stale"
        ).iterator(chunk_size=10_000)
    }
    total = count_plot_texts()
    done = unchanged = embedded = 0
    # Texts saved, then saved back as they were embedded: their vectors are right.
    restored: list[int] = []

    def pending() -> Iterator[tuple[PlotText, int | None]]:
        nonlocal done, unchanged
        for text in iter_plot_texts():
            done += 1
            row_id, digest, is_stale = stored.pop((text.kind, text.row_id), (None, None, False))
            if digest != text_hash(text.text):
                yield text, row_id
            else:
                unchanged += 1
                if is_stale and row_id is not None:
                    restored.append(row_id)
            if on_progress is not None and done % WRITE_BATCH == 0:
                on_progress(min(done, total), total)

    for batch in batched(pending(), WRITE_BATCH):
        _write([text for text, _ in batch], [row_id for _, row_id in batch if row_id])
        embedded += len(batch)
    gone = [row_id for row_id, _, _ in stored.values()]
    for chunk in batched(gone, 1_000):
        with transaction.atomic():
            _count_change()
            PlotEmbedding.objects.filter(id__in=chunk).delete()
    for chunk in batched(restored, 1_000):
        PlotEmbedding.objects.filter(id__in=chunk).update(is_stale=False)
    if on_progress is not None:
        on_progress(total, total)
    return EmbeddingReport(texts=done, embedded=embedded, unchanged=unchanged, deleted=len(gone))


def _vectors_of(text: PlotText) -> QuerySet[PlotEmbedding]:
    """Return the stored vector of the row ``text`` comes from, whatever kind it had then.

    A plot whose kind changed (outline to summary) keeps its row id.
    """
    rows = PlotEmbedding.objects.filter(text_id=text.row_id)
    if text.kind == REVIEW_KIND:
        return rows.filter(text_kind=REVIEW_KIND)
    return rows.exclude(text_kind=REVIEW_KIND)


def mark_stale(text: PlotText) -> int:
    """Mark the vector of a saved text stale if the text is not the one embedded (one query)."""
    changed = _vectors_of(text).exclude(text_kind=text.kind, text_hash=text_hash(text.text))
    return changed.update(is_stale=True)


def forget(text: PlotText) -> None:
    """Delete the vector of a deleted text: every vector index drops it on its next search."""
    with transaction.atomic():
        deleted, _ = _vectors_of(text).delete()
        if deleted:
            _count_change()
