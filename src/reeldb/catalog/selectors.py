"""Reads for the catalogue's pages.

Each ``get_…_page`` returns everything one page shows, in a fixed number of
queries whatever the size of the cast or filmography (tests pin the counts).
Lists that several sources state are de-duplicated by natural key, keeping
the row of the highest-precedence source.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Count, Model, Prefetch, Q, QuerySet
from django.http import Http404

from reeldb.catalog.models import (
    CAST_CATEGORIES,
    LOCAL_PERSON_PREFIX,
    LOCAL_TITLE_PREFIX,
    SOURCE_PRECEDENCE,
    Aka,
    BoxOffice,
    Certification,
    Collection,
    CollectionEntry,
    CompanyCredit,
    CompanyRole,
    Connection,
    ConnectionKind,
    Credit,
    CreditCategory,
    FaqEntry,
    FilmingLocation,
    Goof,
    Keyword,
    KnownFor,
    Person,
    Plot,
    PlotKind,
    Quote,
    ReleaseDate,
    Soundtrack,
    Source,
    Tagline,
    TechnicalSpec,
    TechnicalSpecKind,
    Title,
    TitleClaim,
    TitleType,
    Trivia,
)
from reeldb.catalog.services import natural_key

TITLE_ID = re.compile(rf"(?:tt\d{{7,10}}|{LOCAL_TITLE_PREFIX}\d{{1,12}})")
PERSON_ID = re.compile(rf"(?:nm\d{{7,10}}|{LOCAL_PERSON_PREFIX}\d{{1,12}})")
STARS_SHOWN = 3
KNOWN_FOR_SHOWN = 4

RowT = TypeVar("RowT", bound=Model)


def _by_precedence(rows: Iterable[RowT]) -> list[RowT]:
    """Return ``rows`` with one row per natural key: the best source's, in its order."""
    ranked = sorted(
        rows,
        key=lambda row: (SOURCE_PRECEDENCE.index(row.source.kind), row.ordering),  # type: ignore[attr-defined]
    )
    seen: set[tuple[object, ...]] = set()
    kept = []
    for row in ranked:
        key = natural_key(row)
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def _with_source(model: type[Model]) -> QuerySet[Any]:
    return model._default_manager.select_related("source")


def get_title_or_404(public_id: str) -> Title:
    """Return the title with this ``tt`` or local ``rt`` id, with its series, or raise 404."""
    if not TITLE_ID.fullmatch(public_id):
        raise Http404("No such title")
    titles = Title.objects.select_related("parent")
    if public_id.startswith(LOCAL_TITLE_PREFIX):
        found = titles.filter(pk=int(public_id.removeprefix(LOCAL_TITLE_PREFIX))).first()
    else:
        found = titles.filter(tconst=public_id).first()
    if found is None:
        raise Http404("No such title")
    return found


def get_person_or_404(public_id: str) -> Person:
    """Return the person with this ``nm`` or local ``rn`` id, or raise 404."""
    if not PERSON_ID.fullmatch(public_id):
        raise Http404("No such person")
    if public_id.startswith(LOCAL_PERSON_PREFIX):
        found = Person.objects.filter(pk=int(public_id.removeprefix(LOCAL_PERSON_PREFIX))).first()
    else:
        found = Person.objects.filter(nconst=public_id).first()
    if found is None:
        raise Http404("No such person")
    return found


def _credit_source_id(title: Title) -> int | None:
    """Return the best source that lists credits for ``title``.

    A cast list is shown from one source, whole: interleaving two sources'
    billing orders would produce an order neither of them states.
    """
    source_ids = set(
        Credit.objects.filter(title=title).values_list("source_id", flat=True).distinct()
    )
    if not source_ids:
        return None
    sources = Source.objects.filter(pk__in=source_ids).only("kind")
    return min(sources, key=lambda source: SOURCE_PRECEDENCE.index(source.kind)).pk


