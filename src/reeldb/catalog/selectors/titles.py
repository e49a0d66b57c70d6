"""Reads for a title's pages: the title page, its plot summary and its full credits.

Each returns everything one page shows, in a fixed number of queries whatever
the size of the cast (tests pin the counts).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection
from django.db.models import Exists, ForeignObjectRel, Model, Prefetch, Q, QuerySet

from reeldb.catalog.models import (
    CAST_CATEGORIES,
    Aka,
    BoxOffice,
    BoxOfficeKind,
    Certification,
    CollectionEntry,
    CompanyCredit,
    CompanyRole,
    Connection,
    ConnectionKind,
    Credit,
    CreditCategory,
    ExternalId,
    FaqEntry,
    FilmingLocation,
    Goof,
    Keyword,
    Plot,
    PlotKind,
    ProductionNote,
    Quote,
    Recommendation,
    ReleaseDate,
    Soundtrack,
    Source,
    SourceReview,
    Tagline,
    TechnicalSpec,
    TechnicalSpecKind,
    Title,
    TitleClaim,
    Trivia,
    source_rank,
)
from reeldb.catalog.selectors.common import by_precedence, grouped, with_source
from reeldb.catalog.selectors.episodes import SeasonSummary, list_seasons

STARS_SHOWN = 3
# The longest fact lists show their first rows only, as IMDb's title page does:
# some titles have hundreds of AKAs or release dates, and rendering them all
# made those pages the slowest. ``TitlePage.more`` counts the rows left out.
FACTS_SHOWN = {
    "akas": 12,
    "release_dates": 12,
    "filming_locations": 12,
    "trivia": 10,
    "goofs": 10,
    "quotes": 10,
}


def _credit_group(category: str) -> str:
    """Return the group a credit is shown in: "cast", or its crew category."""
    return "cast" if category in CAST_CATEGORIES else category


def _best_credit_sources(
    stating: Iterable[tuple[str, int, str]],
) -> dict[str, int]:
    """Return the source each group of credits is taken from (``_credit_group``).

    ``stating`` is (category, source id, source kind) for each pair that has
    credits. The best-ranked kind wins, then the lower source id.
    """
    best: dict[str, tuple[int, int]] = {}
    for category, source_id, kind in stating:
        group = _credit_group(category)
        ranked = (source_rank(kind), source_id)
        best[group] = min(best.get(group, ranked), ranked)
    return {group: source_id for group, (_rank, source_id) in best.items()}


def _credits(title: Title) -> QuerySet[Credit]:
    """Return ``title``'s credits: the cast, and each crew department, from one source each.

    A cast list is shown whole from the best source that lists one:
    interleaving two sources' billing orders would produce an order neither
    of them states. Each crew department is likewise taken from the best
    source that names it, so a Wikipedia article's composer still shows
    beside an IMDb page's director.
    """
    best = _best_credit_sources(
        Credit.objects.filter(title=title)
        .values_list("category", "source_id", "source__kind")
        .distinct()
    )
    if not best:
        return Credit.objects.none()
    chosen = Q()
    for group, source_id in best.items():
        categories = CAST_CATEGORIES if group == "cast" else {group}
        chosen |= Q(category__in=categories, source_id=source_id)
    return Credit.objects.filter(chosen, title=title).select_related("person", "source")


@dataclass(frozen=True)
class SeriesPosition:
    """Where an episode sits in its series: the series and its neighbours."""

    series: Title
    previous: Title | None
    next: Title | None


@dataclass(frozen=True)
class Plots:
    """A title's plots by kind: the one-line outline, the signed summaries, the synopsis."""

    outline: Plot | None
    summaries: list[Plot]
    synopsis: Plot | None

    @classmethod
    def split(cls, plots: Iterable[Plot]) -> Plots:
        """Sort already de-duplicated ``plots`` by kind, keeping each kind's order."""
        rows = list(plots)
        return cls(
            outline=next((plot for plot in rows if plot.kind == PlotKind.OUTLINE), None),
            summaries=[plot for plot in rows if plot.kind == PlotKind.SUMMARY],
            synopsis=next((plot for plot in rows if plot.kind == PlotKind.SYNOPSIS), None),
        )


