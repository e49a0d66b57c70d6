"""Merge a staged file into the catalogue with a few set-based statements.

Each ``merge_…`` takes what one dataset file staged and makes the catalogue
agree with it: rows that changed are updated, new ones inserted, and, on a
refresh from a file read to its end (``prune``), what the file no longer
states removed, so that any sequence of imports leaves what a clean import of
the last dump would. A file cut short prunes nothing: its missing rows may be
past the cut.
The statements run inside the database, so memory does not grow with the
file, and they run in the file's transaction, so a failure leaves nothing
half-merged.

Precedence: the datasets rank second, after a reeldb user's corrections
(``catalog.models.sources.SOURCE_PRECEDENCE``). A title or person that only the
datasets describe has no claims, and its columns are written directly. One
that another source also describes ("claimed": it has claim rows) goes through
``claim_title_values``/``claim_person_values`` instead, which record the
dataset's claims and re-resolve the shown values, so a user's correction keeps
winning and the page's own claims survive. Fact lists (AKAs, credits, known-for
titles) are per-source rows: only the dataset's own rows are ever changed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from reeldb.catalog.models import Person, PersonClaim, Source, Title, TitleClaim
from reeldb.catalog.services import claim_person_values, claim_title_values
from reeldb.ingest.imdb_datasets.rows import CREW_ORDERING

# Rows read back at a time where a merge needs Python (claimed rows, removals).
FETCH_ROWS = 1_000
# Dangling ids reported with their line per file; the rest are only counted.
SHOWN_DANGLING = 5


@dataclass
class MergeResult:
    """What one merge did: rows that reached the catalogue, changes, and what it refused."""

    loaded: int = 0
    changed: int = 0
    removed: int = 0
    dangling: int = 0
    dangling_examples: list[tuple[int, str]] | None = None
    kept: list[str] | None = None


def _execute(sql: str, params: Sequence[Any] = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(int(cursor.rowcount), 0)


def _delete_listed(table: str, owner: str, alias: str) -> str:
    """``DELETE`` of the ``table`` rows of a source that a subquery aliased ``alias`` lists.

    By id on SQLite, where it is the rowid. On PostgreSQL these tables are
    keyed by their owner first (catalog migration 0009), so a row is named by
    ``(owner, id)``; SQLite would run the subquery twice for that row value.
    """
    if connection.vendor == "postgresql":
        return (
            f"DELETE FROM {table} WHERE source_id = %s AND ({owner}, id) IN ("
            f"SELECT {alias}.{owner}, {alias}.id "
        )
    return f"DELETE FROM {table} WHERE source_id = %s AND id IN (SELECT {alias}.id "


def _scalar(sql: str, params: Sequence[Any] = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        return int(row[0]) if row and row[0] is not None else 0


def fetch_rows(sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(FETCH_ROWS):
            yield from rows


def _differs(columns: Sequence[str], left: str = "t", right: str = "s") -> str:
    return " OR ".join(f"{left}.{name} IS DISTINCT FROM {right}.{name}" for name in columns)


def _dangling(result: MergeResult, table: str, sql: str, params: Sequence[Any] = ()) -> None:
    """Count the staged rows ``sql`` (``SELECT line, id … FROM …``) finds, keep the first few.

    Every other row of ``table`` found its title and person: those are the loaded ones.
    """
    result.dangling = _scalar(f"SELECT COUNT(*) FROM ({sql}) AS dangling", params)
    result.loaded = _scalar(f"SELECT COUNT(*) FROM {table}") - result.dangling
    result.dangling_examples = (
        list(fetch_rows(f"{sql} ORDER BY line LIMIT {SHOWN_DANGLING}", params))
        if result.dangling
        else []
    )


def _claimed(model: type[Title | Person]) -> str:
    """Return the SQL test "this row (``t`` or ``p``) has claims", or FALSE when none has.

    A catalogue only the datasets filled has no claims at all; saying so
    spares every statement a probe per row.
    """
    if model is Title:
        exists = TitleClaim.objects.exists()
        test = "EXISTS (SELECT 1 FROM catalog_titleclaim c WHERE c.title_id = t.id)"
    else:
        exists = PersonClaim.objects.exists()
        test = "EXISTS (SELECT 1 FROM catalog_personclaim c WHERE c.person_id = p.id)"
    return test if exists else "FALSE"


def _claim_staged(
    *, model: type[Title | Person], table: str, key: str, columns: Sequence[str], source: Source
) -> int:
    """Record the staged values of claimed rows as the dataset's claims; return how many changed."""
    claimed = _claimed(model)
    if claimed == "FALSE":
        return 0
    alias = "t" if model is Title else "p"
    selected = ", ".join(f"s.{name}" for name in columns)
    rows = list(
        fetch_rows(
            f"SELECT {alias}.id, {selected} FROM {table} s "
            f"JOIN {model._meta.db_table} {alias} ON {alias}.{key} = s.{key} WHERE {claimed}"
        )
    )
    changed = 0
    for row in rows:
        instance = model._default_manager.get(pk=row[0])
        values = {name: _claim_value(value) for name, value in zip(columns, row[1:], strict=True)}
        if isinstance(instance, Title):
            changed += claim_title_values(title=instance, source=source, values=values)
        else:
            changed += claim_person_values(person=instance, source=source, values=values)
    return changed


