"""The facts an ``Article`` states about its film or series, whatever form it came in.

The lead sentence gives year, genre words, director and writers; the infobox
the crew, companies, dates, money and counts; the plot section the synopsis
and the cast as the plot writes it ("Carolina (Salma Hayek)"); the cast list
its characters; any prose its sequels, spin-offs and series of films; the rest
production notes and trivia.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from reeldb.catalog.services.images import commons_attribution
from reeldb.ingest.pages.schema import (
    AlsoKnownAs,
    CompanyLine,
    DocumentForm,
    DocumentKind,
    PageExtraction,
    PlotText,
    Song,
)
from reeldb.ingest.pages.wikipedia.article import (
    CAST_HEADINGS,
    PLOT_HEADINGS,
    SKIPPED_HEADINGS,
    Article,
    first_sentence,
    fold,
    lead_match,
)
from reeldb.ingest.pages.wikipedia.credits import add_credit
from reeldb.ingest.pages.wikipedia.relations import find_relations
from reeldb.ingest.pages.wikipedia.rows import read_infobox

GENRE_WORDS: dict[str, str] = {
    "action": "Action", "adventure": "Adventure", "animated": "Animation", "animation": "Animation",
    "biographical": "Biography", "biopic": "Biography", "comedy": "Comedy", "comedic": "Comedy",
    "crime": "Crime", "documentary": "Documentary", "drama": "Drama", "dramatic": "Drama",
    "family": "Family", "fantasy": "Fantasy", "noir": "Film-Noir", "historical": "History",
    "horror": "Horror", "musical": "Musical", "music": "Music", "mystery": "Mystery",
    "romantic": "Romance", "romance": "Romance", "science fiction": "Sci-Fi", "sci-fi": "Sci-Fi",
    "sports": "Sport", "sport": "Sport", "thriller": "Thriller", "war": "War", "western": "Western",
    "superhero": "Action", "satirical": "Comedy", "sitcom": "Comedy", "teen": "Drama",
}  # fmt: skip
COMMONS_FILE_PATH = "https://commons.wikimedia.org/wiki/Special:FilePath/"
PERSON_NAME = (
    r"[A-ZÀ-Þ][\w.'’-]*(?:\s+(?:[A-ZÀ-Þ][\w.'’-]*|de|da|del|van|von|der|di|du|la|le|dos|y))*"
    r"(?:,? Jr\.|,? Sr\.)?"
)


def extract(article: Article, kind: DocumentKind, form: DocumentForm) -> PageExtraction:
    """Return everything ``article`` states about its film or series."""
    match = lead_match(article.lead)
    title = _title(article, match)
    extraction = PageExtraction(
        kind=kind,
        form=form,
        title=title,
        wikipedia_page=article.page_title,
        wikidata_id=article.wikidata_id,
    )
    extraction.title_type = "movie" if kind is DocumentKind.WIKIPEDIA_FILM else "tvSeries"
    if match:
        _lead_facts(match, article.lead.split("\n\n")[0], extraction)
        _lead_titles(match.group("title"), match.group(0), extraction)
    _infobox_facts(article, extraction)
    if article.image_file:
        extraction.poster_url = commons_file_url(article.image_file)
        extraction.poster_attribution = commons_attribution(article.image_file)
    sections = [(fold(heading), heading, body) for heading, body in article.sections]
    # The cast list goes first: it bills the cast in order and names characters in
    # full ("Maud Lowe"), where the plot often says "Maud".
    cast = next((body for key, _heading, body in sections if key in CAST_HEADINGS and body), "")
    if cast:
        _cast_list(cast, extraction)
    plot = next((body for key, _heading, body in sections if key in PLOT_HEADINGS and body), "")
    if plot:
        extraction.plots.append(PlotText(kind="synopsis", text=plot))
        _cast_in_plot(plot, extraction)
    find_relations(article.lead, extraction)
    _released_as(article.lead, extraction)
    if extraction.title_type != "movie":
        _series_counts(article.lead, extraction)
        _lead_network(article.lead, extraction)
    for key, _heading, body in sections:
        if key in PLOT_HEADINGS | CAST_HEADINGS | SKIPPED_HEADINGS or not body:
            continue
        extraction.production_notes.extend(
            p.strip() for p in body.split("\n\n") if len(p.strip()) > 30
        )
        find_relations(body, extraction)
        if key.startswith("release"):
            _released_as(body, extraction)
        if key in SONG_HEADINGS:
            _songs(body, extraction)
    lead_paragraphs = article.lead.split("\n\n")[1:]
    extraction.trivia.extend(p.strip() for p in lead_paragraphs if len(p.strip()) > 30)
    return extraction


# "(1995 film)", "(TV series)", "(2011 British TV series)", "(miniseries)": what
# Wikipedia adds to a page title to tell it from others of the same name.
DISAMBIGUATION = re.compile(
    r"\s*\([^()]*\b(?:film|movie|series|miniseries|serial|sitcom|show|programme|program|"
    r"\d{4})\)$",
    re.IGNORECASE,
)


def commons_file_url(name: str) -> str:
    """Return where Wikimedia Commons serves file ``name`` at 640 pixels wide.

    ``Special:FilePath`` redirects to the file's current address on
    upload.wikimedia.org and scales it on Commons' side, so nothing larger
    than the widest rendition is downloaded.
    """
    return f"{COMMONS_FILE_PATH}{quote(name.replace(' ', '_'))}?width=640"


def _title(article: Article, match: re.Match[str] | None) -> str:
    infobox_name = article.stated("name")
    if infobox_name:
        return infobox_name[0]
    if article.page_title:
        return DISAMBIGUATION.sub("", article.page_title).strip() or article.page_title
    if match:
        return match.group("title").strip(" '\"“”")
    return ""


DESCRIPTION_END = re.compile(
    r"\b(?:directed|written|produced|starring|stars|created|developed|based|by|that|which|who"
    r"|about|set|from|for|on|in|and)\b|[,;(]"
)


def _lead_facts(match: re.Match[str], lead_paragraph: str, extraction: PageExtraction) -> None:
    words = match.group("words")
    if year := re.search(r"\b(1[89]\d\d|20\d\d)\b", words):
        extraction.year = int(year.group(1))
    rest = match.group("rest")
    # "a 1953 American film noir crime film directed by": the first "film" need not
    # end the description, so the genre words run on to the first verb or clause.
    description = DESCRIPTION_END.split(rest, maxsplit=1)[0]
    extraction.genres = _genres(f"{words} {match.group('kind')} {description}")
    extraction.countries = _countries(words)
    if extraction.title_type != "movie" and (
        years := re.search(r"\b(?:from|between) (\d{4}) (?:to|until|and) (\d{4})\b", rest)
    ):
        extraction.year, extraction.end_year = int(years.group(1)), int(years.group(2))
    for pattern, categories in (
        (
            rf"written and directed by ({PERSON_NAME}(?:(?:,| and) {PERSON_NAME})*)",
            ("director", "writer"),
        ),
        (rf"directed by ({PERSON_NAME}(?:(?:,| and) {PERSON_NAME})*)", ("director",)),
        (rf"(?:written|screenplay) by ({PERSON_NAME}(?:(?:,| and) {PERSON_NAME})*)", ("writer",)),
        (rf"created by ({PERSON_NAME}(?:(?:,| and) {PERSON_NAME})*)", ("creator",)),
    ):
        found = re.search(pattern, rest)
        if found:
            for name in _names(found.group(1)):
                for category in categories:
                    add_credit(extraction, category, name)
    if starring := re.search(
        rf"\b(?:stars|starring|starred)\s+({PERSON_NAME}(?:(?:,|,? and) {PERSON_NAME})*)",
        lead_paragraph,
    ):
        for name in _names(starring.group(1)):
            add_credit(extraction, "actor", name)


# A language names the original title only before a colon: "Spanish: El laberinto
# del fauno", where "Portuguese pronunciation" is a link to how to say it.
OTHER_TITLE = re.compile(
    r"^(?:(?:(?P<literal>lit\.?|literally)|(?P<english>English(?: title)?|also known as"
    r"|released as|(?:US|UK|international) title))[:\s]"
    r"|(?P<language>[A-ZÀ-Þ][a-zà-ÿ]+(?: [A-ZÀ-Þ][a-zà-ÿ]+)?):)"
    r"\s*[\"“'‘]?(?P<title>[^\"”]+?)[\"”'’]?$"
)


def _lead_titles(title: str, sentence: str, extraction: PageExtraction) -> None:
    """Take the other titles the lead gives in parentheses after the title.

    "Pan's Labyrinth (Spanish: El laberinto del fauno)" gives the original
    title; "(lit. The Night of the Lighthouse)" and "(English: …)" give
    also-known-as titles.
    """
    after = sentence[len(title) :].lstrip()
    if not after.startswith("("):
        return
    inner = after[1 : after.find(")")] if ")" in after else ""
    for part in re.split(r";\s*|,\s*(?=[A-ZÀ-Þ][a-zà-ÿ]+:|lit\.|literally\b)", inner):
        match = OTHER_TITLE.match(part.strip())
        if match is None or not match.group("title").strip():
            continue
        other = match.group("title").strip()
        if match.group("language") and not extraction.original_title:
            if fold(other) != fold(extraction.title):
                extraction.original_title = other
        elif match.group("literal") or match.group("english"):
            extraction.akas.append(AlsoKnownAs(title=other))


# "It was released in the United States in October 1963 under the title Lighthouse of the Wind."
RELEASED_AS = re.compile(
    r"\breleased in (?:the )?(?P<region>[A-ZÀ-Þ][\w-]+(?: [A-ZÀ-Þ][\w-]+)*)"
    r"(?: in (?:[A-Z][a-z]+ )?\d{4}| on [^,.;]{1,30})?"
    r",? (?:under the (?:English )?title|as) [\"“]?(?P<title>[A-ZÀ-Þ0-9][^\"”.,;()]{0,80}?)[\"”]?"
    r"(?=[.,;]|$)"
)


def _released_as(text: str, extraction: PageExtraction) -> None:
    """Take the title a country released the work under as an also-known-as with its region."""
    for match in RELEASED_AS.finditer(text):
        title, region = match.group("title").strip(), match.group("region")
        known = next((aka for aka in extraction.akas if fold(aka.title) == fold(title)), None)
        if known is None:
            extraction.akas.append(AlsoKnownAs(title=title, region=region))
        elif not known.region:
            known.region = region


# The lead's "a 1995 American action film": the country of origin when the infobox has none.
DEMONYMS = {
    "American": "United States", "British": "United Kingdom", "Scottish": "United Kingdom",
    "Welsh": "United Kingdom", "Irish": "Ireland",
    "Canadian": "Canada", "Australian": "Australia", "New Zealand": "New Zealand",
    "French": "France", "German": "Germany", "West German": "West Germany",
    "Italian": "Italy", "Spanish": "Spain", "Portuguese": "Portugal", "Dutch": "Netherlands",
    "Belgian": "Belgium", "Swiss": "Switzerland", "Austrian": "Austria", "Swedish": "Sweden",
    "Norwegian": "Norway", "Danish": "Denmark", "Finnish": "Finland", "Icelandic": "Iceland",
    "Polish": "Poland", "Czech": "Czech Republic", "Hungarian": "Hungary", "Greek": "Greece",
    "Russian": "Russia", "Soviet": "Soviet Union", "Turkish": "Turkey", "Iranian": "Iran",
    "Israeli": "Israel", "Egyptian": "Egypt", "Nigerian": "Nigeria",
    "South African": "South Africa",
    "Indian": "India", "Pakistani": "Pakistan", "Chinese": "China", "Hong Kong": "Hong Kong",
    "Taiwanese": "Taiwan", "Japanese": "Japan", "South Korean": "South Korea",
    "Korean": "South Korea", "Thai": "Thailand", "Filipino": "Philippines",
    "Indonesian": "Indonesia", "Mexican": "Mexico", "Brazilian": "Brazil",
    "Argentine": "Argentina", "Argentinian": "Argentina", "Chilean": "Chile",
    "Colombian": "Colombia", "Peruvian": "Peru", "Cuban": "Cuba",
}  # fmt: skip


def _countries(words: str) -> list[str]:
    """Return the countries the lead's demonyms name, in order; "South Korean" before "Korean"."""
    found: dict[str, int] = {}
    for demonym in sorted(DEMONYMS, key=len, reverse=True):
        match = re.search(rf"\b{demonym}\b(?!-language)", words)
        if match:
            words = words[: match.start()] + " " * len(demonym) + words[match.end() :]
            found.setdefault(DEMONYMS[demonym], match.start())
    return sorted(found, key=found.__getitem__)


