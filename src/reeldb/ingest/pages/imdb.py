"""IMDb title, plot-summary and full-credits pages, in every layout since 2008.

Every generation of IMDb's title page, from the 2008 classic page through the
2010s layout and the "reference view" to today's React page, prints the same
facts after the same labels: "Director:", "Stars:", "Budget:", "Sound Mix:".
So the extractor reads a page as text and splits it at those labels; a text
dump (tags stripped, perhaps lower-cased) and saved HTML go through the same
code. HTML adds certainty where text is ambiguous: links tell which words
are a person's name and their IMDb id, and newer pages embed JSON-LD and the
page's own data, which override what the text suggested.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from reeldb.catalog.folding import fold
from reeldb.ingest.pages import imdb_data
from reeldb.ingest.pages.cast import split_cast
from reeldb.ingest.pages.credits_page import read_full_credits
from reeldb.ingest.pages.markup import HtmlPage
from reeldb.ingest.pages.schema import (
    AlsoKnownAs,
    CompanyLine,
    CreditLine,
    Dated,
    DocumentKind,
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
from reeldb.ingest.pages.text import (
    parse_date,
    parse_float,
    parse_int,
    parse_money,
    parse_runtime,
    split_list,
)

# "Desperado (1995) - IMDb", "Friends (TV Series 1994–2004) - IMDb",
# '"Friends" The One with the Thumb (TV Episode 1994) - IMDb'.
HEAD_TITLE = re.compile(
    r"^\s*(?:imdb\s*[-:|]\s*)?(?:\"(?P<series>[^\"]+)\"\s+)?(?P<title>.+?)\s+"
    r"\((?P<type>(?:tv series|tv mini[- ]series|tv episode|tv movie|tv special|tv short|video game|"
    r"video|short|podcast series|music video)\s+)?(?P<year>\d{4})(?:/[ivx]+)?"
    r"(?:\s*[–-]\s*(?P<end>\d{4})?)?\s*\)",
    re.IGNORECASE,
)
TYPE_WORDS = {
    "tv series": "tvSeries",
    "tv mini series": "tvMiniSeries",
    "tv mini-series": "tvMiniSeries",
    "tv episode": "tvEpisode",
    "tv movie": "tvMovie",
    "tv special": "tvSpecial",
    "tv short": "tvShort",
    "video game": "videoGame",
    "video": "video",
    "short": "short",
    "podcast series": "tvSeries",
    "music video": "video",
}
TRAILER = re.compile(
    r"\s(?:see more|see all|see full|see less|more\s*»|show more|show detailed|edit\b|»|\|\s*see)"
    r"|\s\|\s*$",
    re.IGNORECASE,
)
RATING = re.compile(
    r"(?P<rating>\b\d{1,2}(?:[.,]\d)?)\s*/\s*10\b(?:\s*(?:\(|from)?\s*(?P<votes>\d[\d,.]*)"
    r"(?:\s*(?:votes|users|ratings))?)?",
    re.IGNORECASE,
)
CAST_START = re.compile(
    r"(?:cast overview, first billed only|cast \(in credits order\)[^:]*?|series cast summary|"
    r"complete credited cast|credited cast|cast overview|top cast)\s*:",
    re.IGNORECASE,
)
CAST_END = re.compile(
    r"\s(?:see full cast|rest of cast listed alphabetically|produced by|create a character page|"
    r"edit\s+storyline|storyline|directors?\s*:|writers?\s*:|all cast (?:&|and) crew)",
    re.IGNORECASE,
)
RELATED_START = re.compile(
    r"people who liked this also liked|more like this|recommendations:?\s*if you enjoyed",
    re.IGNORECASE,
)
RELATED_END = re.compile(
    r"\s(?:edit\s+cast|cast overview|cast \(in credits order\)|top cast|storyline)\b", re.IGNORECASE
)
HELPFUL = re.compile(
    r"(?P<yes>\d[\d,]*)\s+(?:of|out of)\s+(?P<total>\d[\d,]*)\s+people found "
    r"(?:this review helpful|the following review useful)",
    re.IGNORECASE,
)
CONNECTION_WORDS = {
    "follows": "follows",
    "followed by": "followed_by",
    "remake of": "remake_of",
    "remade as": "remade_as",
    "references": "references",
    "referenced in": "referenced_in",
    "features": "features",
    "featured in": "featured_in",
    "spoofs": "spoofs",
    "spoofed in": "spoofed_in",
    "edited from": "edited_from",
    "edited into": "edited_into",
    "spin-off from": "spin_off_from",
    "spin-off": "spin_off",
    "version of": "version_of",
}
REF_TITLE = re.compile(r"^(?P<title>.+?)\s*\((?:[^()]*?\s)?(?P<year>\d{4})[^)]*\)")

# The labels of the title page's fields, in any layout. A value runs from its
# label to the next label (or a "see more" link).
LABELS: dict[str, str] = {
    "directors": r"directors?|directed by|director\(s\)",
    "writers": r"writers?(?: \(wga\))?|written by|writing credits|writer\(s\)",
    "creators": r"creators?|created by",
    "stars": r"stars",
    "taglines": r"taglines?",
    "keywords": r"plot keywords|keywords",
    "genres": r"genres?",
    "certificate": r"certificate|certification|motion picture rating \(mpaa\)|mpaa",
    "countries": r"countr(?:y|ies)(?: of origin)?",
    "languages": r"languages?",
    "release_date": r"release dates?",
    "akas": r"also known as|aka",
    "filming_locations": r"filming locations?",
    "budget": r"budget",
    "opening_weekend": r"opening weekend(?: (?:usa|us & canada|united states))?",
    "gross_us": r"gross(?: (?:usa|us & canada|united states))?",
    "gross_world": r"(?:cumulative )?worldwide gross",
    "companies": r"production (?:co|companies|company)|companies",
    "runtime": r"runtime|run time",
    "sound_mix": r"sound mix",
    "color": r"colou?r",
    "aspect_ratio": r"aspect ratio",
    "camera": r"camera",
    "negative_format": r"negative format",
    "plot": r"plot|plot outline|plot summary",
    "awards": r"awards",
    "user_rating": r"user rating|imdb rating|ratings?",
    "official_sites": r"official sites?",
    "stop": r"parents guide|see all certifications|details|box office|company credits|technical specs|did you know\?"
    r"|user reviews|contribute to this page|frequently asked questions|storyline",
}
LABEL_PATTERN = re.compile(
    r"(?:(?<=\s)|^)(?P<label>"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in LABELS.items())
    + r")(?:\s*:(?=\s)|(?<=\(mpaa\))\s)",
    re.IGNORECASE,
)
DID_YOU_KNOW = re.compile(
    r"(?:(?<=\s)|^)(?P<label>trivia|goofs|quotes|connections|movie connections|soundtracks?|"
    r"crazy credits|alternate versions)\s*:?\s+(?P<value>.+?)\s+(?:see more|more)\s*»",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Zone:
    start: int
    end: int


def head_title(page_title: str) -> re.Match[str] | None:
    """Match an IMDb page's ``<title>`` (or a text dump's first words)."""
    return HEAD_TITLE.search(page_title[:400])


def detect_kind(head: str) -> DocumentKind | None:
    """Tell an IMDb title, plot-summary or full-credits page from its head line, else None."""
    head = head[:400].lower()
    if "imdb" not in head and "/10" not in head:
        return None
    if not HEAD_TITLE.search(head):
        return None
    if "plot summary" in head or "plot synopsis" in head or "- summary" in head:
        return DocumentKind.IMDB_PLOT_SUMMARY
    if "full cast" in head:
        return DocumentKind.IMDB_FULL_CREDITS
    return DocumentKind.IMDB_TITLE


def extract(
    text: str,
    head: str,
    kind: DocumentKind,
    extraction: PageExtraction,
    html: HtmlPage | None = None,
) -> None:
    """Fill ``extraction`` from an IMDb page's ``text`` and, when it is HTML, its ``html``."""
    _head_fields(head, extraction)
    known = dict(html.people) if html else {}
    if kind is DocumentKind.IMDB_PLOT_SUMMARY:
        _plot_summaries(text, extraction)
    elif kind is DocumentKind.IMDB_FULL_CREDITS:
        _full_credits(text, extraction, known)
    else:
        _title_page(text, extraction, known, html.titles if html else {})
    if html is not None:
        imdb_data.apply(html, extraction)
        _attach_ids(extraction, html)