def _credits(title: Title) -> QuerySet[Credit]:
    source_id = _credit_source_id(title)
    if source_id is None:
        return Credit.objects.none()
    return Credit.objects.filter(title=title, source_id=source_id).select_related("person")


@dataclass(frozen=True)
class SeriesPosition:
    """Where an episode sits in its series: the series and its neighbours."""

    series: Title
    previous: Title | None
    next: Title | None


@dataclass(frozen=True)
class SeasonSummary:
    number: int | None
    episode_count: int


@dataclass
class TitlePage:
    """Everything the title page shows, section by section, in IMDb's order."""

    title: Title
    directors: list[Credit]
    writers: list[Credit]
    creators: list[Credit]
    top_cast: list[Credit]
    cast_count: int
    outline: Plot | None
    summaries: list[Plot]
    synopsis: Plot | None
    keywords: list[Keyword]
    taglines: list[Tagline]
    certifications: list[Certification]
    release_dates: list[ReleaseDate]
    akas: list[Aka]
    filming_locations: list[FilmingLocation]
    companies: dict[str, list[CompanyCredit]]
    box_office: list[BoxOffice]
    technical_specs: dict[str, list[TechnicalSpec]]
    trivia: list[Trivia]
    goofs: list[Goof]
    quotes: list[Quote]
    connections: dict[str, list[Connection]]
    soundtracks: list[Soundtrack]
    faq_entries: list[FaqEntry]
    collections: list[tuple[CollectionEntry, list[CollectionEntry]]]
    seasons: list[SeasonSummary]
    series_position: SeriesPosition | None
    rating_source: Source | None
    sources: list[Source] = field(default_factory=list)

    @property
    def stars(self) -> list[Credit]:
        return self.top_cast[:STARS_SHOWN]

    @property
    def certificate(self) -> Certification | None:
        """Return the certificate shown beside the year: the first listed."""
        return self.certifications[0] if self.certifications else None

    @property
    def first_release(self) -> ReleaseDate | None:
        return self.release_dates[0] if self.release_dates else None

    @property
    def budget(self) -> BoxOffice | None:
        return next((row for row in self.box_office if row.kind == "budget"), None)

    @property
    def has_details(self) -> bool:
        return bool(
            self.release_dates
            or self.title.countries
            or self.title.languages
            or self.akas
            or self.filming_locations
            or self.companies
        )

    @property
    def has_did_you_know(self) -> bool:
        return bool(
            self.trivia or self.goofs or self.quotes or self.connections or self.soundtracks
        )

    @property
    def has_storyline(self) -> bool:
        return bool(
            self.summaries
            or self.keywords
            or self.taglines
            or self.title.genres
            or self.certifications
        )


def _grouped(rows: Iterable[RowT], attribute: str, order: Sequence[str]) -> dict[str, list[RowT]]:
    """Group ``rows`` by ``attribute``, groups in ``order`` (the choices' declared order)."""
    groups: dict[str, list[RowT]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, attribute)].append(row)
    return {key: groups[key] for key in order if key in groups}


def _series_position(title: Title) -> SeriesPosition | None:
    if title.parent is None:
        return None
    siblings = Title.objects.filter(parent=title.parent_id).only(
        "tconst", "primary_title", "season_number", "episode_number"
    )
    season, number = title.season_number or 0, title.episode_number or 0
    earlier = Q(season_number__lt=season) | Q(season_number=season, episode_number__lt=number)
    later = Q(season_number__gt=season) | Q(season_number=season, episode_number__gt=number)
    return SeriesPosition(
        series=title.parent,
        previous=siblings.filter(earlier).order_by("-season_number", "-episode_number").first(),
        next=siblings.filter(later).order_by("season_number", "episode_number").first(),
    )


def list_seasons(series: Title) -> list[SeasonSummary]:
    """Return the seasons of ``series`` with their episode counts, in order."""
    rows = (
        Title.objects.filter(parent=series)
        .values("season_number")
        .annotate(episode_count=Count("pk"))
        .order_by("season_number")
    )
    return [SeasonSummary(row["season_number"], row["episode_count"]) for row in rows]