def _claim_value(value: Any) -> Any:
    # SQLite hands booleans back as 0/1 and decimals as floats; claims keep
    # the field's own type and decimals as exact text ("7.2").
    if isinstance(value, float):
        return repr(value)
    return value


# The columns title.basics and name.basics state, as the catalogue names them.
# A title or person only the datasets describe keeps these values in its own
# columns and has no claim rows (a claim row per field would multiply the
# largest tables); the catalogue turns them into the dataset's claims the
# moment a second source describes the row (``claim_stated_columns``).
STATED_TITLE_COLUMNS: tuple[str, ...] = (
    "title_type",
    "primary_title",
    "original_title",
    "is_adult",
    "start_year",
    "end_year",
    "runtime_minutes",
    "genres",
)
STATED_PERSON_COLUMNS: tuple[str, ...] = (
    "primary_name",
    "birth_year",
    "death_year",
    "primary_profession",
)


def _update_unclaimed(
    *, table: str, target: str, alias: str, key: str, columns: Sequence[str]
) -> int:
    claimed = _claimed(Title if alias == "t" else Person)
    assignments = ", ".join(f"{name} = s.{name}" for name in columns)
    # folded_title/folded_name follow the name they fold, as Title.save keeps them.
    folded = {"primary_title": "folded_title", "primary_name": "folded_name"}
    extra = "".join(f", {folded[name]} = s.{folded[name]}" for name in columns if name in folded)
    return _execute(
        f"UPDATE {target} AS {alias} SET {assignments}{extra} "
        f"FROM {table} AS s WHERE {alias}.{key} = s.{key} AND NOT {claimed} "
        f"AND ({_differs(columns, alias)})",
    )


@dataclass(frozen=True)
class _Scalars:
    """How one staged file of scalar rows lands in its catalogue table."""

    model: type[Title | Person]
    stage: str
    alias: str
    key: str
    folded: str
    columns: tuple[str, ...]
    # Text columns the datasets never state, written empty on insert.
    unstated: tuple[str, ...]


TITLES = _Scalars(
    model=Title,
    stage="stage_title",
    alias="t",
    key="tconst",
    folded="folded_title",
    columns=STATED_TITLE_COLUMNS,
    unstated=("awards_summary", "countries", "languages"),
)
PEOPLE = _Scalars(
    model=Person,
    stage="stage_person",
    alias="p",
    key="nconst",
    folded="folded_name",
    columns=STATED_PERSON_COLUMNS,
    unstated=("bio",),
)


def merge_titles(*, source: Source, refresh: bool) -> MergeResult:
    """Merge ``stage_title`` (title.basics) into ``catalog_title``."""
    return _merge_scalars(TITLES, source=source, refresh=refresh)


def merge_people(*, source: Source, refresh: bool) -> MergeResult:
    """Merge ``stage_person`` (name.basics) into ``catalog_person``."""
    return _merge_scalars(PEOPLE, source=source, refresh=refresh)


