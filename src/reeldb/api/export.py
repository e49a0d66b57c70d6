"""``reeldb export jsonl DIR``: every title as one JSON document a line, with all it states.

It lives in the API's app because each line of ``titles.jsonl.gz`` is what
``/api/v1/titles/{id}`` answers with every section included (``sections``):
the title's own facts, its credits, plots, keywords and every other list,
each fact with the source that states it, its ratings, related titles,
seasons and sources. One builder for both, so the file and the API never
disagree. Titles are read a block at a time in id order, what their
documents are built from is read for the whole block (``read_sections``: a
fixed number of queries a block, and one per series for its seasons, rather
than a dozen a title), and each block's lines are written as soon as they are
built: memory stays one block of titles, whatever the catalogue's size.
Titles without an IMDb id are written too (their
``id`` is reeldb's ``rt…``).
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder

from reeldb.api.schemas import title_out
from reeldb.api.sections import SECTIONS, build_sections, read_sections
from reeldb.catalog.models import Title

FILE_NAME = "titles.jsonl.gz"
BLOCK = 500
GZIP_LEVEL = 1
Progress = Callable[[str, int], None]


@dataclass
class JsonlSummary:
    rows: Counter[str] = field(default_factory=Counter)

    def summary_lines(self) -> list[str]:
        return [f"{FILE_NAME}: {self.rows[FILE_NAME]:,} titles"]


def export_jsonl(folder: Path, *, progress: Progress | None = None) -> JsonlSummary:
    """Write ``folder``/titles.jsonl.gz (via a ``.part`` file renamed when whole)."""
    folder.mkdir(parents=True, exist_ok=True)
    tell = progress or (lambda _name, _rows: None)
    summary = JsonlSummary()
    final, partial = folder / FILE_NAME, folder / f"{FILE_NAME}.part"
    names = list(SECTIONS)
    titles = Title.objects.select_related("parent").order_by("pk").iterator(chunk_size=BLOCK)
    with gzip.open(partial, "wt", encoding="utf-8", compresslevel=GZIP_LEVEL) as out:
        while block := list(islice(titles, BLOCK)):
            reads = read_sections(block, names)
            for title in block:
                document = {**title_out(title), **build_sections(title, names, reads)}
                out.write(json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False) + "\n")
            summary.rows[FILE_NAME] += len(block)
            tell(FILE_NAME, summary.rows[FILE_NAME])
    tell(FILE_NAME, summary.rows[FILE_NAME])
    partial.replace(final)
    return summary
