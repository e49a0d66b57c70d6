"""The IMDb datasets importer, on small dumps written in the test: every column, bad rows,
truncation, refresh, precedence against other sources, interruption and download."""

from __future__ import annotations

import gzip
import io
import threading
from collections.abc import Iterator
from contextlib import redirect_stdout
from decimal import Decimal
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
from bench.make_imdb_dump import write_dump
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from reeldb.catalog.models import (
    Aka,
    Credit,
    Image,
    KnownFor,
    Person,
    SourceKind,
    Title,
    TitleClaim,
)
from reeldb.catalog.services import get_source, sync_facts, upsert_title
from reeldb.community.services import set_rating
from reeldb.ingest.imdb_datasets import (
    download_datasets,
    import_datasets,
    loading,
    reading,
    removal,
    rows,
)
from reeldb.ingest.imdb_datasets.ahead import TitleExtras
from reeldb.ingest.imdb_datasets.ids import IdMap
from reeldb.ingest.imdb_datasets.runner import ANALYZED, SOURCE_NAME
from reeldb.ingest.models import LoadedDatasetFile
from reeldb.search.services import rebuild_index
from tests.conftest import run_reeldb

pytestmark = pytest.mark.django_db

HEADERS = {dataset.name: "\t".join(dataset.header) for dataset in rows.DATASETS}

BASICS = [
    "tt0112851\tmovie\tDesperado\tDesperado\t0\t1995\t\\N\t104\tAction,Crime,Thriller",
    "tt3337194\ttvSeries\tLa Serie\tLa Série\t0\t2014\t2016\t60\tDrama",
    "tt3337200\ttvEpisode\tPilot\tPilot\t0\t2014\t\\N\t\\N\t\\N",
    "tt0000009\tshort\tMiss Jerry\tMiss Jerry\t1\t\\N\t\\N\t45\tRomance",
]
NAMES = [
    "nm0000104\tAntonio Banderas\t1960\t\\N\tactor,producer,director\ttt0112851,tt3337194",
    "nm0001675\tRobert Rodríguez\t1968\t\\N\tdirector,writer\ttt0112851",
    "nm0000161\tSalma Hayek\t\\N\t\\N\t\\N\t\\N",
]
EPISODES = ["tt3337200\ttt3337194\t1\t1"]
RATINGS = ["tt0112851\t7.2\t209483", "tt3337194\t6.5\t120"]
AKAS = [
    "tt0112851\t1\tDesperado\t\\N\t\\N\toriginal\t\\N\t1",
    "tt0112851\t2\tLa balada del pistolero\tES\tes\timdbDisplay\x02dvd\tliteral title\t0",
]
CREW = ["tt0112851\tnm0001675\tnm0001675,nm0000104", "tt0000009\t\\N\t\\N"]
PRINCIPALS = [
    'tt0112851\t1\tnm0000104\tactor\t\\N\t["El Mariachi"]',
    'tt0112851\t2\tnm0000161\tactress\t\\N\t["Carolina","Narrator"]',
    "tt0112851\t3\tnm0001675\tdirector\t\\N\t\\N",
    "tt3337200\t1\tnm0000104\tself\t\\N\t\\N",
]
DUMP = {
    "title.basics": BASICS,
    "name.basics": NAMES,
    "title.episode": EPISODES,
    "title.ratings": RATINGS,
    "title.akas": AKAS,
    "title.crew": CREW,
    "title.principals": PRINCIPALS,
}