def _merge_scalars(spec: _Scalars, *, source: Source, refresh: bool) -> MergeResult:
    """Claim, update and insert a staged file's rows: claims first, so a page never wins."""
    target = spec.model._meta.db_table
    result = MergeResult(loaded=_scalar(f"SELECT COUNT(*) FROM {spec.stage}"))
    result.changed += _claim_staged(
        model=spec.model, table=spec.stage, key=spec.key, columns=spec.columns, source=source
    )
    if refresh:
        result.changed += _update_unclaimed(
            table=spec.stage,
            target=target,
            alias=spec.alias,
            key=spec.key,
            columns=spec.columns,
        )
    columns = ", ".join((spec.key, spec.folded, *spec.columns))
    unstated = ", ".join(spec.unstated)
    empties = ", ".join("''" for _ in spec.unstated)
    # ON CONFLICT: an id listed twice in one file keeps its first row.
    result.changed += _execute(
        f"INSERT INTO {target} ({columns}, {unstated}, source_id) "
        f"SELECT {columns}, {empties}, %s FROM {spec.stage} s "
        f"WHERE NOT EXISTS (SELECT 1 FROM {target} o WHERE o.{spec.key} = s.{spec.key}) "
        "ORDER BY line ON CONFLICT DO NOTHING",
        [source.pk],
    )
    return result


def merge_known_for(*, source: Source, refresh: bool, prune: bool) -> MergeResult:
    """Make the dataset's known-for rows of the staged people exactly ``stage_known_for``."""
    result = MergeResult()
    resolved = (
        "SELECT s.line, s.ordering, p.id AS person_id, t.id AS title_id FROM stage_known_for s "
        "JOIN catalog_person p ON p.nconst = s.nconst JOIN catalog_title t ON t.tconst = s.tconst"
    )
    if prune:
        result.changed += _execute(
            _delete_listed("catalog_knownfor", "person_id", "k")
            + "FROM catalog_knownfor k JOIN catalog_person p ON p.id = k.person_id "
            "JOIN catalog_title t ON t.id = k.title_id WHERE k.source_id = %s AND NOT EXISTS ("
            "SELECT 1 FROM stage_known_for s WHERE s.nconst = p.nconst "
            "AND s.tconst = t.tconst AND s.ordering = k.ordering))",
            [source.pk, source.pk],
        )
    result.changed += _execute(
        "INSERT INTO catalog_knownfor (person_id, title_id, ordering, source_id) "
        f"SELECT person_id, title_id, ordering, %s FROM ({resolved}) AS r "
        "WHERE true ON CONFLICT DO NOTHING",
        [source.pk],
    )
    _dangling(
        result,
        "stage_known_for",
        "SELECT line, tconst FROM stage_known_for s "
        "WHERE NOT EXISTS (SELECT 1 FROM catalog_title t WHERE t.tconst = s.tconst)",
    )
    return result


def merge_episodes(*, source: Source, prune: bool) -> MergeResult:
    """Link the staged episodes (title.episode) to their series, with season and number.

    With ``prune``, a title the file no longer lists as an episode (one the
    datasets now call a film or a series, say) loses its series, season and
    number: the datasets outrank every source but a user on what a title is.
    """
    result = MergeResult()
    resolved = (
        "SELECT s.tconst, p.id AS parent_id, s.season_number, s.episode_number "
        "FROM stage_episode s JOIN catalog_title p ON p.tconst = s.parent_tconst"
    )
    numbers = ("season_number", "episode_number")
    claimed = _claimed(Title)
    # Claimed titles take their numbers through claims, the link to the series directly.
    result.changed += _execute(
        "UPDATE catalog_title AS t SET parent_id = x.parent_id, "
        f"season_number = CASE WHEN {claimed} THEN t.season_number ELSE x.season_number END, "
        f"episode_number = CASE WHEN {claimed} THEN t.episode_number ELSE x.episode_number END "
        f"FROM ({resolved}) AS x WHERE t.tconst = x.tconst "
        "AND (t.parent_id IS DISTINCT FROM x.parent_id OR "
        f"(NOT {claimed} AND ({_differs(numbers, 't', 'x')})))",
    )
    result.changed += _claim_staged(
        model=Title, table="stage_episode", key="tconst", columns=numbers, source=source
    )
    if prune:
        result.changed += _unlink_episodes(source)
    _dangling(
        result,
        "stage_episode",
        "SELECT line, CASE WHEN e.id IS NULL THEN s.tconst ELSE s.parent_tconst END "
        "FROM stage_episode s LEFT JOIN catalog_title e ON e.tconst = s.tconst "
        "LEFT JOIN catalog_title p ON p.tconst = s.parent_tconst "
        "WHERE e.id IS NULL OR p.id IS NULL",
    )
    return result


