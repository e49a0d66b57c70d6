"""A title page read by its HTML structure, in each layout since 2008.

Where a text dump leaves only words, saved HTML keeps each field in its own
block: ``div.info`` with an ``<h5>`` label (2008), ``div.txt-block`` with an
``<h4 class="inline">`` (2010s), a table row with a ``td.ipl-zebra-list__label``
(the reference view), an ``li.ipc-metadata-list__item`` (today). Reading the
blocks gives each value exactly, without guessing where it ends, and the
links in them give people's and titles' ids and tell one person from the
next. A labelled block no field takes is kept as unmapped, so that a label
reeldb does not know shows in ``reeldb extract --json``. The reference view
lists every writer again in its credits tables. The cast table, the featured
review and the "also liked" cards have their own markup and readers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from reeldb.catalog.folding import fold
from reeldb.ingest.pages.cast import cast_line
from reeldb.ingest.pages.imdb.cards import HELPFUL
from reeldb.ingest.pages.imdb.fields import (
    CREW_LABELS,
    PEOPLE_FIELDS,
    field_of_label,
    is_unmapped,
    people,
)
from reeldb.ingest.pages.schema import (
    CompanyLine,
    CreditLine,
    Dated,
    PageExtraction,
    PlotText,
    Rated,
    RelatedTitle,
    TitleRef,
    UserReview,
)
from reeldb.ingest.pages.text import (
    country_name,
    parse_date,
    parse_float,
    parse_int,
    parse_runtime,
    split_list,
    squash,
)

LABEL_BLOCKS = (
    "div.info, div.txt-block, div.credit_summary_item, div.see-more.inline, "
    "div.titlereference-overview-section, tr, li.ipc-metadata-list__item"
)
LABEL_NODES = frozenset(["h5", "h4", "td", "th", "span", "a", "b", "dt"])
LABEL_CLASSES = ("ipl-zebra-list__label", "ipc-metadata-list-item__label", "label")
LABEL_CLASS_SET = frozenset(LABEL_CLASSES)
# Links and notes that are the page's navigation, not part of a value.
MORE_CLASSES = frozenset(["tn15more", "see-more", "nobr", "description"])
MORE_WORDS = re.compile(
    r"^(?:more|see more|see all.*|see full.*|full summary|add synopsis|edit|view content advisory"
    r"|show more|»)$",
    re.IGNORECASE,
)
BREAK_TAGS = frozenset(["br", "p", "div", "tr", "td", "dd", "dt", "h4", "h5", "ul", "ol"])
MAX_VALUE_NODES = 300
MAX_ROWS = 300
NAME_LINK = re.compile(r"/name/(nm\d{7,10})")
TITLE_LINK = re.compile(r"/title/(tt\d{7,10})")
# What may stand between a person's link and their job: "Name ... (screenplay)".
JOB_AFTER_NAME = re.compile(r"^[\s.…]*(\([^()]{0,200}\))")
# The reference view's company headings, by the role each names (``CompanyRole`` values).
COMPANY_ROLES = {
    "production companies": "production",
    "distributors": "distribution",
    "special effects": "special_effects",
    "other companies": "other",
}
CREW_FIELDS = frozenset(name for name, _category, _job in CREW_LABELS)
CAST_ROWS = "table.cast tr, table.cast_list tr, [data-testid='title-cast-item']"
# A React cast card's characters: a link each, one link for all, or a span without a link.
CARD_CHARACTERS = (
    "[data-testid='cast-item-characters-link'], [data-testid='title-cast-item__characters']"
)
CARD_NOTE = re.compile(r"\([^()]{1,200}\)")
# A card's characters sit a few levels inside it; a node deeper than this is not its own.
CARD_DEPTH = 40
CHARACTER_CELLS = (
    "td.char, td.character, [data-testid='cast-item-characters-list'], "
    "[data-testid='cast-item-characters-link']"
)


def parse(markup: str) -> LexborHTMLParser:
    """Parse ``markup`` for the structure readers (``markup.parse_html`` keeps only its text)."""
    return LexborHTMLParser(markup)


def _classes(node: LexborNode) -> set[str]:
    return set((node.attributes.get("class") or "").split())


def _is_more(node: LexborNode) -> bool:
    if _classes(node) & MORE_CLASSES:
        return True
    return node.tag == "a" and bool(MORE_WORDS.match(squash(node.text())))


def node_text(node: LexborNode, skip: LexborNode | None = None) -> str:
    """Return ``node``'s text without navigation links; list items end with " | ".

    Reads at most ``MAX_VALUE_NODES`` nodes: in broken HTML an unclosed block
    holds the rest of the page, and reading all of it for each such block
    would cost the square of the page's size.
    """
    parts: list[str] = []
    skip_id = skip.mem_id if skip is not None else None
    budget = [MAX_VALUE_NODES]

    def walk(parent: LexborNode) -> None:
        for child in parent.iter(include_text=True):
            budget[0] -= 1
            if budget[0] < 0:
                return
            if child.tag == "-text":
                parts.append(child.text_content or "")
                continue
            if child.tag in ("script", "style") or child.mem_id == skip_id or _is_more(child):
                continue
            walk(child)
            if child.tag == "li":
                parts.append(" | ")
            elif child.tag in BREAK_TAGS:
                parts.append(" ")

    walk(node)
    return squash("".join(parts)).strip(" |»")


def _label_node(block: LexborNode) -> LexborNode | None:
    for child in block.iter():
        if child.tag in ("h5", "h4", "b", "dt") or _classes(child) & LABEL_CLASS_SET:
            return child
        if child.tag in ("td", "th") and block.tag == "tr":
            return child if child.tag == "th" or len(squash(child.text())) < 40 else None
        if child.tag not in LABEL_NODES:
            return None
    return None


def _direct_label(block: LexborNode) -> str:
    """Return the words before a block's first link: the reference view's "Directed by"."""
    words = []
    for child in block.iter(include_text=True):
        if child.tag != "-text":
            break
        words.append(child.text_content or "")
    return squash("".join(words))


@dataclass
class Blocks:
    """A page's labelled blocks: each field's values in page order, and the labels none takes."""

    values: dict[str, list[str]] = field(default_factory=dict)
    unmapped: list[tuple[str, str]] = field(default_factory=list)


def labelled_blocks(tree: LexborHTMLParser) -> Blocks:
    """Return each labelled block's value by field, in page order, and the unmapped blocks."""
    blocks = Blocks()
    for block in tree.css(LABEL_BLOCKS)[:MAX_ROWS]:
        label_node = _label_node(block)
        label = squash(label_node.text()) if label_node is not None else _direct_label(block)
        if not label or len(label) >= 60:
            continue
        name = field_of_label(label)
        if name is None and not (_is_label(label_node, label) and is_unmapped(label)):
            continue
        value = _block_value(block, label_node, label)
        if name in PEOPLE_FIELDS:
            value = _people_value(value, block, label_node)
        if not value:
            continue
        if name is None:
            blocks.unmapped.append((label.rstrip(": "), value))
        else:
            blocks.values.setdefault(name, []).append(value)
    for name, value in _credit_tables(tree):
        blocks.values.setdefault(name, []).append(value)
    return blocks


