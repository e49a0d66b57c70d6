"""The title page's labelled fields ("Director:", "Budget:", "Sound Mix:") and what each means.

Every layout of the title page since 2008 prints the same facts after the same
labels, in ``<h5>`` (2008), ``<h4 class="inline">`` (2010s), a
``td.ipl-zebra-list__label`` cell (the reference view) or an
``ipc-metadata-list-item__label`` (today). Text dumps keep the words and lose
the tags, so a value there runs from its label to the next one; HTML gives
each value its own block (``dom.labelled_blocks``). Both end up as the same
``{field: [value, …]}`` mapping, which ``apply_values`` turns into facts.
"""

from __future__ import annotations

import re

from reeldb.catalog.folding import fold
from reeldb.ingest.pages.schema import (
    AlsoKnownAs,
    CompanyLine,
    CreditLine,
    Dated,
    Money,
    PageExtraction,
    PersonRef,
    PlotText,
    Rated,
    Spec,
)
from reeldb.ingest.pages.text import (
    country_name,
    parse_date,
    parse_money,
    parse_runtime,
    split_list,
)

# The labels of the title page's fields, in any layout, as IMDb wrote them.
LABELS: dict[str, str] = {
    "directors": r"directors?|directed by|director\(s\)",
    "writers": r"writers?(?: \(wga\))?|written by|writing credits(?: \(wga\))?|writer\(s\)",
    "creators": r"creators?|created by",
    "stars": r"stars",
    "taglines": r"taglines?",
    "keywords": r"plot keywords|keywords",
    "genres": r"genres?",
    "certification": r"certificate|certification|certificates",
    "mpaa": r"motion picture rating \(\s?mpaa\s?\)|mpaa",
    "countries": r"countr(?:y|ies)(?: of origin)?",
    "languages": r"languages?",
    "release_date": r"release dates?",
    "akas": r"also known as|aka",
    "filming_locations": r"filming locations?",
    "budget": r"budget",
    "opening_weekend": r"opening weekend(?: (?:usa|us & canada|united states))?",
    "gross_us": r"gross(?: (?:usa|us & canada|united states))?",
    "gross_world": r"(?:cumulative )?worldwide gross|gross worldwide",
    "companies": r"production (?:co|companies|company)|companies|company",
    "runtime": r"runtime|run time",
    "sound_mix": r"sound mix",
    "color": r"colou?r",
    "aspect_ratio": r"aspect ratio",
    "camera": r"camera",
    "negative_format": r"negative format",
    "plot": r"plot|plot outline",
    "awards": r"awards",
    "user_rating": r"user rating|imdb rating|ratings?",
    "official_sites": r"official sites?",
    "stop": r"parents guide|see all certifications|details|box office|company credits"
    r"|technical specs|did you know\?|user reviews|contribute to this page"
    r"|frequently asked questions|storyline",
}
# Labels that only HTML marks as such: in a text dump these words open the
# "Did you know?" block without a colon and are read there (``textpage``).
BLOCK_LABELS: dict[str, str] = {
    "trivia": r"trivia",
    "goofs": r"goofs",
    "quotes": r"quotes",
    "connections": r"(?:movie )?connections",
    "soundtracks": r"soundtracks?",
    "faq": r"faq|frequently asked questions",
    "summary": r"plot summary|summary|storyline",
    "synopsis": r"plot synopsis|synopsis",
}
# In a text dump these are labels only with their colon, as the 2008 page
# printed them ("Trivia: … more"); the 2010s page's "Trivia … See more »" is
# read by ``textpage.did_you_know``.
TEXT_BLOCK_LABELS = ("trivia", "goofs", "quotes", "connections", "soundtracks", "faq")
TEXT_LABELS = {
    **LABELS,
    **{name: BLOCK_LABELS[name] for name in TEXT_BLOCK_LABELS},
    "stop": LABELS["stop"] + r"|user comments|message boards|recommendations|fun stuff",
}
# Section headings that end the value before them though they have no colon.
HEADINGS = r"fun stuff|user comments|user reviews"
LABEL_PATTERN = re.compile(
    r"(?:(?<=\s)|^)(?:(?P<label>"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in TEXT_LABELS.items())
    + r")(?:\s*:(?=\s)|(?<=mpaa\))\s|(?<=mpaa \))\s)"
    + rf"|(?P<heading>{HEADINGS})(?=\s|$))",
    re.IGNORECASE,
)
FIELD_OF_LABEL = [
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (*LABELS.items(), *BLOCK_LABELS.items())
]
TRAILER = re.compile(
    r"\s(?:see more|see all|see full|see less|more\s*»|show more|show detailed|edit\b|»|\|\s*see)"
    r"|\s\|\s*$|\s+more\s*$",
    re.IGNORECASE,
)
US_REGION = "United States"
MAX_PEOPLE_CHARS = 3000


