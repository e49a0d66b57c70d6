"""Reads for a title's "sources" page: what each source states, and which value is shown.

The page names each source once: one entry per source with its values of the
title's fields, its box-office figures and how many rows of each list it
states. Values are handed to the template with a display kind, so that they
read as on the title page (lists as lists, numbers with separators, yes/no).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    DateField,
    DecimalField,
    Field,
    IntegerField,
    Model,
)
from django.utils.text import capfirst

from reeldb.catalog.models import (
    TITLE_CLAIM_FIELDS,
    BoxOffice,
    Credit,
    Source,
    Title,
    TitleClaim,
    TitleType,
    split_list,
)
from reeldb.catalog.selectors.titles import FACT_MODELS

# How the title page names each field; a field missing here falls back to its verbose name.
FIELD_LABELS: dict[str, str] = {
    "title_type": "Type",
    "primary_title": "Title",
    "original_title": "Original title",
    "is_adult": "Adult",
    "start_year": "Year",
    "end_year": "End year",
    "runtime_minutes": "Runtime",
    "genres": "Genres",
    "season_number": "Season",
    "episode_number": "Episode",
    "average_rating": "Rating",
    "num_votes": "Votes",
    "metascore": "Metascore",
    "popularity_rank": "Popularity rank",
    "popularity_change": "Popularity movement",
    "user_review_count": "User reviews",
    "critic_review_count": "Critic reviews",
    "awards_summary": "Awards",
    "countries": "Countries of origin",
    "languages": "Languages",
}


@dataclass(frozen=True)
class ClaimRow:
    """One source's value for one field, ready to display, and whether the page shows it.

    ``kind`` tells the template how to format ``value``: ``list`` (a list of
    strings), ``boolean``, ``number``, ``rating``, ``runtime`` (minutes),
    ``change`` (places moved, signed), ``date`` or ``text`` (a string: years,
    labels, and any value whose type is not what the field holds).
    ``shown_by`` is the source whose value the page shows instead, if not this one;
    ``contested`` says another source states the field too.
    """

    field: str
    label: str
    value: object
    kind: str
    shown: bool
    shown_by: Source | None = None
    contested: bool = False


@dataclass(frozen=True)
class SourceSummary:
    """Everything one source states about the title."""

    source: Source
    claims: list[ClaimRow] = field(default_factory=list)
    box_office: list[BoxOffice] = field(default_factory=list)
    counts: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class SourcesPage:
    title: Title
    sources: list[SourceSummary]


def _label(field_name: str) -> str:
    if field_name in FIELD_LABELS:
        return FIELD_LABELS[field_name]
    model_field = Title._meta.get_field(field_name)
    return capfirst(str(getattr(model_field, "verbose_name", field_name))) or field_name


# Fields whose values read best in a form of their own, whatever their column type.
SPECIAL_KINDS: dict[str, str] = {
    "runtime_minutes": "runtime",
    "popularity_change": "change",
    "average_rating": "rating",
}
COLUMN_KINDS: tuple[tuple[type[Field[Any, Any]], str], ...] = (
    (BooleanField, "boolean"),
    (DecimalField, "number"),
    (IntegerField, "number"),
    (DateField, "date"),
)


def _kind(field_name: str) -> str:
    """Return how a field's values are displayed, from the model field that holds them.

    Years and choices read as text: "1995", not "1,995".
    """
    if field_name in SPECIAL_KINDS:
        return SPECIAL_KINDS[field_name]
    model_field = Title._meta.get_field(field_name)
    if field_name.endswith("_year") or getattr(model_field, "choices", None):
        return "text"
    if "comma-separated" in str(getattr(model_field, "help_text", "")).lower():
        return "list"
    return next((kind for cls, kind in COLUMN_KINDS if isinstance(model_field, cls)), "text")


def _as_list(value: object) -> list[str]:
    items = value if isinstance(value, list) else split_list(str(value))
    return [str(item) for item in items]


def _as_bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"not a boolean: {value!r}")
    return value


def _as_int(value: object) -> int:
    if isinstance(value, bool):
        raise TypeError(f"not a number: {value!r}")
    return int(str(value))


CONVERTERS: dict[str, Callable[[object], object]] = {
    "list": _as_list,
    "boolean": _as_bool,
    "number": _as_int,
    "runtime": _as_int,
    "change": _as_int,
    "rating": lambda value: Decimal(str(value)),
    "date": lambda value: datetime.date.fromisoformat(str(value)),
}


def display_value(field_name: str, value: object) -> tuple[str, object]:
    """Return ``(kind, value)`` for the template; a value of the wrong type is shown as text.

    Claims are JSON a source wrote, so a number may arrive as a string and a
    list as a comma-separated string; neither may break the page.
    """
    kind = _kind(field_name)
    convert = CONVERTERS.get(kind)
    if convert is None:
        if field_name == "title_type" and value in TitleType.values:
            return "text", TitleType(str(value)).label
        return "text", str(value)
    try:
        return kind, convert(value)
    except (ValueError, TypeError, InvalidOperation):
        return "text", str(value)


def _claim_rows(claims: list[TitleClaim], sources: dict[int, Source]) -> dict[int, list[ClaimRow]]:
    """Return each source's rows, in field order; the first non-empty claim by precedence wins.

    The rule ``services.upsert_title`` applies (see docs/architecture.md).
    """
    ranked = sorted(
        claims, key=lambda claim: (sources[claim.source_id].precedence, claim.source_id)
    )
    rows: dict[int, list[ClaimRow]] = defaultdict(list)
    for field_name in TITLE_CLAIM_FIELDS:
        stating = [c for c in ranked if c.field == field_name and c.value not in (None, "")]
        for position, claim in enumerate(stating):
            kind, value = display_value(field_name, claim.value)
            rows[claim.source_id].append(
                ClaimRow(
                    field=field_name,
                    label=_label(field_name),
                    value=value,
                    kind=kind,
                    shown=position == 0,
                    shown_by=sources[stating[0].source_id] if position else None,
                    contested=len(stating) > 1,
                )
            )
    return rows


def _column_claims(title: Title) -> list[TitleClaim]:
    """Return the title's columns as claims of the source that added it.

    A title only IMDb's datasets describe has no claim rows: its columns are
    the dataset's values (docs/architecture.md, "claim").
    """
    return [
        TitleClaim(title=title, field=name, value=getattr(title, name), source_id=title.source_id)
        for name in TITLE_CLAIM_FIELDS
        if getattr(title, name) not in (None, "")
    ]


def get_sources_page(title: Title) -> SourcesPage:
    """Return what each source states about ``title``, best source first.

    Twenty queries whatever the data's size: the claims, one count per list
    kind (credits and the 16 fact lists), the box-office figures, the sources.
    """
    claims = list(TitleClaim.objects.filter(title=title)) or _column_claims(title)
    counts: dict[int, list[tuple[str, int]]] = defaultdict(list)
    models: list[type[Model]] = [Credit, *FACT_MODELS.values()]
    for model in models:
        label = capfirst(str(model._meta.verbose_name_plural))
        per_source = (
            model._default_manager.filter(title=title)
            .values("source")
            .annotate(rows=Count("pk"))
            .order_by("source")
        )
        for row in per_source:
            counts[row["source"]].append((label, row["rows"]))
    box_office: dict[int, list[BoxOffice]] = defaultdict(list)
    for figure in BoxOffice.objects.filter(title=title).order_by("ordering", "pk"):
        box_office[figure.source_id].append(figure)
    sources = Source.objects.in_bulk({*counts, *(claim.source_id for claim in claims)})
    rows = _claim_rows(claims, sources)
    summaries = [
        SourceSummary(
            source=source,
            claims=rows.get(pk, []),
            box_office=box_office.get(pk, []),
            counts=counts.get(pk, []),
        )
        for pk, source in sources.items()
    ]
    summaries.sort(key=lambda summary: (summary.source.precedence, summary.source.pk))
    return SourcesPage(title=title, sources=summaries)
