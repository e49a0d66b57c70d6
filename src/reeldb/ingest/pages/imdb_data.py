"""The data newer IMDb pages embed: JSON-LD (since 2017) and the React page's ``__NEXT_DATA__``.

Where a page embeds its data, that data is exact where the page's text is
not (ids, full names, unabbreviated lists), so it overrides what the text
gave. Every lookup tolerates missing keys: IMDb changes these shapes often.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from reeldb.ingest.pages.markup import HtmlPage
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
from reeldb.ingest.pages.text import country_name, parse_date, parse_int, parse_runtime

LD_TYPES = {
    "Movie": "movie",
    "TVSeries": "tvSeries",
    "TVEpisode": "tvEpisode",
    "VideoGame": "videoGame",
    "CreativeWork": "",
}
NEXT_TYPES = {
    "movie": "movie",
    "tvSeries": "tvSeries",
    "tvMiniSeries": "tvMiniSeries",
    "tvEpisode": "tvEpisode",
    "tvMovie": "tvMovie",
    "short": "short",
    "video": "video",
    "tvSpecial": "tvSpecial",
}

# The React page's principal-credit groups this extractor keeps; "Stars" comes from the cast.
PRINCIPAL_CATEGORIES = {
    "Director": "director",
    "Directors": "director",
    "Writer": "writer",
    "Writers": "writer",
    "Creator": "writer",
    "Creators": "writer",
}


def dig(data: Any, *path: str | int) -> Any:
    """Return ``data[path[0]][path[1]]…``, or None where any step is missing."""
    for step in path:
        if isinstance(step, int):
            data = data[step] if isinstance(data, list) and -len(data) <= step < len(data) else None
        else:
            data = data.get(step) if isinstance(data, dict) else None
        if data is None:
            return None
    return data


def _texts(items: Any, *path: str) -> list[str]:
    values = [dig(item, *path) for item in items or []] if isinstance(items, list) else []
    return [value.strip() for value in values if isinstance(value, str) and value.strip()]


def _edges(data: Any, *path: str) -> Iterator[dict[str, Any]]:
    for edge in dig(data, *path, "edges") or []:
        node = dig(edge, "node")
        if isinstance(node, dict):
            yield node


def _edge_texts(data: Any, key: str) -> list[str]:
    """Return the ``text`` of each node of a React connection (``{"edges": [{"node": …}]}``)."""
    return _texts([{"text": node.get("text")} for node in _edges(data, key)], "text")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _imdb_id(url: Any, prefix: str) -> str:
    match = re.search(rf"{prefix}\d{{7,10}}", url) if isinstance(url, str) else None
    return match.group(0) if match else ""


def apply(html: HtmlPage, extraction: PageExtraction) -> None:
    """Override ``extraction`` with what ``html``'s embedded data states."""
    for item in html.json_ld:
        if item.get("@type") in LD_TYPES:
            _json_ld(item, extraction)
    page_props = dig(html.next_data, "props", "pageProps")
    if isinstance(page_props, dict):
        _next_data(page_props, extraction)


def _json_ld(item: dict[str, Any], extraction: PageExtraction) -> None:
    extraction.imdb_id = _imdb_id(item.get("url"), "tt") or extraction.imdb_id
    if isinstance(item.get("name"), str):
        extraction.title = item["name"]
    if isinstance(item.get("alternateName"), str):
        extraction.original_title = extraction.title
        extraction.title = item["alternateName"]
    kind = LD_TYPES.get(item.get("@type", ""), "")
    if kind and not (kind == "movie" and extraction.title_type not in ("", "movie")):
        extraction.title_type = kind
    if genres := _as_list(item.get("genre")):
        extraction.genres = [g for g in genres if isinstance(g, str)]
    if isinstance(item.get("keywords"), str):
        extraction.keywords = [k.strip() for k in item["keywords"].split(",") if k.strip()]
    if isinstance(item.get("contentRating"), str) and not extraction.certifications:
        extraction.certifications = [Rated(country="", rating=item["contentRating"])]
    if isinstance(item.get("duration"), str):
        extraction.runtime_minutes = parse_runtime(item["duration"]) or extraction.runtime_minutes
    if isinstance(item.get("datePublished"), str) and (date := parse_date(item["datePublished"])):
        extraction.year = extraction.year or date.year
    rating = item.get("aggregateRating")
    if isinstance(rating, dict):
        extraction.rating = _number(rating.get("ratingValue")) or extraction.rating
        extraction.votes = parse_int(str(rating.get("ratingCount") or "")) or extraction.votes
    if isinstance(item.get("description"), str) and not any(
        plot.kind == "outline" for plot in extraction.plots
    ):
        extraction.plots.insert(0, PlotText(kind="outline", text=item["description"]))
    _ld_people(item, extraction)
    review = item.get("review")
    if (
        isinstance(review, dict)
        and extraction.review is None
        and isinstance(review.get("reviewBody"), str)
    ):
        extraction.review = UserReview(
            headline=str(review.get("name") or ""),
            text=review["reviewBody"],
            author=str(dig(review, "author", "name") or ""),
            date=parse_date(str(review.get("dateCreated") or "")),
            rating=parse_int(str(dig(review, "reviewRating", "ratingValue") or "")),
        )