def _unlink_episodes(source: Source) -> int:
    """Clear the series, season and number of IMDb titles title.episode no longer lists."""
    unlisted = (
        "t.tconst IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM stage_episode s WHERE s.tconst = t.tconst)"
    )
    claimed = _claimed(Title)
    changed = _withdraw_claims(
        source, ("season_number", "episode_number"), f"{unlisted} AND {claimed}"
    )
    changed += _execute(
        "UPDATE catalog_title AS t SET parent_id = NULL, "
        f"season_number = CASE WHEN {claimed} THEN t.season_number ELSE NULL END, "
        f"episode_number = CASE WHEN {claimed} THEN t.episode_number ELSE NULL END "
        f"WHERE {unlisted} AND (t.parent_id IS NOT NULL OR (NOT {claimed} AND "
        "(t.season_number IS NOT NULL OR t.episode_number IS NOT NULL)))"
    )
    return changed


def _withdraw_claims(source: Source, fields: Sequence[str], where: str) -> int:
    """Withdraw ``source``'s claims on ``fields`` of the titles ``t`` that ``where`` selects.

    Each title then shows what its other sources claim, or nothing.
    """
    placeholders = ", ".join("%s" for _ in fields)
    ids = [
        row[0]
        for row in fetch_rows(
            f"SELECT t.id FROM catalog_title t WHERE {where} AND EXISTS ("
            "SELECT 1 FROM catalog_titleclaim c WHERE c.title_id = t.id AND c.source_id = %s "
            f"AND c.field IN ({placeholders}))",
            [source.pk, *fields],
        )
    ]
    withdrawn = dict.fromkeys(fields)
    return sum(
        claim_title_values(title=title, source=source, values=withdrawn)
        for title in Title.objects.filter(pk__in=ids)
    )


def merge_ratings(*, source: Source, prune: bool) -> MergeResult:
    """Write the staged ratings (title.ratings); with ``prune``, clear ratings the file dropped."""
    result = MergeResult()
    columns = ("average_rating", "num_votes")
    result.changed += _claim_staged(
        model=Title, table="stage_rating", key="tconst", columns=columns, source=source
    )
    result.changed += _update_unclaimed(
        table="stage_rating",
        target="catalog_title",
        alias="t",
        key="tconst",
        columns=columns,
    )
    if prune:
        unrated = "NOT EXISTS (SELECT 1 FROM stage_rating s WHERE s.tconst = t.tconst)"
        claimed = _claimed(Title)
        result.changed += _withdraw_claims(source, columns, f"{unrated} AND {claimed}")
        result.changed += _execute(
            "UPDATE catalog_title AS t SET average_rating = NULL, num_votes = NULL "
            f"WHERE t.source_id = %s AND t.num_votes IS NOT NULL AND NOT {claimed} AND {unrated}",
            [source.pk],
        )
    _dangling(
        result,
        "stage_rating",
        "SELECT line, tconst FROM stage_rating s "
        "WHERE NOT EXISTS (SELECT 1 FROM catalog_title t WHERE t.tconst = s.tconst)",
    )
    return result


AKA_COLUMNS = (
    "ordering",
    "aka_title",
    "region",
    "language",
    "types",
    "attributes",
    "is_original_title",
)


def merge_akas(*, source: Source, refresh: bool, prune: bool) -> MergeResult:
    """Make the dataset's AKAs of the staged titles exactly ``stage_aka``."""
    result = MergeResult()
    columns = ", ".join(AKA_COLUMNS)
    same = " AND ".join(f"s.{name} = a.{name}" for name in AKA_COLUMNS)
    if prune:
        result.changed += _execute(
            _delete_listed("catalog_aka", "title_id", "a")
            + "FROM catalog_aka a JOIN catalog_title t ON t.id = a.title_id "
            "WHERE a.source_id = %s AND NOT EXISTS ("
            f"SELECT 1 FROM stage_aka s WHERE s.tconst = t.tconst AND {same}))",
            [source.pk, source.pk],
        )
    new = (
        f"SELECT s.line, t.id AS title_id, {', '.join(f's.{n}' for n in AKA_COLUMNS)} "
        "FROM stage_aka s JOIN catalog_title t ON t.tconst = s.tconst"
    )
    if refresh:
        new += (
            " WHERE NOT EXISTS (SELECT 1 FROM catalog_aka a WHERE a.title_id = t.id "
            f"AND a.source_id = %s AND {same})"
        )
    result.changed += _execute(
        f"INSERT INTO catalog_aka (title_id, {columns}, source_id) "
        f"SELECT title_id, {columns}, %s FROM ({new}) AS n",
        [source.pk, source.pk] if refresh else [source.pk],
    )
    _dangling(
        result,
        "stage_aka",
        "SELECT line, tconst FROM stage_aka s "
        "WHERE NOT EXISTS (SELECT 1 FROM catalog_title t WHERE t.tconst = s.tconst)",
    )
    return result