def _block_value(block: LexborNode, label_node: LexborNode | None, label: str) -> str:
    if label_node is None:
        value = node_text(block)[len(label) :]
    else:
        value = node_text(block, skip=label_node)
    return value.strip(" |:")


def _is_label(node: LexborNode | None, label: str) -> bool:
    """Return whether a block's first words are a label the page marks as one.

    A label element (``<h4 class="inline">``, ``td.ipl-zebra-list__label``)
    or words with a colon are; a table's first cell (a cast member's name) is not.
    """
    if node is not None and (
        node.tag in ("h4", "h5", "dt", "th") or _classes(node) & LABEL_CLASS_SET
    ):
        return True
    return label.endswith(":")


def _people_value(text: str, block: LexborNode, label_node: LexborNode | None) -> str:
    """Return a people block's text, or its linked people where the text runs them together.

    The text keeps the people a page names without a link ("J.J. Abrams,
    Jeffrey Lieber"); where it does not part the linked ones (line breaks, no
    commas), the links do.
    """
    linked = linked_people(block, label_node)
    named = {fold(person.name) for person, _job in people(text, {})}
    if all(fold(person.name) in named for person, _job in people(linked, {})):
        return text
    return linked


def linked_people(block: LexborNode, label_node: LexborNode | None) -> str:
    """Return a block's people as "Name (job) | Name (job)", each found by its link to /name/.

    A block's text runs its people together where the page parts them with
    line breaks or list items instead of commas (the reference view); the
    links tell where each name is, and the bracket after a name, before the
    next link, is its job. "2 more credits" links elsewhere and is no one.
    Returns "" for a block that links no one.
    """
    text = node_text(block, skip=label_node)
    found = []
    cursor = 0
    for link in block.css("a[href*='/name/nm']")[:MAX_ROWS]:
        name = squash(link.text())
        at = text.find(name, cursor) if name else -1
        if at >= 0:
            found.append((name, at))
            cursor = at + len(name)
    items = []
    for position, (name, at) in enumerate(found):
        end = found[position + 1][1] if position + 1 < len(found) else len(text)
        job = JOB_AFTER_NAME.match(text[at + len(name) : end])
        items.append(f"{name} {job.group(1)}" if job else name)
    return " | ".join(items)


