"""Billed cast as text: "Antonio Banderas ... El Mariachi Salma Hayek ... Carolina".

Every IMDb layout lists the cast as name, " ... ", character. In HTML the
names are links; in a text dump a character runs straight into the next
name, so the boundary is found from the names the page links or names
elsewhere, else guessed from the shape of names.
"""

from __future__ import annotations

import re

from reeldb.catalog.folding import fold
from reeldb.ingest.pages.schema import CreditLine, PersonRef

# Words that can be part of a name after its first two: "Samuel L. Jackson",
# "Albert Michel Jr.", "Joaquim de Almeida".
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def _guess_name_length(words: list[str]) -> int:
    """Return how many of the last ``words`` are a person's name when nothing marks the boundary.

    Names are two words, plus a suffix ("Jr."), a particle before the surname
    ("de", "van") or a middle initial ("L.").
    """
    if len(words) <= 2:
        return len(words)
    size = 2
    if words[-1].lower() in NAME_SUFFIXES:
        size += 1
    while size < len(words) and (
        words[-size].lower()
        in {"de", "da", "del", "van", "von", "di", "du", "dos", "la", "le", "der"}
        or re.fullmatch(r"\w\.", words[-size])
    ):
        size += 1
    if size < len(words) and re.fullmatch(r"\w\.", words[-size]):
        size += 1
    return min(size, len(words))


def _split_tail_name(segment: str, known: dict[str, str]) -> tuple[str, str]:
    """Split "Carolina Joaquim de Almeida" into the character and the next person's name."""
    words = segment.split()
    for size in range(min(5, len(words)), 0, -1):
        if fold(" ".join(words[-size:])) in known:
            return " ".join(words[:-size]), " ".join(words[-size:])
    size = _guess_name_length(words)
    return " ".join(words[:-size]), " ".join(words[-size:])


def split_cast(zone: str, known: dict[str, str]) -> list[CreditLine]:
    """Read "Antonio Banderas ... El Mariachi Salma Hayek ... Carolina" into billed cast lines."""
    credits = []
    for name, character in pair_names(zone, known):
        line = cast_line(name, character, known)
        if line is not None:
            credits.append(line)
    return credits


def pair_names(zone: str, known: dict[str, str]) -> list[tuple[str, str]]:
    """Split "name ... what they did name ... what they did" into (name, what they did) pairs.

    Each " ... " separates a name from its character or job, which runs into
    the next name. Linked names (HTML) and the page's other names mark where
    one ends; otherwise the name is guessed from its shape.
    """
    parts = [part.strip() for part in re.split(r"\s+(?:\.\.\.|…)\s+", zone.strip())]
    if len(parts) < 2:
        return []
    names: list[str] = [parts[0]]
    characters: list[str] = []
    for middle in parts[1:-1]:
        character, name = _split_tail_name(middle, known)
        characters.append(character)
        names.append(name)
    characters.append(parts[-1])
    return list(zip(names, characters, strict=True))


def cast_line(
    name: str, character: str, known: dict[str, str], imdb_id: str = ""
) -> CreditLine | None:
    """Return one cast line from a name and its character cell: "Narrator (voice) (as Dan Cacho)".

    A cell may name several characters ("Raymond / L'homme de verre"), the
    name the person was credited as ("(as …)") and notes ("(voice)",
    "(uncredited)"), which are left out of the characters.
    """
    character = " ".join(character.split())
    credited = re.search(r"\((?:as|uncredited as)\s+([^)]+)\)", character)
    role = re.sub(r"\s*\([^)]*\)\s*", " ", character).strip(" /")
    clean_name = " ".join(name.split())
    if not clean_name.lower().endswith(("jr.", "sr.")):
        clean_name = clean_name.strip(" .,")
    if not clean_name or len(clean_name) > 80:
        return None
    return CreditLine(
        category="actor",
        person=PersonRef(name=clean_name, imdb_id=imdb_id or known.get(fold(clean_name), "")),
        characters=[c.strip() for c in re.split(r"\s+/\s+", role) if c.strip()],
        credited_as=credited.group(1).strip() if credited else "",
    )
