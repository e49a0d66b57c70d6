"""Load reeldb's own demo data: films around the Mexico Trilogy, one series, and a demo community.

The data lives in ``demo_data/people.json`` and ``demo_data/titles.json`` in
the format documented in ``docs/importers/demo.md``. Loading is idempotent:
titles and people are found again by their demo id, and each title's facts
are synced, so a second run writes nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from importlib import resources
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from reeldb.catalog.models import SourceKind, TitleType
from reeldb.catalog.services import (
    CreditRecord,
    PersonRecord,
    SourceRecord,
    TitleDocument,
    TitleRecord,
    write_document,
    write_known_for,
    write_person,
)
from reeldb.errors import ImportProblem
from reeldb.ingest.demo_community import load_demo_community
from reeldb.ingest.report import ImportReport

DEMO_SOURCE_NAME = "reeldb demo data"
TCONST = re.compile(r"tt\d{7,10}")
NCONST = re.compile(r"nm\d{7,10}")

Record = Mapping[str, Any]
RowConverter = Callable[[Any], dict[str, Any]]


class DemoDataError(ImportProblem):
    """A demo record that cannot be loaded; the message says which field and why."""

    default_code = "bad_demo_record"


def read_demo_file(name: str) -> list[Record]:
    """Return the records of one demo data file."""
    text = (resources.files("reeldb.ingest") / "demo_data" / name).read_text(encoding="utf-8")
    records = json.loads(text)
    if not isinstance(records, list):
        raise DemoDataError(f"{name} must hold a JSON array")
    return records


def _joined(values: Any) -> str:
    """Return a list of words in IMDb's comma-separated column form."""
    if not values:
        return ""
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise DemoDataError(f"expected a list of strings, got {values!r}")
    return ",".join(values)


def _text(record: Record, key: str) -> str:
    value = record.get(key)
    return "" if value is None else str(value)


def _date(record: Record, key: str) -> str | None:
    """Return ``record[key]`` checked as an ISO date ("1966-09-02"); claims store it as text."""
    value = record.get(key)
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise DemoDataError(f"{key} must be a date as YYYY-MM-DD, got {value!r}") from None


def _present(values: Mapping[str, Any]) -> dict[str, Any]:
    """Drop unset keys, so the model's defaults apply."""
    return {key: value for key, value in values.items() if value is not None}


def person_values(record: Record) -> dict[str, Any]:
    return _present(
        {
            "primary_name": record["primary_name"],
            "birth_year": record.get("birth_year"),
            "death_year": record.get("death_year"),
            "birth_date": _date(record, "birth_date"),
            "birth_place": record.get("birth_place"),
            "death_date": _date(record, "death_date"),
            "death_place": record.get("death_place"),
            "height_cm": record.get("height_cm"),
            "primary_profession": _joined(record.get("primary_profession")),
            "bio": _text(record, "bio"),
        }
    )


def title_values(record: Record) -> dict[str, Any]:
    episode = record.get("episode_of") or {}
    return _present(
        {
            "title_type": record["title_type"],
            "primary_title": record["primary_title"],
            "original_title": record.get("original_title") or record["primary_title"],
            "is_adult": bool(record.get("is_adult", False)),
            "start_year": record.get("start_year"),
            "end_year": record.get("end_year"),
            "runtime_minutes": record.get("runtime_minutes"),
            "genres": _joined(record.get("genres")),
            "season_number": episode.get("season_number"),
            "episode_number": episode.get("episode_number"),
            "average_rating": record.get("average_rating"),
            "num_votes": record.get("num_votes"),
            "metascore": record.get("metascore"),
            "popularity_rank": record.get("popularity_rank"),
            "popularity_change": record.get("popularity_change"),
            "user_review_count": record.get("user_review_count"),
            "critic_review_count": record.get("critic_review_count"),
            "awards_summary": _text(record, "awards_summary"),
            "countries": _joined(record.get("countries")),
            "languages": _joined(record.get("languages")),
        }
    )