def field_of_label(label: str) -> str | None:
    """Return the field a label names ("Production Co:" -> "companies"), or None."""
    label = " ".join(label.strip().rstrip(":").split())
    return next((name for name, pattern in FIELD_OF_LABEL if pattern.fullmatch(label)), None)


def clean_value(value: str) -> str:
    """Cut a label's value at the page's "see more" links and stray separators."""
    trailer = TRAILER.search(value)
    value = value[: trailer.start()] if trailer else value
    return value.strip(" |:-–,»")


def labelled_values(text: str) -> dict[str, list[str]]:
    """Return each label's values in a text dump, in page order: the text up to the next label."""
    matches = list(LABEL_PATTERN.finditer(text))
    values: dict[str, list[str]] = {}
    for position, match in enumerate(matches):
        name = next((key for key in TEXT_LABELS if match.group(key) is not None), "stop")
        end = matches[position + 1].start() if position + 1 < len(matches) else len(text)
        value = clean_value(text[match.end() : end])
        if name != "stop" and value:
            values.setdefault(name, []).append(value)
    return values


def people(value: str, known: dict[str, str]) -> list[tuple[PersonRef, str]]:
    """Split "Robert Rodriguez (screenplay), Eli Roth, and 3 more credits" into people and jobs."""
    # A title page names a handful of people per label; a longer value is a
    # mangled page, and reading only its start keeps the cost bounded.
    value = value[:MAX_PEOPLE_CHARS]
    value = re.sub(r",?\s*(?:and )?\d+ more credits?.*$", "", value, flags=re.I)
    found = []
    for item in re.split(r"\s*(?:,|\||\band\b|&|·)\s*", value):
        match = re.match(r"^(?P<name>[^()]+?)\s*(?:\((?P<job>[^)]*)\))?$", item.strip())
        if not match or not match.group("name").strip() or len(match.group("name")) > 80:
            continue
        name = match.group("name").strip(" .")
        if name.lower() in ("see full cast", "see more", "more"):
            continue
        found.append(
            (PersonRef(name=name, imdb_id=known.get(fold(name), "")), match.group("job") or "")
        )
    return found


def apply_values(
    values: dict[str, list[str]],
    extraction: PageExtraction,
    known: dict[str, str],
    *,
    has_cast: bool,
) -> None:
    """Turn labelled values into the extraction's crew and facts."""
    _crew(values, extraction, known, has_cast=has_cast)
    first = {name: items[0] for name, items in values.items()}
    if "taglines" in first:
        extraction.taglines = [first["taglines"]]
    if "keywords" in first:
        extraction.keywords = split_list(first["keywords"], r"\||,")
    if "genres" in first:
        extraction.genres = split_list(first["genres"], r"\||,")
    _certificates(first, extraction)
    if "countries" in first:
        extraction.countries = [country_name(c) for c in split_list(first["countries"], r"\||,")]
    if "languages" in first:
        extraction.languages = split_list(first["languages"], r"\||,")
    if "release_date" in first:
        _release_date(first["release_date"], extraction)
    if "akas" in first:
        extraction.akas = [_aka(first["akas"])]
    if "filming_locations" in first:
        extraction.filming_locations = split_list(first["filming_locations"], r"\|")
    _money(values, extraction)
    if "companies" in first:
        separators = r"\|" if "|" in first["companies"] else r",|\|"
        extraction.companies = [
            CompanyLine(name=name) for name in split_list(first["companies"], separators)
        ]
    if "runtime" in first and (runtime := parse_runtime(first["runtime"])):
        extraction.runtime_minutes = runtime
    if "awards" in first and len(first["awards"]) < 300:
        extraction.awards = first["awards"]
    _specs(first, extraction)
    if "plot" in first and not any(p.kind == "outline" for p in extraction.plots):
        outline = re.split(r"\s+(?:full summary|add synopsis|see full summary)\b", first["plot"])
        extraction.plots.insert(0, PlotText(kind="outline", text=outline[0].strip(" |")))


