"""IMDb's plot-summary page: every signed summary, and the synopsis when there is one.

The page has looked three ways: ``p.plotSummary`` (or ``p.plotpar``) each
ending in its author (2008-2016), ``li.ipl-zebra-list__item`` items and a
``#plot-synopsis-content`` list (2017-2022), and today's React page with
``[data-testid="sub-section-summaries"]``. A text dump keeps only the
words: each summary ends with "written by" (or "—") and its author.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from reeldb.ingest.pages.schema import PageExtraction, PlotText
from reeldb.ingest.pages.text import squash

SUMMARIES_HEADING = re.compile(
    r"showing all \d+ plot summar(?:y|ies)|plot summary(?:\s+summaries)?|summaries\s*:?",
    re.IGNORECASE,
)
AUTHOR_MARK = re.compile(r"\s(?:written by|—)\s*", re.IGNORECASE)
EMAIL = re.compile(r"<?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?")
SUMMARY_NODES = (
    "p.plotSummary, p.plotpar, #plot-summaries-content li.ipl-zebra-list__item, "
    "[data-testid='sub-section-summaries'] li"
)
SYNOPSIS_NODES = (
    "#plot-synopsis-content li.ipl-zebra-list__item, #swiki\\.2\\.1, "
    "[data-testid='sub-section-synopsis'] .ipc-html-content-inner-div"
)
MAX_SUMMARIES = 60
MAX_AUTHOR_CANDIDATES = 4
AUTHOR_NODES = ".author-container, i, em, [data-testid='author'], span"


def read_plot_page(text: str, extraction: PageExtraction, tree: LexborHTMLParser | None) -> None:
    """Fill the summaries and synopsis from the page's structure, else from its text."""
    if tree is not None and _from_structure(tree, extraction):
        return
    _from_text(text, extraction)


def _from_structure(tree: LexborHTMLParser, extraction: PageExtraction) -> bool:
    # No title has this many summaries; the bound keeps a page of nested,
    # unclosed items from costing the square of its size.
    for node in tree.css(SUMMARY_NODES)[:MAX_SUMMARIES]:
        summary, author = _signed(node)
        if len(summary) > 15:
            extraction.plots.append(PlotText(kind="summary", text=summary, author=author))
    for node in tree.css(SYNOPSIS_NODES):
        synopsis = squash(node.text(separator=" "))
        if len(synopsis) > 40:
            extraction.plots.append(PlotText(kind="synopsis", text=synopsis))
            break
    return bool(extraction.plots)


def _signed(node: LexborNode) -> tuple[str, str]:
    """Split a summary node into its text and its author's name."""
    author = ""
    for candidate in reversed(node.css(AUTHOR_NODES)[-MAX_AUTHOR_CANDIDATES:]):
        words = squash(candidate.text(separator=" "))
        if re.match(r"^(?:—|-|written by\b)", words, re.I):
            author = author_name(re.sub(r"^(?:—|-|written by)\s*", "", words, flags=re.I))
            candidate.decompose()
            break
    follower = node.next
    while follower is not None and follower.tag == "-text":
        follower = follower.next
    if (
        not author
        and follower is not None
        and "author-container" in (follower.attributes.get("class") or "")
    ):
        # A <div> cannot sit in a <p>, so the 2010s page's author box follows its summary.
        words = squash(follower.text(separator=" "))
        author = author_name(re.sub(r"^(?:—|-|written by)\s*", "", words, flags=re.I))
    text = squash(node.text(separator=" "))
    if not author and (mark := list(AUTHOR_MARK.finditer(text))):
        author = author_name(text[mark[-1].end() :])
        text = text[: mark[-1].start()]
    return text.strip(), author


def author_name(words: str) -> str:
    """Return an author's name without the e-mail address IMDb used to print after it."""
    return EMAIL.sub("", words).strip(" <>()")


def _from_text(text: str, extraction: PageExtraction) -> None:
    """Read a text dump's summaries and synopsis.

    In a text dump the next summary follows its author at once, so an author
    runs to the e-mail address when there is one, else is one word (IMDb user
    names have no spaces).
    """
    # The summaries follow the page's last heading before the first signature:
    # "Showing all 3 plot summaries", "Summaries" or "Plot Summary".
    first_mark = AUTHOR_MARK.search(text)
    head = text[: first_mark.start()] if first_mark else text
    starts = list(SUMMARIES_HEADING.finditer(head))
    body = text[starts[-1].end() :] if starts else text
    synopsis_at = re.search(r"\ssynopsis\s", body, re.I)
    summaries = body[: synopsis_at.start()] if synopsis_at else body
    position = 0
    for mark in AUTHOR_MARK.finditer(summaries):
        if mark.start() < position:
            continue
        summary = summaries[position : mark.start()].strip()
        words = summaries[mark.end() : mark.end() + 400].split(" ")
        email = next((i for i, word in enumerate(words[:6]) if EMAIL.fullmatch(word)), None)
        author_words = words[:email] if email is not None else words[:1]
        consumed = len(" ".join(words[: (email + 1) if email is not None else 1]))
        position = mark.end() + consumed
        if len(summary) > 15:
            extraction.plots.append(
                PlotText(kind="summary", text=summary, author=" ".join(author_words).strip())
            )
    if synopsis_at:
        _synopsis(body[synopsis_at.end() :], extraction)


def _synopsis(text: str, extraction: PageExtraction) -> None:
    """Keep the synopsis unless it is the page's teaser cut short before "see full synopsis"."""
    parts = re.split(
        r"\s+(see full synopsis|see also|it looks like we don't have a synopsis)", text, maxsplit=1,
        flags=re.I,
    )  # fmt: skip
    synopsis = parts[0].strip()
    is_teaser = len(parts) > 1 and parts[1].lower() == "see full synopsis"
    if len(synopsis) > 40 and not is_teaser:
        extraction.plots.append(PlotText(kind="synopsis", text=synopsis))
