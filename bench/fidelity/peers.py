"""Run the peer parsers on saved IMDb pages; print what each read, one JSON line per page and peer.

    <peers' virtualenv>/bin/python bench/fidelity/peers.py PAGE.html…

Runs inside the virtualenv ``bench/page_fidelity.py`` makes, with ``cinemagoer==2023.5.1`` and
``cinemagoerng``; it imports nothing of reeldb's. Nothing is fetched: each page is parsed
from its saved HTML.

- cinemagoer: ``imdb.parser.http.movieParser``'s ``DOMHTMLPlotParser`` for a plot-summary
  page, ``DOMHTMLFullCreditsParser`` for a full-credits page, ``DOMHTMLMovieParser`` (built
  for the reference view) for every other title page; ``parse(html)['data']``.
- cinemagoerng: its ``title_reference`` spec (the JSON embedded in today's pages,
  ``__NEXT_DATA__``) applied to the page, deserialised into its ``Title`` model.

Each output is written as the fields of ``matching.Observed``: rows as lists, ISO codes
(languages, countries) as the names the pages print, so that the same rules judge both.
Printed: ``{"peer", "document", "observed"}`` or ``{"peer", "document", "error"}``.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

LANGUAGES = {
    "en": "English", "es": "Spanish", "fr": "French", "de": "German", "ko": "Korean",
    "it": "Italian", "ja": "Japanese", "ru": "Russian", "hi": "Hindi", "pt": "Portuguese",
    "zh": "Chinese", "cmn": "Mandarin", "ta": "Tamil", "te": "Telugu", "sv": "Swedish",
}  # fmt: skip
COUNTRIES = {
    "us": "United States", "gb": "United Kingdom", "fr": "France", "de": "Germany",
    "kr": "South Korea", "mx": "Mexico", "es": "Spain", "in": "India", "jp": "Japan",
    "it": "Italy", "ca": "Canada", "au": "Australia", "ar": "Argentina", "br": "Brazil",
}  # fmt: skip
# cinemagoer's person-list keys and the departments reeldb's full credits print them under.
DEPARTMENTS = {
    "producer": "Produced by", "producers": "Produced by",
    "composer": "Music by", "composers": "Music by", "original music": "Music by",
    "cinematographer": "Cinematography by", "cinematographers": "Cinematography by",
    "editor": "Film editing by", "editors": "Film editing by",
    "casting director": "Casting by", "casting_directors": "Casting by",
    "production design": "Production design by", "production_designers": "Production design by",
    "art direction": "Art direction by", "art_directors": "Art direction by",
    "set decoration": "Set decoration by", "set_decorators": "Set decoration by",
    "costume designer": "Costume design by", "costume_designers": "Costume design by",
    "thanks": "Thanks", "special effects": "Special effects by",
    "visual effects": "Visual effects by", "stunts": "Stunts",
    "miscellaneous crew": "Additional crew", "additional_crew": "Additional crew",
    "make up": "Makeup department", "makeup_department": "Makeup department",
    "sound crew": "Sound department", "sound_department": "Sound department",
    "music department": "Music department", "music_department": "Music department",
    "camera and electrical department": "Camera and electrical department",
    "camera_department": "Camera and electrical department",
    "assistant director": "Second unit director or assistant director",
    "assistant_directors": "Second unit director or assistant director",
}  # fmt: skip


def read_html(path: Path) -> str:
    """Return the page's text: UTF-8, or the Windows-1252 an old page declares."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def page_kind(html: str) -> str:
    head = re.search(r"<title>(.*?)</title>", html, re.IGNORECASE | re.DOTALL)
    title = head.group(1).casefold() if head else ""
    if "plot" in title or "synopsis" in title:
        return "plot"
    if "full cast" in title:
        return "credits"
    return "title"


def _name(item: Any) -> str:
    try:
        return str(item["name"])
    except (KeyError, TypeError):
        return str(item)


def _role(person: Any) -> str:
    role = getattr(person, "currentRole", None)
    if not role:
        return ""
    roles = role if isinstance(role, list) else [role]
    return " / ".join(_name(each) for each in roles)


def _notes(person: Any) -> str:
    return str(getattr(person, "notes", "") or "").strip().strip("()")


