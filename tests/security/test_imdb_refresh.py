"""A refresh is exact: after any sequence of dataset imports, what a clean import leaves."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.fingerprint import differences, fingerprint
from bench.make_imdb_dump import write_dump

from reeldb.catalog.models import Person, Title
from reeldb.ingest.imdb_datasets import import_datasets
from reeldb.ingest.models import LoadedDatasetFile

pytestmark = pytest.mark.django_db

# About 2,400 titles, 2,800 people and 19,000 credits: seconds per import.
SCALE = 0.0002


def _empty_catalogue() -> None:
    Title.objects.update(parent=None)  # episodes before their series, in any order
    Title.objects.all().delete()
    Person.objects.all().delete()
    LoadedDatasetFile.objects.all().delete()


def test_importing_one_dump_then_another_equals_a_clean_import_of_the_second(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "seed-1", tmp_path / "seed-2"
    write_dump(first, scale=SCALE, seed=1)
    write_dump(second, scale=SCALE, seed=2)
    import_datasets(second)
    clean = fingerprint()
    _empty_catalogue()

    import_datasets(first)
    assert differences(fingerprint(), clean), "the two dumps should differ"
    report = import_datasets(second)

    assert differences(fingerprint(), clean) == {}
    assert not report.kept["title.basics"]
    assert not report.kept["name.basics"]


def test_a_file_cut_short_removes_nothing_past_the_cut(tmp_path: Path) -> None:
    first, second = tmp_path / "seed-1", tmp_path / "seed-2"
    write_dump(first, scale=SCALE, seed=1)
    write_dump(second, scale=SCALE, seed=1)
    import_datasets(first)
    before = fingerprint()
    for path in second.iterdir():
        if path.name != "title.basics.tsv.gz":
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 2])  # a download cut off half way

    import_datasets(second)

    assert differences(fingerprint(), before) == {}
