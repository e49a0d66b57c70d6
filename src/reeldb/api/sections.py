"""A title's sections as the API gives them, each from the selector its page section uses.

``/api/v1/titles/{id}/{section}`` answers one section; ``?include=a,b`` adds
several to the title in one request, as TMDB's ``append_to_response`` does.
What the sections asked for are built from is read first (``read_sections``),
for one title or a block of them: the lists of facts together (for one title
``get_title_facts``: one query to learn which lists hold rows, one per list
that does; for a block, one query per list), and each other read once for
the block (credits, ratings, sources, related titles), so ``reeldb export
jsonl`` builds a block of documents in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ninja import Schema

from reeldb.api.schemas import (
    FACT_SCHEMAS,
    FACT_SECTIONS,
    CreditsOut,
    PlotsOut,
    RatingsOut,
    RelatedOut,
    SeasonOut,
    SourceOut,
    credit_out,
    fact_out,
    title_out,
)
from reeldb.catalog.models import Title
from reeldb.catalog.selectors import (
    get_full_credits_pages,
    get_title_facts,
    get_titles_facts,
    get_titles_sources,
    list_seasons,
)
from reeldb.catalog.selectors.titles import Plots
from reeldb.community.selectors import get_rating_summaries
from reeldb.recommend.selectors import get_related_titles_of

# A section's facts read together with the other sections asked for: by related name.
Facts = dict[str, list[Any]]
# The reads besides facts a section may need, each for a block of titles, by title id.
READS: dict[str, Callable[[Sequence[Title]], dict[int, Any]]] = {
    "credits": get_full_credits_pages,
    "ratings": get_rating_summaries,
    "related": get_related_titles_of,
    "sources": get_titles_sources,
}


@dataclass(frozen=True)
class Reads:
    """What a block of titles' sections are built from, by title id."""

    facts: dict[int, Facts]
    rows: dict[str, dict[int, Any]]

    def of(self, read: str, title: Title) -> Any:
        return self.rows[read][title.pk]


@dataclass(frozen=True)
class Section:
    """One section: its response shape, what it is built from, and how."""

    schema: Any
    facts: tuple[str, ...]
    reads: tuple[str, ...]
    build: Callable[[Title, Reads], Any]
    description: str


def _credits(title: Title, reads: Reads) -> dict[str, Any]:
    page = reads.of("credits", title)
    return {
        "cast": [credit_out(credit) for credit in page.cast],
        "crew": [
            {
                "category": department.credits[0].category,
                "label": department.label,
                "credits": [credit_out(credit) for credit in department.credits],
            }
            for department in page.crew
        ],
    }


def _plots(title: Title, reads: Reads) -> dict[str, Any]:
    plots = Plots.split(reads.facts[title.pk]["plots"])
    return {
        "outline": fact_out(plots.outline) if plots.outline else None,
        "summaries": [fact_out(plot) for plot in plots.summaries],
        "synopsis": fact_out(plots.synopsis) if plots.synopsis else None,
    }


def _fact_list(related_name: str) -> Callable[[Title, Reads], list[dict[str, Any]]]:
    def build(title: Title, reads: Reads) -> list[dict[str, Any]]:
        return [fact_out(row) for row in reads.facts[title.pk][related_name]]

    return build


def _ratings(title: Title, reads: Reads) -> dict[str, Any]:
    summary = reads.of("ratings", title)
    published_by = reads.of("sources", title).rating_source
    return {
        "average": summary.average,
        "votes": summary.total,
        "histogram": [{"value": bar.value, "count": bar.count} for bar in summary.bars],
        "published_average": title.average_rating,
        "published_votes": title.num_votes,
        "published_by": published_by.name if published_by else None,
    }


def _related(title: Title, reads: Reads) -> list[dict[str, Any]]:
    return [
        {"title": title_out(pick.title), "reason": pick.reason}
        for pick in reads.of("related", title)
    ]


def _seasons(title: Title, _reads: Reads) -> list[dict[str, Any]]:
    if not title.is_series:
        return []
    return [
        {"season": season.number, "episodes": season.episode_count}
        for season in list_seasons(title)
    ]


def _sources(title: Title, reads: Reads) -> list[dict[str, Any]]:
    return [
        {"name": source.name, "kind": source.kind, "url": source.url}
        for source in reads.of("sources", title).sources
    ]


SECTIONS: dict[str, Section] = {
    "credits": Section(
        CreditsOut, (), ("credits",), _credits, "The whole cast in billing order, then the crew."
    ),
    "plots": Section(
        PlotsOut, ("plots",), (), _plots, "The outline, signed summaries and synopsis."
    ),
    **{
        name: Section(
            list[FACT_SCHEMAS[name]],  # type: ignore[valid-type]
            (related_name,),
            (),
            _fact_list(related_name),
            f"The title's {name.replace('_', ' ')}, each with the source that states it.",
        )
        for name, (related_name, _model) in FACT_SECTIONS.items()
    },
    "ratings": Section(
        RatingsOut,
        (),
        ("ratings", "sources"),
        _ratings,
        "reeldb's ratings and the published rating.",
    ),
    "related": Section(
        list[RelatedOut],
        (),
        ("related",),
        _related,
        'Related titles ("More like this") with reasons.',
    ),
    "seasons": Section(list[SeasonOut], (), (), _seasons, "A series' seasons and their episodes."),
    "sources": Section(
        list[SourceOut], (), ("sources",), _sources, "The sources that state facts of it."
    ),
}


_NAMES = "|".join(sorted(SECTIONS))
# What ``include`` may hold, in the OpenAPI schema: known names, comma-separated.
INCLUDE_PATTERN = rf"^(?:(?:{_NAMES})(?:,(?:{_NAMES}))*)?$"


def parse_include(raw: str) -> list[str]:
    """Return the section names of an ``include`` parameter ("credits,keywords"), once each.

    ``INCLUDE_PATTERN`` has let through only known names.
    """
    return list(dict.fromkeys(name for name in raw.split(",") if name))


def read_sections(titles: Sequence[Title], names: Iterable[str]) -> Reads:
    """Return what the sections ``names`` of ``titles`` are built from, each read once."""
    wanted = [SECTIONS[name] for name in names]
    fact_names = {fact for section in wanted for fact in section.facts}
    if not fact_names:
        facts: dict[int, Facts] = {title.pk: {} for title in titles}
    elif len(titles) == 1:
        facts = {titles[0].pk: get_title_facts(titles[0], fact_names)}
    else:
        facts = get_titles_facts(titles, fact_names)
    needed = sorted({read for section in wanted for read in section.reads})
    return Reads(facts=facts, rows={read: READS[read](titles) for read in needed})


def build_sections(
    title: Title, names: Iterable[str], reads: Reads | None = None
) -> dict[str, Any]:
    """Return each named section of ``title``, from ``reads`` or read for it alone."""
    names = list(names)
    found = reads if reads is not None else read_sections([title], names)
    return {name: SECTIONS[name].build(title, found) for name in names}


def include_schema(base: type[Schema]) -> type[Schema]:
    """Return ``base`` with every section as an optional field: a title with its includes."""
    fields = {name: (section.schema | None, None) for name, section in SECTIONS.items()}
    annotations = {name: annotation for name, (annotation, _) in fields.items()}
    namespace = {"__annotations__": annotations, **dict.fromkeys(fields)}
    return type("TitleDetailOut", (base,), namespace)
