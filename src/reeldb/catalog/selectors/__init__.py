"""Reads for the catalogue's pages, one module per page family.

Each ``get_…_page`` returns everything one page shows, in a fixed number of
queries whatever the size of the cast or filmography. Lists that several
sources state are de-duplicated by natural key, keeping the row of the
highest-precedence source.
"""

from __future__ import annotations

from reeldb.catalog.selectors.common import (
    PERSON_ID,
    TITLE_ID,
    by_precedence,
    get_person_or_404,
    get_title_or_404,
)
from reeldb.catalog.selectors.episodes import (
    EpisodeGuidePage,
    SeasonSummary,
    get_episode_guide_page,
    list_seasons,
)
from reeldb.catalog.selectors.lists import (
    TitleKind,
    find_title_by_name,
    find_titles_by_names,
    get_source_key_titles,
    get_title_kinds,
    get_titles_by_tconst,
    iter_published_ratings,
    list_box_office_grosses,
    list_collections,
    list_featured_titles,
    list_published_popularity,
)
from reeldb.catalog.selectors.names import (
    PersonNames,
    PersonSummary,
    TitleNames,
    TitleSummary,
    count_titles_and_people,
    get_person_names,
    get_person_summaries,
    get_title_names,
    get_title_summaries,
    iter_person_names,
    iter_title_names,
)
from reeldb.catalog.selectors.people import (
    FilmographyEntry,
    FilmographyGroup,
    PersonPage,
    get_person_page,
)
from reeldb.catalog.selectors.sources import SourcesPage, get_sources_page
from reeldb.catalog.selectors.texts import (
    REVIEW_KIND,
    PlotText,
    count_plot_texts,
    get_plot_texts,
    iter_plot_texts,
    plot_text_of,
)
from reeldb.catalog.selectors.titles import (
    Department,
    FullCreditsPage,
    PlotSummaryPage,
    SeriesPosition,
    TitlePage,
    get_full_credits_page,
    get_plot_summary_page,
    get_title_page,
)

__all__ = [
    "PERSON_ID",
    "REVIEW_KIND",
    "TITLE_ID",
    "Department",
    "EpisodeGuidePage",
    "FilmographyEntry",
    "FilmographyGroup",
    "FullCreditsPage",
    "PersonNames",
    "PersonPage",
    "PersonSummary",
    "PlotSummaryPage",
    "PlotText",
    "SeasonSummary",
    "SeriesPosition",
    "SourcesPage",
    "TitleKind",
    "TitleNames",
    "TitlePage",
    "TitleSummary",
    "by_precedence",
    "count_plot_texts",
    "count_titles_and_people",
    "find_title_by_name",
    "find_titles_by_names",
    "get_episode_guide_page",
    "get_full_credits_page",
    "get_person_names",
    "get_person_or_404",
    "get_person_page",
    "get_person_summaries",
    "get_plot_summary_page",
    "get_plot_texts",
    "get_source_key_titles",
    "get_sources_page",
    "get_title_kinds",
    "get_title_names",
    "get_title_or_404",
    "get_title_page",
    "get_title_summaries",
    "get_titles_by_tconst",
    "iter_person_names",
    "iter_plot_texts",
    "iter_published_ratings",
    "iter_title_names",
    "list_box_office_grosses",
    "list_collections",
    "list_featured_titles",
    "list_published_popularity",
    "list_seasons",
    "plot_text_of",
]
