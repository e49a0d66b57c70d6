"""Other titles an article names: sequels, remakes, spin-offs, and the series of films it is in.

"Desperado is the sequel to Rodriguez's independent film El Mariachi (1992)
and the second entry in the "Mexico Trilogy"": a phrase, then a capitalised
title and its year in parentheses, or an ordinal and a collection's name.
"""

from __future__ import annotations

import re

from reeldb.ingest.pages.schema import Link, Membership, PageExtraction, TitleRef
from reeldb.ingest.pages.wikipedia.article import fold

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10}  # fmt: skip
# What an article says before another title and its year, and the connection that makes.
RELATION_PHRASES = (
    (r"(?:sequel|follow-up) to", "follows"),
    (r"prequel to", "followed_by"),
    (r"followed by (?:a|the|its) (?:spin-off|spinoff)(?: series| film)?,?", "spin_off"),
    (r"followed by(?: (?:a|the|its) (?:sequel|prequel)(?: series| film)?,?)?", "followed_by"),
    (r"(?:[Aa]|[Tt]he|[Ii]ts) (?:spin-off|spinoff)(?: series| film)?"
     r"(?: of the (?:series|film|show))?,", "spin_off"),
    (r"(?:spin-off|spinoff) (?:of|from)", "spin_off_from"),
    (r"remake of", "remake_of"),
    (r"remade(?: for television| for TV| in \d{4}| in [A-ZÀ-Þ]\w+)? as", "remade_as"),
)  # fmt: skip
RELATED_TITLE = (
    r"\s+(?:[\w’']+(?:'s|’s)\s+)?(?:(?:independent|the|his|her|their|\d{4})\s+)*"
    r"(?:film\s+|series\s+)?[\"“]?(?P<title>[A-ZÀ-Þ0-9][^()\"”.,;]{0,80}?)[\"”]?\s+"
    r"\((?:[^)]*?)?(?P<year>\d{4})\)"
)
RELATIONS = tuple(
    (re.compile(rf"\b{phrase}{RELATED_TITLE}"), kind) for phrase, kind in RELATION_PHRASES
)
# "second entry in the "Mexico Trilogy"", "third film in Marchal's Saisons cycle": a
# capitalised name must end in a word for a series of films, so "the first film in
# English" is not taken for one.
COLLECTION_NOUNS = r"(?:trilogy|series|saga|cycle|franchise|quartet|tetralogy|universe|films)"
MEMBERSHIP = re.compile(
    r"\b(?P<ordinal>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|final|last)\s+"
    r"(?:entry|installment|instalment|film|part|chapter|movie|episode)\s+(?:in|of)\s+(?:the\s+)?"
    r"(?:[\"“](?P<quoted>[^\"”]{1,80})[\"”]|(?:[A-ZÀ-Þ][\w-]*(?:'s|’s)\s+)?"
    rf"(?P<name>[A-ZÀ-Þ][\w'’-]*(?:\s+[A-ZÀ-Þ0-9][\w'’-]*)*(?:\s+{COLLECTION_NOUNS})?))",
)


def find_relations(text: str, extraction: PageExtraction) -> None:
    """Find "sequel to El Mariachi (1992)" and "second entry in the Mexico Trilogy"."""
    for pattern, kind in RELATIONS:
        for match in pattern.finditer(text):
            target = TitleRef(title=match.group("title").strip(), year=int(match.group("year")))
            if not any(
                fold(link.target.title) == fold(target.title) for link in extraction.connections
            ):
                extraction.connections.append(Link(kind=kind, target=target))
    for match in MEMBERSHIP.finditer(text):
        name = (match.group("quoted") or match.group("name")).strip()
        if not match.group("quoted") and not re.search(rf"\b{COLLECTION_NOUNS}$", name, re.I):
            continue
        if all(fold(member.name) != fold(name) for member in extraction.collections):
            position = ORDINALS.get(match.group("ordinal").lower())
            extraction.collections.append(Membership(name=name, position=position))
