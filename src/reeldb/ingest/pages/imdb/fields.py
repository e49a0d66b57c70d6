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
from reeldb.catalog.regions import country_code
from reeldb.ingest.pages.cast import EPISODE_LINE
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
    parse_money,
    parse_partial_date,
    parse_runtime,
    split_list,
)

# The labels of the title page's fields, in any layout, as IMDb wrote them.
LABELS: dict[str, str] = {
    "directors": r"directors?|directed by|director\(s\)",
    "writers": r"writers?(?: \(wga\))?|written by|writing credits(?: \(wga\))?|writer\(s\)",
    "creators": r"creators?|created by",
    "composers": r"(?:original )?music by|composers?",
    "stars": r"stars",
    "taglines": r"taglines?",
    "keywords": r"plot keywords|keywords",
    "genres": r"genres?",
    "certification": r"certificate|certification|certificates",
    "mpaa": r"motion picture rating \(\s?mpaa\s?\)|mpaa",
    "countries": r"countr(?:y|ies)(?: of origin)?",
    "languages": r"languages?",
    "release_date": r"release dates?|original air date",
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
    "laboratory": r"laboratory",
    "cinematographic_process": r"cinematographic process",
    "printed_film_format": r"printed film format",
    "seasons": r"seasons",
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
HEADINGS = r"fun stuff|user comments|user reviews|details(?=\s+\w[\w ]{0,30}:)"
LABEL_PATTERN = re.compile(
    r"(?:(?<=\s)|^)(?:(?P<label>"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in TEXT_LABELS.items())
    + r")(?:\s*:(?=\s)|(?<=mpaa\))\s|(?<=mpaa \))\s)"
    + rf"|(?P<heading>{HEADINGS})(?=\s|$))",
    re.IGNORECASE,
)
# Labels of the page's navigation and of what the head and overview already
# say (the years of a series' episodes): no field takes them, yet no fact is lost.
NAVIGATION_LABELS = re.compile(
    r"parents guide|years?|message boards?|fun stuff|more at imdbpro|show more on imdbpro"
    r"|contribute to this page|edit|getting started|quick links|related (?:news|lists|items)"
    r"|see also|share this|explore more|editorial lists|user lists|your rating|rate this"
    r"|episode guide|did you know\??",
    re.IGNORECASE,
)
# Jobs two blocks of one page word differently: the overview's "Creators:" and the
# credits table's "(created by)" are one credit.
JOB_SYNONYMS = {"created by": "creator", "developed by": "developer"}
# Crew labels: the field, the credit's category, and the job when the page gives none.
CREW_LABELS = (
    ("directors", "director", ""),
    ("writers", "writer", ""),
    ("creators", "writer", "creator"),
    ("composers", "composer", ""),
)
# The technical specs' labels, each a ``TechnicalSpecKind`` value.
SPEC_KINDS = (
    "sound_mix",
    "color",
    "aspect_ratio",
    "camera",
    "negative_format",
    "laboratory",
    "cinematographic_process",
    "printed_film_format",
)
PEOPLE_FIELDS = frozenset({"directors", "writers", "creators", "stars"})
CAST_CATEGORIES = frozenset({"actor", "actress", "self"})
PEOPLE_SEPARATOR = re.compile(r"\s*(?:,|\||\band\b|&|·)\s*", re.IGNORECASE)
MORE_CREDITS = re.compile(r"(?:,|\|)?\s*(?:and )?\d+ more credits?\b.*$", re.IGNORECASE)
# A page names its crew once in the overview and again in the reference
# view's credits tables; more blocks of one label are a mangled page.
MAX_CREW_BLOCKS = 3
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
# An "Also Known As:" block's titles: one per list item, or one after each closing bracket.
AKA_ITEM_BREAK = re.compile(r"\s*\|\s*|(?<=\))\s+(?=[^\s(|])")
AKA_ITEM = re.compile(r"(?P<title>[^()]+?)\s*(?P<notes>(?:\([^()]*\)\s*)*)")
MAX_AKAS = 200
MAX_PEOPLE_CHARS = 3000


def field_of_label(label: str) -> str | None:
    """Return the field a label names ("Production Co:" -> "companies"), or None."""
    label = " ".join(label.strip().rstrip(":").split())
    # A series' reference view heads its crew "Series Directed by", "Series Music by".
    label = re.sub(r"^series\s+(?=\w)", "", label, flags=re.IGNORECASE)
    return next((name for name, pattern in FIELD_OF_LABEL if pattern.fullmatch(label)), None)


