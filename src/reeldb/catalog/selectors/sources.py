"""Reads for a title's "sources" page: what each source states, and which value is shown."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Model

from reeldb.catalog.models import (
    TITLE_CLAIM_FIELDS,
    Credit,
    Source,
    Title,
    TitleClaim,
    source_rank,
)
from reeldb.catalog.selectors.titles import FACT_MODELS


@dataclass(frozen=True)
class ClaimRow:
    """One source's value for one field, and whether it is the value the page shows."""

    source: Source
    value: object
    shown: bool


@dataclass(frozen=True)
class FieldClaims:
    field: str
    label: str
    claims: list[ClaimRow]


@dataclass(frozen=True)
class SourceFacts:
    """How many rows of each section one source states about the title."""

    source: Source
    counts: dict[str, int]


@dataclass(frozen=True)
class SourcesPage:
    title: Title
    fields: list[FieldClaims]
    facts: list[SourceFacts]
    sections: list[str]


def _label(field: str) -> str:
    model_field = Title._meta.get_field(field)
    return str(getattr(model_field, "verbose_name", field)).capitalize()


def get_sources_page(title: Title) -> SourcesPage:
    """Return every source's claims about ``title``, best first, and its fact counts per source.

    The claim shown is the first non-empty one in precedence order, the rule
    ``services.upsert_title`` applies (see docs/architecture.md).
    """
    claims = sorted(
        TitleClaim.objects.filter(title=title).select_related("source"),
        key=lambda claim: (source_rank(claim.source.kind), claim.source_id),
    )
    fields = []
    for field in TITLE_CLAIM_FIELDS:
        rows = [claim for claim in claims if claim.field == field and claim.value not in (None, "")]
        if rows:
            fields.append(
                FieldClaims(
                    field=field,
                    label=_label(field),
                    claims=[
                        ClaimRow(claim.source, claim.value, shown=position == 0)
                        for position, claim in enumerate(rows)
                    ],
                )
            )
    counts: dict[int, Counter[str]] = {}
    sections = ["Credits", *(name.replace("_", " ").capitalize() for name in FACT_MODELS)]
    models: list[tuple[str, type[Model]]] = [
        ("Credits", Credit),
        *zip(sections[1:], FACT_MODELS.values(), strict=True),
    ]
    for section, model in models:
        per_source = (
            model._default_manager.filter(title=title).values("source").annotate(rows=Count("pk"))
        )
        for row in per_source:
            counts.setdefault(row["source"], Counter())[section] = row["rows"]
    sources = Source.objects.in_bulk([*counts, *(claim.source_id for claim in claims)])
    facts = sorted(
        (SourceFacts(source=sources[pk], counts=dict(counts.get(pk, {}))) for pk in sources),
        key=lambda item: (item.source.precedence, item.source.pk),
    )
    used = [section for section in sections if any(section in item.counts for item in facts)]
    return SourcesPage(title=title, fields=fields, facts=facts, sections=used)