def _number(value: Any) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _ld_people(item: dict[str, Any], extraction: PageExtraction) -> None:
    """Give the text's credits the ids JSON-LD links, and add people the text missed."""
    by_name = {credit.person.name.casefold(): credit for credit in extraction.credits}
    for key, category in (("director", "director"), ("creator", "writer"), ("actor", "actor")):
        for person in _as_list(item.get(key)):
            if not isinstance(person, dict) or person.get("@type") != "Person":
                continue
            name = str(person.get("name") or "").strip()
            nconst = _imdb_id(person.get("url"), "nm")
            existing = by_name.get(name.casefold())
            if existing is not None:
                existing.person.imdb_id = existing.person.imdb_id or nconst
            elif name:
                credit = CreditLine(category=category, person=PersonRef(name=name, imdb_id=nconst))
                extraction.credits.append(credit)
                by_name[name.casefold()] = credit


def _next_data(props: dict[str, Any], extraction: PageExtraction) -> None:
    """Read the React page's own data (2020s): above the fold, then the main column."""
    fold_data = props.get("aboveTheFoldData")
    main = props.get("mainColumnData")
    if not isinstance(fold_data, dict):
        return
    main = main if isinstance(main, dict) else {}
    extraction.imdb_id = str(fold_data.get("id") or extraction.imdb_id)
    extraction.title = dig(fold_data, "titleText", "text") or extraction.title
    original = dig(fold_data, "originalTitleText", "text")
    if original and original != extraction.title:
        extraction.original_title = original
    kind = dig(fold_data, "titleType", "id")
    extraction.title_type = (
        NEXT_TYPES.get(kind, extraction.title_type) if kind else extraction.title_type
    )
    extraction.year = dig(fold_data, "releaseYear", "year") or extraction.year
    extraction.end_year = dig(fold_data, "releaseYear", "endYear") or extraction.end_year
    if seconds := dig(fold_data, "runtime", "seconds"):
        extraction.runtime_minutes = int(seconds) // 60
    if rating := dig(fold_data, "certificate", "rating"):
        reason = str(dig(fold_data, "certificate", "ratingReason") or "")
        reason = re.sub(r"^rated\s+\S+\s+(?:for\s+)?", "", reason, flags=re.IGNORECASE)
        country = dig(fold_data, "certificate", "country", "text")
        extraction.certifications = [
            Rated(
                country=country_name(country) if isinstance(country, str) else "",
                rating=rating,
                reason=reason.strip().rstrip("."),
            )
        ]
    if genres := _texts(dig(fold_data, "genres", "genres"), "text"):
        extraction.genres = genres
    if outline := dig(fold_data, "plot", "plotText", "plainText"):
        extraction.plots = [p for p in extraction.plots if p.kind != "outline"]
        extraction.plots.insert(0, PlotText(kind="outline", text=outline))
    extraction.rating = dig(fold_data, "ratingsSummary", "aggregateRating") or extraction.rating
    extraction.votes = dig(fold_data, "ratingsSummary", "voteCount") or extraction.votes
    extraction.metascore = (
        dig(fold_data, "metacritic", "metascore", "score") or extraction.metascore
    )
    extraction.user_reviews = dig(fold_data, "reviews", "total") or extraction.user_reviews
    extraction.critic_reviews = (
        dig(fold_data, "criticReviewsTotal", "total") or extraction.critic_reviews
    )
    if rank := dig(fold_data, "meterRanking", "currentRank"):
        extraction.popularity_rank = rank
        change = dig(fold_data, "meterRanking", "rankChange", "difference")
        direction = dig(fold_data, "meterRanking", "rankChange", "changeDirection")
        if isinstance(change, int) and direction in ("UP", "DOWN", "FLAT"):
            extraction.popularity_change = -change if direction == "DOWN" else change
    if keywords := _edge_texts(fold_data, "keywords"):
        extraction.keywords = keywords
    _next_series(fold_data, main, extraction)
    _next_credits(fold_data, main, extraction)
    _next_details(main, extraction)