def is_unmapped(label: str) -> bool:
    """Return whether a block's label names a fact that no field takes ("Sound Editing Studio:").

    Navigation ("Parents Guide:") and labels of facts read elsewhere ("Official
    Sites:", "User Rating:") are not facts a field misses.
    """
    label = " ".join(label.strip().rstrip(":").split())
    if not label or not re.search(r"[^\W\d_]", label):
        return False
    return field_of_label(label) is None and not NAVIGATION_LABELS.fullmatch(label)


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
    """Split "Robert Rodriguez (screenplay), Eli Roth, and 3 more credits" into people and jobs.

    "N more credits" is the page's link to the rest, not a person. A job's
    brackets may hold the separators themselves ("(story and screenplay)",
    '(based on the novel "Salt, Sand" by)'), so the list is split only outside them.
    """
    # A title page names a handful of people per label; a longer value is a
    # mangled page, and reading only its start keeps the cost bounded.
    value = MORE_CREDITS.sub("", value[:MAX_PEOPLE_CHARS])
    found = []
    for item in split_outside_brackets(value, PEOPLE_SEPARATOR):
        match = re.match(r"^(?P<name>[^()]+?)\s*(?P<jobs>\(.*\))?$", item.strip())
        if not match or not match.group("name").strip() or len(match.group("name")) > 80:
            continue
        name = match.group("name").strip(" .")
        if not name or name.lower() in ("see full cast", "see more", "more"):
            continue
        brackets = re.findall(r"\(([^()]*)\)", match.group("jobs") or "")
        # A series' "(9 episodes, 2019-2022)" counts the credit; it is no job.
        job = ", ".join(b for b in brackets if not EPISODE_LINE.match(b.strip())).strip()
        found.append((PersonRef(name=name, imdb_id=known.get(fold(name), "")), job))
    return found


def split_outside_brackets(value: str, separator: re.Pattern[str]) -> list[str]:
    """Split ``value`` at each ``separator`` that is not inside round brackets."""
    items = []
    depth = start = scanned = 0
    for match in separator.finditer(value):
        between = value[scanned : match.start()]
        depth = max(0, depth + between.count("(") - between.count(")"))
        scanned = match.start()
        if depth == 0:
            items.append(value[start : match.start()])
            start = match.end()
    items.append(value[start:])
    return items


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
        extraction.akas = read_akas(first["akas"])
        original = next((aka.title for aka in extraction.akas if aka.is_original), "")
        extraction.original_title = extraction.original_title or original
    if "filming_locations" in first:
        extraction.filming_locations = split_list(first["filming_locations"], r"\|")
    _money(values, extraction)
    if "companies" in first:
        extraction.companies = _companies(first["companies"])
    _runtime(first.get("runtime", ""), extraction)
    extraction.seasons = _seasons(first.get("seasons", "")) or extraction.seasons
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
    """Add each crew block's people: a block may repeat one the page printed before.

    The reference view names the writers in its overview and again, each with
    their job, in its credits table: a person keeps one line per job, and a
    line without a job takes the job a later block gives.
    """
    lines: dict[tuple[str, str], list[CreditLine]] = {}
    for line in extraction.credits:
        lines.setdefault((line.category, fold(line.person.name)), []).append(line)
    for field, category, default_job in CREW_LABELS:
        for value in values.get(field, [])[:MAX_CREW_BLOCKS]:
            for person, job in people(value, known):
                line = CreditLine(category=category, person=person, job=job or default_job)
                same = lines.setdefault((category, fold(person.name)), [])
                if _merge_crew_line(line, same):
                    same.append(line)
                    extraction.credits.append(line)
    if "stars" in values and not has_cast:
        extraction.credits.extend(
            CreditLine(category="actor", person=person)
            for person, _job in people(values["stars"][0], known)
        )


def add_stars_beyond_cast(
    values: dict[str, list[str]], extraction: PageExtraction, known: dict[str, str]
) -> None:
    """Add the stars the billed cast leaves out ("first billed only" lists may stop short).

    Stars are cast members: one the cast table does not name is added after it,
    without a character, rather than lost.
    """
    cast = {fold(c.person.name) for c in extraction.credits if c.category in CAST_CATEGORIES}
    for person, _job in people(values.get("stars", [""])[0], known):
        if fold(person.name) not in cast:
            cast.add(fold(person.name))
            extraction.credits.append(CreditLine(category="actor", person=person))


def _merge_crew_line(line: CreditLine, same: list[CreditLine]) -> bool:
    """Merge ``line`` into the lines its person already has; return whether it is a new one."""
    job = JOB_SYNONYMS.get(line.job, line.job)
    if any(JOB_SYNONYMS.get(old.job, old.job) == job for old in same) or (same and not job):
        return False
    without_job = next((old for old in same if not old.job), None)
    if without_job is None:
        return True
    without_job.job = line.job
    without_job.person.imdb_id = without_job.person.imdb_id or line.person.imdb_id
    return False