def _head_fields(head: str, extraction: PageExtraction) -> None:
    match = head_title(head)
    if match is None:
        return
    words = (match.group("type") or "").strip().lower()
    extraction.title = match.group("title").strip()
    extraction.year = int(match.group("year"))
    if match.group("end"):
        extraction.end_year = int(match.group("end"))
    if words:
        extraction.title_type = TYPE_WORDS.get(words, "")
    if match.group("series"):
        extraction.series = TitleRef(title=match.group("series"), title_type="tvSeries")
        extraction.title_type = "tvEpisode"
    extraction.title_type = extraction.title_type or "movie"


def _clean(value: str) -> str:
    """Cut a label's value at the page's "see more" links and stray separators."""
    trailer = TRAILER.search(value)
    value = value[: trailer.start()] if trailer else value
    return value.strip(" |:-–,»")


def labelled_values(text: str) -> dict[str, list[str]]:
    """Return each label's values, in page order: the text from a label to the next one."""
    matches = list(LABEL_PATTERN.finditer(text))
    values: dict[str, list[str]] = {}
    for position, match in enumerate(matches):
        name = next(key for key in LABELS if match.group(key) is not None)
        end = matches[position + 1].start() if position + 1 < len(matches) else len(text)
        value = _clean(text[match.end() : end])
        if name != "stop" and value:
            values.setdefault(name, []).append(value)
    return values