def write_files(folder: Path, files: dict[str, list[str]], *, gz: bool = True) -> Path:
    """Write each file as IMDb does: a header line, tab-separated rows, UTF-8, gzip."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in files.items():
        data = "\n".join([HEADERS[name], *lines]).encode() + b"\n"
        if gz:
            (folder / f"{name}.tsv.gz").write_bytes(gzip.compress(data, mtime=0))
        else:
            (folder / f"{name}.tsv").write_bytes(data)
    return folder


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    return write_files(tmp_path / "dump", DUMP)


def assert_every_id_resolves() -> None:
    """Check every row against the foreign keys the import did not check it against.

    SQLite's import runs with foreign keys off; PostgreSQL's adds them back
    unchecked (``targets.indexes_deferred``). A dangling id fails here.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []
            return
        cursor.execute(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE contype = 'f' AND NOT convalidated"
        )
        unchecked = cursor.fetchall()
        assert unchecked, "a first import adds its foreign keys back unchecked"
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name in unchecked:
            cursor.execute(f'ALTER TABLE {table} VALIDATE CONSTRAINT "{name}"')


def test_every_column_of_every_file_lands_in_the_catalogue(dump: Path) -> None:
    report = import_datasets(dump)
    assert report.skipped == 0, report.summary_lines()

    desperado = Title.objects.get(tconst="tt0112851")
    assert (desperado.title_type, desperado.primary_title, desperado.original_title) == (
        "movie",
        "Desperado",
        "Desperado",
    )
    assert (desperado.is_adult, desperado.start_year, desperado.end_year) == (False, 1995, None)
    assert (desperado.runtime_minutes, desperado.genres) == (104, "Action,Crime,Thriller")
    assert (desperado.average_rating, desperado.num_votes) == (Decimal("7.2"), 209483)
    assert desperado.folded_title == "desperado"
    assert desperado.source.kind == SourceKind.IMDB_DATASET
    short = Title.objects.get(tconst="tt0000009")
    assert (short.is_adult, short.start_year, short.average_rating) == (True, None, None)
    series = Title.objects.get(tconst="tt3337194")
    assert (series.original_title, series.end_year) == ("La Série", 2016)
    episode = Title.objects.get(tconst="tt3337200")
    assert (episode.parent, episode.season_number, episode.episode_number) == (series, 1, 1)
    assert episode.genres == ""

    banderas = Person.objects.get(nconst="nm0000104")
    assert (banderas.primary_name, banderas.birth_year, banderas.death_year) == (
        "Antonio Banderas",
        1960,
        None,
    )
    assert banderas.primary_profession == "actor,producer,director"
    assert [k.title.tconst for k in KnownFor.objects.filter(person=banderas)] == [
        "tt0112851",
        "tt3337194",
    ]
    assert Person.objects.get(nconst="nm0001675").folded_name == "robert rodriguez"

    akas = list(Aka.objects.filter(title=desperado).order_by("ordering"))
    assert [(a.aka_title, a.region, a.language, a.is_original_title) for a in akas] == [
        ("Desperado", "", "", True),
        ("La balada del pistolero", "ES", "es", False),
    ]
    assert (akas[1].types, akas[1].attributes) == ("imdbDisplay,dvd", "literal title")

    credits = [
        (c.person.nconst, c.category, c.job, c.characters, c.ordering)
        for c in Credit.objects.filter(title=desperado).order_by("ordering")
    ]
    assert credits == [
        ("nm0000104", "actor", "", ["El Mariachi"], 1),
        ("nm0000161", "actress", "", ["Carolina", "Narrator"], 2),
        ("nm0001675", "director", "", [], 3),
        # From title.crew: the director is already a principal, the writers are new.
        ("nm0001675", "writer", "", [], rows.CREW_ORDERING + 1),
        ("nm0000104", "writer", "", [], rows.CREW_ORDERING + 2),
    ]
    assert report.loaded["title.principals"] == 4