def _string_row(field: str) -> RowConverter:
    return lambda value: {field: str(value)}


def _release_date(item: Record) -> dict[str, Any]:
    return {
        "country": item["country"],
        "release_date": date.fromisoformat(item["date"]),
        "note": _text(item, "note"),
    }


def _aka(item: Record) -> dict[str, Any]:
    return {
        "aka_title": item["title"],
        "region": _text(item, "region"),
        "language": _text(item, "language"),
        "types": _joined(item.get("types")),
        "attributes": _joined(item.get("attributes")),
        "is_original_title": bool(item.get("is_original_title", False)),
    }


def _company(item: Record) -> dict[str, Any]:
    return {
        "company": item["name"],
        "role": item["role"],
        "country": _text(item, "country"),
        "note": _text(item, "note"),
    }


def _box_office(item: Record) -> dict[str, Any]:
    reported_on = item.get("date")
    return {
        "kind": item["kind"],
        "amount": item["amount"],
        "currency": item.get("currency") or "USD",
        "region": _text(item, "region"),
        "is_estimated": bool(item.get("is_estimated", False)),
        "reported_on": date.fromisoformat(reported_on) if reported_on else None,
    }


def _fields(*names: str, renames: Mapping[str, str] | None = None) -> RowConverter:
    """Return a converter copying ``names`` (missing ones as "") and renaming keys."""
    renamed = renames or {}

    def convert(item: Record) -> dict[str, Any]:
        row = {name: _text(item, name) for name in names}
        row.update({target: _text(item, key) for key, target in renamed.items()})
        return row

    return convert


# Each section of a title's record: the fact list it fills (``catalog.services.FACT_MODELS``)
# and how an item becomes a row.
SECTIONS: dict[str, tuple[str, RowConverter]] = {
    "plots": ("plot", _fields("kind", "text", "author")),
    "keywords": ("keyword", _string_row("keyword")),
    "taglines": ("tagline", _string_row("text")),
    "certifications": ("certification", _fields("country", "rating", "reason")),
    "release_dates": ("releasedate", _release_date),
    "akas": ("aka", _aka),
    "filming_locations": ("filminglocation", _fields("place", "note")),
    "companies": ("companycredit", _company),
    "box_office": ("boxoffice", _box_office),
    "technical_specs": ("technicalspec", _fields("kind", "value", "note")),
    "trivia": ("trivia", _string_row("text")),
    "goofs": ("goof", _fields("category", "text")),
    "quotes": ("quote", lambda lines: {"lines": list(lines)}),
    "soundtracks": ("soundtrack", _fields("credits", renames={"title": "song_title"})),
    "faq": ("faqentry", _fields("question", "answer")),
}