def _zone(text: str, start: re.Pattern[str], end: re.Pattern[str]) -> Zone | None:
    begin = start.search(text)
    if begin is None:
        return None
    finish = end.search(text, begin.end())
    return Zone(begin.end(), finish.start() if finish else len(text))


def _without(text: str, zones: Iterable[Zone | None]) -> str:
    for zone in sorted((z for z in zones if z), key=lambda z: z.start, reverse=True):
        text = text[: zone.start] + " " + text[zone.end :]
    return text


def _title_page(
    text: str, extraction: PageExtraction, known: dict[str, str], titles: dict[str, str]
) -> None:
    related = _zone(text, RELATED_START, RELATED_END)
    if related is not None:
        extraction.related = _related_cards(text[related.start : related.end], titles)
    review_zone = _review_zone(text)
    if review_zone is not None:
        extraction.review = _review(text[review_zone.start : review_zone.end])
    cast_zone = _zone(text, CAST_START, CAST_END)
    main = _without(text, [related, review_zone, cast_zone])
    values = labelled_values(main)
    _score_fields(main, extraction)
    _info_line(main, extraction)
    cast = split_cast(text[cast_zone.start : cast_zone.end], known) if cast_zone else []
    _crew(values, extraction, known, has_cast=bool(cast))
    extraction.credits.extend(cast)
    _storyline(main, extraction)
    _labelled_facts(values, extraction)
    _did_you_know(main, extraction)
    _faq(main, extraction)


def _score_fields(text: str, extraction: PageExtraction) -> None:
    rating = RATING.search(text)
    if rating:
        extraction.rating = parse_float(rating.group("rating"))
        extraction.votes = parse_int(rating.group("votes"))
    if reviews := re.search(r"(\d[\d,]*)\s+user\s*\|?\s*(\d[\d,]*)\s+critic", text, re.I):
        extraction.user_reviews = parse_int(reviews.group(1))
        extraction.critic_reviews = parse_int(reviews.group(2))
    if meta := re.search(r"\b(\d{1,3})\s+metascore|metascore:?\s+(\d{1,3})\b", text, re.I):
        extraction.metascore = int(meta.group(1) or meta.group(2))
    if popular := re.search(
        r"popularity:?\s+(\d[\d,]*)\s*\(\s*(?P<arrow>[▲▼↑↓+-])?\s*(?P<change>\d[\d,]*)\s*\)",
        text,
        re.I,
    ):
        extraction.popularity_rank = parse_int(popular.group(1))
        arrow = popular.group("arrow")
        change = parse_int(popular.group("change"))
        if arrow and change is not None:
            extraction.popularity_change = change if arrow in "▲↑+" else -change
    elif popular := re.search(r"popularity:?\s+(\d[\d,]*)\b", text, re.I):
        extraction.popularity_rank = parse_int(popular.group(1))
    if awards := re.search(
        r"((?:won|nominated for) \d+ [^.]*?\.\s*(?:another )?)?(\d+ wins? (?:&|and) \d+ "
        r"nominations?|\d+ wins?|\d+ nominations?)(?: total)?\.",
        text,
        re.I,
    ):
        extraction.awards = re.sub(r"\s+", " ", awards.group(0)).strip()