@dataclass
class TitlePage:
    """Everything the title page shows, section by section, in IMDb's order."""

    title: Title
    directors: list[Credit]
    writers: list[Credit]
    creators: list[Credit]
    top_cast: list[Credit]
    cast_count: int
    plots: Plots
    keywords: list[Keyword]
    taglines: list[Tagline]
    certifications: list[Certification]
    release_dates: list[ReleaseDate]
    akas: list[Aka]
    filming_locations: list[FilmingLocation]
    external_ids: list[ExternalId]
    companies: dict[str, list[CompanyCredit]]
    box_office: list[BoxOffice]
    technical_specs: dict[str, list[TechnicalSpec]]
    trivia: list[Trivia]
    goofs: list[Goof]
    quotes: list[Quote]
    connections: dict[str, list[Connection]]
    soundtracks: list[Soundtrack]
    faq_entries: list[FaqEntry]
    production_notes: list[ProductionNote]
    reviews: list[SourceReview]
    recommendations: list[Recommendation]
    collections: list[tuple[CollectionEntry, list[CollectionEntry]]]
    seasons: list[SeasonSummary]
    series_position: SeriesPosition | None
    rating_source: Source | None
    sources: list[Source] = field(default_factory=list)
    field_sources: dict[str, Source] = field(default_factory=dict)
    # Rows of a fact list beyond those shown (``FACTS_SHOWN``), by list name.
    more: dict[str, int] = field(default_factory=dict)

    @property
    def stars(self) -> list[Credit]:
        return self.top_cast[:STARS_SHOWN]

    @property
    def certificate(self) -> Certification | None:
        """Return the certificate shown beside the year: the first listed."""
        return self.certifications[0] if self.certifications else None

    @property
    def budget(self) -> BoxOffice | None:
        return next((row for row in self.box_office if row.kind == "budget"), None)

    @property
    def box_office_figures(self) -> list[BoxOffice]:
        """Return the money figures in IMDb's order: budget, opening weekend, gross, worldwide.

        Within a kind the source's own order is kept (``sorted`` is stable).
        """
        return sorted(self.box_office, key=_box_office_order)

    @property
    def reviews_source(self) -> Source | None:
        """Return the source of the user and critic review counts the page shows."""
        return self.field_sources.get("user_review_count") or self.field_sources.get(
            "critic_review_count"
        )

    @property
    def has_details(self) -> bool:
        return bool(
            self.release_dates
            or self.title.countries
            or self.title.languages
            or self.akas
            or self.filming_locations
            or self.companies
            or self.external_ids
        )

    @property
    def has_did_you_know(self) -> bool:
        return bool(
            self.trivia or self.goofs or self.quotes or self.connections or self.soundtracks
        )

    @property
    def has_storyline(self) -> bool:
        return bool(
            self.plots.summaries
            or self.plots.synopsis
            or self.keywords
            or self.taglines
            or self.title.genres
            or self.certifications
        )


BOX_OFFICE_ORDER = (BoxOfficeKind.BUDGET, BoxOfficeKind.OPENING_WEEKEND, BoxOfficeKind.GROSS)


def _box_office_order(figure: BoxOffice) -> tuple[int, bool]:
    kind = BOX_OFFICE_ORDER.index(figure.kind) if figure.kind in BOX_OFFICE_ORDER else 99
    return kind, figure.is_worldwide


def _series_position(title: Title) -> SeriesPosition | None:
    if title.parent is None:
        return None
    siblings = Title.objects.filter(parent=title.parent_id).only(
        "tconst", "primary_title", "season_number", "episode_number"
    )
    season, number = title.season_number or 0, title.episode_number or 0
    # The redundant bound on the season lets the database start its walk of
    # title_episode_idx at this season; the OR alone made PostgreSQL read a long
    # series' episodes whole (0.5 s for a series of 250,000).
    earlier = Q(season_number__lte=season) & (
        Q(season_number__lt=season) | Q(season_number=season, episode_number__lt=number)
    )
    later = Q(season_number__gte=season) & (
        Q(season_number__gt=season) | Q(season_number=season, episode_number__gt=number)
    )
    return SeriesPosition(
        series=title.parent,
        previous=siblings.filter(earlier).order_by("-season_number", "-episode_number").first(),
        next=siblings.filter(later).order_by("season_number", "episode_number").first(),
    )