GENRE_WORD = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, GENRE_WORDS), key=len, reverse=True)) + r")\b"
)


def _genres(text: str) -> list[str]:
    """Return IMDb's genres for the genre words in ``text`` ("action thriller", "sitcom").

    They come in ``GENRE_WORDS``' order, not the text's, so that two articles
    naming the same genres list them alike.
    """
    found = {GENRE_WORDS[word] for word in GENRE_WORD.findall(text.lower())}
    return [genre for genre in dict.fromkeys(GENRE_WORDS.values()) if genre in found]


NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip


def _series_counts(lead: str, extraction: PageExtraction) -> None:
    """Take "ran for three seasons and 52 episodes" from the lead when the infobox did not say."""
    for attribute, nouns in (("seasons", "seasons|series"), ("episodes", "episodes")):
        if getattr(extraction, attribute) is not None:
            continue
        found = re.search(rf"\b(\d{{1,4}}|{'|'.join(NUMBER_WORDS)}) (?:{nouns})\b", lead, re.I)
        if found:
            count = found.group(1).lower()
            setattr(extraction, attribute, NUMBER_WORDS.get(count) or int(count))


# "that aired on NBC from 2008 to 2010", "premiered on BBC One in 2011": the network.
LEAD_NETWORK = re.compile(
    r"\b(?:aired|airs|ran|runs|broadcast|premiered|originally aired|streams|streamed) on "
    r"(?:the )?(?P<network>[A-Z][\w&+.'’-]*(?: [A-Z0-9][\w&+.'’-]*){0,3})"
)


