"""IMDb's full cast and crew page: a heading per department, then its people and their jobs."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from reeldb.catalog.folding import fold
from reeldb.catalog.models import CreditCategory
from reeldb.ingest.pages.cast import cast_line, pair_names, split_cast
from reeldb.ingest.pages.schema import CreditLine, PersonRef
from reeldb.ingest.pages.text import squash

# IMDb's headings that differ from our department labels.
EXTRA_HEADINGS: dict[str, str] = {
    "series directed by": "director",
    "writing credits \\(wga\\)": "writer",
    "series writing credits": "writer",
    "writing credits": "writer",
    (
        "cast \\(in credits order\\)(?: complete, awaiting verification| verified as complete)?"
    ): "actor",
    "series cast": "actor",
    "cast": "actor",
    "rest of cast listed alphabetically": "actor",
    "series produced by": "producer",
    "original music by": "composer",
    "series music by": "composer",
    "film editing by": "editor",
    "casting by": "casting_director",
    "other crew": "miscellaneous",
    "animation department": "miscellaneous",
    "script and continuity department": "miscellaneous",
}
# Today's page heads a department with a bare noun ("Director", "Writers").
# Only an HTML heading element can be read so: in a text dump these words
# also appear inside jobs ("Art Linson ... producer").
PAGE_HEADINGS: dict[str, str] = {
    "directors?": "director",
    "writers?": "writer",
    "producers?": "producer",
    "composers?|music": "composer",
    "cinematographers?|cinematography": "cinematographer",
    "editors?|editing": "editor",
    "casting directors?|casting": "casting_director",
    "production designers?|production design": "production_designer",
    "art directors?|art direction": "art_director",
    "set decorators?|set decoration": "set_decorator",
    "costume designers?|costume design": "costume_designer",
    "stunts?": "stunts",
}


def _headings() -> dict[str, str]:
    headings = dict(EXTRA_HEADINGS)
    for category in CreditCategory:
        if category.label != "Cast":
            headings.setdefault(re.escape(category.label.lower()), category.value)
    return headings


HEADINGS = _headings()
HEADING = re.compile(
    r"(?:(?<=\s)|^)(?P<heading>" + "|".join(sorted(HEADINGS, key=len, reverse=True)) + r")(?=\s)",
    re.IGNORECASE,
)
PAGE_END = re.compile(r"\s(?:see also|contribute to this page|getting started)\b", re.IGNORECASE)


def _category(heading: str) -> str:
    lowered = heading.lower()
    for pattern, category in (*HEADINGS.items(), *PAGE_HEADINGS.items()):
        if re.fullmatch(pattern, lowered):
            return category
    return "miscellaneous"


def read_full_credits(text: str, known: dict[str, str]) -> list[CreditLine]:
    """Return every cast and crew line of a full-credits page, department by department."""
    first = re.search(r"\bdirected by\b|\bcast\b\s*\(", text, re.IGNORECASE)
    body = text[first.start() :] if first else text
    end = PAGE_END.search(body)
    body = body[: end.start()] if end else body
    matches = list(HEADING.finditer(body))
    credits: list[CreditLine] = []
    for position, match in enumerate(matches):
        stop = matches[position + 1].start() if position + 1 < len(matches) else len(body)
        section = body[match.end() : stop].strip()
        if not section:
            continue
        category = _category(match.group("heading"))
        if category in ("actor", "actress", "self"):
            lines = split_cast(section, known)
        elif " ... " in section or " … " in section:
            lines = [
                CreditLine(category=category, person=PersonRef(name=name), job=_job(job))
                for name, job in pair_names(section, known)
            ]
        else:
            lines = [
                CreditLine(category=category, person=PersonRef(name=name))
                for name in _names_without_jobs(section, known)
            ]
        for line in lines:
            line.person.imdb_id = line.person.imdb_id or known.get(fold(line.person.name), "")
            line.category = category
            credits.append(line)
    return credits


# Headings of each layout: 2010s ``h4.dataHeaderWithBorder``, older
# ``h5``/``h4`` in ``table`` headers, today's ``h3.ipc-title__text``.
HTML_HEADINGS = "h4.dataHeaderWithBorder, h4.dataHeader, h3.ipc-title__text, td.blackcatheader"
MAX_NAME_WORDS = 6
NAME_HREF = re.compile(r"/name/(nm\d{7,10})")


def read_full_credits_html(tree: LexborHTMLParser) -> list[CreditLine]:
    """Return every cast and crew line of a full-credits page, by its headings and rows.

    Walks the page in document order: each heading sets the department, and
    each row or list item with a link to a person is one line of it.
    """
    body = tree.body
    if body is None:
        return []
    headings = {node.mem_id for node in tree.css(HTML_HEADINGS)}
    credits: list[CreditLine] = []
    category = ""
    for node in body.traverse():
        if node.mem_id in headings:
            heading = re.sub(r"\s*\(.*$|\s+\d+$", "", squash(node.text(separator=" ")))
            category = _category(heading) if heading else category
        elif category and _is_credit_line(node):
            line = _html_line(node, category)
            if line is not None:
                credits.append(line)
    return credits


def _is_credit_line(node: LexborNode) -> bool:
    if node.tag == "tr":
        return True
    if node.tag != "li":
        return False
    classes = node.attributes.get("class") or ""
    return (
        node.attributes.get("data-testid") == "name-credits-list-item"
        or "full-credits-page-list-item" in classes
    )


def _html_line(row: LexborNode, category: str) -> CreditLine | None:
    link = next((a for a in row.css("a[href*='/name/nm']") if squash(a.text())), None)
    if link is None:
        return None
    name = squash(link.text())
    found = NAME_HREF.search(link.attributes.get("href") or "")
    nconst = found.group(1) if found else ""
    if category in ("actor", "actress", "self"):
        cell = row.css_first("td.character, [data-testid='cast-item-characters-list']")
        characters = squash(cell.text(separator=" ")) if cell is not None else _rest(row, name)
        return cast_line(name, characters, {}, nconst)
    credit = row.css_first("td.credit")
    job = squash(credit.text(separator=" ")) if credit is not None else _rest(row, name)
    job = _job(re.sub(r"^\.\.\.\s*", "", job.strip()))
    return CreditLine(category=category, person=PersonRef(name=name, imdb_id=nconst), job=job)


def _rest(row: LexborNode, name: str) -> str:
    """Return a line's words after the person's name: the job or the characters."""
    text = squash(row.text(separator=" "))
    position = text.find(name)
    rest = text[position + len(name) :] if position >= 0 else ""
    return rest.strip(" .…|")


def _job(words: str) -> str:
    """Return a job without IMDb's brackets: "(written by)" -> "written by"."""
    return re.sub(r"^\((.*)\)$", r"\1", " ".join(words.split())).strip()


def _names_without_jobs(section: str, known: dict[str, str]) -> list[str]:
    """Split "Ethan Maniquis Robert Rodriguez" into names: by the page's links, else whole."""
    section = re.sub(r"\s*\([^)]*\)", "", section).strip()
    words = section.split()
    names = []
    start = 0
    while start < len(words):
        # No name is longer than a few words; trying longer spans would make a
        # long section cost the square of its length.
        for end in range(min(len(words), start + MAX_NAME_WORDS), start, -1):
            if fold(" ".join(words[start:end])) in known:
                names.append(" ".join(words[start:end]))
                start = end
                break
        else:
            return [*names, " ".join(words[start:])] if len(words) - start <= 4 else names
    return names
