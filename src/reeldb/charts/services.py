"""Compute every chart and store it: ``reeldb charts refresh``.

Top 250 (movies), Top 250 TV and the top-by-genre charts rank titles by
IMDb's published weighted rating (docs/charts.md)::

    WR = (v / (v + m)) · R + (m / (v + m)) · C

where R is the title's mean rating, v its number of votes, m the minimum votes
to be listed (``REELDB_CHART_MIN_VOTES``) and C the mean of every vote in the
basis. The basis (``REELDB_CHART_BASIS``) is reeldb's own users' ratings, the
rating a source publishes, or (``auto``) the first when enough of it exists;
the two are never mixed in one chart.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from numpy.typing import NDArray

from reeldb.catalog.models import TitleType
from reeldb.catalog.selectors import (
    get_title_kinds,
    iter_published_ratings,
    list_box_office_grosses,
    list_known_for_people,
    list_most_voted_titles,
    list_published_popularity,
)
from reeldb.charts.models import Chart, ChartEntry, ChartKind, PersonEntry
from reeldb.community.selectors import count_activity, iter_rating_totals, latest_activity

MOVIE_TYPES = frozenset({TitleType.MOVIE})
# Ranked titles whose kinds are read in one go.
KIND_BATCH = 5_000
# Votes turned into columns at a time.
VOTE_BATCH = 50_000
TV_TYPES = frozenset({TitleType.TV_SERIES, TitleType.TV_MINI_SERIES})
# The popularity charts and the title types each ranks.
POPULARITY_CHARTS = ((ChartKind.MOVIEMETER, MOVIE_TYPES), (ChartKind.TV_METER, TV_TYPES))


# The most popular people: the most-voted titles whose known-for people are
# counted, and how many people the chart keeps (its pages read ranks, so its
# size costs nothing per page).
PEOPLE_TITLES = 20_000
PEOPLE_SIZE = 1_000


# A title's ratings in the chart basis: ``(title id, how many, their mean)``. A plain
# tuple: a million of them become numpy columns in a fraction of what named ones take.
Votes = tuple[int, int, float]


def weighted_rating(
    *, votes: NDArray[np.int64], mean: NDArray[np.float64], min_votes: int, overall_mean: float
) -> NDArray[np.float64]:
    """Return IMDb's weighted rating of each title: its mean pulled towards the overall mean.

    This is ``WEIGHTED_RATING_FORMULA``, the text the chart pages print (a test
    evaluates that text against this function).

    With few votes a title scores near ``overall_mean``; with many, near its own.
    Works on whole columns of titles at once, and on plain numbers.
    """
    return (votes / (votes + min_votes)) * mean + (min_votes / (votes + min_votes)) * overall_mean


def _basis_votes(basis: str) -> Iterator[Votes]:
    if basis == "published":
        yield from iter_published_ratings()
    else:
        for title_id, count, total in iter_rating_totals():
            yield title_id, count, total / count


@dataclass
class Ranked:
    """One future chart entry."""

    title_id: int
    score: float
    votes: int | None = None
    average: Decimal | None = None
    amount: int | None = None
    region: str = ""


@dataclass
class RankedPerson:
    """One future entry of the people chart."""

    person_id: int
    votes: int
    known_for_id: int | None = None


@dataclass
class ChartResult:
    """A chart as computed, before it is stored."""

    kind: str
    key: str = ""
    entries: list[Ranked] = field(default_factory=list)
    min_votes: int | None = None
    mean_rating: float | None = None
    window: tuple[datetime.datetime, datetime.datetime] | None = None
    basis: str = ""
    people: list[RankedPerson] = field(default_factory=list)


def compute_rating_charts(
    votes: Iterable[Votes], *, basis_min_votes: int, size: int, genre_size: int
) -> list[ChartResult]:
    """Return Top 250 movies, Top 250 TV and one top chart per movie genre.

    Every rated title of a full IMDb import (1.6 million) is ranked, so the
    votes are held as three numpy columns rather than objects, scored at once,
    and walked in rank order a batch at a time, reading the kinds (type and
    genres) of one batch of titles at a time: memory stays tens of megabytes.
    """
    ids, counts, means = _vote_columns(votes)
    total = int(counts.sum())
    overall = float((counts * means).sum()) / total if total else 0.0
    eligible = counts >= basis_min_votes
    ids, counts, means = ids[eligible], counts[eligible], means[eligible]
    scores = weighted_rating(
        votes=counts, mean=means, min_votes=basis_min_votes, overall_mean=overall
    )
    # Highest score first, then most votes, then the lowest id.
    order = np.lexsort((ids, -counts, -scores))
    movies: list[Ranked] = []
    tv: list[Ranked] = []
    by_genre: dict[str, list[Ranked]] = defaultdict(list)
    for start in range(0, len(order), KIND_BATCH):
        batch = order[start : start + KIND_BATCH]
        kinds = get_title_kinds(int(title_id) for title_id in ids[batch])
        for index in batch.tolist():
            kind = kinds.get(int(ids[index]))
            if kind is None:
                continue
            entry = Ranked(
                title_id=int(ids[index]),
                score=float(scores[index]),
                votes=int(counts[index]),
                average=Decimal(str(round(float(means[index]), 2))),
            )
            if kind.title_type in MOVIE_TYPES:
                if len(movies) < size:
                    movies.append(entry)
                for genre in kind.genres:
                    if len(by_genre[genre]) < genre_size:
                        by_genre[genre].append(entry)
            elif kind.title_type in TV_TYPES and len(tv) < size:
                tv.append(entry)
    charts = [(ChartKind.TOP, "", movies), (ChartKind.TOP_TV, "", tv)]
    charts.extend((ChartKind.GENRE, genre, entries) for genre, entries in sorted(by_genre.items()))
    return [
        ChartResult(kind, key, entries, min_votes=basis_min_votes, mean_rating=overall)
        for kind, key, entries in charts
    ]


def _vote_columns(votes: Iterable[Votes]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the votes as ``(title ids, counts, means)`` columns, a batch of rows at a time."""
    rows = iter(votes)
    batches = [np.empty((0, 3))]
    while batch := list(islice(rows, VOTE_BATCH)):
        batches.append(np.array(batch, dtype=np.float64))
    # Ids and counts are whole numbers far below 2**53: exact as floats.
    table = np.concatenate(batches)
    return table[:, 0].astype(np.int64), table[:, 1].astype(np.int64), table[:, 2]


