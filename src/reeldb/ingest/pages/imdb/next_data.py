"""The React title page's own data (2020s), which holds everything the page shows, with ids.

``__NEXT_DATA__``'s ``props.pageProps`` has two parts: ``aboveTheFoldData``
(title, scores, principal credits) and ``mainColumnData`` (cast, details,
box office, "Did you know?", reviews, related titles).

Every value is read through ``embedded``'s typed accessors: a missing or odd
value leaves the field as the page's text gave it.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from reeldb.ingest.pages.cast import credited_as, merge_cast
from reeldb.ingest.pages.imdb.embedded import (
    dig,
    edges,
    float_at,
    int_at,
    list_at,
    text_at,
    texts,
)
from reeldb.ingest.pages.schema import (
    AlsoKnownAs,
    CompanyLine,
    CreditLine,
    Dated,
    Link,
    Money,
    PageExtraction,
    PersonRef,
    PlotText,
    Rated,
    RelatedTitle,
    Song,
    Spec,
    TitleRef,
    UserReview,
)
from reeldb.ingest.pages.text import country_name, merge_terms, parse_date

TITLE_TYPES = (
    "movie", "tvSeries", "tvMiniSeries", "tvEpisode", "tvMovie", "short", "video", "tvSpecial",
    "videoGame", "tvShort",
)  # fmt: skip
# By lower-cased id, as a lower-cased text dump has them.
NEXT_TYPES = {kind.lower(): kind for kind in TITLE_TYPES}
# The principal-credit groups kept here; "Stars" comes whole from the cast.
PRINCIPAL_CATEGORIES = {
    "director": "director",
    "directors": "director",
    "writer": "writer",
    "writers": "writer",
    "creator": "writer",
    "creators": "writer",
}
US_REGION = "United States"
# mainColumnData's full crew lists, by the category their lines take.
CREW_LISTS = (("directors", "director"), ("writers", "writer"), ("creators", "writer"))
# Top-level sections read here, and those that hold no fact about the title
# (pictures, videos, the page's own state): any other section with words in
# it is reported as unmapped.
READ_SECTIONS = frozenset({
    "id", "titletext", "originaltitletext", "titletype", "releaseyear", "releasedate", "runtime",
    "certificate", "genres", "plot", "ratingssummary", "metacritic", "reviews",
    "criticreviewstotal", "meterranking", "keywords", "series", "principalcredits", "episodes",
    "cast", "directors", "writers", "creators", "countriesoforigin", "spokenlanguages", "akas",
    "filminglocations", "taglines", "production", "productionbudget", "openingweekendgross",
    "lifetimegross", "worldwidegross", "technicalspecifications", "trivia", "goofs", "quotes",
    "connections", "soundtrack", "faqs", "summaries", "wins", "nominations",
    "nominationsexcludewins", "featuredreviews", "morelikethistitles",
})  # fmt: skip
SILENT_SECTIONS = frozenset({
    "__typename", "primaryimage", "images", "titlemainimages", "videos", "primaryvideos",
    "videostrip", "latesttrailer", "canrate", "canhaveepisodes", "isadult",
    "ratingsbody", "engagementstatistics", "meta", "news", "interests", "titlegenres",
    "iseditable", "contributionquestions", "prestigiousawardsummary", "countriesoforiginlist",
})  # fmt: skip
MAX_UNMAPPED_WORDS = 40
# Facts sit a few levels down (edges, node, text); deeper is the page's own state.
MAX_UNMAPPED_DEPTH = 8


def read_next_data(props: dict[str, Any], extraction: PageExtraction) -> None:
    """Override ``extraction`` with the React page's data: above the fold, then the main column."""
    top = dig(props, "aboveTheFoldData")
    if not isinstance(top, dict):
        return
    main = dig(props, "mainColumnData")
    main = main if isinstance(main, dict) else {}
    extraction.imdb_id = text_at(top, "id") or extraction.imdb_id
    extraction.title = text_at(top, "titleText", "text") or extraction.title
    original = text_at(top, "originalTitleText", "text")
    if original and original != extraction.title:
        extraction.original_title = original
    kind = text_at(top, "titleType", "id").lower()
    extraction.title_type = NEXT_TYPES.get(kind, extraction.title_type)
    extraction.year = int_at(top, "releaseYear", "year") or extraction.year
    extraction.end_year = int_at(top, "releaseYear", "endYear") or extraction.end_year
    if seconds := int_at(top, "runtime", "seconds"):
        extraction.runtime_minutes = seconds // 60
    _certificate(top, extraction)
    if genres := texts(list_at(top, "genres", "genres"), "text"):
        extraction.genres = genres
    if outline := text_at(top, "plot", "plotText", "plainText"):
        extraction.plots = [p for p in extraction.plots if p.kind != "outline"]
        extraction.plots.insert(0, PlotText(kind="outline", text=outline))
    _scores(top, extraction)
    if keywords := texts(list(edges(top, "keywords")), "text"):
        extraction.keywords = merge_terms(keywords, extraction.keywords)
    _series(top, main, extraction)
    _credits(top, main, extraction)
    _details(main, extraction)
    _release_date(main, extraction)
    _lists(main, extraction)
    _review(main, extraction)
    _related(main, extraction)
    for section in (top, main):
        _note_unmapped(section, extraction)