def _updated_rows(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count the rows each import writes into its tables of updates to titles, by table."""
    counted: dict[str, int] = {"bulk_episode": 0, "bulk_rating": 0}
    apply = loading.BlockLoader.apply

    def counting(loader: loading.BlockLoader, planned: loading.Planned) -> None:
        for insert in planned.inserts:
            if insert.table in counted:
                rows = insert.rows  # COPY text on PostgreSQL, a frame on SQLite
                if isinstance(rows, memoryview):
                    counted[insert.table] += bytes(rows).count(b"\n")
                else:
                    counted[insert.table] += len(rows)
        apply(loader, planned)

    monkeypatch.setattr(loading.BlockLoader, "apply", counting)
    return counted


def test_a_first_load_writes_episodes_and_ratings_with_their_titles_not_after(
    dump: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    updated = _updated_rows(monkeypatch)
    report = import_datasets(dump)
    assert updated == {"bulk_episode": 0, "bulk_rating": 0}
    assert (report.loaded["title.episode"], report.loaded["title.ratings"]) == (1, 2)
    episode = Title.objects.get(tconst="tt3337200")
    assert episode.parent is not None
    assert (episode.parent.tconst, episode.season_number, episode.episode_number) == (
        "tt3337194",
        1,
        1,
    )


def test_an_episode_listed_before_its_series_or_without_one_is_linked_or_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    basics = [
        "tt0000001\ttvEpisode\tEarly\tEarly\t0\t2014\t\\N\t\\N\t\\N",
        "tt0000002\ttvEpisode\tOrphan\tOrphan\t0\t2014\t\\N\t\\N\t\\N",
        *BASICS,
    ]
    episodes = ["tt0000001\ttt3337194\t2\t7", "tt0000002\ttt9999999\t1\t1", *EPISODES]
    # A title rated twice keeps its first rating.
    ratings = [*RATINGS, "tt0000001\t8.1\t12", "tt9999998\t5.0\t3", "tt0000001\t3.0\t1"]
    folder = write_files(
        tmp_path / "dump",
        {"title.basics": basics, "title.episode": episodes, "title.ratings": ratings},
    )
    updated = _updated_rows(monkeypatch)
    # Blocks of a line or two: the series' block comes after the early episode's.
    monkeypatch.setattr(reading, "READ_BYTES", 16)
    monkeypatch.setattr(reading, "BLOCK_BYTES", 64)

    report = import_datasets(folder)

    # The early episode's series had no id yet when it was written: its turn links it.
    assert updated == {"bulk_episode": 1, "bulk_rating": 0}
    early = Title.objects.get(tconst="tt0000001")
    assert early.parent is not None
    assert (early.parent.tconst, early.season_number, early.episode_number) == ("tt3337194", 2, 7)
    assert (early.average_rating, early.num_votes) == (Decimal("8.1"), 12)
    orphan = Title.objects.get(tconst="tt0000002")
    assert (orphan.parent, orphan.season_number, orphan.episode_number) == (None, None, None)
    assert (report.loaded["title.episode"], report.loaded["title.ratings"]) == (2, 4)
    reasons = {issue.reason for issue in report.issues}
    assert "dangling id: tt9999999 is not in the catalogue" in reasons
    assert "dangling id: tt9999998 is not in the catalogue" in reasons


def test_files_read_ahead_with_no_good_rows_leave_their_columns_empty(tmp_path: Path) -> None:
    folder = write_files(
        tmp_path / "dump",
        {"title.basics": BASICS, "title.episode": [], "title.ratings": ["tt0112851\tnone\t1"]},
    )
    report = import_datasets(folder)
    assert report.loaded["title.basics"] == 4
    assert not Title.objects.filter(num_votes__isnull=False).exists()
    assert not Title.objects.filter(parent__isnull=False).exists()


def test_titles_written_ahead_are_handed_to_their_file_once(tmp_path: Path) -> None:
    # Kept past their file's turn, ten million numbers would ride along with the credits.
    episodes = ["tt0000003\ttt0000002\t1\t1", "tt0000004\ttt0000002\t1\t2"]
    folder = write_files(tmp_path, {"title.episode": episodes})
    extras = TitleExtras()
    dataset = next(dataset for dataset in rows.DATASETS if dataset.name == "title.episode")
    extras.read(dataset, folder / "title.episode.tsv.gz")
    titles = IdMap(Title)
    titles.assign(np.array([2, 4, 3]), np.array([1, 2, 3]))
    extras.columns(np.array([4, 3]), titles)
    assert extras.take_written("title.episode").tolist() == [3, 4]
    assert extras.take_written("title.episode").tolist() == []


def test_rows_written_while_the_run_went_on_keep_their_keys(
    dump: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A credit another source adds after the run began comes before the file's own keys."""
    start_file = loading.BlockLoader.start_file

    def start_after_a_page_added_a_credit(
        self: loading.BlockLoader, name: str, *, refresh: bool
    ) -> None:
        if name == "title.principals":
            Credit.objects.create(
                title=Title.objects.get(tconst="tt0112851"),
                person=Person.objects.get(nconst="nm0000161"),
                category="producer",
                source=get_source(kind=SourceKind.IMDB_PAGE, name="desperado.html"),
            )
        start_file(self, name, refresh=refresh)

    monkeypatch.setattr(loading.BlockLoader, "start_file", start_after_a_page_added_a_credit)
    report = import_datasets(dump)

    assert report.skipped == 0, report.summary_lines()
    assert Credit.objects.filter(category="producer").count() == 1
    assert Credit.objects.count() == 1 + 4 + 2  # the page's, four principals, two writers
    assert_every_id_resolves()


def test_rows_added_after_an_import_take_keys_after_its_own(dump: Path) -> None:
    """The import gives its rows their keys; the tables' sequences then go on past them."""
    import_datasets(dump)
    models = (Credit, Aka, KnownFor)
    loaded = {model: max(model.objects.values_list("id", flat=True)) for model in models}
    title = Title.objects.get(tconst="tt0112851")
    person = Person.objects.get(nconst="nm0000161")
    source = get_source(kind=SourceKind.IMDB_PAGE, name="desperado.html")

    added = {
        Credit: Credit.objects.create(
            title=title, person=person, category="producer", source=source
        ),
        Aka: Aka.objects.create(title=title, aka_title="Desperado II", source=source),
        KnownFor: KnownFor.objects.create(person=person, title=title, source=source),
    }

    # On PostgreSQL nothing indexes these ids alone, so a reused one would not clash there.
    assert all(added[model].pk > loaded[model] for model in models)


def planner_statistics(table: str) -> int:
    """How many statistics the query planner holds on ``table`` (indexes, or columns)."""
    sql = {
        "sqlite": "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = %s",
        "postgresql": "SELECT COUNT(*) FROM pg_stats WHERE tablename = %s",
    }[connection.vendor]
    with connection.cursor() as cursor:
        if (
            connection.vendor == "sqlite"
            and "sqlite_stat1" not in connection.introspection.table_names(cursor)
        ):
            return 0  # SQLite's first ANALYZE creates it
        cursor.execute(sql, [table])
        return int(cursor.fetchone()[0])


def test_the_planner_knows_what_the_import_loaded(dump: Path) -> None:
    tables = ("catalog_title", "catalog_person", "catalog_credit")
    assert [planner_statistics(table) for table in tables] == [0, 0, 0]

    import_datasets(dump)

    assert all(planner_statistics(table) > 0 for table in tables)


def test_imported_titles_and_people_have_their_pages_under_their_imdb_ids(dump: Path) -> None:
    import_datasets(dump)
    client = Client()
    title = client.get("/title/tt0112851/")
    assert title.status_code == 200
    assert "Antonio Banderas" in title.content.decode()
    assert client.get("/name/nm0000104/").status_code == 200
    assert client.get("/title/tt3337194/episodes?season=1").status_code == 200
    rebuild_index()  # as `reeldb import` does after the import
    assert "Desperado" in client.get("/find?q=desperado").content.decode()


def test_plain_tsv_files_and_any_subset_load(tmp_path: Path) -> None:
    folder = write_files(tmp_path, {"title.basics": BASICS, "title.ratings": RATINGS}, gz=False)
    report = import_datasets(folder)
    assert report.loaded["title.basics"] == 4
    assert Title.objects.get(tconst="tt3337194").num_votes == 120


def test_bad_rows_are_counted_by_kind_reported_with_their_line_and_skipped(
    tmp_path: Path,
) -> None:
    folder = write_files(
        tmp_path,
        {
            "title.basics": [
                *BASICS,
                "tt0000010\tmovie\tToo few fields",
                "tt0000011\tmovie\tBad year\tBad year\t0\t19x5\t\\N\t\\N\t\\N",
                "tt0000012\tmovie\tBad runtime\tBad runtime\t0\t1995\t\\N\tlong\t\\N",
                "tt0000013\thologram\tFuture\tFuture\t0\t2030\t\\N\t\\N\t\\N",
            ],
            "name.basics": NAMES,
            "title.principals": [*PRINCIPALS, "tt9999999\t1\tnm0000104\tactor\t\\N\t\\N"],
        },
    )
    basics = folder / "title.basics.tsv.gz"
    data = (
        gzip.decompress(basics.read_bytes())
        + b"tt0000014\tmovie\tBad \xff\tx\t0\t1\t\\N\t\\N\t\\N\n"
    )
    basics.write_bytes(gzip.compress(data))

    report = import_datasets(folder)

    assert Title.objects.count() == 4
    assert report.skipped == 6
    issues = [str(issue) for issue in report.issues]
    assert f"{basics}:line 6: wrong field count: 3 not 9" in issues
    assert any(i.startswith(f"{basics}:line 7: non-numeric startYear") for i in issues)
    assert any(i.startswith(f"{basics}:line 8: non-numeric runtimeMinutes") for i in issues)
    assert any(i.startswith(f"{basics}:line 9: unknown title type") for i in issues)
    assert any(i.startswith(f"{basics}:line 10: bad UTF-8") for i in issues)
    principals = folder / "title.principals.tsv.gz"
    assert f"{principals}:line 6: dangling id: tt9999999 is not in the catalogue" in issues
    assert report.skipped_kinds[f"{basics}: unknown title type"] == 1
    assert report.loaded["title.principals"] == 4
    assert_every_id_resolves()


def test_only_the_first_few_bad_rows_of_a_kind_are_listed_but_all_are_counted(
    tmp_path: Path,
) -> None:
    bad = [f"tt00001{n:02d}\tmovie\tX\tX\t0\tnope\t\\N\t\\N\t\\N" for n in range(12)]
    folder = write_files(tmp_path, {"title.basics": [*BASICS, *bad]})
    report = import_datasets(folder)
    assert report.skipped == 12
    assert len(report.issues) == 5
    assert any(": 12" in line for line in report.summary_lines())


def test_a_truncated_gzip_keeps_the_rows_before_the_cut_and_says_where_it_stopped(
    dump: Path,
) -> None:
    import_datasets(dump)
    basics = dump / "title.basics.tsv.gz"
    many = [f"tt1{n:06d}\tmovie\tFilm {n}\tFilm {n}\t0\t2001\t\\N\t90\tDrama" for n in range(3000)]
    whole = gzip.compress(("\n".join([HEADERS["title.basics"], *many]) + "\n").encode())
    basics.write_bytes(whole[: len(whole) // 2])

    report = import_datasets(dump)

    issue = next(issue for issue in report.issues if "ends early" in issue.reason)
    assert issue.path == str(basics)
    loaded = Title.objects.filter(tconst__startswith="tt1").count()
    assert 0 < loaded < 3000
    assert issue.location == f"line {loaded + 2}"
    # Nothing is removed on a cut file: the four titles it no longer reached stay.
    assert Title.objects.filter(tconst="tt0112851").exists()
    assert not LoadedDatasetFile.objects.filter(name="title.basics", rows=loaded).exists()


def test_a_refresh_updates_changed_rows_adds_new_ones_and_removes_vanished_ones(
    dump: Path, tmp_path: Path
) -> None:
    import_datasets(dump)
    newer = {
        **DUMP,
        "title.basics": [
            BASICS[0].replace("\t104\t", "\t105\t"),
            *BASICS[1:3],
            "tt0000020\tmovie\tNew Film\tNew Film\t0\t2025\t\\N\t\\N\tDrama",
        ],
        "title.ratings": [RATINGS[0].replace("7.2", "7.3")],
        "title.akas": AKAS[:1],
        "title.principals": [PRINCIPALS[0].replace("El Mariachi", "Mariachi"), *PRINCIPALS[1:]],
    }
    report = import_datasets(write_files(tmp_path / "newer", newer))

    desperado = Title.objects.get(tconst="tt0112851")
    assert (desperado.runtime_minutes, desperado.average_rating) == (105, Decimal("7.3"))
    assert Title.objects.get(tconst="tt0000020").primary_title == "New Film"
    assert not Title.objects.filter(tconst="tt0000009").exists()
    assert Title.objects.get(tconst="tt3337194").average_rating is None
    assert Aka.objects.filter(title=desperado).count() == 1
    assert Credit.objects.get(title=desperado, ordering=1).characters == ["Mariachi"]
    assert report.removed["title.basics"] == 1
    assert report.changed["title.basics"] == 2
    assert report.changed["title.principals"] == 2  # one credit replaced: deleted, inserted
    assert_every_id_resolves()


def test_running_again_on_the_same_files_skips_them_and_force_changes_nothing(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "generated"
    write_dump(folder, scale=2e-6, seed=3)
    first = import_datasets(folder)
    assert first.skipped == 0
    assert first.loaded["title.basics"] == Title.objects.count() > 0
    again = import_datasets(folder)
    assert not again.read
    forced = import_datasets(folder, force=True)
    assert sum(forced.changed.values()) == 0
    assert forced.loaded == first.loaded


def test_the_generator_is_deterministic_by_seed(tmp_path: Path) -> None:
    one = write_dump(tmp_path / "one", scale=1e-6, seed=5)
    two = write_dump(tmp_path / "two", scale=1e-6, seed=5)
    other = write_dump(tmp_path / "other", scale=1e-6, seed=6)
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in two]
    assert [p.read_bytes() for p in one] != [p.read_bytes() for p in other]


def test_the_dataset_outranks_a_page_but_the_page_keeps_its_claims_and_facts(
    dump: Path, tmp_path: Path
) -> None:
    import_datasets(dump)
    page = get_source(kind=SourceKind.IMDB_PAGE, name="desperado.html")
    desperado, _ = upsert_title(
        source=page,
        key="tt0112851",
        tconst="tt0112851",
        values={"runtime_minutes": 106, "primary_title": "Desperado", "countries": "US,MX"},
    )
    sync_facts(owner=desperado, source=page, model=Aka, rows=[{"aka_title": "Desperado 2"}])
    desperado.refresh_from_db()
    # The dataset's columns became its claims before the page's were weighed.
    assert (desperado.runtime_minutes, desperado.countries) == (104, "US,MX")

    newer = {**DUMP, "title.basics": [BASICS[0].replace("\t104\t", "\t103\t"), *BASICS[1:]]}
    import_datasets(write_files(tmp_path / "newer", newer))

    desperado.refresh_from_db()
    assert (desperado.runtime_minutes, desperado.countries) == (103, "US,MX")
    assert (
        TitleClaim.objects.get(title=desperado, source=page, field="runtime_minutes").value == 106
    )
    assert Aka.objects.filter(title=desperado, source=page).count() == 1


def test_a_users_correction_is_never_overwritten_by_a_dump(dump: Path, tmp_path: Path) -> None:
    import_datasets(dump)
    user = get_source(kind=SourceKind.USER, name="corrections")
    upsert_title(source=user, key="tt0112851", tconst="tt0112851", values={"start_year": 1994})
    import_datasets(dump, force=True)
    assert Title.objects.get(tconst="tt0112851").start_year == 1994


def test_a_refresh_keeps_titles_that_other_sources_or_users_still_use(
    dump: Path, tmp_path: Path
) -> None:
    import_datasets(dump)
    page = get_source(kind=SourceKind.IMDB_PAGE, name="series.html")
    upsert_title(source=page, key="tt3337194", tconst="tt3337194", values={"runtime_minutes": 61})
    fan = get_user_model().objects.create_user(username="fan")
    set_rating(user=fan, title=Title.objects.get(tconst="tt0000009"), value=8)
    episode = Title.objects.get(tconst="tt3337200")
    Image.objects.create(title=episode, source=get_source(kind=SourceKind.USER, name="upload"))

    report = import_datasets(write_files(tmp_path / "newer", {"title.basics": BASICS[:1]}))

    assert set(Title.objects.values_list("tconst", flat=True)) == {
        "tt0112851",
        "tt3337194",
        "tt0000009",
        "tt3337200",
    }
    assert report.removed["title.basics"] == 0
    assert report.kept["title.basics"] == 3
    assert any("tt0000009" in note and "tt3337194" in note for note in report.notes)


def test_users_rows_keep_a_title_and_charts_do_not() -> None:
    assert {label for _table, _column, label in removal.keeping_relations(Title)} == {
        "community.Rating",
        "community.Review",
        "community.WatchlistEntry",
        "community.CheckIn",
        "community.ListItem",
    }
    assert removal.keeping_relations(Person) == []


def test_an_interrupted_import_rolls_back_the_file_it_was_in_and_a_rerun_finishes(
    dump: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    apply = loading.BlockLoader.apply

    def interrupted_in_akas(loader: loading.BlockLoader, planned: loading.Planned) -> None:
        apply(loader, planned)
        if any(insert.table == "catalog_aka" for insert in planned.inserts):
            raise KeyboardInterrupt  # Ctrl-C after the AKAs were written

    monkeypatch.setattr(loading.BlockLoader, "apply", interrupted_in_akas)
    with pytest.raises(KeyboardInterrupt):
        import_datasets(dump)
    assert Title.objects.count() == 4
    assert Title.objects.get(tconst="tt0112851").average_rating == Decimal("7.2")
    assert not Aka.objects.exists()
    assert set(LoadedDatasetFile.objects.values_list("name", flat=True)) == {
        "title.basics",
        "name.basics",
        "title.episode",
        "title.ratings",
    }
    monkeypatch.undo()

    report = import_datasets(dump)

    assert set(report.read) == {"title.akas", "title.principals", "title.crew"}
    assert Aka.objects.count() == 2
    assert Credit.objects.count() == 6


@pytest.fixture
def dataset_site(dump: Path) -> Iterator[str]:
    """Serve the dump's files over HTTP on 127.0.0.1, as IMDb's dataset site does."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(dump))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_download_fetches_every_file_from_the_configured_site(
    dataset_site: str, dump: Path, tmp_path: Path
) -> None:
    fetched = download_datasets(tmp_path / "fetched", url=dataset_site)
    assert [path.name for path in fetched] == [f"{name}.tsv.gz" for name in rows.DATASET_NAMES]
    for path in fetched:
        assert path.read_bytes() == (dump / path.name).read_bytes()
    assert not list((tmp_path / "fetched").glob("*.part"))
    report = import_datasets(tmp_path / "fetched")
    assert report.loaded["title.basics"] == 4
    assert Title.objects.filter(source__name=SOURCE_NAME).count() == 4


def test_the_command_downloads_imports_and_on_a_second_run_skips_what_is_loaded(
    reeldb_env: dict[str, str], dataset_site: str, tmp_path: Path
) -> None:
    assert run_reeldb(reeldb_env, "init").returncode == 0
    folder = str(tmp_path / "fetched")
    first = run_reeldb(
        reeldb_env, "import", "imdb", "--download", "--base-url", dataset_site, folder
    )
    assert first.returncode == 0, first.stderr
    assert "title.basics: 4 read, 4 loaded, 4 changed" in first.stderr
    assert "skipped: 0" in first.stderr
    second = run_reeldb(reeldb_env, "import", "imdb", folder)
    assert second.returncode == 0, second.stderr
    assert "title.principals: already loaded from this file, skipped" in second.stderr


def test_the_command_refuses_a_missing_folder_and_an_unreachable_site(
    reeldb_env: dict[str, str], tmp_path: Path
) -> None:
    missing = run_reeldb(reeldb_env, "import", "imdb", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert "is not a folder" in missing.stderr
    offline = run_reeldb(
        reeldb_env,
        "import",
        "imdb",
        "--download",
        "--base-url",
        "http://127.0.0.1:9/",
        str(tmp_path),
    )
    assert offline.returncode == 3
    assert "cannot fetch http://127.0.0.1:9/title.basics.tsv.gz" in offline.stderr


CATALOGUE_SNAPSHOT = """
from reeldb.catalog.models import Aka, Credit, KnownFor, Title
print(sorted(
    (t.tconst, t.title_type, t.primary_title, t.folded_title, t.original_title, t.is_adult,
     t.start_year, t.end_year, t.runtime_minutes, t.genres, t.parent and t.parent.tconst,
     t.season_number, t.episode_number, str(t.average_rating), t.num_votes)
    for t in Title.objects.select_related("parent")))
print(sorted(
    (c.title.tconst, c.person.nconst, c.category, c.job, c.characters, c.ordering)
    for c in Credit.objects.select_related("title", "person")))
print(sorted((a.title.tconst, a.ordering, a.aka_title, a.types) for a in Aka.objects.all()))
print(sorted((k.person.nconst, k.title.tconst, k.ordering) for k in KnownFor.objects.all()))
"""


def test_the_command_on_a_database_file_writes_what_an_import_in_a_transaction_writes(
    reeldb_env: dict[str, str], dump: Path
) -> None:
    """On an SQLite file the command bulk-loads through ADBC, a connection of its own."""
    assert run_reeldb(reeldb_env, "init").returncode == 0
    imported = run_reeldb(reeldb_env, "import", "imdb", str(dump))
    assert imported.returncode == 0, imported.stderr
    from_command = run_reeldb(
        reeldb_env, "manage", "shell", "--no-imports", "-c", CATALOGUE_SNAPSHOT
    )
    assert from_command.returncode == 0, from_command.stderr

    import_datasets(dump)
    in_transaction = io.StringIO()
    with redirect_stdout(in_transaction):
        exec(CATALOGUE_SNAPSHOT)  # noqa: S102 (the snapshot above, run here too)

    assert from_command.stdout == in_transaction.getvalue()
    assert "('tt0112851', 'nm0001675', 'writer', '', [], 1001)" in from_command.stdout


@pytest.mark.django_db(transaction=True)
def test_an_import_leaves_the_planner_statistics_and_postgresql_vacuumed(dump: Path) -> None:
    import_datasets(dump)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Vacuumed, so an index-only scan needs no visit to the table.
            cursor.execute(
                "SELECT relname FROM pg_stat_user_tables "
                "WHERE last_vacuum IS NOT NULL AND last_analyze IS NOT NULL"
            )
            assert set(ANALYZED) <= {name for (name,) in cursor.fetchall()}
        else:
            cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
            assert {"catalog_title", "catalog_credit"} <= {name for (name,) in cursor.fetchall()}