def _lead_network(lead: str, extraction: PageExtraction) -> None:
    """Take the network the lead says a series aired on, when the infobox names none."""
    if any(company.role == "network" for company in extraction.companies):
        return
    if found := LEAD_NETWORK.search(first_sentence(lead)):
        extraction.companies.append(CompanyLine(name=found.group("network"), role="network"))


def _names(text: str) -> list[str]:
    """Split "Tom Ashdown, Ruth Mensah and Albert Michel, Jr." into names.

    A name runs to the end of its sentence at most: "James Thornbury. It is
    based on" gives "James Thornbury", but an initial or "Jr." keeps its stop.
    """
    text = re.split(r"(?<!\b[A-ZÀ-Þ])(?<!\bJr)(?<!\bSr)\.(?:\s|$)", text, maxsplit=1)[0]
    names = re.split(r",?\s+and\s+|,(?!\s*(?:Jr|Sr)\.)\s*", text)
    return [name.strip() for name in names if name.strip()]


def _infobox_facts(article: Article, extraction: PageExtraction) -> None:
    """Read the infobox's rows, its genres among them (this module knows genre words)."""
    read_infobox(article, extraction, is_series=extraction.title_type != "movie")
    stated_genres = _genres(" ".join(article.stated("genre")))
    extraction.genres += [genre for genre in stated_genres if genre not in extraction.genres]