def _credit_tables(tree: LexborHTMLParser) -> list[tuple[str, str]]:
    """Return the crew of the reference view's credits tables: a heading, then a row per person.

    The overview names two writers and "3 more credits"; the "Writing
    Credits" table after it names every one, each with their job.
    """
    tables = []
    for heading in tree.css("h4")[:MAX_ROWS]:
        name = field_of_label(re.sub(r"\s*\(.*$", "", squash(heading.text())))
        table = _after_heading(heading)
        if name not in CREW_FIELDS or table is None or table.tag != "table":
            continue
        rows = [linked_people(row, None) for row in table.css("tr")[:MAX_ROWS]]
        if value := " | ".join(row for row in rows if row):
            tables.append((name, value))
    return tables


def _after_heading(heading: LexborNode) -> LexborNode | None:
    """Return the element a heading introduces: its next sibling, or its ``<header>``'s.

    The reference view of 2019 on wraps each heading in ``header.ipl-header``.
    """
    start = heading
    for ancestor in (heading.parent, heading.parent.parent if heading.parent else None):
        if ancestor is not None and ancestor.tag == "header":
            start = ancestor
    following = start.next
    while following is not None and following.tag == "-text":
        following = following.next
    return following


def reference_companies(tree: LexborHTMLParser) -> list[CompanyLine]:
    """Return the reference view's companies: a heading per role, then a list of names.

    Each company is its link's words ("British Broadcasting Corporation
    (BBC)"); the years, country and medium printed after the link are left out.
    """
    companies = []
    for heading in tree.css(".titlereference-section-companies h4")[:MAX_ROWS]:
        role = COMPANY_ROLES.get(squash(heading.text()).casefold())
        listed = _after_heading(heading)
        if role is None or listed is None or listed.tag != "ul":
            continue
        for item in listed.css("li")[:MAX_ROWS]:
            link = item.css_first("a")
            name = squash(link.text()) if link is not None else ""
            if name:
                companies.append(CompanyLine(name=name, role=role))
    return companies


def reference_episodes(tree: LexborHTMLParser, extraction: PageExtraction) -> None:
    """Read a series' reference view: its season links ("3 2 1") and "All Episodes (18)"."""
    numbers = tree.css_first(".titlereference-overview-season-episode-numbers")
    if numbers is None:
        return
    seasons = [
        int(found.group(1))
        for link in numbers.css("a")
        if (found := re.search(r"[?&]season=(\d{1,3})\b", link.attributes.get("href") or ""))
    ]
    if seasons and extraction.seasons is None:
        extraction.seasons = max(seasons)
    total = re.search(r"all episodes\s*\((\d[\d,]*)\)", squash(numbers.text()), re.IGNORECASE)
    if total and extraction.episodes is None:
        extraction.episodes = parse_int(total.group(1))