def from_cinemagoer(data: dict[str, Any]) -> dict[str, list[Any]]:
    """Write cinemagoer's ``data`` as ``Observed`` fields."""
    seen: dict[str, list[Any]] = defaultdict(list)
    _cinemagoer_title(data, seen)
    _cinemagoer_people(data, seen)
    _cinemagoer_dated(data, seen)
    _cinemagoer_details(data, seen)
    return seen


def _cinemagoer_title(data: dict[str, Any], seen: dict[str, list[Any]]) -> None:
    # The reference view's parser names the heading's title "original title" only.
    for key in ("title", "localized title", "original title"):
        if data.get(key):
            seen["title"].append(str(data[key]))
    if data.get("original title"):
        seen["original_title"].append(str(data["original title"]))
    if data.get("year"):
        seen["year"].append(str(data["year"]))
    if data.get("series years"):
        seen["year"].append(str(data["series years"]).replace("-", "–"))
    for runtime in data.get("runtimes", []):
        found = re.search(r"(\d+)", str(runtime).split(":")[-1])
        if found:
            seen["runtime"].append(int(found.group(1)))
    simple = {
        "genres": "genre", "countries": "country", "languages": "language",
        "keywords": "keyword", "taglines": "tagline", "locations": "filming_location",
        "filming locations": "filming_location", "trivia": "trivia", "goofs": "goof",
        "quotes": "quote", "soundtrack": "soundtrack",
    }  # fmt: skip
    for key, name in simple.items():
        for item in data.get(key, []) or []:
            seen[name].append(_name(item) if not isinstance(item, (str, list)) else str(item))
    for key, name in (("rating", "rating"), ("votes", "votes"), ("metascore", "metascore")):
        if data.get(key) is not None:
            seen[name].append(str(data[key]))


def _cinemagoer_people(data: dict[str, Any], seen: dict[str, list[Any]]) -> None:
    for person in data.get("director", []) + data.get("directors", []):
        seen["director"].append(_name(person))
    for person in data.get("creator", []) + data.get("creators", []):
        seen["creator"].append(_name(person))
    for person in data.get("writer", []) + data.get("writers", []):
        seen["writer"].append([_name(person), _notes(person)])
    for person in data.get("cast", []):
        seen["cast"].append([_name(person), _role(person)])
    for key, department in DEPARTMENTS.items():
        for person in data.get(key, []) or []:
            seen["crew"].append([_name(person), _notes(person), department])


def _cinemagoer_dated(data: dict[str, Any], seen: dict[str, list[Any]]) -> None:
    if data.get("original air date"):
        seen["release_date"].append(str(data["original air date"]))
    for item in data.get("release dates", []) or []:
        country, _, when = str(item).partition("::")
        seen["release_date"].append(f"{when} ({country})" if when else country)
    for item in data.get("certificates", []) or []:
        country, _, rating = str(item).partition(":")
        seen["certificate"].append([country, rating.split("::")[0]])
    for item in data.get("akas", []) or []:
        title, _, note = str(item).partition("::")
        found = re.match(r"^(.*?)\s*(\(.*\))?$", title)
        if found:
            seen["aka"].append([found.group(1), (found.group(2) or "") + note])
    episode_of = data.get("episode of")
    if episode_of:
        seen["series"].append(_name(episode_of) if not isinstance(episode_of, str) else episode_of)
    if data.get("season") and data.get("episode"):
        seen["season_episode"].append(f"S{data['season']}.E{data['episode']}")
    for key, noun in (("number of seasons", "seasons"), ("number of episodes", "episodes")):
        if data.get(key):
            seen["counts"].append(f"{data[key]} {noun}")


def _cinemagoer_details(data: dict[str, Any], seen: dict[str, list[Any]]) -> None:
    for label, value in (data.get("box office") or {}).items():
        seen["box_office"].append([str(label), str(value)])
    for key, heading in (
        ("production companies", "Production companies"),
        ("distributors", "Distributors"),
    ):
        for company in data.get(key, []) or []:
            seen["company"].append([_name(company), heading])
    plots = list(data.get("plot", []) or [])
    if data.get("plot outline"):
        plots.append(data["plot outline"])
    if data.get("synopsis"):
        plots += (
            list(data["synopsis"]) if isinstance(data["synopsis"], list) else [data["synopsis"]]
        )
    seen["plot"] += [str(plot).split("::")[0] for plot in plots]