FACT_MODELS: dict[str, type[Model]] = {
    "plots": Plot,
    "keywords": Keyword,
    "taglines": Tagline,
    "certifications": Certification,
    "release_dates": ReleaseDate,
    "akas": Aka,
    "filming_locations": FilmingLocation,
    "box_office": BoxOffice,
    "technical_specs": TechnicalSpec,
    "trivia": Trivia,
    "goofs": Goof,
    "quotes": Quote,
    "soundtracks": Soundtrack,
    "faq_entries": FaqEntry,
    "production_notes": ProductionNote,
    "source_reviews": SourceReview,
    "external_ids": ExternalId,
}


def _fact_prefetches() -> dict[str, Prefetch[Any]]:
    """Return, by the title's related name, how the title page reads each list of facts."""
    return {
        **{
            name: Prefetch(name, queryset=with_source(model)) for name, model in FACT_MODELS.items()
        },
        "company_credits": Prefetch(
            "company_credits", queryset=with_source(CompanyCredit).select_related("company")
        ),
        "connections": Prefetch(
            "connections",
            queryset=with_source(Connection).select_related("target").order_by("ordering"),
        ),
        "recommendations": Prefetch(
            "recommendations",
            queryset=with_source(Recommendation).select_related("target").order_by("ordering"),
        ),
        "collection_entries": Prefetch(
            "collection_entries",
            queryset=with_source(CollectionEntry).select_related("collection"),
        ),
    }


# A title id no row has: the probe's SQL is compiled once with it, then run for any title.
_ANY_TITLE = -1


@functools.lru_cache(maxsize=32)
def _stated_facts_query(names: tuple[str, ...], vendor: str) -> tuple[str, tuple[Any, ...]]:
    """Return the SQL and parameters of ``_stated_facts``' probe for ``_ANY_TITLE``.

    Compiling twenty ``EXISTS`` subqueries cost Django several milliseconds a
    title, more than running them; compiled once per set of lists (and
    database vendor), the probe costs its execution alone.
    """
    probes = {}
    for name in names:
        relation = cast(ForeignObjectRel, Title._meta.get_field(name))  # a reverse foreign key
        rows = relation.field.model._default_manager.filter(**{relation.field.name: _ANY_TITLE})
        probes[f"has_{name}"] = Exists(rows)
    sql, parameters = Title.objects.filter(pk=_ANY_TITLE).values(**probes).query.sql_with_params()
    return sql, tuple(parameters)


def _stated_facts(title: Title, names: Iterable[str]) -> set[str]:
    """Return which of the title's lists of facts (by related name) hold a row: one query.

    Most titles of a full catalogue are known from the IMDb datasets alone and
    have no trivia, goofs, quotes, keywords or box office: one probe of each
    list's title index spares a query for each empty list.
    """
    sql, template = _stated_facts_query(tuple(names), connection.vendor)
    parameters = [title.pk if value == _ANY_TITLE else value for value in template]
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        present = cursor.fetchone()
        columns = [column[0] for column in cursor.description]
    return {
        column.removeprefix("has_") for column, value in zip(columns, present, strict=True) if value
    }


def get_title_facts(title: Title, names: Iterable[str] | None = None) -> dict[str, list[Any]]:
    """Return the title's lists of facts by related name (every list, or ``names``), whole.

    Each list is de-duplicated across sources, keeping the row of the best
    source. One query learns which lists hold rows, then one reads each that does.
    """
    prefetches = _fact_prefetches()
    wanted = list(prefetches) if names is None else list(names)
    stated = _stated_facts(title, wanted) if wanted else set()
    facts = (
        Title.objects.prefetch_related(*(prefetches[name] for name in stated)).get(pk=title.pk)
        if stated
        else title
    )
    return {
        name: by_precedence(getattr(facts, name).all()) if name in stated else [] for name in wanted
    }