def _info_line(text: str, extraction: PageExtraction) -> None:
    """Read "Desperado (1995) R | 1h 44min | Action, Thriller | 25 August 1995 (USA) outline"."""
    info = re.search(
        r"\((?:[a-z ]+\s)?\d{4}(?:\s*[–-]\s*\d{0,4})?\s*\)\s+(?:(?P<cert>[\w+/-]{1,12})\s*\|\s*)?"
        r"(?P<runtime>\d+h(?:\s*\d+min)?|\d+\s*min)\s*\|\s*(?P<genres>[^|]+?)"
        r"(?:\s*\|\s*(?P<release>[^|()]+?)\s*\((?P<country>[^)]+)\)(?P<outline>.*?))?"
        r"(?=\s(?:directors?|creators?|writers?|stars)\s*:|$)",
        text,
        re.IGNORECASE,
    )
    if info is None:
        return
    if info.group("cert") and not extraction.certifications:
        extraction.certifications.append(Rated(country="", rating=info.group("cert")))
    extraction.runtime_minutes = parse_runtime(info.group("runtime"))
    genres = info.group("genres")
    if not parse_date(genres):
        extraction.genres = split_list(genres)
    release = parse_date(info.group("release") or "")
    if release:
        extraction.release_dates.append(Dated(country=info.group("country").strip(), date=release))
    outline = (info.group("outline") or "").strip()
    if outline and len(outline) < 600:
        extraction.plots.append(PlotText(kind="outline", text=outline))


def _people(value: str, known: dict[str, str]) -> list[tuple[PersonRef, str]]:
    """Split "Robert Rodriguez (screenplay), Eli Roth, and 3 more credits" into people and jobs."""
    value = re.sub(r",?\s*(?:and )?\d+ more credits?.*$", "", value, flags=re.I)
    people = []
    for item in re.split(r"\s*(?:,|\||\band\b|&)\s*", value):
        match = re.match(r"^(?P<name>[^()]+?)\s*(?:\((?P<job>[^)]*)\))?$", item.strip())
        if not match or not match.group("name").strip() or len(match.group("name")) > 80:
            continue
        name = match.group("name").strip(" .")
        people.append(
            (PersonRef(name=name, imdb_id=known.get(fold(name), "")), match.group("job") or "")
        )
    return people


def _crew(
    values: dict[str, list[str]], extraction: PageExtraction, known: dict[str, str], *, has_cast: bool
) -> None:
    for field, category, job in (
        ("directors", "director", ""),
        ("writers", "writer", ""),
        ("creators", "writer", "creator"),
    ):
        if field in values:
            seen: set[str] = set()
            for person, person_job in _people(values[field][0], known):
                if fold(person.name) not in seen:
                    seen.add(fold(person.name))
                    extraction.credits.append(
                        CreditLine(category=category, person=person, job=person_job or job)
                    )
    if "stars" in values and not has_cast:
        extraction.credits.extend(
            CreditLine(category="actor", person=person)
            for person, _job in _people(values["stars"][0], known)
        )


def _storyline(text: str, extraction: PageExtraction) -> None:
    starts = [m.start() for m in re.finditer(r"(?:^|\s)storyline\s", text, re.IGNORECASE)]
    if not starts:
        return
    story = re.match(
        r"\s*storyline\s+(?P<text>.+?)(?:\s+(?:written by|—)\s*(?P<author>[^<|]+?)"
        r"(?:\s*<[^>]*>)?)?\s+(?=plot summary\s*\||plot keywords\s*:|plot synopsis|taglines\s*:|"
        r"genres?\s*:|$)",
        text[starts[-1] :],
        re.IGNORECASE,
    )
    if story is None:
        return
    body = story.group("text").strip()
    if body and len(body) > 20:
        extraction.plots.append(
            PlotText(kind="summary", text=body, author=(story.group("author") or "").strip())
        )


