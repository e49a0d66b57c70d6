"""Billed cast as text: "Antonio Banderas ... El Mariachi Salma Hayek ... Carolina".

IMDb layouts before 2020 list the cast as name, " ... ", character. In HTML
the names are links; in a text dump a character runs straight into the next
name, so the boundary is found from the names the page links or names
elsewhere, else guessed from the shape of names. The React page (2020s) has
no " ... ": a series' top cast ends each person with their episode line
("8 episodes • 2021–2022"), which is where one person's entry ends.
"""

from __future__ import annotations

import re

from reeldb.catalog.folding import fold
from reeldb.ingest.pages.schema import CreditLine, PersonRef

# Words that can be part of a name after its first two: "Samuel L. Jackson",
# "Albert Michel Jr.", "Joaquim de Almeida".
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
NAME_PARTICLES = frozenset({"de", "da", "del", "van", "von", "di", "du", "dos", "la", "le", "der"})
# A series cast member's episode count and years on the React page: "8 episodes • 2021–2022",
# "1 episode • 2021"; a text dump may lose the bullet.
EPISODE_LINE = re.compile(
    r"\b\d{1,5}\s+episodes?\b(?:\s*[•·,]?\s*\d{4}(?:\s*[–-]\s*\d{4})?)?", re.IGNORECASE
)
# A dump's cast line, "Gael García Bernal  ...  Julio Zapata": the name before the dots.
CAST_LINE_START = re.compile(r"^[ \t]*([^\s.][^\n.]{1,80}?)[ \t]+(?:\.\.\.|…)[ \t]", re.MULTILINE)
MAX_RAW_CAST = 2_000_000
MAX_NAME_WORDS = 6
CREDITED_AS = re.compile(r"^\(?\s*(?:uncredited\s+)?as\s+(?P<name>[^()]+?)\s*\)?$", re.IGNORECASE)


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
        words[-size].lower() in NAME_PARTICLES or re.fullmatch(r"\w\.", words[-size])
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


def _guess_leading_name_length(words: list[str]) -> int:
    """Return how many of the first ``words`` are a person's name when nothing marks the boundary.

    The mirror of ``_guess_name_length``: two words, widened by a middle
    initial ("Samuel T. Achebe"), particles ("Anneliese van Rooyen") and a
    suffix ("Ferdinand Osei Jr.").
    """
    size = 1
    while size < len(words) - 1 and (
        words[size].lower() in NAME_PARTICLES or re.fullmatch(r"\w\.", words[size])
    ):
        size += 1
    size += 1
    if size < len(words) and words[size].lower() in NAME_SUFFIXES:
        size += 1
    return min(size, len(words))


def _split_head_name(segment: str, known: dict[str, str]) -> tuple[str, str]:
    """Split "Samuel T. Achebe Father Aldous / The Beekeeper" into the name and the rest."""
    words = segment.split()
    for size in range(min(5, len(words)), 0, -1):
        if fold(" ".join(words[:size])) in known:
            return " ".join(words[:size]), " ".join(words[size:])
    size = _guess_leading_name_length(words)
    return " ".join(words[:size]), " ".join(words[size:])


def pair_series_cast(zone: str, known: dict[str, str]) -> list[tuple[str, str]]:
    """Split a React series' top cast, as text, into (name, character cell) pairs.

    Each person's entry is "name character(s) (notes) N episodes • years":
    the episode line ends it, and the name is found at its start from the
    names the page states elsewhere, else from the shape of names. Text after
    the last episode line is the section's footer ("Creators …"), not cast.
    """
    pairs = []
    start = 0
    for line in EPISODE_LINE.finditer(zone):
        segment = zone[start : line.start()].strip(" |•·")
        start = line.end()
        if segment:
            pairs.append(_split_head_name(segment, known))
    return pairs


def names_starting_lines(raw: str) -> dict[str, str]:
    """Return the names a text dump's cast lines start with ("Gael García Bernal  ...  Julio").

    A dump that kept its line breaks says where each name begins, which the
    run of words "Luisa Cortés Gael García Bernal" no longer does once the
    text is squashed; these names then mark the cut, as links do in HTML.
    """
    return {
        fold(match.group(1)): ""
        for match in CAST_LINE_START.finditer(raw[:MAX_RAW_CAST])
        if len(match.group(1).split()) <= MAX_NAME_WORDS
    }


def split_cast(zone: str, known: dict[str, str]) -> list[CreditLine]:
    """Read "Antonio Banderas ... El Mariachi Salma Hayek ... Carolina" into billed cast lines.

    A React series' cast, which has no " ... ", is read by its episode lines.
    """
    credits = []
    pairs = pair_names(zone, known) or pair_series_cast(zone, known)
    for name, character in pairs:
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
    name the person was credited as ("(as …)"), notes ("(voice)",
    "(uncredited)") and, on a React series page, the episode line ("8 episodes
    • 2021–2022"), all of which are left out of the characters.
    """
    character = " ".join(EPISODE_LINE.sub(" ", character).split())
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


def credited_as(note: str) -> str:
    """Return the name in a credit's note "as Bea Quint" or "(as Bea Quint)", else ""."""
    match = CREDITED_AS.match(note.strip())
    return match.group("name").strip() if match else ""


def merge_cast(exact: list[CreditLine], stated: list[CreditLine]) -> list[CreditLine]:
    """Return ``exact`` (a page's embedded data) completed by the cast its markup ``stated``.

    The embedded data is exact where it speaks, so its lines and order stand;
    a line it leaves without characters or credited name takes them from the
    same person's stated line, and people it leaves out follow in the order
    the page lists them. Both lists are billed cast of one page.
    """
    merged = list(exact)
    for line in stated:
        same = next((m for m in merged if _same_person(m, line)), None)
        if same is None:
            merged.append(line)
            continue
        if not same.characters:
            same.characters = list(line.characters)
        same.credited_as = same.credited_as or line.credited_as
        same.person.imdb_id = same.person.imdb_id or line.person.imdb_id
        same.person.image_url = same.person.image_url or line.person.image_url
    return merged


def _same_person(one: CreditLine, other: CreditLine) -> bool:
    if one.person.imdb_id and other.person.imdb_id:
        return one.person.imdb_id == other.person.imdb_id
    return fold(one.person.name) == fold(other.person.name)