def compute_popularity(*, days: int, size: int) -> list[ChartResult]:
    """Return the most popular movies and the most popular TV shows: the most active users.

    Activity is ratings, reviews, watchlist additions and check-ins in the
    ``days`` before the latest; a user counts once per title however much
    they did, so no one account moves a chart. The window ends at the newest
    activity rather than now, so an imported history (MovieLens' ratings end
    in 1998) still has a chart, but never after now: a future date cannot pull
    the window past today. Both charts come from one count of the activity.
    """
    latest = latest_activity(until=timezone.now())
    if latest is None:
        return _published_popularity(size=size)
    since = latest - datetime.timedelta(days=days)
    counts = count_activity(since=since, until=latest)
    kinds = get_title_kinds(counts)
    results = []
    for kind, types in POPULARITY_CHARTS:
        chosen = sorted(
            (pk for pk in counts if pk in kinds and kinds[pk].title_type in types),
            key=lambda pk: (-counts[pk], pk),
        )
        entries = [Ranked(title_id=pk, score=counts[pk], votes=counts[pk]) for pk in chosen[:size]]
        results.append(ChartResult(kind, entries=entries, window=(since, latest)))
    return results


def _published_popularity(*, size: int) -> list[ChartResult]:
    """Return the movies and TV shows by the popularity rank a source publishes.

    A site filled from saved IMDb pages or the demo has no users' activity
    yet; the sources' own popularity ranks stand in until it has, as the
    published ratings do for the Top 250, and the charts say so.
    """
    ranked = list_published_popularity(limit=size * 4)
    kinds = get_title_kinds(ranked)
    results = []
    for kind, types in POPULARITY_CHARTS:
        chosen = [pk for pk in ranked if pk in kinds and kinds[pk].title_type in types]
        entries = [Ranked(title_id=pk, score=-rank) for rank, pk in enumerate(chosen[:size], 1)]
        results.append(ChartResult(kind, entries=entries, basis="published"))
    return results


def compute_box_office(*, size: int) -> ChartResult:
    """Return titles by their gross in US dollars (see ``list_box_office_grosses``)."""
    grosses = list_box_office_grosses()
    ordered = sorted(grosses.values(), key=lambda row: (-row.amount, row.title_id))[:size]
    return ChartResult(
        ChartKind.BOX_OFFICE,
        entries=[
            Ranked(title_id=row.title_id, score=row.amount, amount=row.amount, region=row.region)
            for row in ordered
        ],
    )