def _labelled_facts(values: dict[str, list[str]], extraction: PageExtraction) -> None:
    first = {name: items[0] for name, items in values.items()}
    if "taglines" in first:
        extraction.taglines = [first["taglines"]]
    if "keywords" in first:
        extraction.keywords = split_list(first["keywords"], r"\||,")
    if "genres" in first:
        extraction.genres = split_list(first["genres"], r"\||,")
    if "certificate" in first:
        _certificate(first["certificate"], extraction)
    if "countries" in first:
        extraction.countries = split_list(first["countries"], r"\||,")
    if "languages" in first:
        extraction.languages = split_list(first["languages"], r"\||,")
    if "release_date" in first:
        match = re.match(r"(?P<date>[^()]+?)\s*\((?P<country>[^)]+)\)", first["release_date"])
        release = parse_date(match.group("date") if match else first["release_date"])
        if release:
            country = match.group("country").strip() if match else ""
            extraction.release_dates = [Dated(country=country, date=release)]
    if "akas" in first:
        extraction.akas = [AlsoKnownAs(title=first["akas"])]
    if "filming_locations" in first:
        extraction.filming_locations = [first["filming_locations"]]
    _money(values, extraction)
    if "companies" in first:
        extraction.companies = [CompanyLine(name=name) for name in split_list(first["companies"])]
    if "runtime" in first and (runtime := parse_runtime(first["runtime"])):
        extraction.runtime_minutes = runtime
    specs = (("sound_mix", r"\|"), ("color", r"\|"), ("aspect_ratio", r"\|"), ("camera", r"\|"))
    for kind, separator in specs:
        for item in split_list(first.get(kind, ""), separator):
            value, _, note = item.partition("(")
            extraction.technical_specs.append(
                Spec(kind=kind, value=value.strip(), note=note.rstrip(")").strip())
            )
    if "plot" in first and not any(p.kind == "outline" for p in extraction.plots):
        extraction.plots.insert(0, PlotText(kind="outline", text=first["plot"]))


def _certificate(value: str, extraction: PageExtraction) -> None:
    match = re.match(r"rated\s+(?P<rating>[\w+/-]+)\s+(?:for\s+)?(?P<reason>.*)", value, re.I)
    if match:
        extraction.certifications = [
            Rated(
                country="United States",
                rating=match.group("rating"),
                reason=match.group("reason").strip(),
            )
        ]
        return
    ratings = []
    for item in split_list(value, r"\|"):
        country, _, rating = item.rpartition(":")
        if rating.strip():
            ratings.append(Rated(country=country.strip(), rating=rating.strip()))
    if ratings:
        extraction.certifications = ratings


def _money(values: dict[str, list[str]], extraction: PageExtraction) -> None:
    for field, kind, default_region in (
        ("budget", "budget", ""),
        ("opening_weekend", "opening_weekend", "US"),
        ("gross_us", "gross", "US"),
        ("gross_world", "gross", "worldwide"),
    ):
        for value in values.get(field, [])[:1]:
            parsed = parse_money(value)
            if parsed is None:
                continue
            amount, currency = parsed
            region = re.search(r"\((?!estimated)([^)]+)\)", value, re.I)
            extraction.box_office.append(
                Money(
                    kind=kind,
                    amount=amount,
                    currency=currency,
                    region=region.group(1).strip() if region else default_region,
                    is_estimated="estimated" in value.lower(),
                )
            )


