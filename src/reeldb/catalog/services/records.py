"""What an importer hands the catalogue to write: plain values, no model instances.

An importer turns its input into these records and the catalogue's writer
(``writer.py``) turns them into rows, by one set of rules for every source:
how a title or person is found again, how a company is matched, how a
source's fact lists are kept in sync. Field names are the catalogue's
columns, so a record reads like the row it becomes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """The origin of a document's facts, found by kind and name and created on first use."""

    kind: str  # a SourceKind value
    name: str
    url: str = ""
    lowercased: bool = False


@dataclass(frozen=True, slots=True)
class TitleRecord:
    """A title as one source states it, under the source's own ``key`` for it.

    It is found by that key, then by ``tconst``, then (when ``match`` holds)
    by its folded ``primary_title`` and ``start_year`` among titles of the
    family of ``stated_type`` (series or not; any when it is empty), and
    otherwise created from ``values``. ``values`` become the source's claims;
    ``None`` names a title the source wrote before, which must exist.
    """

    key: str
    values: Mapping[str, Any] | None = None
    tconst: str = ""
    stated_type: str = ""
    match: bool = True

    @property
    def name(self) -> str:
        return str((self.values or {}).get("primary_title", ""))

    @property
    def year(self) -> int | None:
        year = (self.values or {}).get("start_year")
        return year if isinstance(year, int) else None


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """A person as one source states them, under the source's own ``key``.

    Found by that key, then by ``nconst``, then (when ``match`` holds) among
    the people already credited on the title by folded name, then as the one
    person of that folded name, and otherwise created from ``values``.
    ``values`` must name ``primary_name``; ``None`` names a person the source
    wrote before.
    """

    key: str
    values: Mapping[str, Any] | None = None
    nconst: str = ""
    match: bool = True

    @property
    def name(self) -> str:
        return str((self.values or {}).get("primary_name", ""))


@dataclass(frozen=True, slots=True)
class CreditRecord:
    """One line of cast or crew: ``category`` is a ``CreditCategory`` value."""

    person: PersonRecord
    category: str
    job: str = ""
    characters: Sequence[str] = ()
    credited_as: str = ""


@dataclass(frozen=True, slots=True)
class RelatedRecord:
    """A title a page recommends, with the outline and people its card shows."""

    title: TitleRecord
    outline: str = ""
    credits: Sequence[CreditRecord] = ()


@dataclass(frozen=True, slots=True)
class ImageRecord:
    """A picture a source shows: the title's poster, or a credited person's portrait.

    ``person`` is the key of a ``PersonRecord`` among the document's credits;
    empty for the title's own picture. ``attribution`` is the credit line to
    show with it (a Wikimedia Commons file's).
    """

    url: str
    attribution: str = ""
    person: str = ""


@dataclass(frozen=True, slots=True)
class TitleDocument:
    """Everything one source states about one title, written as a unit.

    ``facts`` holds the fact lists the document speaks for, by their model's
    name in lower case (``writer.FACT_MODELS``: "plot", "companycredit"), each
    replacing what the source stated before; a list it leaves out is left as
    it is. A fact row maps the list's columns
    to values; a column naming another row holds what finds it: "company"
    and "collection" a name (a company's in any case), "target" a
    ``TitleRecord`` (a ``RelatedRecord`` among "recommendation").
    ``credits`` likewise replace the source's credits; ``None`` (a page
    that lists no credits) leaves them as they are. ``series`` is the series an episode belongs to.
    ``images`` are the pictures the document shows; each is recorded to be
    fetched (``services.images``), and a document showing none leaves the
    source's earlier references as they are.
    """

    source: SourceRecord
    title: TitleRecord
    series: TitleRecord | None = None
    credits: Sequence[CreditRecord] | None = None
    facts: Mapping[str, Sequence[Mapping[str, Any]]] = field(default_factory=dict)
    images: Sequence[ImageRecord] = ()