def compute_people_chart(*, titles: int = PEOPLE_TITLES, size: int = PEOPLE_SIZE) -> ChartResult:
    """Return the most popular people: by the votes of the titles they are known for.

    IMDb's STARmeter ranks people by page views, which reeldb does not
    have; the votes of someone's known-for titles (``knownForTitles``) are
    the nearest stated measure of how many people know their work. Only the
    ``titles`` most-voted titles are read, through the votes index, and only
    their known-for rows, through the title index: the cost is fixed however
    many people the catalogue holds, and anyone outside those titles would
    rank far below the chart's end anyway.
    """
    votes = dict(list_most_voted_titles(limit=titles))
    totals: dict[int, int] = defaultdict(int)
    best: dict[int, int] = {}
    for person_id, title_id in list_known_for_people(votes):
        totals[person_id] += votes[title_id]
        if person_id not in best or (votes[title_id], -title_id) > (
            votes[best[person_id]],
            -best[person_id],
        ):
            best[person_id] = title_id
    ranked = sorted(totals, key=lambda pk: (-totals[pk], pk))[:size]
    return ChartResult(
        ChartKind.STARMETER,
        people=[RankedPerson(pk, totals[pk], best.get(pk)) for pk in ranked],
    )


def _store_people(chart: Chart, people: list[RankedPerson], ranks: dict[int, int]) -> None:
    chart.people.all().delete()
    PersonEntry.objects.bulk_create(
        PersonEntry(
            chart=chart,
            rank=rank,
            person_id=entry.person_id,
            votes=entry.votes,
            known_for_id=entry.known_for_id,
            previous_rank=ranks.get(entry.person_id),
        )
        for rank, entry in enumerate(people, start=1)
    )


@transaction.atomic
def store_charts(results: Iterable[ChartResult], *, basis: str) -> dict[str, int]:
    """Replace the stored charts with ``results``, keeping each title's previous rank.

    One transaction: readers see the old charts until the new ones are whole.
    Genre charts no longer computed are deleted. Returns entries per chart.
    """
    now = timezone.now()
    previous: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for kind, key, title_id, rank in ChartEntry.objects.values_list(
        "chart__kind", "chart__key", "title_id", "rank"
    ):
        previous[(kind, key)][title_id] = rank
    previous_people: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for kind, key, person_id, rank in PersonEntry.objects.values_list(
        "chart__kind", "chart__key", "person_id", "rank"
    ):
        previous_people[(kind, key)][person_id] = rank
    kept: list[int] = []
    written: dict[str, int] = {}
    for result in results:
        chart, _ = Chart.objects.update_or_create(
            kind=result.kind,
            key=result.key,
            defaults={
                "computed_at": now,
                "basis": result.basis or (basis if result.min_votes is not None else ""),
                "min_votes": result.min_votes,
                "mean_rating": None
                if result.mean_rating is None
                else Decimal(str(round(result.mean_rating, 4))),
                "window_start": result.window[0] if result.window else None,
                "window_end": result.window[1] if result.window else None,
            },
        )
        kept.append(chart.pk)
        if result.kind == ChartKind.STARMETER:
            _store_people(chart, result.people, previous_people[(result.kind, result.key)])
            written[str(chart)] = len(result.people)
            continue
        chart.entries.all().delete()
        ranks = previous[(result.kind, result.key)]
        ChartEntry.objects.bulk_create(
            ChartEntry(
                chart=chart,
                rank=rank,
                title_id=entry.title_id,
                score=entry.score,
                votes=entry.votes,
                average=entry.average,
                amount=entry.amount,
                region=entry.region,
                previous_rank=ranks.get(entry.title_id),
            )
            for rank, entry in enumerate(result.entries, start=1)
        )
        written[str(chart)] = len(result.entries)
    Chart.objects.exclude(pk__in=kept).delete()
    return written


def choose_basis(configured: str, *, min_votes: int) -> tuple[str, Iterable[Votes]]:
    """Return the basis the rating charts use, and its votes.

    ``auto`` takes reeldb's own ratings once any title has ``min_votes`` of
    them, else the ratings sources publish: a new site filled from IMDb's
    datasets has a Top 250 before its users have voted, and it switches, whole,
    once they have. A chart is always of one basis, and says which.
    """
    if configured != "auto":
        return configured, _basis_votes(configured)
    own = list(_basis_votes("reeldb"))
    if any(number >= min_votes for _, number, _ in own):
        return "reeldb", own
    return "published", _basis_votes("published")


def refresh_charts() -> dict[str, int]:
    """Compute every chart from the current data and store it; return entries per chart."""
    basis, votes = choose_basis(
        settings.REELDB_CHART_BASIS, min_votes=settings.REELDB_CHART_MIN_VOTES
    )
    results = [
        *compute_rating_charts(
            votes,
            basis_min_votes=settings.REELDB_CHART_MIN_VOTES,
            size=settings.REELDB_CHART_SIZE,
            genre_size=settings.REELDB_GENRE_CHART_SIZE,
        ),
        *compute_popularity(days=settings.REELDB_POPULARITY_DAYS, size=settings.REELDB_CHART_SIZE),
        compute_box_office(size=settings.REELDB_CHART_SIZE),
        compute_people_chart(),
    ]
    return store_charts(results, basis=basis)