def _crew(
    values: dict[str, list[str]],
    extraction: PageExtraction,
    known: dict[str, str],
    *,
    has_cast: bool,
) -> None:
    for field, category, job in (
        ("directors", "director", ""),
        ("writers", "writer", ""),
        ("creators", "writer", "creator"),
    ):
        if field not in values:
            continue
        seen = {fold(c.person.name) for c in extraction.credits if c.category == category}
        for person, person_job in people(values[field][0], known):
            if fold(person.name) not in seen:
                seen.add(fold(person.name))
                extraction.credits.append(
                    CreditLine(category=category, person=person, job=person_job or job)
                )
    if "stars" in values and not has_cast:
        extraction.credits.extend(
            CreditLine(category="actor", person=person)
            for person, _job in people(values["stars"][0], known)
        )


def _release_date(value: str, extraction: PageExtraction) -> None:
    match = re.match(r"(?P<date>[^()]+?)\s*\((?P<country>[^)]+)\)", value)
    release = parse_date(match.group("date") if match else value)
    if release:
        country = country_name(match.group("country")) if match else ""
        extraction.release_dates = [Dated(country=country, date=release)]


def _aka(value: str) -> AlsoKnownAs:
    match = re.fullmatch(r"(?P<title>.+?)\s*\((?P<region>[^()]+)\)", value)
    if match:
        return AlsoKnownAs(title=match.group("title"), region=country_name(match.group("region")))
    return AlsoKnownAs(title=value)


def _certificates(first: dict[str, str], extraction: PageExtraction) -> None:
    """Read "Argentina:16 | USA:R" and the MPAA's "Rated R for strong violence"."""
    ratings: list[Rated] = []
    for item in split_list(first.get("certification", ""), r"\|"):
        country, _, rating = item.partition(":")
        rating = re.sub(r"\s*\([^)]*\)\s*$", "", rating).strip()
        if rating and country.strip():
            ratings.append(Rated(country=country_name(country), rating=rating))
    mpaa = re.match(
        r"rated\s+(?P<rating>[\w+/-]+)\s*(?:for\s+)?(?P<reason>.*)", first.get("mpaa", ""), re.I
    )
    if mpaa:
        reason = mpaa.group("reason").strip().rstrip(".").strip()
        rating = mpaa.group("rating")
        same = next(
            (r for r in ratings if r.country == US_REGION and r.rating.lower() == rating.lower()),
            None,
        )
        if same is not None:
            same.reason = reason
        else:
            ratings.insert(0, Rated(country=US_REGION, rating=rating, reason=reason))
    if ratings:
        extraction.certifications = ratings


def _money(values: dict[str, list[str]], extraction: PageExtraction) -> None:
    for field, kind, default_region in (
        ("budget", "budget", ""),
        ("opening_weekend", "opening_weekend", US_REGION),
        ("gross_us", "gross", US_REGION),
        ("gross_world", "gross", "worldwide"),
    ):
        for value in values.get(field, [])[:1]:
            parsed = parse_money(value)
            if parsed is None:
                continue
            amount, currency = parsed
            region = re.search(r"\((?!estimated)([^)\d]+)\)", value, re.I)
            extraction.box_office.append(
                Money(
                    kind=kind,
                    amount=amount,
                    currency=currency,
                    region=country_name(region.group(1)) if region else default_region,
                    is_estimated="estimated" in value.lower(),
                )
            )


def _specs(first: dict[str, str], extraction: PageExtraction) -> None:
    for kind in ("sound_mix", "color", "aspect_ratio", "camera"):
        for item in split_list(first.get(kind, ""), r"\|"):
            value, _, note = item.partition("(")
            extraction.technical_specs.append(
                Spec(kind=kind, value=value.strip(), note=note.rstrip(")").strip())
            )
