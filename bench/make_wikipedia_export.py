"""Write a seeded, deterministic MediaWiki export of invented film and TV articles.

``bench/import_wikipedia_export.py`` needs an export of realistic size and
shape without downloading one: each article has an infobox, a lead sentence,
a plot of several paragraphs, a cast list, a production section and the
reference and template noise real articles carry. Non-film pages (places,
redirects, talk pages) are mixed in, as in ``pages-articles.xml``, so the
reader's filtering is measured too. The same seed always writes the same bytes.
"""

from __future__ import annotations

import bz2
import random
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

FIRST = [
    "Anna",
    "Marco",
    "Lucía",
    "Tom",
    "Ingrid",
    "Kenji",
    "Amara",
    "Pierre",
    "Olga",
    "Sam",
    "Nadia",
    "Felix",
    "Rosa",
    "Hugo",
    "Mei",
]
LAST = [
    "Hollis",
    "Ferreyra",
    "Okafor",
    "Lindqvist",
    "Tanaka",
    "Marchal",
    "Bright",
    "Novak",
    "Whitlock",
    "Adeyemi",
    "Costa",
]
WORDS = [
    "Night",
    "River",
    "Harbour",
    "Orchard",
    "Salt",
    "Winter",
    "Glass",
    "Lighthouse",
    "Road",
    "Garden",
    "Storm",
    "Red",
]
GENRES = ["drama", "comedy", "thriller", "mystery", "romance", "crime", "horror", "war", "western"]
COUNTRIES = [("American", "United States", "English"), ("British", "United Kingdom", "English"),
             ("French", "France", "French"), ("Argentine", "Argentina", "Spanish"),
             ("Japanese", "Japan", "Japanese"), ("German", "Germany", "German")]  # fmt: skip
VERBS = ["meets", "follows", "discovers", "hides", "returns to", "leaves", "confronts", "finds"]
PLACES = ["the harbour", "a village", "the city", "an island", "the border", "a farm", "the coast"]
NETWORKS = ["BBC One", "NBC", "Canal+", "NHK", "ZDF", "HBO"]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _sentence(rng: random.Random, cast: list[tuple[str, str]]) -> str:
    character, actor = rng.choice(cast)
    other, _ = rng.choice(cast)
    mention = f"{character} ({actor})" if rng.random() < 0.3 else character
    return (
        f"{mention} {rng.choice(VERBS)} {other} in {rng.choice(PLACES)}, "
        f"where the {rng.choice(WORDS).lower()} of the {rng.choice(WORDS).lower()} "
        f"is {rng.choice(['lost', 'sold', 'found', 'burned', 'stolen'])} before the "
        f"{rng.choice(['spring', 'harvest', 'election', 'storm', 'wedding'])}."
    )


def _ref(rng: random.Random, number: int) -> str:
    return (
        f'<ref name="r{number}">{{{{cite web |url=https://example.org/{rng.randrange(10**6)} '
        f"|title={rng.choice(WORDS)} {rng.choice(WORDS)} |work=Example Trade Weekly "
        f"|date={rng.randint(1, 28)} May {rng.randint(1950, 2023)} "
        "|access-date=1 March 2024}}</ref>"
    )