FACT_PREFETCHES = (
    "plots",
    "keywords",
    "taglines",
    "certifications",
    "release_dates",
    "akas",
    "filming_locations",
    "box_office",
    "technical_specs",
    "trivia",
    "goofs",
    "quotes",
    "soundtracks",
    "faq_entries",
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
}


def get_title_page(title: Title, *, top_cast_size: int) -> TitlePage:
    """Return every section of ``title``'s page, de-duplicated across sources.

    Runs a fixed number of queries: one per fact list, two for the credits'
    source and the credits, one for the cast count, and a few for the series.
    """
    facts = Title.objects.prefetch_related(
        *(Prefetch(name, queryset=_with_source(FACT_MODELS[name])) for name in FACT_PREFETCHES),
        Prefetch("company_credits", queryset=_with_source(CompanyCredit).select_related("company")),
        Prefetch(
            "connections",
            queryset=_with_source(Connection).select_related("target").order_by("ordering"),
        ),
        Prefetch(
            "collection_entries",
            queryset=_with_source(CollectionEntry).select_related("collection"),
        ),
    ).get(pk=title.pk)
    lists: dict[str, list[Any]] = {
        name: _by_precedence(getattr(facts, name).all()) for name in FACT_PREFETCHES
    }
    credits = _credits(title)
    key_crew = list(
        credits.filter(category__in=[CreditCategory.DIRECTOR, CreditCategory.WRITER]).order_by(
            "ordering"
        )
    )
    cast = credits.filter(category__in=CAST_CATEGORIES).order_by("ordering")
    plots = lists["plots"]
    claims = TitleClaim.objects.filter(title=title).select_related("source")
    return TitlePage(
        title=title,
        directors=[c for c in key_crew if c.category == CreditCategory.DIRECTOR],
        writers=[c for c in key_crew if c.category == CreditCategory.WRITER and not _is_creator(c)],
        creators=[c for c in key_crew if _is_creator(c)],
        top_cast=list(cast[:top_cast_size]),
        cast_count=cast.count(),
        outline=next((plot for plot in plots if plot.kind == PlotKind.OUTLINE), None),
        summaries=[plot for plot in plots if plot.kind == PlotKind.SUMMARY],
        synopsis=next((plot for plot in plots if plot.kind == PlotKind.SYNOPSIS), None),
        keywords=lists["keywords"],
        taglines=lists["taglines"],
        certifications=lists["certifications"],
        release_dates=lists["release_dates"],
        akas=lists["akas"],
        filming_locations=lists["filming_locations"],
        companies=_grouped(_by_precedence(facts.company_credits.all()), "role", CompanyRole.values),
        box_office=lists["box_office"],
        technical_specs=_grouped(lists["technical_specs"], "kind", TechnicalSpecKind.values),
        trivia=lists["trivia"],
        goofs=lists["goofs"],
        quotes=lists["quotes"],
        connections=_grouped(
            _by_precedence(facts.connections.all()), "kind", ConnectionKind.values
        ),
        soundtracks=lists["soundtracks"],
        faq_entries=lists["faq_entries"],
        collections=_collections(_by_precedence(facts.collection_entries.all())),
        seasons=list_seasons(title) if title.is_series else [],
        series_position=_series_position(title),
        rating_source=_rating_source(claims),
        sources=_distinct_sources(claims),
    )


def _is_creator(credit: Credit) -> bool:
    return credit.category == CreditCategory.WRITER and "creat" in credit.job.lower()


def _rating_source(claims: Iterable[TitleClaim]) -> Source | None:
    """Return the source whose published rating the page shows."""
    stating = [c.source for c in claims if c.field == "average_rating" and c.value is not None]
    return min(stating, key=lambda source: source.precedence, default=None)


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
    outline: Plot | None
    summaries: list[Plot]
    synopsis: Plot | None


