"""Read what reeldb's rendered pages of a title show, row by row, into an ``Observed``.

The rows are taken from the markup of the templates (``web/title.html``,
``catalog/_title_sections.html``, ``web/full_credits.html``, ``web/plot_summary.html``,
``web/episode_guide.html``): the cast table's rows, each principal credit with the role
printed after it, each ``<dt>``'s list. Parts hidden from readers (``aria-hidden``: portrait
initials, the "…" between actor and character) are removed first.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from bench.fidelity.matching import Observed

RUNTIME_LABEL = re.compile(r"^(?:(\d+)h)?\s*(?:(\d+)m)?$")
MINUTES = re.compile(r"\b(\d+) min\b")


def _text(node: LexborNode | None) -> str:
    if node is None:
        return ""
    return " ".join((node.text(separator=" ") or "").split())


def _tree(html: str) -> LexborHTMLParser:
    tree = LexborHTMLParser(html)
    for hidden in tree.css('[aria-hidden="true"]'):
        hidden.decompose()
    return tree


def _runtime(label: str) -> int | None:
    found = RUNTIME_LABEL.match(label.strip())
    if not found or not any(found.groups()):
        return None
    return int(found.group(1) or 0) * 60 + int(found.group(2) or 0)


def _definitions(root: LexborNode) -> list[tuple[str, LexborNode]]:
    """Return each ``<dt>`` label of the fact lists of ``root``'s sections with its ``<dd>``.

    The "Did you know" section's list (connections) is left out: its labels are kinds of
    connection, not facts of the title.
    """
    pairs = []
    for facts in root.css("#storyline dl.facts, #details dl.facts, #tech-specs dl.facts"):
        label = ""
        child = facts.child
        while child is not None:
            if child.tag == "dt":
                label = _text(child)
            elif child.tag == "dd":
                pairs.append((label, child))
            child = child.next
    return pairs


def _credits_with_notes(dd: LexborNode) -> list[tuple[str, str]]:
    """Return (name, role) of a principal-credits ``<dd>``: each link and the note after it.

    Links and notes are taken in document order at any depth, so that a list of
    ``<li>`` rows reads as the run of links and notes does.
    """
    rows: list[tuple[str, str]] = []
    for node in dd.css("a, .note"):
        if node.tag == "a":
            rows.append((_text(node), ""))
        elif rows and not rows[-1][1]:
            rows[-1] = (rows[-1][0], _text(node).strip("()"))
    return rows


def _items(dd: LexborNode) -> list[str]:
    return [_text(item) for item in dd.css("li")] or [_text(dd)]


def read_title_page(html: str, seen: Observed) -> None:
    """Add what the title page shows to ``seen``."""
    tree = _tree(html)
    main = tree.css_first("main") or tree.body
    if main is None:
        return
    _read_heading(main, seen)
    _read_principal_credits(main, seen)
    for member in main.css("li.cast-member"):
        name = _text(member.css_first(".cast-member__name"))
        seen.cast.append((name, _text(member.css_first(".cast-member__role"))))
    seen.plot += [
        _text(node) for node in main.css("p.hero__outline, #storyline .plot p, #storyline .prose p")
    ]
    seen.counts.append(_text(main))
    _read_box_office(main, seen)
    for label, dd in _definitions(main):
        _read_definition(label, dd, seen)
    _read_did_you_know(main, seen)


def _read_heading(main: LexborNode, seen: Observed) -> None:
    """Read the hero: title, original title, year, certificate, runtime, scores, episode links."""
    seen.title += [_text(node) for node in main.css("h1.hero__title")]
    for node in main.css("p.hero__original"):
        seen.original_title.append(re.sub(r"^Original title:\s*", "", _text(node)))
    for item in main.css("ul.hero__meta > li"):
        label = _text(item)
        if re.match(r"^\d{4}(?:–(?:\d{4})?)?$", label):
            seen.year.append(label)
        elif (minutes := _runtime(label)) is not None:
            seen.runtime.append(minutes)
        elif item.css_first("a") is not None:
            seen.certificate.append(("", label))
    seen.genre += [_text(node) for node in main.css('ul.chips[aria-label="Genres"] li')]
    seen.series += [_text(node) for node in main.css(".hero__episode-nav a.series")]
    seen.season_episode += [_text(node) for node in main.css(".hero__episode-nav .code")]
    for score in main.css('[data-testid="rating"]'):
        seen.rating.append(_text(score.css_first(".score__number")).split("/")[0])
        seen.votes.append(_text(score.css_first(".score__votes")).replace(" votes", ""))
    seen.metascore += [_text(node) for node in main.css(".metascore-badge")]


def _read_principal_credits(main: LexborNode, seen: Observed) -> None:
    for group in main.css("dl.principal-credits > div"):
        label, dd = _text(group.css_first("dt")), group.css_first("dd")
        if dd is None:
            continue
        rows = _credits_with_notes(dd)
        if label.startswith("Director"):
            seen.director += [name for name, _ in rows]
        elif label.startswith("Creator"):
            seen.creator += [name for name, _ in rows]
        elif label.startswith("Writer"):
            seen.writer += rows
        elif label == "Stars":
            seen.cast += [(name, "") for name, _ in rows]


def _read_box_office(main: LexborNode, seen: Observed) -> None:
    for figure in main.css("#box-office dl.facts dt"):
        value = figure.next
        while value is not None and value.tag != "dd":
            value = value.next
        seen.box_office.append((_text(figure), _text(value)))


# The ``<dt>`` labels whose ``<dd>`` is a plain list, by the start of the label.
LIST_LABELS = (
    ("plot keywords", "keyword"),
    ("taglines", "tagline"),
    ("genres", "genre"),
    ("release date", "release_date"),
    ("countr", "country"),
    ("language", "language"),
    ("filming locations", "filming_location"),
    ("network", "network"),
    ("original network", "network"),
)


def _read_definition(label: str, dd: LexborNode, seen: Observed) -> None:
    """Read one ``<dt>``/``<dd>`` of the title page's fact lists; a list of links is companies."""
    folded = label.casefold()
    if folded.removeprefix("number of ") in ("seasons", "episodes"):
        # "Seasons 4" as a label and its value reads as "4 seasons".
        seen.counts.append(f"{_text(dd)} {folded.split()[-1]}")
        return
    for start, name in LIST_LABELS:
        if folded.startswith(start):
            items: list[str] = getattr(seen, name)
            items += _items(dd)
            return
    if folded == "certificate":
        for item in dd.css("li"):
            country, _, rating = _text(item.css_first("a") or item).rpartition(": ")
            seen.certificate.append((country, rating))
    elif folded == "also known as":
        for item in dd.css("li"):
            notes = [_text(note) for note in item.css("span.note")]
            title = _text(item)
            for note in notes:
                title = title.replace(note, "")
            seen.aka.append((" ".join(title.split()), " ".join(notes)))
    elif folded == "runtime":
        seen.runtime += [int(minutes) for minutes in MINUTES.findall(_text(dd))]
    else:
        seen.company += [(_text(link), label) for link in dd.css("li > a")]