def film_article(rng: random.Random, number: int) -> tuple[str, str]:
    """Return (page title, wikitext) of one invented film or series article."""
    is_series = rng.random() < 0.25
    title = f"The {rng.choice(WORDS)} {rng.choice(WORDS)} {number}"
    year = rng.randint(1950, 2023)
    adjective, country, language = rng.choice(COUNTRIES)
    genre = rng.choice(GENRES)
    director, writer = _person(rng), _person(rng)
    cast = [(f"{rng.choice(FIRST)} {rng.choice(LAST)}", _person(rng)) for _ in range(6)]
    starring = "\n".join(f"* [[{actor}]]" for _, actor in cast[:4])
    if is_series:
        box = (
            f"{{{{Infobox television\n| image = {title}.png\n| genre = {genre.title()}\n"
            f"| creator = [[{writer}]]\n| starring = {{{{Plainlist|\n{starring}\n}}}}\n"
            f"| composer = {_person(rng)}\n| country = {country}\n| language = {language}\n"
            f"| num_seasons = {rng.randint(1, 8)}\n| num_episodes = {rng.randint(6, 120)}\n"
            f"| network = [[{rng.choice(NETWORKS)}]]\n"
            f"| first_aired = {{{{Start date|{year}|{rng.randint(1, 12)}|{rng.randint(1, 28)}}}}}\n"
            f"| last_aired = {{{{End date|{year + rng.randint(1, 6)}|{rng.randint(1, 12)}|1}}}}"
            "\n}}"
        )
        lead = (
            f"'''''{title}''''' is a {adjective} television {genre} series created by "
            f"[[{writer}]] that aired from {year} to {year + 3}."
        )
        page = f"{title} (TV series)"
    else:
        box = (
            f"{{{{Infobox film\n| name = {title}\n| image = {title} poster.jpg\n"
            f"| director = [[{director}]]\n| writer = {{{{ubl|{writer}|{director}}}}}\n"
            f"| starring = {{{{Plainlist|\n{starring}\n}}}}\n| music = {_person(rng)}\n"
            f"| cinematography = {_person(rng)}\n| editing = {_person(rng)}{_ref(rng, 0)}\n"
            f"| studio = {rng.choice(WORDS)} Pictures\n"
            f"| distributor = [[{rng.choice(WORDS)} Films]]\n"
            f"| released = {{{{Film date|{year}|{rng.randint(1, 12)}|{rng.randint(1, 28)}|"
            f"{country}}}}}\n"
            f"| runtime = {rng.randint(80, 160)} minutes\n| country = {country}\n"
            f"| language = {language}\n| budget = ${rng.randint(1, 90)} million{_ref(rng, 1)}\n"
            f"| gross = ${rng.randint(1, 400)}.{rng.randint(0, 9)} million\n}}}}"
        )
        lead = (
            f"'''''{title}''''' is a {year} {adjective} [[{genre} film|{genre}]] film written and "
            f"directed by [[{director}]]. It stars {cast[0][1]} and {cast[1][1]}.{_ref(rng, 2)}"
        )
        page = title if rng.random() < 0.7 else f"{title} ({year} film)"
    plot = "\n\n".join(
        " ".join(_sentence(rng, cast) for _ in range(rng.randint(5, 8)))
        for _ in range(rng.randint(4, 6))
    )
    cast_list = "\n".join(f"* [[{actor}]] as {character}" for character, actor in cast)
    production = "\n\n".join(
        f"Principal photography began in {rng.choice(PLACES)} in {year - 1}. "
        f"{director} cast {cast[0][1]} after seeing a {rng.choice(WORDS).lower()} play."
        f"{_ref(rng, 10 + paragraph)} The score was recorded in {rng.randint(2, 9)} days."
        for paragraph in range(rng.randint(3, 6))
    )
    reception = "\n\n".join(
        f"On [[Rotten Tomatoes]] the film holds {rng.randint(10, 99)}% approval from "
        f"{rng.randint(20, 300)} critics.{_ref(rng, 20 + paragraph)} {_person(rng)} of the "
        f"''[[Example Times]]'' called it \"{rng.choice(WORDS).lower()} and "
        f'{rng.choice(WORDS).lower()}".{_ref(rng, 40 + paragraph)}'
        for paragraph in range(rng.randint(2, 4))
    )
    text = (
        f"{{{{Short description|{year} film}}}}\n{{{{Use dmy dates|date=March 2024}}}}\n{box}\n"
        f"{lead}\n\n== Plot ==\n{plot}\n\n== Cast ==\n{cast_list}\n\n== Production ==\n"
        f"{production}\n\n== Reception ==\n{reception}\n\n== References ==\n{{{{Reflist}}}}\n\n"
        f"== External links ==\n* {{{{IMDb title|{rng.randint(10**6, 10**7)}}}}}\n\n"
        f"{{{{{director} films}}}}\n[[Category:{year} films]]\n"
        f"[[Category:{adjective} {genre} films]]"
    )
    return page, text


def other_page(rng: random.Random, number: int) -> tuple[str, str, int, str]:
    """Return (title, text, namespace, redirect target) of a page that is not a film article."""
    kind = rng.choice(["place", "redirect", "talk"])
    place = f"{rng.choice(WORDS)}ford {number}"
    if kind == "redirect":
        return f"Redirect {number}", f"#REDIRECT [[{place}]]", 0, place
    if kind == "talk":
        return f"Talk:{place}", "Should the {{Infobox film}} be added here? --~~~~", 1, ""
    text = (
        f"{{{{Infobox settlement\n| name = {place}\n| country = England\n}}}}\n"
        f"'''{place}''' is a market town. "
        * 3
        + f"\n\n== History ==\n{place} grew around a river crossing.{_ref(rng, 1)}"
    )
    return place, text, 0, ""


def _pages(articles: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    page_id = 0
    for number in range(articles):
        page_id += 1
        title, text = film_article(rng, number)
        yield _page_xml(title, text, page_id, 0, "")
        if rng.random() < 0.5:
            page_id += 1
            title, text, namespace, redirect = other_page(rng, number)
            yield _page_xml(title, text, page_id, namespace, redirect)


def _page_xml(title: str, text: str, page_id: int, namespace: int, redirect: str) -> str:
    redirect_tag = f'    <redirect title="{escape(redirect)}" />\n' if redirect else ""
    return (
        f"  <page>\n    <title>{escape(title)}</title>\n    <ns>{namespace}</ns>\n"
        f"    <id>{page_id}</id>\n{redirect_tag}    <revision>\n      <id>{page_id + 10**6}</id>\n"
        f"      <timestamp>2024-03-01T00:00:00Z</timestamp>\n"
        f"      <contributor><username>Bench</username><id>1</id></contributor>\n"
        f"      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
        f'      <text bytes="{len(text.encode())}" xml:space="preserve">{escape(text)}</text>\n'
        f"    </revision>\n  </page>\n"
    )


HEADER = (
    '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">\n'
    "  <siteinfo>\n    <sitename>Wikipedia</sitename>\n    <dbname>enwiki</dbname>\n"
    "  </siteinfo>\n"
)


def write_export(path: Path, *, articles: int, seed: int = 1995) -> None:
    """Write an export of ``articles`` film/TV articles (and about half as many other pages).

    A ``.bz2`` suffix writes it compressed, as Wikipedia publishes its dumps.
    """
    opener = bz2.open if path.suffix == ".bz2" else open
    with opener(path, "wt", encoding="utf-8") as out:
        out.write(HEADER)
        for page in _pages(articles, seed):
            out.write(page)
        out.write("</mediawiki>\n")