def _certificate(top: dict[str, Any], extraction: PageExtraction) -> None:
    if not (rating := text_at(top, "certificate", "rating")):
        return
    reason = text_at(top, "certificate", "ratingReason")
    reason = re.sub(r"^rated\s+\S+\s+(?:for\s+)?", "", reason, flags=re.IGNORECASE)
    country = text_at(top, "certificate", "country", "text")
    extraction.certifications = [
        Rated(
            country=country_name(country) if country else "",
            rating=rating,
            reason=reason.strip().rstrip("."),
        )
    ]


def _scores(top: dict[str, Any], extraction: PageExtraction) -> None:
    extraction.rating = float_at(top, "ratingsSummary", "aggregateRating") or extraction.rating
    extraction.votes = int_at(top, "ratingsSummary", "voteCount") or extraction.votes
    extraction.metascore = int_at(top, "metacritic", "metascore", "score") or extraction.metascore
    extraction.user_reviews = int_at(top, "reviews", "total") or extraction.user_reviews
    extraction.critic_reviews = (
        int_at(top, "criticReviewsTotal", "total") or extraction.critic_reviews
    )
    if rank := int_at(top, "meterRanking", "currentRank"):
        extraction.popularity_rank = rank
        change = int_at(top, "meterRanking", "rankChange", "difference")
        direction = text_at(top, "meterRanking", "rankChange", "changeDirection").upper()
        if change is not None and direction in ("UP", "DOWN", "FLAT"):
            extraction.popularity_change = -change if direction == "DOWN" else change


def _series(top: dict[str, Any], main: dict[str, Any], extraction: PageExtraction) -> None:
    """Read an episode's series, season and number, or a series' count of seasons and episodes."""
    series = dig(top, "series", "series")
    if isinstance(series, dict):
        extraction.title_type = "tvEpisode"
        extraction.series = TitleRef(
            title=text_at(series, "titleText", "text"),
            year=int_at(series, "releaseYear", "year"),
            imdb_id=text_at(series, "id"),
            title_type="tvSeries",
        )
        # 2021-2022 pages number an episode under "episodeNumber", later ones
        # under "displayableEpisodeNumber" (the season as text).
        shown = dig(top, "series", "displayableEpisodeNumber")
        extraction.season = int_at(top, "series", "episodeNumber", "seasonNumber") or int_at(
            shown, "displayableSeason", "season"
        )
        extraction.episode = int_at(top, "series", "episodeNumber", "episodeNumber") or int_at(
            shown, "episodeNumber", "episodeNumber"
        )
    if (episodes := int_at(main, "episodes", "episodes", "total")) is not None:
        extraction.episodes = episodes
    if seasons := list_at(main, "episodes", "seasons"):
        extraction.seasons = len(seasons)


def _credits(top: dict[str, Any], main: dict[str, Any], extraction: PageExtraction) -> None:
    """Replace the page's crew and cast with the data's, keeping what only the page states.

    ``mainColumnData`` lists every director, writer and creator where
    ``principalCredits`` may show only the first few, so its lists win.
    """
    crew = _principal_crew(list_at(top, "principalCredits"))
    for key, category in CREW_LISTS:
        if full := _crew_lines(list_at(main, key), category, is_creator=key == "creators"):
            # A creator is a writer line too: each list replaces only its own.
            is_creator = key == "creators"
            crew = [c for c in crew if c.category != category or (c.job == "creator") != is_creator]
            crew += full
    cast = [line for node in edges(main, "cast") if (line := _cast_line(node)) is not None]
    if not (crew or cast):
        return
    old_crew = [c for c in extraction.credits if c.category not in ("actor", "actress")]
    old_cast = [c for c in extraction.credits if c.category in ("actor", "actress")]
    for line in crew:
        same = next((c for c in old_crew if _same_credit(c, line)), None)
        if same is not None and not line.job:
            line.job = same.job
    extraction.credits = (crew or old_crew) + merge_cast(cast, old_cast)