def cast(tree: LexborHTMLParser) -> list[CreditLine]:
    """Return the billed cast of a cast table (2008, 2010s, reference view) or today's cards."""
    lines = []
    for row in tree.css(CAST_ROWS)[:MAX_ROWS]:
        is_card = row.attributes.get("data-testid") == "title-cast-item"
        actor = row.css_first("[data-testid='title-cast-item__actor']") if is_card else None
        link = actor or next((a for a in row.css("a[href*='/name/nm']") if squash(a.text())), None)
        if link is None:
            continue
        character = _card_characters(row) if is_card else ""
        if not character:
            cell = row.css_first(CHARACTER_CELLS)
            character = node_text(cell) if cell is not None else ""
        nconst = NAME_LINK.search(link.attributes.get("href") or "")
        line = cast_line(
            squash(link.text()), character.strip(" |"), {}, nconst.group(1) if nconst else ""
        )
        if line is not None:
            lines.append(line)
    return lines


def _card_characters(card: LexborNode) -> str:
    """Return a React cast card's character cell: "Old Jesse / Narrator (voice) (as Otis Bell)".

    The card gives each character a link of its own (2022) or one link for
    all, "A / B" (2021), and a character without a page of its own a plain
    ``title-cast-item__characters`` span; the credited name and notes may sit
    beside the links, and a series' episode line after them. The links'
    words are joined with " / ", then the notes; the episode line is left out
    by ``cast_line``.
    """
    found = card.css(CARD_CHARACTERS)[:MAX_ROWS]
    inner = {node.mem_id for node in found}
    names = [
        words
        for node in found
        if _is_own(node, inner, card) and (words := squash(node.text(separator=" ")))
    ]
    if not names:
        return ""
    notes = [n for n in CARD_NOTE.findall(node_text(card)) if not any(n in name for name in names)]
    return " ".join([" / ".join(names), *notes])


def _is_own(node: LexborNode, ids: set[int], card: LexborNode) -> bool:
    """Tell whether ``node`` is one of ``card``'s own characters, not inside another of ``ids``.

    In broken HTML an unclosed card holds the cards after it: their
    characters are theirs, not this card's.
    """
    parent = node.parent
    for _ in range(CARD_DEPTH):
        if parent is None or parent.mem_id == card.mem_id:
            return True
        if parent.mem_id in ids or parent.attributes.get("data-testid") == "title-cast-item":
            return False
        parent = parent.parent
    return False


def featured_review(tree: LexborHTMLParser) -> UserReview | None:
    """Return the review a 2010s page marks up with schema.org's ``itemprop="review"``."""
    node = tree.css_first("[itemprop='review']")
    if node is None:
        return _classic_review(tree)
    body = node.css_first("[itemprop='reviewBody']")
    if body is None:
        return None
    headline = node.css_first("[itemprop='name']")
    author = node.css_first("[itemprop='author']")
    published = node.css_first("[itemprop='datePublished']")
    rating = node.css_first("[itemprop='ratingValue']")
    date = parse_date(published.attributes.get("content") or "") if published else None
    helpful = HELPFUL.search(squash((node.parent or node).text(separator=" ")))
    return UserReview(
        headline=squash(headline.text()) if headline else "",
        text=squash(body.text(separator=" ")),
        author=squash(author.text()) if author else "",
        date=date,
        rating=parse_int(squash(rating.text())) if rating else None,
        helpful_yes=parse_int(helpful.group("yes")) if helpful else None,
        helpful_total=parse_int(helpful.group("total")) if helpful else None,
    )


def _classic_review(tree: LexborHTMLParser) -> UserReview | None:
    """Return the 2008 page's user comment: helpful count, headline and date, author, text."""
    for marker in tree.css("div.small"):
        helpful = HELPFUL.search(squash(marker.text()))
        if helpful is None:
            continue
        review = UserReview(
            headline="",
            text="",
            helpful_yes=parse_int(helpful.group("yes")),
            helpful_total=parse_int(helpful.group("total")),
        )
        sibling = marker.next
        while sibling is not None and sibling.tag not in ("hr", "div") and not review.text:
            words = (
                squash(sibling.text(separator=" "))
                if sibling.tag != "-text"
                else squash(sibling.text_content or "")
            )
            if sibling.tag == "b":
                review.headline = words
            elif sibling.tag == "-text" and (date := parse_date(words)):
                review.date = date
            elif sibling.tag == "small":
                author = sibling.css_first("a")
                review.author = squash(author.text()) if author is not None else ""
            elif sibling.tag == "p":
                review.text = words
            sibling = sibling.next
        return review if review.text else None
    return None