def _did_you_know(text: str, extraction: PageExtraction) -> None:
    start = text.lower().rfind("did you know?")
    block = text[start:] if start >= 0 else text
    for match in DID_YOU_KNOW.finditer(block):
        label = match.group("label").lower()
        value = match.group("value").strip()
        if label == "trivia":
            extraction.trivia.append(value)
        elif label == "goofs":
            extraction.goofs.append(value)
        elif label == "quotes":
            extraction.quotes.append(_quote_lines(value))
        elif label in ("connections", "movie connections"):
            link = _connection(value)
            if link:
                extraction.connections.append(link)
        elif label.startswith("soundtrack"):
            song = re.match(
                r"(?P<title>.+?)\s+(?P<credits>(?:written|music|lyrics|performed|composed|produced|traditional|by)\b.*)",
                value,
                re.I,
            )
            extraction.soundtracks.append(
                Song(title=song.group("title"), credits=song.group("credits"))
                if song
                else Song(title=value)
            )


def _quote_lines(value: str) -> list[str]:
    lines = re.split(r"(?<=[.!?\]])\s+(?=[\w'. -]{1,30}:\s)", value)
    return [line.strip() for line in lines if line.strip()]


def _connection(value: str) -> Link | None:
    lowered = value.lower()
    for words in sorted(CONNECTION_WORDS, key=len, reverse=True):
        if lowered.startswith(words + " "):
            target = REF_TITLE.match(value[len(words) + 1 :].strip())
            if target:
                return Link(
                    kind=CONNECTION_WORDS[words],
                    target=TitleRef(
                        title=target.group("title").strip(), year=int(target.group("year"))
                    ),
                )
    return None


def _faq(text: str, extraction: PageExtraction) -> None:
    block = re.search(r"frequently asked questions\s+(.+?)\s+see more", text, re.I)
    if block:
        extraction.faq = [q.strip() for q in re.split(r"\bq:\s*", block.group(1)) if q.strip()]


def _review_zone(text: str) -> Zone | None:
    helpful = HELPFUL.search(text)
    if helpful is None:
        return None
    starts = [m.end() for m in re.finditer(r"user reviews\b", text[: helpful.start()], re.I)]
    start = starts[-1] if starts else max(0, helpful.start() - 4000)
    after = re.search(r"see all [\d,]+ user reviews|$", text[helpful.end() :], re.I)
    end = helpful.end() + (after.start() if after else 0)
    return Zone(start, end)


def _review(zone: str) -> UserReview | None:
    """Read the featured user review, in the 2010s layout or the classic one."""
    helpful = HELPFUL.search(zone)
    modern = re.search(
        r"^\s*(?:review this title\s*\|?\s*)?(?P<headline>.+?)\s+(?P<date>\d{1,2} [a-z]+ \d{4})\s*\|\s*"
        r"by\s+(?P<author>\S+)(?:\s*\([^)]*\))*\s*(?:[–-]\s*see all my reviews)?\s*(?P<text>.+?)\s*"
        + HELPFUL.pattern,
        zone,
        re.IGNORECASE,
    )
    if modern:
        return UserReview(
            headline=modern.group("headline").strip(),
            text=modern.group("text").strip(),
            author=modern.group("author"),
            date=parse_date(modern.group("date")),
            helpful_yes=parse_int(modern.group("yes")),
            helpful_total=parse_int(modern.group("total")),
        )
    classic = re.search(
        HELPFUL.pattern + r":?\s*(?P<headline>.+?),\s*(?P<date>\d{1,2} [a-z]+ \d{4})\s+"
        r"author:\s*(?P<author>\S+)(?:\s+from\s+[^\n]+?)?\s{1,}(?P<text>.+?)(?:\s+was the above review useful|$)",
        zone,
        re.IGNORECASE,
    )
    if classic:
        return UserReview(
            headline=classic.group("headline").strip(),
            text=classic.group("text").strip(),
            author=classic.group("author"),
            date=parse_date(classic.group("date")),
            helpful_yes=parse_int(classic.group("yes")),
            helpful_total=parse_int(classic.group("total")),
        )
    return None if helpful is None else None


