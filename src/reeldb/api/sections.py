"""A title's sections as the API gives them, each from the selector its page section uses.

``/api/v1/titles/{id}/{section}`` answers one section; ``?include=a,b`` adds
several to the title in one request, as TMDB's ``append_to_response`` does.
The lists of facts asked for together are read together (``get_title_facts``:
one query to learn which lists hold rows, one per list that does).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
    get_full_credits_page,
    get_title_facts,
    get_title_sources,
    list_seasons,
)
from reeldb.catalog.selectors.titles import Plots
from reeldb.community.selectors import get_rating_summary
from reeldb.recommend.selectors import get_related_titles

# A section's facts read together with the other sections asked for: by related name.
Facts = dict[str, list[Any]]


@dataclass(frozen=True)
class Section:
    """One section: its response shape, the lists of facts it needs, and how it is built."""

    schema: Any
    facts: tuple[str, ...]
    build: Callable[[Title, Facts], Any]
    description: str


def _credits(title: Title, _facts: Facts) -> dict[str, Any]:
    page = get_full_credits_page(title)
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


def _plots(_title: Title, facts: Facts) -> dict[str, Any]:
    plots = Plots.split(facts["plots"])
    return {
        "outline": fact_out(plots.outline) if plots.outline else None,
        "summaries": [fact_out(plot) for plot in plots.summaries],
        "synopsis": fact_out(plots.synopsis) if plots.synopsis else None,
    }


def _fact_list(related_name: str) -> Callable[[Title, Facts], list[dict[str, Any]]]:
    def build(_title: Title, facts: Facts) -> list[dict[str, Any]]:
        return [fact_out(row) for row in facts[related_name]]

    return build


def _ratings(title: Title, _facts: Facts) -> dict[str, Any]:
    summary = get_rating_summary(title)
    published_by = get_title_sources(title).rating_source
    return {
        "average": summary.average,
        "votes": summary.total,
        "histogram": [{"value": bar.value, "count": bar.count} for bar in summary.bars],
        "published_average": title.average_rating,
        "published_votes": title.num_votes,
        "published_by": published_by.name if published_by else None,
    }


def _related(title: Title, _facts: Facts) -> list[dict[str, Any]]:
    return [
        {"title": title_out(pick.title), "reason": pick.reason}
        for pick in get_related_titles(title)
    ]


def _seasons(title: Title, _facts: Facts) -> list[dict[str, Any]]:
    if not title.is_series:
        return []
    return [
        {"season": season.number, "episodes": season.episode_count}
        for season in list_seasons(title)
    ]


def _sources(title: Title, _facts: Facts) -> list[dict[str, Any]]:
    return [
        {"name": source.name, "kind": source.kind, "url": source.url}
        for source in get_title_sources(title).sources
    ]


SECTIONS: dict[str, Section] = {
    "credits": Section(CreditsOut, (), _credits, "The whole cast in billing order, then the crew."),
    "plots": Section(PlotsOut, ("plots",), _plots, "The outline, signed summaries and synopsis."),
    **{
        name: Section(
            list[FACT_SCHEMAS[name]],  # type: ignore[valid-type]
            (related_name,),
            _fact_list(related_name),
            f"The title's {name.replace('_', ' ')}, each with the source that states it.",
        )
        for name, (related_name, _model) in FACT_SECTIONS.items()
    },
    "ratings": Section(RatingsOut, (), _ratings, "reeldb's ratings and the published rating."),
    "related": Section(
        list[RelatedOut], (), _related, 'Related titles ("More like this") with reasons.'
    ),
    "seasons": Section(list[SeasonOut], (), _seasons, "A series' seasons and their episodes."),
    "sources": Section(list[SourceOut], (), _sources, "The sources that state facts of it."),
}


_NAMES = "|".join(sorted(SECTIONS))
# What ``include`` may hold, in the OpenAPI schema: known names, comma-separated.
INCLUDE_PATTERN = rf"^(?:(?:{_NAMES})(?:,(?:{_NAMES}))*)?$"


def parse_include(raw: str) -> list[str]:
    """Return the section names of an ``include`` parameter ("credits,keywords"), once each.

    ``INCLUDE_PATTERN`` has let through only known names.
    """
    return list(dict.fromkeys(name for name in raw.split(",") if name))


def build_sections(title: Title, names: Iterable[str]) -> dict[str, Any]:
    """Return each named section of ``title``, reading their lists of facts together."""
    wanted = [SECTIONS[name] for name in names]
    facts = get_title_facts(title, {fact for section in wanted for fact in section.facts})
    return {name: SECTIONS[name].build(title, facts) for name in names}


def include_schema(base: type[Schema]) -> type[Schema]:
    """Return ``base`` with every section as an optional field: a title with its includes."""
    fields = {name: (section.schema | None, None) for name, section in SECTIONS.items()}
    annotations = {name: annotation for name, (annotation, _) in fields.items()}
    namespace = {"__annotations__": annotations, **dict.fromkeys(fields)}
    return type("TitleDetailOut", (base,), namespace)