def _read_did_you_know(main: LexborNode, seen: Observed) -> None:
    kinds = {
        "Trivia": seen.trivia,
        "Goofs": seen.goof,
        "Quotes": seen.quote,
        "Soundtracks": seen.soundtrack,
    }
    for heading in main.css("#did-you-know h3"):
        target = kinds.get(_text(heading))
        sibling = heading.next
        while sibling is not None and sibling.tag != "ul":
            sibling = sibling.next
        if target is None or sibling is None:
            continue
        target += [_text(item) for item in sibling.css("li")]


def read_full_credits(html: str, seen: Observed) -> None:
    """Add the full cast and every crew department to ``seen``."""
    tree = _tree(html)
    main = tree.css_first("main") or tree.body
    if main is None:
        return
    for section in main.css("section.section"):
        heading = section.css_first("h2")
        department = section.attributes.get("aria-label") or ""
        is_cast = heading is not None and heading.attributes.get("id") == "cast-heading"
        for row in section.css("tr"):
            cells = row.css("td")
            if not cells:
                continue
            name = _text(cells[0].css_first("a") or cells[0])
            if is_cast:
                seen.cast.append((name, _text(cells[-1])))
                continue
            job = _text(cells[1]) if len(cells) > 1 else ""
            if department == "Directed by":
                seen.director.append(name)
            elif department == "Writing credits":
                seen.writer.append((name, job))
            else:
                seen.crew.append((name, job, department))


def read_plot_summary(html: str, seen: Observed) -> None:
    """Add the outline, every summary and the synopsis to ``seen``."""
    tree = _tree(html)
    main = tree.css_first("main") or tree.body
    if main is not None:
        seen.plot += [_text(node) for node in main.css("p.hero__outline, li.plot p, .prose p")]


def read_episode_guide(html: str, seen: Observed) -> None:
    """Add the episode guide's season and episode counts and outlines to ``seen``."""
    tree = _tree(html)
    main = tree.css_first("main") or tree.body
    if main is not None:
        seen.counts.append(_text(main))


READERS = {
    "title": read_title_page,
    "fullcredits": read_full_credits,
    "plotsummary": read_plot_summary,
    "episodes": read_episode_guide,
}


def observe(pages: dict[str, str]) -> Observed:
    """Return what reeldb's rendered pages (by name: title, fullcredits…) show of a title."""
    seen = Observed()
    for name, html in pages.items():
        READERS[name](html, seen)
    return seen
