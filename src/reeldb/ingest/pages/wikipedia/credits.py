"""Credits as an article states them: once a person and category, however often it names them."""

from __future__ import annotations

from reeldb.ingest.pages.schema import CreditLine, PageExtraction, PersonRef
from reeldb.ingest.pages.wikipedia.article import fold


def add_credit(
    extraction: PageExtraction, category: str, name: str, character: str = "", job: str = ""
) -> None:
    """Credit ``name`` under ``category`` (a ``CreditCategory`` value, or "creator").

    An article names its people several times (lead, infobox, cast list), so
    a person already credited in the category gains what is new (a character,
    a job) instead of a second line; only a second, different job ("story"
    after "screenplay") is a line of its own, as IMDb lists it.
    """
    if category == "creator":
        category, job = "writer", "creator"
    if " " not in name.strip():
        # "written by Ferreyra and Tomás Ibarra": after the first mention an article
        # names a person by their surname, so it is someone already credited.
        name = next(
            (c.person.name for c in extraction.credits
             if fold(c.person.name).rsplit(" ", 1)[-1] == fold(name)),
            name,
        )  # fmt: skip
    for credit in extraction.credits:
        if credit.category != category or fold(credit.person.name) != fold(name):
            continue
        if job and credit.job and credit.job != job:
            continue
        credit.job = credit.job or job
        if character and not credit.characters:
            credit.characters = [character]
        return
    extraction.credits.append(
        CreditLine(
            category=category,
            person=PersonRef(name=name),
            job=job,
            characters=[character] if character else [],
        )
    )
