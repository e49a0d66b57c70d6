from __future__ import annotations

import pytest
from django.db import connection

from reeldb import cli
from reeldb.catalog.models import Aka, KnownFor, TitleType
from reeldb.search.index import backends
from reeldb.search.index.backends import match_sql, read_entries
from reeldb.search.index.finding import find, suggest
from reeldb.search.index.text import parse_query
from reeldb.search.models import EntryKind, SearchEntry, SearchTerm
from reeldb.search.services import rebuild_index
from tests.catalog.factories import PersonFactory, SourceFactory, TitleFactory

pytestmark = pytest.mark.django_db
TITLES = (EntryKind.TITLE,)


def found_titles(query: str) -> list[str]:
    hits = find(query, kinds=TITLES, limit=10).groups[0].hits
    return [hit.summary.title.primary_title for hit in hits]  # type: ignore[union-attr]


def test_a_rebuild_numbers_entries_most_popular_first() -> None:
    TitleFactory(primary_title="Minor Desperado", num_votes=3)
    TitleFactory(primary_title="Desperado Square", num_votes=1000)
    PersonFactory(primary_name="Desperado Fan")
    rebuild_index()
    assert list(SearchEntry.objects.order_by("id").values_list("name", flat=True)) == [
        "Desperado Square",
        "Minor Desperado",
        "Desperado Fan",
    ]
    assert SearchTerm.objects.get(term="desperado").entries == 3


def test_kinds_stream_into_one_popularity_order_titles_then_people_then_episodes() -> None:
    series = TitleFactory(primary_title="Dusk Series", title_type=TitleType.TV_SERIES)
    TitleFactory(
        primary_title="Dusk Pilot", title_type=TitleType.TV_EPISODE, parent=series, num_votes=700
    )
    film = TitleFactory(primary_title="Dusk Film", num_votes=500)
    star = PersonFactory(primary_name="Dusk Star")
    KnownFor.objects.create(person=star, title=film, source=film.source)
    PersonFactory(primary_name="Dusk Nobody")
    TitleFactory(primary_title="Dusk Episode", title_type=TitleType.TV_EPISODE, parent=series)
    rebuild_index()
    assert list(SearchEntry.objects.order_by("id").values_list("name", flat=True)) == [
        "Dusk Pilot",
        "Dusk Film",
        "Dusk Star",
        "Dusk Series",
        "Dusk Nobody",
        "Dusk Episode",
    ]


def test_a_second_rebuild_replaces_the_first_and_later_edits_number_after_it() -> None:
    TitleFactory(primary_title="Desperado", num_votes=10)
    rebuild_index()
    rebuild_index()
    assert SearchEntry.objects.count() == 1
    TitleFactory(primary_title="Desperado Square", num_votes=1000)
    assert list(SearchEntry.objects.order_by("id").values_list("name", flat=True)) == [
        "Desperado",
        "Desperado Square",
    ]
    assert [s.name for s in suggest("d")] == ["Desperado Square", "Desperado"]


def _fts_hash_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT v FROM search_fts_config WHERE k = 'hashsize'")
        (size,) = cursor.fetchone()
    return int(size)