def _related_cards(zone: str, titles: dict[str, str]) -> list[RelatedTitle]:
    """Read the "people who liked this also liked" cards."""
    cards = []
    zone = re.sub(r"\b1 2 3 4 5 6 7 8 9 10\b", " ", zone)
    for chunk in re.split(r"\d*\s*next\s*»|►|◄", zone):
        match = re.search(
            r"(?P<title>[^()]+?)\s*\((?P<year>\d{4})(?:[–-]\d{0,4})?\)\s+(?P<genres>[\w -]+(?:\s*\|\s*[\w -]+)*?)\s+"
            r"(?:1 2 3 4 5 6 7 8 9 10\s+)?(?P<rating>\d{1,2}(?:\.\d)?)/10\s*x?\s*(?P<outline>.*?)"
            r"\s*(?:(?:directors?|creators?)\s*:\s*(?P<directors>.+?))?\s*(?:stars\s*:\s*(?P<stars>.+?))?\s*\d*\s*$",
            chunk.strip(),
            re.IGNORECASE,
        )
        if match is None:
            continue
        title = match.group("title").strip()
        cards.append(
            RelatedTitle(
                title=title,
                year=int(match.group("year")),
                imdb_id=titles.get(fold(title), ""),
                genres=split_list(match.group("genres"), r"\|"),
                rating=parse_float(match.group("rating")),
                outline=match.group("outline").strip(),
                directors=[p for p, _ in _people(match.group("directors") or "", {})],
                stars=[p for p, _ in _people(match.group("stars") or "", {})],
            )
        )
    return cards


AUTHOR_MARK = re.compile(r"\s(?:written by|—)\s+", re.IGNORECASE)
EMAIL = re.compile(r"<?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?")


def _plot_summaries(text: str, extraction: PageExtraction) -> None:
    """Read every summary with its author, and the synopsis, of a plot-summary page.

    Each summary ends with "written by" (or "—") and its author, perhaps with
    an e-mail address; in a text dump the next summary follows at once, so an
    author runs to the e-mail address when there is one, else is one word
    (IMDb user names have no spaces).
    """
    start = re.search(
        r"showing all \d+ plot summar(?:y|ies)|plot summary\s+summaries|summaries\s*:?", text, re.I
    )
    body = text[start.end() :] if start else text
    synopsis_at = re.search(r"\ssynopsis\s", body, re.I)
    summaries = body[: synopsis_at.start()] if synopsis_at else body
    position = 0
    for mark in AUTHOR_MARK.finditer(summaries):
        if mark.start() < position:
            continue
        summary = summaries[position : mark.start()].strip()
        words = summaries[mark.end() :].split(" ")
        email = next((i for i, word in enumerate(words[:6]) if EMAIL.fullmatch(word)), None)
        author_words = words[:email] if email is not None else words[:1]
        consumed = len(" ".join(words[: (email + 1) if email is not None else 1]))
        position = mark.end() + consumed
        if len(summary) > 15:
            extraction.plots.append(
                PlotText(kind="summary", text=summary, author=" ".join(author_words).strip())
            )
    if synopsis_at:
        _synopsis(body[synopsis_at.end() :], extraction)


def _synopsis(text: str, extraction: PageExtraction) -> None:
    """Keep the synopsis unless it is the page's teaser cut short before "see full synopsis"."""
    parts = re.split(
        r"\s+(see full synopsis|see also|it looks like we don't have a synopsis)", text, maxsplit=1,
        flags=re.I,
    )  # fmt: skip
    synopsis = parts[0].strip()
    is_teaser = len(parts) > 1 and parts[1].lower() == "see full synopsis"
    if len(synopsis) > 40 and not is_teaser:
        extraction.plots.append(PlotText(kind="synopsis", text=synopsis))


def _full_credits(text: str, extraction: PageExtraction, known: dict[str, str]) -> None:
    """Read a full-credits page: each department heading, then its people and jobs."""
    extraction.credits.extend(read_full_credits(text, known))


def _attach_ids(extraction: PageExtraction, html: HtmlPage) -> None:
    if not extraction.imdb_id and (match := re.search(r"tt\d{7,10}", html.canonical_url)):
        extraction.imdb_id = match.group(0)
    for credit in extraction.credits:
        if not credit.person.imdb_id:
            credit.person.imdb_id = html.people.get(fold(credit.person.name), "")
    for related in extraction.related:
        if not related.imdb_id:
            related.imdb_id = html.titles.get(fold(related.title), "")