def run_cinemagoer(html: str) -> dict[str, list[Any]]:
    # The peers are installed in their own virtualenv only, not beside reeldb.
    from imdb.parser.http import movieParser  # type: ignore[import-not-found]

    parser = {
        "plot": movieParser.DOMHTMLPlotParser,
        "credits": movieParser.DOMHTMLFullCreditsParser,
        "title": movieParser.DOMHTMLMovieParser,
    }[page_kind(html)]()
    return from_cinemagoer(parser.parse(html)["data"])


def _credits(credits: list[Any]) -> list[list[str]]:
    return [
        [credit.person.name, " ".join([credit.job or "", *credit.notes]).strip()]
        for credit in credits
    ]


def run_cinemagoerng(html: str) -> dict[str, list[Any]]:
    """Apply cinemagoerng's title spec to the page; write its ``Title`` as ``Observed`` fields."""
    from cinemagoerng import model, web  # type: ignore[import-not-found]

    if "__NEXT_DATA__" not in html:
        raise LookupError("no __NEXT_DATA__ in the page, the only part cinemagoerng reads")
    spec = web._spec("title_reference")
    title = web.deserialize(spec.scrape(html, doctype=spec.doctype), model.Title)
    seen: dict[str, list[Any]] = defaultdict(list)
    seen["title"].append(title.title)
    seen["original_title"].append(title.title)
    end_year = getattr(title, "end_year", None)
    if title.year:
        seen["year"].append(f"{title.year}–{end_year}" if end_year else str(title.year))
    if getattr(title, "runtime", None):
        seen["runtime"].append(title.runtime)
    seen["genre"] += title.genres
    seen["country"] += [COUNTRIES.get(code.casefold(), code) for code in title.country_codes]
    seen["language"] += [LANGUAGES.get(code.casefold(), code) for code in title.language_codes]
    seen["tagline"] += title.taglines
    seen["plot"] += list(title.plot.values())
    for texts in title.plot_summaries.values():
        seen["plot"] += texts
    _cinemagoerng_credits(title, seen)
    _cinemagoerng_details(title, seen)
    return seen


def _cinemagoerng_credits(title: Any, seen: dict[str, list[Any]]) -> None:
    seen["director"] += [credit.person.name for credit in title.directors]
    seen["writer"] += _credits(title.writers)
    seen["creator"] += [credit.person.name for credit in getattr(title, "creators", [])]
    seen["cast"] += [[c.person.name, " / ".join(c.characters)] for c in title.cast]
    for key, department in DEPARTMENTS.items():
        credits = getattr(title, key.replace(" ", "_"), None)
        if isinstance(credits, list):
            seen["crew"] += [[name, job, department] for name, job in _credits(credits)]


def _cinemagoerng_details(title: Any, seen: dict[str, list[Any]]) -> None:
    for aka in title.akas:
        seen["aka"].append([aka.title, COUNTRIES.get((aka.country_code or "").casefold(), "")])
    if title.certification is not None:
        for certificate in title.certification.certificates:
            seen["certificate"] += [[certificate.country, rating] for rating in certificate.ratings]
        if title.certification.mpa_rating:
            seen["certificate"].append(["United States", title.certification.mpa_rating])
    if title.rating is not None:
        seen["rating"].append(str(title.rating))
    if title.vote_count:
        seen["votes"].append(str(title.vote_count))
    series = getattr(title, "series", None)
    if series is not None:
        seen["series"].append(series.title)
        seen["season_episode"].append(f"S{title.season}.E{title.episode}")
    if getattr(title, "release_date", None):
        when = title.release_date
        seen["release_date"].append(f"{when.day} {when:%B %Y}")
    seasons = getattr(title, "seasons", [])
    if seasons:
        seen["counts"].append(f"{len(seasons)} seasons")


PEERS = {"cinemagoer": run_cinemagoer, "cinemagoerng": run_cinemagoerng}


def main() -> int:
    for argument in sys.argv[1:]:
        path = Path(argument)
        html = read_html(path)
        for peer, run in PEERS.items():
            row: dict[str, Any] = {"peer": peer, "document": str(path)}
            try:
                row["observed"] = run(html)
            except Exception as error:
                row["error"] = f"{type(error).__name__}: {str(error)[:200]}"
            print(json.dumps(row, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