def _companies(value: str) -> list[CompanyLine]:
    """Split "Claudie Ossard Productions, UGC" or "Warner Bros. | Legendary" into companies."""
    separators = r"\|" if "|" in value else r",|\|"
    return [CompanyLine(name=name) for name in split_list(value, separators)]


def _seasons(value: str) -> int | None:
    """Return the last season of "Seasons: 5 4 3 2 1", the links to each, or None.

    Only the run of numbers right after the label counts: in a text dump the
    value runs on to the next label, through "Years: 2003 …" and the cast's
    "(110 episodes, 1998-2003)".
    """
    run = re.match(r"(?:\d{1,3}\s+){0,300}\d{1,3}\b", value.strip())
    return max(int(number) for number in run.group(0).split()) if run else None


def _release_date(value: str, extraction: PageExtraction) -> None:
    """Read "14 September 2012 (USA)", "September 1998 (India)", "1998 (USA)", an air date."""
    match = re.match(r"(?P<date>[^()]+?)\s*\((?P<country>[^)]+)\)", value)
    release = parse_partial_date(match.group("date") if match else value)
    if release:
        date, precision = release
        # An episode's "(Season 1, Episode 1)" stands where a country would.
        stated = match.group("country") if match else ""
        country = "" if re.match(r"(?i)\s*(?:season|episode)\b", stated) else country_name(stated)
        extraction.release_dates = [Dated(country=country, date=date, precision=precision)]


def _runtime(value: str, extraction: PageExtraction) -> None:
    """Read "118 min", a series' "45 min (24 episodes)", or "120 min | 135 min (director's cut)".

    The first runtime is the title's. When a page states several cuts, each
    is also a technical spec with its note, as IMDb's specs page lists them.
    """
    first, *others = split_list(value, r"\|") or [""]
    if minutes := parse_runtime(first):
        extraction.runtime_minutes = minutes
    if not others:
        return
    for cut in (first, *others):
        if (minutes := parse_runtime(cut)) is None:
            continue
        note = re.search(r"\(([^()]{1,100})\)", cut)
        spec = Spec(kind="runtime", value=f"{minutes} min", note=note.group(1) if note else "")
        extraction.technical_specs.append(spec)


def read_akas(value: str) -> list[AlsoKnownAs]:
    """Read every title of an "Also Known As:" block, each with its regions and notes.

    Pages list them one to a line or list item ("Y tu mamá también (Mexico)
    (original title) | And Your Mother Too (USA)"); when the lines have run
    together in the text, a title starts after a closing bracket.
    """
    akas: list[AlsoKnownAs] = []
    for item in AKA_ITEM_BREAK.split(value)[:MAX_AKAS]:
        match = AKA_ITEM.fullmatch(item.strip(" |/"))
        title = match.group("title").strip(" ,;|/") if match else ""
        if match is None or not any(c.isalnum() for c in title) or is_more_link(item):
            continue
        regions, notes = [], []
        for part in (p.strip() for p in re.findall(r"[^(),]+", match.group("notes"))):
            if country_code(country := country_name(part)):
                regions.append(country)
            elif part:
                notes.append(part)
        is_original = "original title" in (note.casefold() for note in notes)
        note = ", ".join(n for n in notes if n.casefold() != "original title")
        # One title per region, as IMDb's datasets list them.
        akas.extend(AlsoKnownAs(title, region, note, is_original) for region in regions or [""])
    return akas


def is_more_link(text: str) -> bool:
    """Return whether ``text`` is a "See more »" link rather than a title."""
    return bool(re.fullmatch(r"\s*(?:see\s+)?more\s*»?\s*", text, re.IGNORECASE))


def _certificates(first: dict[str, str], extraction: PageExtraction) -> None:
    """Read "Argentina:16 | USA:R" and the MPAA's "Rated R for strong violence"."""
    ratings: list[Rated] = []
    for item in split_list(first.get("certification", ""), r"\|"):
        country, is_national, rating = item.partition(":")
        if not is_national:
            # A series' or episode's "Certificate: TV-14" names no country.
            country, rating = "", country
        rating = re.sub(r"\s*\([^)]*\)\s*$", "", rating).strip()
        if rating and (country.strip() or not is_national):
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
    for kind in SPEC_KINDS:
        for item in split_list(first.get(kind, ""), r"\|"):
            value, _, note = item.partition("(")
            extraction.technical_specs.append(
                Spec(kind=kind, value=value.strip(), note=note.rstrip(")").strip())
            )