def related(tree: LexborHTMLParser) -> list[RelatedTitle]:
    """Return the 2010s "people who liked this also liked" cards (``div.rec_overview``)."""
    cards = []
    for card in tree.css("div.rec_overview"):
        link = card.css_first(".rec-title a")
        if link is None:
            continue
        year = re.search(r"\d{4}", squash(_text(card, ".rec-title .nobr")))
        tconst = card.attributes.get("data-tconst") or ""
        found = TITLE_LINK.search(link.attributes.get("href") or "")
        director = re.sub(r"^\w+\s*:\s*", "", _text(card, ".rec-director"))
        stars = re.sub(r"^\w+\s*:\s*", "", _text(card, ".rec-actor"))
        cards.append(
            RelatedTitle(
                title=squash(link.text()),
                year=int(year.group(0)) if year else None,
                imdb_id=tconst or (found.group(1) if found else ""),
                genres=split_list(_text(card, ".rec-cert-genre"), r"\|"),
                rating=parse_float(_text(card, ".rating-rating .value")),
                outline=_text(card, ".rec-outline"),
                directors=[p for p, _ in people(director, {})],
                stars=[p for p, _ in people(stars, {})],
            )
        )
    return cards


def _text(node: LexborNode, selector: str) -> str:
    found = node.css_first(selector)
    return squash(found.text(separator=" ")) if found is not None else ""


def overview(tree: LexborHTMLParser, extraction: PageExtraction) -> None:
    """Read what the overview marks up: original title, series, episode, popularity's direction."""
    original = tree.css_first(
        "div.originalTitle, [data-testid='hero-title-block__original-title'], "
        "[data-testid='hero__title-block__original-title']"
    )
    if original is not None:
        name = re.sub(
            r"\s*\(original title\)\s*$|^original title:\s*",
            "",
            squash(original.text()),
            flags=re.I,
        )
        if name and name != extraction.title:
            extraction.original_title = name
    parent = tree.css_first(
        "div.titleParent a, div.parent a, .titlereference-header h4 a, h2.tv_header a"
    )
    if parent is not None and (found := TITLE_LINK.search(parent.attributes.get("href") or "")):
        extraction.series = TitleRef(
            title=squash(parent.text()), imdb_id=found.group(1), title_type="tvSeries"
        )
        extraction.title_type = "tvEpisode"
    subtext = tree.css_first(
        "div.subtext, .titlereference-header ul.ipl-inline-list, "
        "h1[data-testid='hero__pageTitle'] ~ ul.ipc-inline-list"
    )
    if subtext is not None:
        _subtext(subtext, extraction)
    _react_hero(tree, extraction)
    _outline(tree, extraction)
    _react_storyline(tree, extraction)
    _react_episodes(tree, extraction)
    arrow = tree.css_first(".popularityImageUp, .popularityImageDown")
    if arrow is not None and arrow.parent is not None:
        # The 2010s page draws the direction as a sprite, so the text has only "385 ( 42)".
        moved = re.search(r"\(\s*(\d[\d,]*)\s*\)", squash(arrow.parent.text(separator=" ")))
        change = parse_int(moved.group(1)) if moved else None
        if change is not None:
            is_down = "popularityImageDown" in _classes(arrow)
            extraction.popularity_change = -change if is_down else change
    rating = tree.css_first(".ipl-rating-star__rating")
    if rating is not None and extraction.rating is None:
        extraction.rating = parse_float(squash(rating.text()))
        votes = tree.css_first(".ipl-rating-star__total-votes")
        extraction.votes = parse_int(squash(votes.text()).strip("()")) if votes else None