def _principal_crew(groups: list[Any]) -> list[CreditLine]:
    crew: list[CreditLine] = []
    for group in groups:
        heading = text_at(group, "category", "text").lower()
        category = PRINCIPAL_CATEGORIES.get(heading)
        if category is not None:
            crew += _crew_lines([group], category, is_creator=heading.startswith("creator"))
    return crew


def _crew_lines(groups: list[Any], category: str, *, is_creator: bool) -> list[CreditLine]:
    """Return a credit group's people, each with the role its attributes state ("screenplay")."""
    lines = []
    for group in groups:
        for credit in list_at(group, "credits"):
            if not (name := text_at(credit, "name", "nameText", "text")):
                continue
            roles = ", ".join(texts(list_at(credit, "attributes"), "text"))
            job = "creator" if is_creator else roles.strip("() ")
            person = PersonRef(name, text_at(credit, "name", "id"))
            lines.append(CreditLine(category=category, job=job, person=person))
    return lines


def _same_credit(one: CreditLine, other: CreditLine) -> bool:
    if one.category != other.category:
        return False
    if one.person.imdb_id and other.person.imdb_id:
        return one.person.imdb_id == other.person.imdb_id
    return one.person.name.casefold() == other.person.name.casefold()


def _cast_line(node: dict[str, Any]) -> CreditLine | None:
    """Return one cast edge's line: its person, every character, and the name credited as.

    Notes such as "voice" or "uncredited" are attributes beside the credited
    name ("as Bea Quint"), each on its own; ``episodeCredits`` (a series'
    count and years for the person) has no field to go to.
    """
    if not (name := text_at(node, "name", "nameText", "text")):
        return None
    notes = texts(list_at(node, "attributes"), "text")
    credited = next((found for note in notes if (found := credited_as(note))), "")
    return CreditLine(
        category="actor",
        person=PersonRef(name, text_at(node, "name", "id")),
        characters=texts(list_at(node, "characters"), "name"),
        credited_as=credited,
    )


def _details(main: dict[str, Any], extraction: PageExtraction) -> None:
    if countries := texts(list_at(main, "countriesOfOrigin", "countries"), "text"):
        extraction.countries = [country_name(c) for c in countries]
    if languages := texts(list_at(main, "spokenLanguages", "spokenLanguages"), "text"):
        extraction.languages = languages
    if akas := texts(list(edges(main, "akas")), "text"):
        extraction.akas = [AlsoKnownAs(title=aka) for aka in akas]
    if places := texts(list(edges(main, "filmingLocations")), "text"):
        extraction.filming_locations = places
    if taglines := texts(list(edges(main, "taglines")), "text"):
        extraction.taglines = taglines
    if companies := texts(list(edges(main, "production")), "company", "companyText", "text"):
        extraction.companies = [CompanyLine(name=name) for name in companies]
    money = []
    for key, kind, region in (
        ("productionBudget", "budget", ""),
        ("openingWeekendGross", "opening_weekend", US_REGION),
        ("lifetimeGross", "gross", US_REGION),
        ("worldwideGross", "gross", "worldwide"),
    ):
        for path in (("budget",), ("total",), ("gross", "total")):
            amount = int_at(main, key, *path, "amount")
            if amount is not None:
                currency = (text_at(main, key, *path, "currency") or "USD").upper()
                estimated = kind == "budget"
                figure = Money(kind, amount, currency, region=region, is_estimated=estimated)
                money.append(figure)
                break
    if money:
        extraction.box_office = money
    specs = []
    for key, kind, field in (
        ("soundMixes", "sound_mix", "text"),
        ("colorations", "color", "text"),
        ("aspectRatios", "aspect_ratio", "aspectRatio"),
    ):
        items = list_at(main, "technicalSpecifications", key, "items")
        specs += [Spec(kind=kind, value=value) for value in texts(items, field)]
    if specs:
        extraction.technical_specs = specs


def _release_date(main: dict[str, Any], extraction: PageExtraction) -> None:
    """Read the Details block's release date: a day, or just a month or a year when so stated."""
    year = int_at(main, "releaseDate", "year")
    if year is None or not 1800 < year < 2200:
        return
    month = int_at(main, "releaseDate", "month")
    day = int_at(main, "releaseDate", "day")
    precision = "day" if month and day else "month" if month else "year"
    try:
        date = datetime.date(year, month or 1, day or 1)
    except ValueError:
        return
    country = text_at(main, "releaseDate", "country", "text")
    dated = Dated(country=country_name(country) if country else "", date=date, precision=precision)
    # The same date stated elsewhere without its country (JSON-LD) is this one.
    others = [
        d
        for d in extraction.release_dates
        if d.date != date or d.country not in ("", dated.country)
    ]
    extraction.release_dates = [dated, *others]