def get_titles_facts(
    titles: Sequence[Title], names: Iterable[str]
) -> dict[int, dict[str, list[Any]]]:
    """Return ``get_title_facts`` of each of ``titles`` by id: one query a list for all.

    For a block of titles (an export) a query per list beats a probe per
    title. Each list's rows are grouped by title as they come, in the order
    the title page reads them (``_fact_prefetches``).
    """
    prefetches = _fact_prefetches()
    ids = [title.pk for title in titles]
    found: dict[int, dict[str, list[Any]]] = {title_id: {} for title_id in ids}
    for name in names:
        key = cast(ForeignObjectRel, Title._meta.get_field(name)).field.attname
        rows: dict[int, list[Any]] = defaultdict(list)
        queryset = cast(QuerySet[Any], prefetches[name].queryset)
        for row in queryset.filter(**{f"{key}__in": ids}):
            rows[getattr(row, key)].append(row)
        for title_id in ids:
            found[title_id][name] = by_precedence(rows[title_id])
    return found


def get_title_page(title: Title, *, top_cast_size: int) -> TitlePage:
    """Return every section of ``title``'s page, de-duplicated across sources.

    Runs a bounded number of queries: one to learn which lists of facts hold
    rows and one for each that does, two for the credits' source and the
    credits, one for the cast count, and a few for the series.
    """
    lists = get_title_facts(title)
    more = {
        name: len(lists[name]) - shown
        for name, shown in FACTS_SHOWN.items()
        if len(lists[name]) > shown
    }
    for name, shown in FACTS_SHOWN.items():
        lists[name] = lists[name][:shown]
    credits = _credits(title)
    key_crew = list(
        credits.filter(category__in=[CreditCategory.DIRECTOR, CreditCategory.WRITER]).order_by(
            "ordering"
        )
    )
    cast = credits.filter(category__in=CAST_CATEGORIES).order_by("ordering")
    sources = get_title_sources(title)
    return TitlePage(
        title=title,
        directors=[c for c in key_crew if c.category == CreditCategory.DIRECTOR],
        writers=[c for c in key_crew if c.category == CreditCategory.WRITER and not _is_creator(c)],
        creators=[c for c in key_crew if _is_creator(c)],
        top_cast=list(cast[:top_cast_size]),
        cast_count=cast.count(),
        plots=Plots.split(lists["plots"]),
        keywords=lists["keywords"],
        taglines=lists["taglines"],
        certifications=lists["certifications"],
        release_dates=lists["release_dates"],
        akas=lists["akas"],
        filming_locations=lists["filming_locations"],
        external_ids=lists["external_ids"],
        companies=grouped(lists["company_credits"], "role", CompanyRole.values),
        box_office=lists["box_office"],
        technical_specs=grouped(lists["technical_specs"], "kind", TechnicalSpecKind.values),
        trivia=lists["trivia"],
        goofs=lists["goofs"],
        quotes=lists["quotes"],
        connections=grouped(lists["connections"], "kind", ConnectionKind.values),
        soundtracks=lists["soundtracks"],
        faq_entries=lists["faq_entries"],
        production_notes=lists["production_notes"],
        reviews=lists["source_reviews"],
        recommendations=lists["recommendations"],
        collections=_collections(lists["collection_entries"]),
        seasons=list_seasons(title) if title.is_series else [],
        series_position=_series_position(title),
        rating_source=sources.rating_source,
        sources=sources.sources,
        field_sources=sources.field_sources,
        more=more,
    )


@dataclass(frozen=True)
class TitleSources:
    """The sources of a title's facts: all of them best first, and which one each field shows."""

    sources: list[Source]
    rating_source: Source | None
    field_sources: dict[str, Source]


def get_title_sources(title: Title) -> TitleSources:
    """Return the sources stating facts of ``title`` (one query)."""
    return get_titles_sources([title])[title.pk]


def get_titles_sources(titles: Sequence[Title]) -> dict[int, TitleSources]:
    """Return ``get_title_sources`` of each of ``titles`` by id, in one query for all."""
    claims: dict[int, list[TitleClaim]] = defaultdict(list)
    for claim in TitleClaim.objects.filter(title__in=[t.pk for t in titles]).select_related(
        "source"
    ):
        claims[claim.title_id].append(claim)
    return {
        title.pk: TitleSources(
            sources=_distinct_sources(claims[title.pk]),
            rating_source=_rating_source(claims[title.pk]),
            field_sources=_field_sources(claims[title.pk]),
        )
        for title in titles
    }


def _is_creator(credit: Credit) -> bool:
    return credit.category == CreditCategory.WRITER and "creat" in credit.job.lower()