def get_plot_summary_page(title: Title) -> PlotSummaryPage:
    """Return every summary of ``title`` with its author, then the synopsis (one query)."""
    plots = _by_precedence(_with_source(Plot).filter(title=title))
    return PlotSummaryPage(
        title=title,
        outline=next((plot for plot in plots if plot.kind == PlotKind.OUTLINE), None),
        summaries=[plot for plot in plots if plot.kind == PlotKind.SUMMARY],
        synopsis=next((plot for plot in plots if plot.kind == PlotKind.SYNOPSIS), None),
    )


@dataclass(frozen=True)
class Department:
    label: str
    credits: list[Credit]


@dataclass(frozen=True)
class FullCreditsPage:
    title: Title
    cast: list[Credit]
    crew: list[Department]


def get_full_credits_page(title: Title) -> FullCreditsPage:
    """Return the whole cast in billing order, then the crew by department.

    Departments come in IMDb's order (directors, writers, producers, music…),
    which is the declared order of ``CreditCategory``.
    """
    credits = list(_credits(title).order_by("ordering"))
    cast = [credit for credit in credits if credit.is_cast]
    crew_groups = _grouped(
        (credit for credit in credits if not credit.is_cast),
        "category",
        CreditCategory.values,
    )
    crew = [
        Department(CreditCategory(category).label, members)
        for category, members in crew_groups.items()
    ]
    return FullCreditsPage(title=title, cast=cast, crew=crew)


@dataclass(frozen=True)
class EpisodeGuidePage:
    series: Title
    seasons: list[SeasonSummary]
    season: int | None
    episodes: Sequence[Title]
    outlines: dict[int, Plot]
    air_dates: dict[int, ReleaseDate]


def get_episode_guide_page(series: Title, *, season: int | None) -> EpisodeGuidePage:
    """Return one season of ``series`` (the first when ``season`` is None).

    Raises 404 for a season the series does not have.
    """
    seasons = list_seasons(series)
    numbers = [summary.number for summary in seasons]
    if season is None:
        season = numbers[0] if numbers else None
    elif season not in numbers:
        raise Http404("No such season")
    episodes = list(
        Title.objects.filter(parent=series, season_number=season)
        .order_by("episode_number", "primary_title")
        .prefetch_related(
            Prefetch(
                "plots",
                queryset=_with_source(Plot).filter(kind=PlotKind.OUTLINE),
                to_attr="outline_plots",
            ),
            Prefetch("release_dates", queryset=_with_source(ReleaseDate), to_attr="air_dates"),
        )
    )
    return EpisodeGuidePage(
        series=series,
        seasons=seasons,
        season=season,
        episodes=episodes,
        outlines={
            episode.pk: plots[0]
            for episode in episodes
            if (plots := _by_precedence(episode.outline_plots))
        },
        air_dates={
            episode.pk: dates[0]
            for episode in episodes
            if (dates := _by_precedence(episode.air_dates))
        },
    )


@dataclass(frozen=True)
class FilmographyEntry:
    """One title in a filmography; a series gathers its episode credits."""

    title: Title
    credits: list[Credit]
    episode_count: int = 0
    years: str = ""

    @property
    def characters(self) -> str:
        names = dict.fromkeys(c for credit in self.credits for c in credit.characters)
        return " / ".join(str(name) for name in names)

    @property
    def jobs(self) -> str:
        return ", ".join(dict.fromkeys(credit.job for credit in self.credits if credit.job))

    @property
    def credited_as(self) -> str:
        return next((credit.credited_as for credit in self.credits if credit.credited_as), "")


@dataclass(frozen=True)
class FilmographyGroup:
    label: str
    entries: list[FilmographyEntry]


@dataclass(frozen=True)
class PersonPage:
    person: Person
    known_for: list[Title]
    filmography: list[FilmographyGroup]