def _react_storyline(tree: LexborHTMLParser, extraction: PageExtraction) -> None:
    """Read the React page's storyline: its summary signed by its author, and its keyword chips.

    The page's text runs the author's name into the chips that follow it, so
    the markup's summary replaces the one the text gave.
    """
    summary = tree.css_first("[data-testid='storyline-plot-summary'] .ipc-html-content")
    if summary is not None:
        signature = summary.css_first("a[href*='plot_author']")
        author = squash(signature.text()) if signature is not None else ""
        text = squash(summary.text(separator=" "))
        text = re.sub(r"\s*—\s*" + re.escape(author) + r"\s*$", "", text) if author else text
        if len(text) > 20:
            extraction.plots = [p for p in extraction.plots if p.kind != "summary"]
            extraction.plots.append(PlotText(kind="summary", text=text, author=author))
    chips = tree.css("[data-testid='storyline-plot-keywords'] .ipc-chip__text")
    if chips and not extraction.keywords:
        extraction.keywords = [squash(chip.text()) for chip in chips if squash(chip.text())]


def _react_episodes(tree: LexborHTMLParser, extraction: PageExtraction) -> None:
    """Read a React series page's "Episodes 62" heading and its "5 seasons" button."""
    section = tree.css_first("section[data-testid='Episodes']")
    if section is None:
        return
    count = section.css_first(".ipc-title__subtext")
    if count is not None and extraction.episodes is None:
        extraction.episodes = parse_int(squash(count.text()))
    for button in section.css(".ipc-button__text, label[for='browse-episodes-season']"):
        seasons = re.fullmatch(r"(\d{1,3})\s+seasons?", squash(button.text()), re.IGNORECASE)
        if seasons and extraction.seasons is None:
            extraction.seasons = int(seasons.group(1))


def _outline(tree: LexborHTMLParser, extraction: PageExtraction) -> None:
    """Read the outline: React's hero plot, the 2010s summary, the reference view's first line."""
    outline = tree.css_first(
        "[data-testid='plot-xl'], [data-testid='plot-l'], div.summary_text, "
        "p[itemprop='description'], .titlereference-section-overview > div:not([class])"
    )
    text = squash(outline.text()) if outline is not None else ""
    if text and not any(p.kind == "outline" for p in extraction.plots):
        extraction.plots.insert(0, PlotText(kind="outline", text=text))


def _react_hero(tree: LexborHTMLParser, extraction: PageExtraction) -> None:
    """Read today's hero block, for a React page saved without its scripts' data."""
    if genres := [squash(n.text()) for n in tree.css("[data-testid='genres'] .ipc-chip__text")]:
        extraction.genres = genres
    rank = tree.css_first("[data-testid='hero-rating-bar__popularity__score']")
    if rank is not None and (popularity := parse_int(squash(rank.text()))):
        extraction.popularity_rank = popularity
        for direction, sign in (("up", 1), ("down", -1)):
            moved = tree.css_first(f"[data-testid='hero-rating-bar__popularity__{direction}']")
            if moved is not None and (change := parse_int(squash(moved.text()))) is not None:
                extraction.popularity_change = sign * change


def _subtext(node: LexborNode, extraction: PageExtraction) -> None:
    """Read the line under the title: "R | 2h 2min | Comedy, Romance | 8 February 2002 (USA)"."""
    genres = [squash(a.text()) for a in node.css("a[href*='/genre']")]
    if genres:
        extraction.genres = genres
    for piece in re.split(r"\s*\|\s*", node_text(node)):
        if re.fullmatch(r"\d+h(?:\s*\d+m(?:in)?)?|\d+\s*m(?:in)?", piece):
            extraction.runtime_minutes = parse_runtime(piece)
        elif (date := parse_date(piece)) and not extraction.release_dates:
            country = re.search(r"\(([^)]+)\)", piece)
            extraction.release_dates.append(
                Dated(country=country_name(country.group(1)) if country else "", date=date)
            )
        elif re.fullmatch(r"[A-Z][\w+/-]{0,9}", piece) and not extraction.certifications:
            extraction.certifications.append(Rated(country="", rating=piece))