def merge_credits(*, source: Source, refresh: bool, prune: bool, crew: bool) -> MergeResult:
    """Make the dataset's credits of the staged titles exactly ``stage_credit``.

    ``crew`` says which file staged them: title.crew's credits are billed from
    ``CREW_ORDERING`` on and title.principals' below it, so refreshing one file
    never removes the other's credits. A director or writer both files name is
    kept once, as the principal, whichever file a refresh brought first.
    """
    result = MergeResult()
    band = f"k.ordering >= {CREW_ORDERING}" if crew else f"k.ordering < {CREW_ORDERING}"
    same = (
        "s.category = k.category AND s.job = k.job AND s.ordering = k.ordering AND "
        "s.characters = k.characters"
    )
    resolved = (
        "SELECT s.line, t.id AS title_id, p.id AS person_id, s.category, s.job, "
        "s.characters, s.ordering FROM stage_credit s "
        "JOIN catalog_title t ON t.tconst = s.tconst JOIN catalog_person p ON p.nconst = s.nconst"
    )
    if prune:
        result.changed += _execute(
            _delete_listed("catalog_credit", "title_id", "k")
            + "FROM catalog_credit k JOIN catalog_title t ON t.id = k.title_id "
            f"JOIN catalog_person p ON p.id = k.person_id WHERE k.source_id = %s AND {band} "
            "AND NOT EXISTS (SELECT 1 FROM stage_credit s WHERE s.tconst = t.tconst "
            f"AND s.nconst = p.nconst AND {same}))",
            [source.pk, source.pk],
        )
    # A principal the datasets already hold (unchanged on a refresh) is not
    # added again; nor is a crew member who is also a principal.
    held = (
        "k.title_id = r.title_id AND k.person_id = r.person_id AND k.category = r.category "
        "AND k.job = r.job AND k.source_id = %s"
    )
    if crew:
        # A name listed twice in one crew row is credited once, at its first place.
        resolved += (
            " WHERE NOT EXISTS (SELECT 1 FROM stage_credit d WHERE d.tconst = s.tconst "
            "AND d.nconst = s.nconst AND d.category = s.category AND d.job = s.job "
            "AND d.ordering < s.ordering)"
        )
    else:
        held += f" AND k.ordering = r.ordering AND k.characters = r.characters AND {band}"
    result.changed += _execute(
        "INSERT INTO catalog_credit (title_id, person_id, category, job, characters, ordering, "
        f"credited_as, source_id) SELECT title_id, person_id, category, job, "
        f"characters, ordering, '', %s FROM ({resolved}) AS r "
        f"WHERE NOT EXISTS (SELECT 1 FROM catalog_credit k WHERE {held})",
        [source.pk, source.pk],
    )
    if refresh and not crew:
        # title.crew's credits that now repeat a principal give way to it.
        result.changed += _execute(
            _delete_listed("catalog_credit", "title_id", "c")
            + f"FROM catalog_credit c WHERE c.source_id = %s AND c.ordering >= {CREW_ORDERING} "
            "AND EXISTS (SELECT 1 FROM catalog_credit k WHERE k.title_id = c.title_id "
            "AND k.person_id = c.person_id AND k.category = c.category AND k.job = c.job "
            f"AND k.source_id = c.source_id AND k.ordering < {CREW_ORDERING}))",
            [source.pk, source.pk],
        )
    _dangling(
        result,
        "stage_credit",
        "SELECT line, CASE WHEN t.id IS NULL THEN s.tconst ELSE s.nconst END "
        "FROM stage_credit s LEFT JOIN catalog_title t ON t.tconst = s.tconst "
        "LEFT JOIN catalog_person p ON p.nconst = s.nconst WHERE t.id IS NULL OR p.id IS NULL",
    )
    return result