FILMOGRAPHY_LABELS = {
    CreditCategory.ACTOR: "Actor",
    CreditCategory.ACTRESS: "Actress",
    CreditCategory.SELF: "Self",
    CreditCategory.DIRECTOR: "Director",
    CreditCategory.WRITER: "Writer",
    CreditCategory.PRODUCER: "Producer",
    CreditCategory.COMPOSER: "Composer",
    CreditCategory.CINEMATOGRAPHER: "Cinematographer",
    CreditCategory.EDITOR: "Editor",
}


def _sort_year(title: Title) -> int:
    return title.start_year or 0


def _filmography_group(credits: list[Credit]) -> list[FilmographyEntry]:
    """Return one entry per title, newest first; episode credits fold into their series."""
    by_title: dict[int, list[Credit]] = defaultdict(list)
    shown: dict[int, Title] = {}
    episodes: dict[int, set[int]] = defaultdict(set)
    episode_years: dict[int, list[int]] = defaultdict(list)
    for credit in credits:
        title = credit.title
        shown_title = title.parent if title.parent_id and title.parent else title
        by_title[shown_title.pk].append(credit)
        shown[shown_title.pk] = shown_title
        if shown_title is not title:
            episodes[shown_title.pk].add(title.pk)
            if title.start_year:
                episode_years[shown_title.pk].append(title.start_year)
    entries = []
    for pk, title in shown.items():
        years = episode_years.get(pk, [])
        span = ""
        if years:
            low, high = min(years), max(years)
            span = str(low) if low == high else f"{low}–{high}"
        entries.append(
            FilmographyEntry(
                title=title, credits=by_title[pk], episode_count=len(episodes[pk]), years=span
            )
        )
    return sorted(entries, key=lambda entry: (-_sort_year(entry.title), entry.title.primary_title))


def get_person_page(person: Person) -> PersonPage:
    """Return ``person``'s known-for titles and filmography grouped by category.

    Categories with most credits come first, as on IMDb; within one, newest
    first. Three queries whatever the filmography's size.
    """
    credits = _by_precedence(
        Credit.objects.filter(person=person).select_related("source", "title", "title__parent")
    )
    by_category: dict[str, list[Credit]] = defaultdict(list)
    for credit in credits:
        by_category[credit.category].append(credit)
    declared = list(CreditCategory.values)
    ordered = sorted(by_category, key=lambda c: (-len(by_category[c]), declared.index(c)))
    filmography = [
        FilmographyGroup(
            FILMOGRAPHY_LABELS.get(CreditCategory(category), CreditCategory(category).label),
            _filmography_group(by_category[category]),
        )
        for category in ordered
    ]
    known_for = [
        row.title
        for row in _by_precedence(
            KnownFor.objects.filter(person=person).select_related("source", "title")
        )
    ][:KNOWN_FOR_SHOWN]
    if not known_for:
        known_for = _most_voted_titles(credits)
    return PersonPage(person=person, known_for=known_for, filmography=filmography)


def _most_voted_titles(credits: Iterable[Credit]) -> list[Title]:
    """Return the best-known titles among ``credits`` when no source says what they are."""
    titles = {credit.title.pk: credit.title for credit in credits if not credit.title.is_episode}
    ranked = sorted(titles.values(), key=lambda title: -(title.num_votes or 0))
    return ranked[:KNOWN_FOR_SHOWN]


def list_featured_titles(*, limit: int) -> list[Title]:
    """Return the most-voted films and series for the home page."""
    return list(
        Title.objects.exclude(title_type=TitleType.TV_EPISODE)
        .filter(num_votes__isnull=False)
        .order_by("-num_votes", "primary_title")[:limit]
    )


def list_collections(*, limit: int) -> list[tuple[Collection, list[Title]]]:
    """Return the largest film series with their titles in order (two queries)."""
    collections = (
        Collection.objects.annotate(size=Count("entries__title", distinct=True))
        .order_by("-size", "name")[:limit]
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=CollectionEntry.objects.select_related("title").order_by(
                    "position", "title__start_year"
                ),
            )
        )
    )
    return [
        (collection, list({e.title_id: e.title for e in collection.entries.all()}.values()))
        for collection in collections
    ]