def _note_unmapped(section: dict[str, Any], extraction: PageExtraction) -> None:
    """Note each top-level section with words in it that this reader does not map."""
    for key, value in section.items():
        name = key.lower() if isinstance(key, str) else ""
        if not name or name in READ_SECTIONS or name in SILENT_SECTIONS:
            continue
        words = _words(value, [])
        if words:
            extraction.note_unmapped("section", key, " ".join(words))


def _words(value: Any, found: list[str], depth: int = 0) -> list[str]:
    """Return the strings in ``value`` that read as words, not ids or addresses, up to a limit."""
    if len(found) >= MAX_UNMAPPED_WORDS or depth > MAX_UNMAPPED_DEPTH:
        return found
    if isinstance(value, str):
        if re.search(r"[^\W\d_]{3}", value) and not re.fullmatch(r"\S*[/_.:]\S*|\w+", value):
            found.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("__typename", "id", "url"):
                _words(item, found, depth + 1)
    elif isinstance(value, list):
        for item in value[:MAX_UNMAPPED_WORDS]:
            _words(item, found, depth + 1)
    return found


def _lists(main: dict[str, Any], extraction: PageExtraction) -> None:
    if trivia := texts(list(edges(main, "trivia")), "text", "plainText"):
        extraction.trivia = trivia
    if goofs := texts(list(edges(main, "goofs")), "text", "plainText"):
        extraction.goofs = goofs
    if quotes := [q for n in edges(main, "quotes") if (q := _quote(list_at(n, "lines")))]:
        extraction.quotes = quotes
    links = []
    for node in edges(main, "connections"):
        kind = text_at(node, "category", "id") or text_at(node, "category", "text")
        if title := text_at(node, "associatedTitle", "titleText", "text"):
            target = TitleRef(
                title=title,
                year=int_at(node, "associatedTitle", "releaseYear", "year"),
                imdb_id=text_at(node, "associatedTitle", "id"),
            )
            links.append(Link(kind=kind.lower().replace(" ", "_"), target=target))
    if links:
        extraction.connections = links
    songs = [
        Song(title=title, credits=" ".join(texts(list_at(node, "comments"), "plainText")))
        for node in edges(main, "soundtrack")
        if (title := text_at(node, "text"))
    ]
    if songs:
        extraction.soundtracks = songs
    if faq := texts(list(edges(main, "faqs")), "question", "plainText"):
        extraction.faq = faq
    summaries = [
        PlotText(kind="summary", text=text, author=text_at(node, "author"))
        for node in edges(main, "summaries")
        if (text := text_at(node, "plotText", "plainText"))
    ]
    if summaries:
        extraction.plots = [p for p in extraction.plots if p.kind != "summary"] + summaries
    wins = int_at(main, "wins", "total")
    nominations = int_at(main, "nominationsExcludeWins", "total")
    if nominations is None:
        nominations = int_at(main, "nominations", "total")
    if wins is not None and nominations is not None:
        extraction.awards = f"{wins} wins & {nominations} nominations"


def _quote(lines: list[Any]) -> list[str]:
    """Return a quote's lines as "Speaker: words", as the older pages print them."""
    out = []
    for line in lines:
        if not (text := text_at(line, "text")):
            continue
        speakers = texts(list_at(line, "characters"), "character")
        out.append(f"{' & '.join(speakers)}: {text}" if speakers else text)
    return out


def _review(main: dict[str, Any], extraction: PageExtraction) -> None:
    node = next(edges(main, "featuredReviews"), None)
    text = text_at(node, "text", "originalText", "plainText") or text_at(node, "text", "plainText")
    if node is None or not text:
        return
    up = int_at(node, "helpfulness", "upVotes")
    down = int_at(node, "helpfulness", "downVotes")
    extraction.review = UserReview(
        headline=text_at(node, "summary", "originalText"),
        text=text,
        author=text_at(node, "author", "nickName") or text_at(node, "author", "username", "text"),
        date=parse_date(text_at(node, "submissionDate")),
        rating=int_at(node, "authorRating"),
        helpful_yes=up,
        helpful_total=up + down if up is not None and down is not None else None,
    )


def _related(main: dict[str, Any], extraction: PageExtraction) -> None:
    related = [
        RelatedTitle(
            title=title,
            year=int_at(node, "releaseYear", "year"),
            imdb_id=text_at(node, "id"),
            title_type=NEXT_TYPES.get(text_at(node, "titleType", "id").lower(), ""),
            genres=texts(list_at(node, "titleCardGenres", "genres"), "text"),
            rating=float_at(node, "ratingsSummary", "aggregateRating"),
            outline=text_at(node, "plot", "plotText", "plainText"),
        )
        for node in edges(main, "moreLikeThisTitles")
        if (title := text_at(node, "titleText", "text"))
    ]
    if related:
        extraction.related = related