def _next_series(
    fold_data: dict[str, Any], main: dict[str, Any], extraction: PageExtraction
) -> None:
    """Read an episode's series, season and number, or a series' count of seasons and episodes."""
    series = dig(fold_data, "series", "series")
    if isinstance(series, dict):
        extraction.title_type = "tvEpisode"
        extraction.series = TitleRef(
            title=dig(series, "titleText", "text") or "",
            year=dig(series, "releaseYear", "year"),
            imdb_id=str(series.get("id") or ""),
            title_type="tvSeries",
        )
        extraction.season = parse_int(
            str(dig(fold_data, "series", "episodeNumber", "seasonNumber") or "")
        )
        extraction.episode = parse_int(
            str(dig(fold_data, "series", "episodeNumber", "episodeNumber") or "")
        )
    if isinstance(episodes := dig(main, "episodes", "episodes", "total"), int):
        extraction.episodes = episodes
    if isinstance(seasons := dig(main, "episodes", "seasons"), list) and seasons:
        extraction.seasons = len(seasons)


def _next_credits(
    fold_data: dict[str, Any], main: dict[str, Any], extraction: PageExtraction
) -> None:
    crew: list[CreditLine] = []
    for group in dig(fold_data, "principalCredits") or []:
        category = PRINCIPAL_CATEGORIES.get(str(dig(group, "category", "text")))
        if category is None:
            continue
        job = "creator" if "Creator" in str(dig(group, "category", "text")) else ""
        for credit in dig(group, "credits") or []:
            name = dig(credit, "name", "nameText", "text")
            if name:
                crew.append(
                    CreditLine(
                        category=category,
                        job=job,
                        person=PersonRef(name, str(dig(credit, "name", "id") or "")),
                    )
                )
    cast = []
    for node in _edges(main, "cast"):
        name = dig(node, "name", "nameText", "text")
        if not name:
            continue
        attributes = " ".join(_texts(node.get("attributes"), "text"))
        credited = re.search(r"as (.+)", attributes)
        cast.append(
            CreditLine(
                category="actor",
                person=PersonRef(name, str(dig(node, "name", "id") or "")),
                characters=_texts(node.get("characters"), "name"),
                credited_as=credited.group(1).strip(")") if credited else "",
            )
        )
    if crew or cast:
        extraction.credits = (
            crew or [c for c in extraction.credits if c.category not in ("actor", "actress")]
        ) + (cast or [c for c in extraction.credits if c.category in ("actor", "actress")])


def _next_details(main: dict[str, Any], extraction: PageExtraction) -> None:
    if countries := _texts(dig(main, "countriesOfOrigin", "countries"), "text"):
        extraction.countries = countries
    if languages := _texts(dig(main, "spokenLanguages", "spokenLanguages"), "text"):
        extraction.languages = languages
    if akas := _edge_texts(main, "akas"):
        extraction.akas = [AlsoKnownAs(title=aka) for aka in akas]
    if places := _edge_texts(main, "filmingLocations"):
        extraction.filming_locations = places
    if taglines := _edge_texts(main, "taglines"):
        extraction.taglines = taglines
    if companies := [dig(n, "company", "companyText", "text") for n in _edges(main, "production")]:
        extraction.companies = [CompanyLine(name=name) for name in companies if name]
    money = []
    for key, kind, region in (
        ("productionBudget", "budget", ""),
        ("openingWeekendGross", "opening_weekend", "United States"),
        ("lifetimeGross", "gross", "United States"),
        ("worldwideGross", "gross", "worldwide"),
    ):
        figure = next(
            (
                found
                for path in (("budget",), ("total",), ("gross", "total"))
                if isinstance(found := dig(main, key, *path), dict)
            ),
            {},
        )
        amount = figure.get("amount")
        if isinstance(amount, int | float):
            currency = str(figure.get("currency") or "USD")
            money.append(Money(kind=kind, amount=int(amount), currency=currency, region=region,
                               is_estimated=kind == "budget"))  # fmt: skip
    if money:
        extraction.box_office = money
    specs = []
    for key, kind, path in (
        ("soundMixes", "sound_mix", "text"),
        ("colorations", "color", "text"),
        ("aspectRatios", "aspect_ratio", "aspectRatio"),
    ):
        specs += [
            Spec(kind=kind, value=v)
            for v in _texts(dig(main, "technicalSpecifications", key, "items"), path)
        ]
    if specs:
        extraction.technical_specs = specs
    _next_lists(main, extraction)