class DemoLoader:
    """One run of the demo import; ``load`` returns its report."""

    path_people = "demo_data/people.json"
    path_titles = "demo_data/titles.json"

    def __init__(self) -> None:
        self.report = ImportReport()
        self.source = SourceRecord(kind=SourceKind.DEMO, name=DEMO_SOURCE_NAME)
        # The demo ids loaded so far: a link may name only these.
        self.people: set[str] = set()
        self.titles: set[str] = set()

    def load(self) -> ImportReport:
        people = list(self._valid(self.path_people, read_demo_file("people.json"), "people"))
        for position, record in people:
            self._guarded(self.path_people, position, record, "people", self._load_person)
        # Series before their episodes, so each episode can point at its series.
        ordered = sorted(
            self._valid(self.path_titles, read_demo_file("titles.json"), "titles"),
            key=lambda item: item[1].get("title_type") == TitleType.TV_EPISODE,
        )
        for position, record in ordered:
            self._guarded(self.path_titles, position, record, "titles", self._load_title)
        # Links between titles and to people need every title loaded first.
        for position, record in ordered:
            if record["id"] in self.titles:
                self._guarded(self.path_titles, position, record, "links", self._load_links)
        for position, record in people:
            if record["id"] in self.people:
                self._guarded(self.path_people, position, record, "known_for", self._load_known_for)
        return self.report

    def _valid(self, path: str, records: list[Record], kind: str) -> Iterator[tuple[int, Record]]:
        """Yield ``(position, record)`` for records with an id, reporting the rest."""
        for position, record in enumerate(records):
            self.report.read[kind] += 1
            if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                self.report.skip(path, f"record {position}", "not an object with a string id")
                continue
            yield position, record

    def _guarded(
        self, path: str, position: int, record: Record, kind: str, step: Callable[[Record], bool]
    ) -> None:
        """Run ``step`` on ``record`` in a savepoint; a bad record is reported and rolled back."""
        try:
            with transaction.atomic():
                changed = step(record)
        except (
            DemoDataError,
            ValidationError,
            KeyError,
            TypeError,
            ValueError,
            DatabaseError,
        ) as error:
            reason = f"{type(error).__name__}: {error}"
            self.report.skip(path, f"record {position} ({record['id']})", reason)
            return
        self.report.loaded[kind] += 1
        if changed:
            self.report.changed[kind] += 1

    def _load_person(self, record: Record) -> bool:
        key = record["id"]
        person = PersonRecord(
            key=key,
            values=person_values(record),
            nconst=key if NCONST.fullmatch(key) else "",
            match=False,
        )
        changed = write_person(source=self.source, person=person)
        self.people.add(key)
        return changed

    def _load_title(self, record: Record) -> bool:
        key = record["id"]
        series = None
        if record["title_type"] == TitleType.TV_EPISODE:
            series_key = (record.get("episode_of") or {}).get("series")
            if series_key not in self.titles:
                raise DemoDataError(f"episode_of names an unknown series {series_key!r}")
            series = TitleRecord(key=series_key)
        title = TitleRecord(
            key=key,
            values=title_values(record),
            tconst=key if TCONST.fullmatch(key) else "",
            match=False,
        )
        facts = {
            kind: [convert(item) for item in record.get(section) or []]
            for section, (kind, convert) in SECTIONS.items()
        }
        written = write_document(
            document=TitleDocument(source=self.source, title=title, series=series, facts=facts)
        )
        self.titles.add(key)
        return written.changed

    def _load_links(self, record: Record) -> bool:
        connections = [
            {
                "kind": item["kind"],
                "target": self._title(item["target"]),
                "note": _text(item, "note"),
            }
            for item in record.get("connections") or []
        ]
        collections = [
            {"collection": item["name"], "position": item.get("position")}
            for item in record.get("collections") or []
        ]
        document = TitleDocument(
            source=self.source,
            title=self._title(record["id"]),
            credits=[self._credit(item) for item in record["credits"]],
            facts={"connection": connections, "collectionentry": collections},
        )
        return write_document(document=document).changed

    def _load_known_for(self, record: Record) -> bool:
        titles = [self._title(key).key for key in record.get("known_for") or []]
        person = PersonRecord(key=record["id"])
        return write_known_for(source=self.source, person=person, titles=titles)

    def _credit(self, item: Record) -> CreditRecord:
        if item["person"] not in self.people:
            raise DemoDataError(f"credit names an unknown person {item['person']!r}")
        characters = item.get("characters") or []
        if not isinstance(characters, list):
            raise DemoDataError(f"characters must be a list, got {characters!r}")
        return CreditRecord(
            person=PersonRecord(key=item["person"]),
            category=item["category"],
            job=_text(item, "job"),
            characters=[str(character) for character in characters],
            credited_as=_text(item, "credited_as"),
        )

    def _title(self, key: str) -> TitleRecord:
        """Return the title this data calls ``key``, which must have loaded."""
        if key not in self.titles:
            raise DemoDataError(f"names an unknown title {key!r}")
        return TitleRecord(key=key)


def load_demo_data() -> ImportReport:
    """Load (or bring up to date) the demo data; return what was read, loaded and skipped.

    The catalogue first, then the demo community (``demo_community``) whose
    members rate and review its titles.
    """
    with transaction.atomic():
        report = DemoLoader().load()
        load_demo_community(report)
        return report