# Sections that name a film's songs, each in quotation marks: ""Dhoop Ki Chaadar" and …".
SONG_HEADINGS = frozenset({"soundtrack", "music", "songs", "track listing", "music and soundtrack"})
QUOTED_SONG = re.compile(r"[\"“]([^\"“”\n]{1,80}?)[,.]?[\"”]")


def _songs(body: str, extraction: PageExtraction) -> None:
    """Add the songs a soundtrack section names in quotation marks, each once."""
    for match in QUOTED_SONG.finditer(body):
        title = match.group(1).strip()
        if title and all(fold(song.title) != fold(title) for song in extraction.soundtracks):
            extraction.soundtracks.append(Song(title=title))


ACTOR_IN_PARENTHESES = re.compile(rf"\((?P<actor>{PERSON_NAME})\)")
CAPITALISED_WORD = re.compile(r"^[A-ZÀ-Þ][\w'’.-]*$")


def _cast_in_plot(plot: str, extraction: PageExtraction) -> None:
    """Add the cast as the plot writes it: "Carolina (Salma Hayek)", "a man (Antonio Banderas)".

    The character is the run of capitalised words just before the actor's
    name in parentheses; a description ("a man") gives the actor alone.
    """
    for match in ACTOR_IN_PARENTHESES.finditer(plot):
        actor = match.group("actor").strip()
        if len(actor.split()) > 5:
            continue
        before = plot[max(0, match.start() - 80) : match.start()].split()
        words: list[str] = []
        for word in reversed(before):
            if not CAPITALISED_WORD.match(word) or word.endswith((".", ",", ";", ":")):
                break
            words.insert(0, word)
        character = " ".join(words[-3:])
        if character.split(" ")[0].lower() in ("the", "a", "an", "his", "her", "when", "later"):
            character = ""
        add_credit(extraction, "actor", actor, character)


def _cast_list(cast: str, extraction: PageExtraction) -> None:
    """Add the cast section's "Antonio Banderas as El Mariachi, a guitarist" lines."""
    for line in cast.split("\n"):
        match = re.match(
            rf"^\s*\*?\s*(?P<actor>{PERSON_NAME})\s+as\s+(?P<character>[^,:;(]+)", line.strip()
        )
        if match:
            add_credit(
                extraction,
                "actor",
                match.group("actor"),
                match.group("character").strip().rstrip("."),
            )