def _next_lists(main: dict[str, Any], extraction: PageExtraction) -> None:
    if trivia := [
        dig(n, "text", "plainText") for n in _edges(main, "trivia") if dig(n, "text", "plainText")
    ]:
        extraction.trivia = trivia
    if goofs := [
        dig(n, "text", "plainText") for n in _edges(main, "goofs") if dig(n, "text", "plainText")
    ]:
        extraction.goofs = goofs
    quotes = [_quote(dig(n, "lines")) for n in _edges(main, "quotes")]
    if quotes := [q for q in quotes if q]:
        extraction.quotes = quotes
    links = []
    for node in _edges(main, "connections"):
        kind = (
            str(dig(node, "category", "id") or dig(node, "category", "text") or "")
            .lower()
            .replace(" ", "_")
        )
        target = dig(node, "associatedTitle")
        if isinstance(target, dict) and dig(target, "titleText", "text"):
            links.append(Link(kind=kind, target=TitleRef(
                title=dig(target, "titleText", "text"), year=dig(target, "releaseYear", "year"),
                imdb_id=str(target.get("id") or ""))))  # fmt: skip
    if links:
        extraction.connections = links
    songs = [Song(title=n["text"], credits=" ".join(_texts(dig(n, "comments"), "plainText")))
             for n in _edges(main, "soundtrack") if isinstance(n.get("text"), str)]  # fmt: skip
    if songs:
        extraction.soundtracks = songs
    if faq := [
        dig(n, "question", "plainText")
        for n in _edges(main, "faqs")
        if dig(n, "question", "plainText")
    ]:
        extraction.faq = faq
    if summaries := [dig(n, "plotText", "plainText") for n in _edges(main, "summaries")]:
        extraction.plots += [PlotText(kind="summary", text=t) for t in summaries if t]
    _next_review(main, extraction)
    _next_related(main, extraction)
    wins = dig(main, "wins", "total")
    nominations = dig(main, "nominationsExcludeWins", "total") or dig(main, "nominations", "total")
    if isinstance(wins, int) and isinstance(nominations, int):
        extraction.awards = f"{wins} wins & {nominations} nominations"


def _quote(lines: Any) -> list[str]:
    """Return a quote's lines as "Speaker: words", as the older pages print them."""
    out = []
    for line in lines if isinstance(lines, list) else []:
        text = dig(line, "text")
        if not isinstance(text, str) or not text.strip():
            continue
        speakers = _texts(dig(line, "characters"), "character")
        out.append(f"{' & '.join(speakers)}: {text.strip()}" if speakers else text.strip())
    return out


def _next_review(main: dict[str, Any], extraction: PageExtraction) -> None:
    node = next(_edges(main, "featuredReviews"), None)
    if node is None:
        return
    text = dig(node, "text", "originalText", "plainText") or dig(node, "text", "plainText")
    if not text:
        return
    up = dig(node, "helpfulness", "upVotes")
    down = dig(node, "helpfulness", "downVotes")
    extraction.review = UserReview(
        headline=dig(node, "summary", "originalText") or "",
        text=text,
        author=dig(node, "author", "nickName") or dig(node, "author", "username", "text") or "",
        date=parse_date(str(node.get("submissionDate") or "")),
        rating=dig(node, "authorRating"),
        helpful_yes=up if isinstance(up, int) else None,
        helpful_total=up + down if isinstance(up, int) and isinstance(down, int) else None,
    )


def _next_related(main: dict[str, Any], extraction: PageExtraction) -> None:
    related = []
    for node in _edges(main, "moreLikeThisTitles"):
        title = dig(node, "titleText", "text")
        if not title:
            continue
        related.append(
            RelatedTitle(
                title=title,
                year=dig(node, "releaseYear", "year"),
                imdb_id=str(node.get("id") or ""),
                title_type=NEXT_TYPES.get(str(dig(node, "titleType", "id")), ""),
                genres=_texts(dig(node, "titleCardGenres", "genres"), "text"),
                rating=dig(node, "ratingsSummary", "aggregateRating"),
                outline=dig(node, "plot", "plotText", "plainText") or "",
            )
        )
    if related:
        extraction.related = related


__all__ = ["Dated", "apply", "dig"]
