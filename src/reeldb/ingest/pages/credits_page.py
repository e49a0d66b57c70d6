"""IMDb's full cast and crew page: a heading per department, then its people and their jobs."""

from __future__ import annotations

import re

from reeldb.catalog.folding import fold
from reeldb.catalog.models import CreditCategory
from reeldb.ingest.pages.cast import split_cast
from reeldb.ingest.pages.schema import CreditLine, PersonRef

# IMDb's headings that differ from our department labels.
EXTRA_HEADINGS: dict[str, str] = {
    "series directed by": "director",
    "writing credits \\(wga\\)": "writer",
    "series writing credits": "writer",
    "writing credits": "writer",
    "cast \\(in credits order\\)(?: complete, awaiting verification| verified as complete)?": "actor",
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
    for pattern, category in HEADINGS.items():
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
        if " ... " in section or " … " in section:
            lines = split_cast(section, known)
        else:
            lines = [
                CreditLine(category=category, person=PersonRef(name=name))
                for name in _names_without_jobs(section, known)
            ]
        for line in lines:
            line.person.imdb_id = line.person.imdb_id or known.get(fold(line.person.name), "")
            if category != "actor":
                line.category = category
                job = " / ".join(line.characters)
                line.job, line.characters = re.sub(r"^\((.*)\)$", r"\1", job), []
            credits.append(line)
    return credits


def _names_without_jobs(section: str, known: dict[str, str]) -> list[str]:
    """Split "Ethan Maniquis Robert Rodriguez" into names: by the page's links, else whole."""
    section = re.sub(r"\s*\([^)]*\)", "", section).strip()
    words = section.split()
    names = []
    start = 0
    while start < len(words):
        for end in range(len(words), start, -1):
            if fold(" ".join(words[start:end])) in known:
                names.append(" ".join(words[start:end]))
                start = end
                break
        else:
            return [*names, " ".join(words[start:])] if len(words) - start <= 4 else names
    return names
