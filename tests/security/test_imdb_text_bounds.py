"""The IMDb importer stores no control character and no unbounded value, and says what it cut."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reeldb.catalog.models import Aka, Credit, Person, Title
from reeldb.ingest.imdb_datasets import import_datasets
from reeldb.ingest.imdb_datasets.rows import CHARACTERS_LENGTH, shorten_characters
from tests.ingest.test_imdb_datasets import DUMP, write_files

pytestmark = pytest.mark.django_db


def test_control_characters_are_dropped_from_text_and_the_rows_load(tmp_path: Path) -> None:
    hostile = {
        **DUMP,
        "title.basics": [
            "tt0112851\tmovie\tDesper\x00ado\x1b[2J\tDesperado\r\t0\t1995\t\\N\t104\tAction",
            *DUMP["title.basics"][1:],
        ],
        "name.basics": [
            "nm0000104\tAntonio\x00 Banderas\r\t1960\t\\N\tactor\ttt0112851",
            *DUMP["name.basics"][1:],
        ],
    }
    report = import_datasets(write_files(tmp_path / "dump", hostile))

    desperado = Title.objects.get(tconst="tt0112851")
    assert (desperado.primary_title, desperado.original_title) == ("Desperado[2J", "Desperado")
    assert Person.objects.get(nconst="nm0000104").primary_name == "Antonio Banderas"
    assert report.skipped == 0
    assert report.cut_kinds == {
        f"{tmp_path / 'dump' / 'title.basics.tsv.gz'}: control characters removed": 1,
        f"{tmp_path / 'dump' / 'name.basics.tsv.gz'}: control characters removed": 1,
    }
    assert any("line 2: control characters removed: 3 removed" in str(cut) for cut in report.cuts)
    # IMDb's own separator in AKA types is not one of them.
    assert Aka.objects.filter(types="imdbDisplay,dvd").exists()


def test_a_huge_characters_value_is_cut_to_the_names_that_fit(tmp_path: Path) -> None:
    names = [f"Character {number}" for number in range(400_000)]
    huge = json.dumps(names, separators=(",", ":"))  # 7.5 MB
    principals = [
        f"tt0112851\t1\tnm0000104\tactor\t\\N\t{huge}",
        *DUMP["title.principals"][1:],
    ]
    report = import_datasets(
        write_files(tmp_path / "dump", {**DUMP, "title.principals": principals})
    )

    kept = Credit.objects.get(title__tconst="tt0112851", ordering=1).characters
    assert kept == names[: len(kept)]
    assert 100 < len(json.dumps(kept)) <= CHARACTERS_LENGTH
    assert report.skipped == 0
    assert [str(cut) for cut in report.cuts] == [
        f"{tmp_path / 'dump' / 'title.principals.tsv.gz'}:line 2: characters cut to "
        f"{CHARACTERS_LENGTH} characters: {len(huge):,} "
        "characters"
    ]
    assert any("loaded with something cut: 1" in line for line in report.summary_lines())


@pytest.mark.parametrize(
    "names",
    [["x" * 5000], ["\u00e9" * 3000, "b"], ['"' * 3000], ["a", "b" * 5000]],
)
def test_a_shortened_characters_list_is_json_within_the_limit(names: list[str]) -> None:
    shortened = json.loads(shorten_characters(json.dumps(names)))
    assert len(json.dumps(shortened, ensure_ascii=False, separators=(",", ":"))) <= 2000
    assert shortened and names[0].startswith(shortened[0])
