"""Writes to the long-text index (``search_text``): quotes, plots and bios.

Rebuilt whole with the name index, and kept current by the catalogue's
saves and deletes of quotes, plots and people (``receivers``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import connection, transaction

from reeldb.catalog.folding import fold
from reeldb.catalog.selectors import (
    PersonBio,
    TitleText,
    get_person_bio,
    get_title_texts,
    iter_person_bios,
    iter_title_texts,
)
from reeldb.search.index.backends import write_rows
from reeldb.search.models import SearchText, TextKind

# kind, target_id, source_id, text, folded, detail, popularity
TextRow = tuple[str, int, int, str, str, str, int]
TEXT_FIELDS = "kind, target_id, source_id, text, folded, detail, popularity"
# PostgreSQL refuses a tsvector over 1 MB; no synopsis comes near this.
FOLDED_LENGTH = 200_000
DETAIL_LENGTH = 400
TITLE_TEXT_KINDS = (TextKind.QUOTE, TextKind.PLOT)


def _plot_detail(text: TitleText) -> str:
    """Return what a plot hit says of its source: "Synopsis", "Summary by …"."""
    label = text.kind.capitalize()
    return f"{label} by {text.author}"[:DETAIL_LENGTH] if text.author else label


def title_text_row(text: TitleText) -> TextRow:
    kind = TextKind.QUOTE if text.kind == "quote" else TextKind.PLOT
    detail = "" if kind == TextKind.QUOTE else _plot_detail(text)
    folded = fold(text.text)[:FOLDED_LENGTH]
    return (kind, text.title_id, text.row_id, text.text, folded, detail, text.popularity)


def bio_row(bio: PersonBio) -> TextRow:
    folded = fold(bio.bio)[:FOLDED_LENGTH]
    return (TextKind.BIO, bio.person_id, bio.person_id, bio.bio, folded, "", bio.popularity)


def _all_rows() -> Iterator[TextRow]:
    for text in iter_title_texts():
        yield title_text_row(text)
    for bio in iter_person_bios():
        yield bio_row(bio)


def rebuild_text_index() -> int:
    """Rebuild every quote, plot and bio row from the catalogue; return how many.

    The index's triggers (SQLite) or GIN index (PostgreSQL) follow the load.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_text")
        write_rows(cursor, "search_text", TEXT_FIELDS, _all_rows())
    return SearchText.objects.count()


def _replace(kinds: Iterable[str], target_id: int, rows: list[TextRow]) -> None:
    with transaction.atomic():
        SearchText.objects.filter(kind__in=list(kinds), target_id=target_id).delete()
        SearchText.objects.bulk_create(
            SearchText(
                kind=kind,
                target_id=target,
                source_id=source,
                text=text,
                folded=folded,
                detail=detail,
                popularity=popularity,
            )
            for kind, target, source, text, folded, detail, popularity in rows
        )


def reindex_title_texts(title_id: int) -> None:
    """Index one title's quotes and plots as they now are (none if it was deleted)."""
    _replace(TITLE_TEXT_KINDS, title_id, [title_text_row(t) for t in get_title_texts(title_id)])


def forget_text(kind: str, target_id: int, source_id: int) -> None:
    """Remove the text of one deleted quote or plot (of title ``target_id``) or person."""
    SearchText.objects.filter(kind=kind, target_id=target_id, source_id=source_id).delete()


def reindex_person_texts(person_id: int) -> None:
    """Index one person's bio as it now is (none if it was emptied or they were deleted)."""
    bio = get_person_bio(person_id)
    _replace([TextKind.BIO], person_id, [bio_row(bio)] if bio else [])