def _rating_source(claims: Iterable[TitleClaim]) -> Source | None:
    """Return the source whose published rating the page shows."""
    stating = [c.source for c in claims if c.field == "average_rating" and c.value is not None]
    return min(stating, key=lambda source: source.precedence, default=None)


def _field_sources(claims: Iterable[TitleClaim]) -> dict[str, Source]:
    """Return, per field, the source whose value the title shows: the best that states one.

    The rule ``services.upsert_title`` applies when it resolves the shown values.
    """
    shown: dict[str, Source] = {}
    for claim in claims:
        if claim.value in (None, ""):
            continue
        current = shown.get(claim.field)
        if current is None or claim.source.precedence < current.precedence:
            shown[claim.field] = claim.source
    return shown


def _distinct_sources(claims: Iterable[TitleClaim]) -> list[Source]:
    sources = {claim.source.pk: claim.source for claim in claims}
    return sorted(sources.values(), key=lambda source: source.precedence)


def _collections(
    entries: list[CollectionEntry],
) -> list[tuple[CollectionEntry, list[CollectionEntry]]]:
    """Return each collection ``entries`` belong to, with all its members in order."""
    if not entries:
        return []
    members = (
        CollectionEntry.objects.filter(collection__in=[e.collection_id for e in entries])
        .select_related("title")
        .order_by("position", "title__start_year")
    )
    by_collection: dict[int, dict[int, CollectionEntry]] = defaultdict(dict)
    for member in members:
        by_collection[member.collection_id].setdefault(member.title_id, member)
    return [(entry, list(by_collection[entry.collection_id].values())) for entry in entries]


@dataclass(frozen=True)
class PlotSummaryPage:
    title: Title
    plots: Plots


def get_plot_summary_page(title: Title) -> PlotSummaryPage:
    """Return every summary of ``title`` with its author, then the synopsis (one query)."""
    plots = by_precedence(with_source(Plot).filter(title=title))
    return PlotSummaryPage(title=title, plots=Plots.split(plots))


@dataclass(frozen=True)
class Department:
    label: str
    credits: list[Credit]


@dataclass(frozen=True)
class FullCreditsPage:
    title: Title
    cast: list[Credit]
    crew: list[Department]


def _full_credits_page(title: Title, credits: list[Credit]) -> FullCreditsPage:
    """Return ``credits`` (in billing order) as the cast, then the crew by department.

    Departments come in IMDb's order (directors, writers, producers, music…),
    which is the declared order of ``CreditCategory``.
    """
    cast = [credit for credit in credits if credit.is_cast]
    crew_groups = grouped(
        (credit for credit in credits if not credit.is_cast),
        "category",
        CreditCategory.values,
    )
    crew = [
        Department(CreditCategory(category).label, members)
        for category, members in crew_groups.items()
    ]
    return FullCreditsPage(title=title, cast=cast, crew=crew)


def get_full_credits_page(title: Title) -> FullCreditsPage:
    """Return the whole cast in billing order, then the crew by department (two queries)."""
    return _full_credits_page(title, list(_credits(title).order_by("ordering", "pk")))


def get_full_credits_pages(titles: Sequence[Title]) -> dict[int, FullCreditsPage]:
    """Return ``get_full_credits_page`` of each of ``titles`` by id, in two queries for all.

    Every credit of the titles is read, then each group's is kept from the
    source ``_credits`` would choose: for a block of titles, one pass rather
    than one filter per title.
    """
    ids = [title.pk for title in titles]
    stating: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    for title_id, category, source_id, kind in (
        Credit.objects.filter(title__in=ids)
        .values_list("title_id", "category", "source_id", "source__kind")
        .distinct()
    ):
        stating[title_id].append((category, source_id, kind))
    best = {title_id: _best_credit_sources(rows) for title_id, rows in stating.items()}
    kept: dict[int, list[Credit]] = defaultdict(list)
    for credit in (
        Credit.objects.filter(title__in=ids)
        .select_related("person", "source")
        .order_by("title_id", "ordering", "pk")
    ):
        if best[credit.title_id].get(_credit_group(credit.category)) == credit.source_id:
            kept[credit.title_id].append(credit)
    return {title.pk: _full_credits_page(title, kept[title.pk]) for title in titles}
