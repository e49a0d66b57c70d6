"""``reeldb export imdb`` writes IMDb's files, which import back into the same catalogue."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from bench.make_imdb_dump import write_dump

from reeldb.catalog.models import Aka, Credit, KnownFor, Person, Title
from reeldb.ingest.exports.imdb import (
    HEADERS,
    _Credit,
    crew_lists,
    export_imdb,
    known_for_list,
)
from reeldb.ingest.imdb_datasets import import_datasets
from reeldb.ingest.models import LoadedDatasetFile
from tests.conftest import run_reeldb

pytestmark = pytest.mark.django_db


def catalogue() -> dict[str, set[tuple[Any, ...]]]:
    """Everything IMDb's files carry, by IMDb id, as comparable sets."""
    return {
        "titles": set(
            Title.objects.values_list(
                "tconst", "title_type", "primary_title", "original_title", "is_adult",
                "start_year", "end_year", "runtime_minutes", "genres", "average_rating",
                "num_votes", "parent__tconst", "season_number", "episode_number",
            )
        ),
        "people": set(
            Person.objects.values_list(
                "nconst", "primary_name", "birth_year", "death_year", "primary_profession"
            )
        ),
        "known_for": set(
            KnownFor.objects.values_list("person__nconst", "title__tconst", "ordering")
        ),
        "credits": {
            (t, n, category, job, ordering, tuple(characters))
            for t, n, category, job, ordering, characters in Credit.objects.values_list(
                "title__tconst", "person__nconst", "category", "job", "ordering", "characters"
            )
        },
        "akas": set(
            Aka.objects.values_list(
                "title__tconst", "ordering", "aka_title", "region", "language", "types",
                "attributes", "is_original_title",
            )
        ),
    }  # fmt: skip


def wipe() -> None:
    Credit.objects.all().delete()
    KnownFor.objects.all().delete()
    Title.objects.all().delete()
    Person.objects.all().delete()
    LoadedDatasetFile.objects.all().delete()


def test_import_export_import_gives_the_same_catalogue(tmp_path: Path) -> None:
    write_dump(tmp_path / "dump", scale=3e-6, seed=11)
    import_datasets(tmp_path / "dump")
    before = catalogue()
    assert all(before.values()), {name: len(rows) for name, rows in before.items()}

    summary = export_imdb(tmp_path / "out")

    assert summary.crew_billing_changed == 0 and not summary.renumbered
    assert summary.rows["title.basics"] == len(before["titles"])
    wipe()
    report = import_datasets(tmp_path / "out")
    assert report.skipped == 0
    after = catalogue()
    for name in before:
        assert after[name] == before[name], (name, sorted(after[name] ^ before[name])[:10])
    # And the files of the catalogue imported back are the files it was exported to.
    again = export_imdb(tmp_path / "again")
    for name in HEADERS:
        first = gzip.decompress((tmp_path / "out" / f"{name}.tsv.gz").read_bytes())
        second = gzip.decompress((tmp_path / "again" / f"{name}.tsv.gz").read_bytes())
        assert sorted(first.splitlines()) == sorted(second.splitlines()), name
    assert again.rows == summary.rows


def test_the_files_are_imdbs_text(tmp_path: Path) -> None:
    write_dump(tmp_path / "dump", scale=1e-6, seed=4)
    import_datasets(tmp_path / "dump")
    export_imdb(tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{name}.tsv.gz" for name in HEADERS
    )
    for name, header in HEADERS.items():
        lines = gzip.decompress((tmp_path / "out" / f"{name}.tsv.gz").read_bytes()).decode()
        rows = lines.split("\n")
        assert rows[0] == "\t".join(header)
        assert rows[-1] == ""  # every line ends with a newline
        assert all(row.count("\t") == len(header) - 1 for row in rows[1:-1]), name


def credit(ordering: int, nconst: str, category: str, job: str = "") -> _Credit:
    return _Credit(ordering, nconst, category, job, [])


def test_crew_places_the_import_left_empty_are_filled_with_principals() -> None:
    # Directors [nm2 (also a principal), nm3], writers [nm4]: the import kept nm3 at 1001,
    # nm4 at 1002, and nm2 only as the principal.
    credits = [
        credit(1, "nm1", "actor"),
        credit(2, "nm2", "director"),
        credit(1001, "nm3", "director"),
        credit(1002, "nm4", "writer"),
    ]
    assert crew_lists(credits) == (["nm2", "nm3"], ["nm4"], True)
    # With no principal to fill the place, billing cannot be given back exactly.
    assert crew_lists([credits[0], *credits[2:]]) == (["nm3"], ["nm4"], False)


def test_the_command_writes_the_files_and_says_what_it_wrote(
    tmp_path: Path, reeldb_env: dict[str, str]
) -> None:
    write_dump(tmp_path / "dump", scale=1e-6, seed=4)
    assert run_reeldb(reeldb_env, "init").returncode == 0
    assert run_reeldb(reeldb_env, "import", "imdb", str(tmp_path / "dump")).returncode == 0
    done = run_reeldb(reeldb_env, "export", "imdb", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    output = done.stdout + done.stderr
    assert "title.basics:" in output and "title.principals:" in output
    assert (tmp_path / "out" / "title.principals.tsv.gz").exists()
    assert not list((tmp_path / "out").glob("*.part"))


def test_known_for_places_left_empty_are_filled_with_the_title_before() -> None:
    # Ordering 1 was a title the catalogue lacks: the import skipped it but kept the places.
    assert known_for_list([(0, "tt1"), (2, "tt2")]) == (["tt1", "tt1", "tt2"], True)
    assert known_for_list([(1, "tt2")]) == (["tt2"], False)  # nothing before it to repeat