def test_fts5_gathers_a_rebuilds_lists_in_bulk_and_edits_at_its_default() -> None:
    """At FTS5's 1 MiB, scale 1.0's word index was still being merged after 57 minutes."""
    if connection.vendor != "sqlite":
        pytest.skip("FTS5's hash size; PostgreSQL builds its GIN index with CREATE INDEX")
    TitleFactory(primary_title="Desperado", num_votes=10)
    at_build: list[int] = []

    def spy(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if "VALUES ('rebuild')" in sql:
            at_build.append(_fts_hash_size())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        rebuild_index()
    assert at_build == [backends.SQLITE_BULK_HASH_BYTES]
    assert _fts_hash_size() == backends.SQLITE_HASH_BYTES
    TitleFactory(primary_title="Desperado Square", num_votes=1)
    assert [s.name for s in suggest("desperado s")] == ["Desperado Square"]


def test_the_most_voted_title_comes_first_unless_another_is_named_exactly() -> None:
    TitleFactory(primary_title="Desperado", num_votes=10)
    TitleFactory(primary_title="Desperado Square", num_votes=1000)
    TitleFactory(primary_title="Desperados", num_votes=None)
    TitleFactory(primary_title="Square Dance", num_votes=500)
    rebuild_index()
    assert found_titles("desperado") == ["Desperado", "Desperado Square", "Desperados"]
    assert found_titles("square") == ["Desperado Square", "Square Dance"]


def test_the_year_asked_for_comes_first() -> None:
    TitleFactory(primary_title="Desperado", start_year=1995, num_votes=10)
    TitleFactory(primary_title="Desperado", start_year=1987, num_votes=1000)
    TitleFactory(primary_title="Blade Runner", start_year=1982, num_votes=1000)
    TitleFactory(primary_title="Blade Runner 2049", start_year=2017, num_votes=10)
    rebuild_index()
    assert [
        hit.summary.title.start_year
        for hit in find("desperado (1995)", kinds=TITLES, limit=2).groups[0].hits
    ] == [1995, 1987]  # type: ignore[union-attr]
    assert found_titles("blade runner 2049")[0] == "Blade Runner 2049"


def test_an_article_moved_to_the_end_is_found_in_either_place() -> None:
    TitleFactory(primary_title="Godfather, The", num_votes=10)
    TitleFactory(primary_title="The Godfather Part II", num_votes=1000)
    rebuild_index()
    assert found_titles("the godfather")[0] == "Godfather, The"
    assert set(found_titles("godfather the")) == {"Godfather, The", "The Godfather Part II"}


@pytest.mark.parametrize("query", ["walle", "wall e", "wall-e", "WALL·E", "Wall-E"])
def test_a_hyphenated_name_is_found_however_it_is_typed(query: str) -> None:
    TitleFactory(primary_title="WALL·E", num_votes=10)
    TitleFactory(primary_title="Spiderman", num_votes=10)
    rebuild_index()
    assert found_titles(query) == ["WALL·E"]
    assert found_titles("spider-man") == ["Spiderman"]


@pytest.mark.parametrize("query", ["nandu uber", "Ñandú über", "NANDU", "ñand"])
def test_accents_and_case_are_folded_both_ways(query: str) -> None:
    TitleFactory(primary_title="Ñandú über alles")
    TitleFactory(primary_title="Nandu uber")
    rebuild_index()
    assert set(found_titles(query)) == {"Ñandú über alles", "Nandu uber"}


def test_original_titles_and_akas_find_the_title_once() -> None:
    title = TitleFactory(
        primary_title="The Legend of the Mariachi", original_title="La leyenda del mariachi"
    )
    source = SourceFactory()
    Aka.objects.create(title=title, aka_title="Ο θρύλος του μαριάτσι", region="GR", source=source)
    Aka.objects.create(title=title, aka_title="Mariachi legend", region="XX", source=source)
    rebuild_index()
    assert found_titles("leyenda") == ["The Legend of the Mariachi"]
    assert found_titles("ο θρυλος") == ["The Legend of the Mariachi"]
    assert found_titles("mariachi") == ["The Legend of the Mariachi"]
    hit = find("leyenda", kinds=TITLES, limit=1).groups[0].hits[0]
    assert hit.aka == "La <mark>leyenda</mark> del mariachi"  # type: ignore[union-attr]


def test_a_saved_title_or_person_is_reindexed_at_once_and_a_deleted_one_dropped() -> None:
    title = TitleFactory(primary_title="Desperado", num_votes=10)
    person = PersonFactory(primary_name="Antonio Banderas")
    assert [s.name for s in suggest("desp")] == ["Desperado"]
    title.primary_title = title.original_title = "Once Upon a Time in Mexico"
    title.save(update_fields=["primary_title", "original_title"])
    assert suggest("desp") == []
    assert [s.name for s in suggest("mexico")] == ["Once Upon a Time in Mexico"]
    title.delete()
    person.delete()
    assert suggest("mexico") == []
    assert not SearchEntry.objects.exists()


def test_episodes_are_a_category_of_their_own() -> None:
    series = TitleFactory(
        primary_title="From Dusk Till Dawn: The Series", title_type=TitleType.TV_SERIES
    )
    TitleFactory(primary_title="Pilot", title_type=TitleType.TV_EPISODE, parent=series)
    rebuild_index()
    results = find("pilot", kinds=(EntryKind.TITLE, EntryKind.EPISODE), limit=5)
    assert [len(group.hits) for group in results.groups] == [0, 1]


def test_an_import_rebuilds_the_index(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.load_demo() == 0
    most_voted = SearchEntry.objects.order_by("id").first()
    assert most_voted is not None
    assert most_voted.name == "Pulp Fiction"
    assert "Search index rebuilt" in capsys.readouterr().err


def test_reeldb_search_rebuild_rebuilds_on_demand() -> None:
    TitleFactory(primary_title="Desperado")
    SearchEntry.objects.all().delete()
    assert cli.main(["search", "rebuild"]) == 0
    assert [s.name for s in suggest("desp")] == ["Desperado"]


def test_a_kind_crowded_out_of_the_shared_read_is_read_on_its_own() -> None:
    for number in range(20):
        TitleFactory(primary_title=f"Desperado {number}", num_votes=100 + number)
    PersonFactory(primary_name="Desperado Fan")
    rebuild_index()
    results = find("desperado", kinds=(EntryKind.TITLE, EntryKind.NAME), limit=2)
    assert [[hit.name for hit in group.hits] for group in results.groups] == [
        ["<mark>Desperado</mark> 19", "<mark>Desperado</mark> 18"],
        ["<mark>Desperado</mark> Fan"],
    ]


def test_a_read_past_postgresqls_timeout_gives_none_not_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    TitleFactory(primary_title="Desperado")
    rebuild_index()
    sql, params = match_sql(connection.vendor, parse_query("desperado").groups, None, limit=8)
    slow = f"SELECT * FROM ({sql}) AS found WHERE pg_sleep(0.2) IS NOT NULL"  # noqa: S608
    if connection.vendor == "postgresql":
        monkeypatch.setattr(backends, "POSTGRES_READ_TIMEOUT_MS", 50)
        assert read_entries(slow, params) is None
        assert len(read_entries(sql, params) or []) == 1  # the connection is still usable
    else:
        assert [entry.name for entry in read_entries(sql, params) or []] == ["Desperado"]


def test_a_postgresql_read_starts_no_workers_and_joins_no_scan_under_way() -> None:
    """No parallel workers, no sequential scan joining one under way (``POSTGRES_READ_SETTINGS``).

    Workers cost a read that stops after its first matches more than the read
    itself, and a scan joining one under way would start mid-table, past the
    most popular entries.
    """
    TitleFactory(primary_title="Desperado")
    rebuild_index()
    sql, params = match_sql(connection.vendor, parse_query("desperado").groups, None, limit=8)
    settings = (
        "current_setting('max_parallel_workers_per_gather') AS workers, "
        "current_setting('synchronize_seqscans') AS synchronized"
    )
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL settings; SQLite reads run in one thread, in id order")
    found = read_entries(f"SELECT *, {settings} FROM ({sql}) AS found", params) or []  # noqa: S608
    assert [(e.workers, e.synchronized) for e in found] == [("0", "off")]  # type: ignore[attr-defined]


def test_a_postgresql_read_stops_in_table_order_and_sorts_only_what_it_read() -> None:
    """The rebuild writes entries in id order: no sort of every match before the limit."""
    groups = parse_query("desperado").groups
    sql, _params = match_sql("postgresql", groups, ("tt",), limit=8)
    inner, outer = sql.split(") AS first_matches ")
    assert "ORDER BY" not in inner
    assert inner.endswith("LIMIT %s")
    assert outer == "ORDER BY id"


def test_postgresqls_entry_words_are_the_words_their_first_letters_and_the_kind() -> None:
    """``search_entry_words``: "des*" is one posting list, as FTS5's prefix indexes give."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's word function; FTS5 keeps prefix indexes of its own")
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(search_entry_words('tt', 'el  mariachi'))")
        (words,) = cursor.fetchone()
    assert sorted(words) == ["_tt", "e*", "el", "el*", "m*", "ma*", "mar*", "mariachi"]


def test_the_vocabulary_holds_the_names_words_only() -> None:
    TitleFactory(primary_title="El Mariachi")
    PersonFactory(primary_name="Zoë Bell")
    rebuild_index()
    terms = set(SearchTerm.objects.values_list("term", flat=True))
    assert {"mariachi", "bell"} <= terms
    assert not [term for term in terms if "*" in term or term.startswith("_")]


@pytest.mark.parametrize("head", [0, 1, 3, 5, 100])
def test_the_first_matches_are_the_same_wherever_postgresqls_popular_head_ends(
    monkeypatch: pytest.MonkeyPatch, head: int
) -> None:
    """A read tries the most popular entries' index first, then the rest, in id order."""
    for votes in range(5):
        TitleFactory(primary_title=f"Desperado {votes}", num_votes=votes * 10)
    PersonFactory(primary_name="Desperado Fan")
    rebuild_index()

    def first(limit: int, kinds: tuple[str, ...] | None) -> list[int]:
        sql, params = match_sql(connection.vendor, parse_query("de").groups, kinds, limit=limit)
        return [entry.id for entry in read_entries(sql, params) or []]

    every = {kinds: first(100, kinds) for kinds in (None, TITLES, (EntryKind.NAME,))}
    assert len(every[None]) == 6
    assert len(every[TITLES]) == 5
    assert len(every[(EntryKind.NAME,)]) == 1
    monkeypatch.setattr(backends, "POSTGRES_HEAD_ENTRIES", head)
    for kinds, ids in every.items():
        for limit in (1, 3, 6):
            assert first(limit, kinds) == ids[:limit]
