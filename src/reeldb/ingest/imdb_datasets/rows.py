"""Validate and type the rows of each dataset file, a block of rows at a time, in polars.

Each ``Dataset`` turns a frame of raw text columns (IMDb's column names,
``\\N`` kept) into the typed columns the loader writes, and names what is
wrong with each bad row. The checks are column expressions evaluated in
native code, several times faster than checking line by line in Python;
only the rare values a pattern cannot settle (characters that are not
IMDb's usual JSON, names outside ASCII to fold) go through Python. Limits
come from the catalogue's own fields, so a row that passes cannot fail the
load.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from reeldb.catalog.folding import fold
from reeldb.catalog.models import Aka, CreditCategory, Person, Title, TitleType
from reeldb.ingest.imdb_datasets.reading import NULL

# Crew rows from title.crew are billed after the principals: their ordering
# starts here, which also tells the two files' credits apart on a refresh.
CREW_ORDERING = 1000
TITLE_TYPES = tuple(TitleType.values)
CATEGORIES = tuple(CreditCategory.values)
# PositiveSmallIntegerField's range on every backend.
MAX_SMALL = 32767
MAX_INT = 2147483647
# Shown of a bad value in the report.
DETAIL_CHARACTERS = 40
# Text ``folded`` cannot fold exactly as ``fold`` does: beyond ASCII and Latin
# letters with accents, Unicode's case folding and word characters differ from
# the native ones (ß folds to "ss", spacing marks are not word characters).
BEYOND_LATIN = r"[^\x00-\x7F\u00C0-\u024F]|\u00DF"
# IMDb's characters column as it writes it: a JSON list of strings, compact.
# Values this does not match are checked by ``json.loads``.
JSON_STRING = r'"(?:[^"\\\x00-\x1F]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"'
JSON_LIST_OF_STRINGS = rf"^\[(?:{JSON_STRING}(?:,{JSON_STRING})*)?\]$"


# Where a row is reported (skipped, or loaded with something cut): its line, the
# report's grouping, and what was wrong.
NOTE_SCHEMA = {"line": pl.Int64, "kind": pl.String, "detail": pl.String}
# Control characters no text keeps: every C0 code but the tab and newline that
# frame the fields, and DEL. title.akas keeps \x02, IMDb's list separator.
CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])
LIST_SEPARATOR = b"\x02"
# The longest characters value kept, as JSON text: IMDb's own run to a few
# hundred characters; a longer one keeps the names that fit.
CHARACTERS_LENGTH = 2000


def _max_length(model: type[Title | Person | Aka], name: str) -> int:
    return int(getattr(model._meta.get_field(name), "max_length", 0) or 0)


TITLE_LENGTH = _max_length(Title, "primary_title")
GENRES_LENGTH = _max_length(Title, "genres")
NAME_LENGTH = _max_length(Person, "primary_name")
PROFESSION_LENGTH = _max_length(Person, "primary_profession")
JOB_LENGTH = 300


@dataclass(frozen=True)
class Check:
    """One way a row can be bad: when ``failed`` holds, the row is skipped as ``kind``."""

    kind: str
    failed: pl.Expr
    detail: pl.Expr


def _raw(column: str) -> pl.Expr:
    return pl.col(column)


def _is_null(column: str) -> pl.Expr:
    return _raw(column) == NULL


def _shown(column: str) -> pl.Expr:
    """The value as the report shows it: its first characters, quoted."""
    return pl.lit("'") + _raw(column).str.slice(0, DETAIL_CHARACTERS) + pl.lit("'")


def text(column: str) -> pl.Expr:
    return pl.when(_is_null(column)).then(pl.lit("")).otherwise(_raw(column))


def text_checks(column: str, *, limit: int, required: bool = False) -> list[Check]:
    length = _raw(column).str.len_chars()
    checks = [
        Check(
            f"{column} too long",
            ~_is_null(column) & (length > limit),
            length.cast(pl.String) + pl.lit(f" characters, at most {limit}"),
        )
    ]
    if required:
        checks.insert(0, Check(f"empty {column}", _is_null(column) | (length == 0), pl.lit("")))
    return checks


def number(column: str) -> pl.Expr:
    return pl.when(_is_null(column)).then(None).otherwise(_raw(column).cast(pl.Int64, strict=False))


def number_checks(column: str, *, limit: int = MAX_INT, required: bool = False) -> list[Check]:
    digits = _raw(column).str.contains(r"^[0-9]+$")
    value = _raw(column).cast(pl.Int64, strict=False)
    checks = [
        Check(f"non-numeric {column}", ~_is_null(column) & ~digits, _shown(column)),
        Check(
            f"{column} out of range",
            ~_is_null(column) & digits & (value.is_null() | (value > limit)),
            _raw(column).str.slice(0, DETAIL_CHARACTERS),
        ),
    ]
    if required:
        checks.insert(0, Check(f"empty {column}", _is_null(column), pl.lit("")))
    return checks


def imdb_id_checks(column: str, prefix: str) -> list[Check]:
    # The import keeps an id's number in 32 bits (``ids.IdMap``, ``ahead``): a
    # ten-digit id beyond that is refused like any malformed one, not wrapped.
    # Ten digits compare as text as they do as numbers, without a cast per row.
    pattern = rf"^{prefix}[0-9]{{7,10}}$"
    too_large = (_raw(column).str.len_bytes() == len(prefix) + 10) & (
        _raw(column) > f"{prefix}{MAX_INT}"
    )
    failing = ~_raw(column).str.contains(pattern) | too_large
    return [Check(f"bad {column}", failing, _shown(column))]


def id_list_checks(column: str, prefix: str) -> list[Check]:
    pattern = rf"^{prefix}[0-9]{{7,10}}(?:,{prefix}[0-9]{{7,10}})*$"
    listed = ~_is_null(column) & (_raw(column) != "")
    return [Check(f"bad {column}", listed & ~_raw(column).str.contains(pattern), _shown(column))]


def flag(column: str) -> pl.Expr:
    return _raw(column) == "1"


def flag_checks(column: str) -> list[Check]:
    return [Check(f"bad {column}", ~_raw(column).is_in(["0", "1", NULL]), _shown(column))]


def choice_checks(column: str, kind: str, choices: tuple[str, ...]) -> list[Check]:
    return [Check(kind, ~_raw(column).is_in(list(choices)), _shown(column))]


def folded(column: str) -> pl.Expr:
    """``fold`` in native code, exact for ASCII and accented Latin; ``fold_rest`` does the rest."""
    return (
        _raw(column)
        .str.normalize("NFKD")
        .str.replace_all(r"\p{Mn}+", "")
        .str.to_lowercase()
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars(" ")
    )


def fold_rest(frame: pl.DataFrame, source: str, target: str) -> pl.DataFrame:
    """Fold the rows of ``source`` beyond Latin with ``fold`` itself (Unicode's rules)."""
    wide = frame.select(pl.arg_where(pl.col(source).str.contains(BEYOND_LATIN))).to_series()
    if wide.is_empty():
        return frame
    values = [fold(value) for value in frame[source].gather(wide)]
    return frame.with_columns(frame[target].scatter(wide, values))


def characters_verdict(value: str) -> str | None:
    """Return why a characters value the pattern did not match is bad, or None when it is fine."""
    try:
        parsed = json.loads(value)
    except ValueError:
        return "characters not JSON"
    if not isinstance(parsed, list) or not all(isinstance(item, str) for item in parsed):
        return "characters not a list of names"
    return None


def shorten_characters(value: str, limit: int = CHARACTERS_LENGTH) -> str:
    """Return the JSON list ``value`` with the names that fit in ``limit`` characters.

    A first name longer than the limit is itself cut, so the credit keeps a character.
    """
    names = json.loads(value)
    kept: list[str] = []
    for name in names:
        if len(json.dumps([*kept, name], ensure_ascii=False)) > limit:
            break
        kept.append(name)
    if not kept and names:
        room = limit - len(json.dumps([""], ensure_ascii=False))
        kept = [names[0][:room]]
        while len(json.dumps(kept, ensure_ascii=False)) > limit:  # escapes take more room
            kept = [kept[0][: len(kept[0]) // 2]]
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":"))


def bound_characters(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Cut the characters values longer than ``CHARACTERS_LENGTH``; list the rows cut."""
    long = frame.select(pl.arg_where(pl.col("characters").str.len_chars() > CHARACTERS_LENGTH))
    rows = long.to_series()
    if rows.is_empty():
        return frame, pl.DataFrame(schema=NOTE_SCHEMA)
    values = frame["characters"].gather(rows)
    cut = pl.DataFrame(
        {
            "line": frame["line"].gather(rows),
            "kind": [f"characters cut to {CHARACTERS_LENGTH} characters"] * len(rows),
            "detail": [f"{len(value):,} characters" for value in values],
        },
        schema=NOTE_SCHEMA,
    )
    shortened = [shorten_characters(value) for value in values]
    return frame.with_columns(frame["characters"].scatter(rows, shortened)), cut


def judge_characters(frame: pl.DataFrame) -> pl.DataFrame:
    """Add ``characters_error``: the verdict of ``json.loads`` on the few unusual values."""
    unusual = ~_is_null("characters") & ~_raw("characters").str.contains(JSON_LIST_OF_STRINGS)
    rows = frame.select(pl.arg_where(unusual)).to_series()
    verdicts = pl.Series("characters_error", [None] * frame.height, dtype=pl.String)
    if not rows.is_empty():
        found = [characters_verdict(value) for value in frame["characters"].gather(rows)]
        verdicts = verdicts.scatter(rows, found)
    return frame.with_columns(verdicts)


@dataclass(frozen=True)
class Dataset:
    """One of IMDb's seven files: its header, its typed columns, and how a row can be bad.

    ``columns`` are evaluated over the raw text columns (IMDb's names);
    ``checks`` in order, the first that fails naming the row's fault;
    ``prepare`` adds helper columns the checks need, ``finish`` completes the
    typed frame where native code cannot, ``bound`` cuts values too long to
    keep whole and lists the rows it cut (``NOTE_SCHEMA``). ``control_bytes``
    are dropped from the raw lines. ``rows_per_line`` is about how many rows a
    line is written as: its blocks are cut that many times smaller
    (``read_blocks``), so that each file's blocks hold about as many rows.
    """

    name: str
    header: tuple[str, ...]
    columns: dict[str, pl.Expr]
    checks: list[Check]
    prepare: Callable[[pl.DataFrame], pl.DataFrame] | None = None
    finish: Callable[[pl.DataFrame], pl.DataFrame] | None = field(default=None)
    bound: Callable[[pl.DataFrame], tuple[pl.DataFrame, pl.DataFrame]] | None = None
    control_bytes: bytes = CONTROL_BYTES
    rows_per_line: int = 1


def _finish_titles(frame: pl.DataFrame) -> pl.DataFrame:
    return fold_rest(frame, "primary_title", "folded_title")


def _finish_people(frame: pl.DataFrame) -> pl.DataFrame:
    return fold_rest(frame, "primary_name", "folded_name")


def _year_order_check() -> Check:
    start, end = number("startYear"), number("endYear")
    return Check(
        "endYear before startYear",
        (end < start).fill_null(False),
        _raw("startYear") + pl.lit("-") + _raw("endYear"),
    )


def _rating_checks() -> list[Check]:
    value = _raw("averageRating").cast(pl.Float64, strict=False)
    return [
        Check("non-numeric averageRating", value.is_null(), _shown("averageRating")),
        Check(
            "averageRating out of range",
            (value < 1) | (value > 10) | (_raw("averageRating").str.len_chars() > 4),
            _raw("averageRating").str.slice(0, DETAIL_CHARACTERS),
        ),
    ]


def _control_list(column: str) -> pl.Expr:
    """IMDb separates AKA types and attributes with \\x02; the catalogue with commas."""
    return text(column).str.replace_all("\x02", ",", literal=True)


def _aka_text_checks() -> list[Check]:
    lengths = {
        "title": _max_length(Aka, "aka_title"),
        "region": _max_length(Aka, "region"),
        "language": _max_length(Aka, "language"),
        "types": _max_length(Aka, "types"),
        "attributes": _max_length(Aka, "attributes"),
    }
    checks = text_checks("title", limit=lengths.pop("title"), required=True)
    for column, limit in lengths.items():
        checks.extend(text_checks(column, limit=limit))
    return checks


def _principal_ordering_checks() -> list[Check]:
    checks = number_checks("ordering", required=True)
    checks.append(
        Check(
            "ordering out of range",
            number("ordering") >= CREW_ORDERING,
            _raw("ordering"),
        )
    )
    return checks


DATASETS: tuple[Dataset, ...] = (
    # Dependency order: titles and people first, then what links them; principals
    # before crew, so a director both name keeps the principal's billing.
    Dataset(
        name="title.basics",
        header=(
            "tconst",
            "titleType",
            "primaryTitle",
            "originalTitle",
            "isAdult",
            "startYear",
            "endYear",
            "runtimeMinutes",
            "genres",
        ),
        columns={
            "tconst": _raw("tconst"),
            "title_type": _raw("titleType"),
            "primary_title": _raw("primaryTitle"),
            "folded_title": folded("primaryTitle"),
            "original_title": text("originalTitle"),
            "is_adult": flag("isAdult"),
            "start_year": number("startYear"),
            "end_year": number("endYear"),
            "runtime_minutes": number("runtimeMinutes"),
            "genres": text("genres"),
        },
        checks=[
            *imdb_id_checks("tconst", "tt"),
            *choice_checks("titleType", "unknown title type", TITLE_TYPES),
            *text_checks("primaryTitle", limit=TITLE_LENGTH, required=True),
            *text_checks("originalTitle", limit=TITLE_LENGTH),
            *flag_checks("isAdult"),
            *number_checks("startYear", limit=MAX_SMALL),
            *number_checks("endYear", limit=MAX_SMALL),
            _year_order_check(),
            *number_checks("runtimeMinutes"),
            *text_checks("genres", limit=GENRES_LENGTH),
        ],
        finish=_finish_titles,
    ),
    Dataset(
        name="name.basics",
        header=(
            "nconst",
            "primaryName",
            "birthYear",
            "deathYear",
            "primaryProfession",
            "knownForTitles",
        ),
        columns={
            "nconst": _raw("nconst"),
            "primary_name": _raw("primaryName"),
            "folded_name": folded("primaryName"),
            "birth_year": number("birthYear"),
            "death_year": number("deathYear"),
            "primary_profession": text("primaryProfession"),
            "known_for": text("knownForTitles"),
        },
        checks=[
            *imdb_id_checks("nconst", "nm"),
            *text_checks("primaryName", limit=NAME_LENGTH, required=True),
            *number_checks("birthYear", limit=MAX_SMALL),
            *number_checks("deathYear", limit=MAX_SMALL),
            *text_checks("primaryProfession", limit=PROFESSION_LENGTH),
            *id_list_checks("knownForTitles", "tt"),
        ],
        finish=_finish_people,
        # A person and about two known-for titles.
        rows_per_line=2,
    ),
    Dataset(
        name="title.episode",
        header=("tconst", "parentTconst", "seasonNumber", "episodeNumber"),
        columns={
            "tconst": _raw("tconst"),
            "parent_tconst": _raw("parentTconst"),
            "season_number": number("seasonNumber"),
            "episode_number": number("episodeNumber"),
        },
        checks=[
            *imdb_id_checks("tconst", "tt"),
            *imdb_id_checks("parentTconst", "tt"),
            *number_checks("seasonNumber"),
            *number_checks("episodeNumber"),
        ],
    ),
    Dataset(
        name="title.ratings",
        header=("tconst", "averageRating", "numVotes"),
        columns={
            "tconst": _raw("tconst"),
            # Kept as text, so "7.2" stays exact on its way to a decimal column.
            "average_rating": _raw("averageRating"),
            "num_votes": number("numVotes"),
        },
        checks=[
            *imdb_id_checks("tconst", "tt"),
            *_rating_checks(),
            *number_checks("numVotes", required=True),
        ],
    ),
    Dataset(
        name="title.akas",
        header=(
            "titleId",
            "ordering",
            "title",
            "region",
            "language",
            "types",
            "attributes",
            "isOriginalTitle",
        ),
        columns={
            "tconst": _raw("titleId"),
            "ordering": number("ordering").fill_null(0),
            "aka_title": _raw("title"),
            "region": text("region"),
            "language": text("language"),
            "types": _control_list("types"),
            "attributes": _control_list("attributes"),
            "is_original_title": flag("isOriginalTitle"),
        },
        checks=[
            *imdb_id_checks("titleId", "tt"),
            *number_checks("ordering"),
            *_aka_text_checks(),
            *flag_checks("isOriginalTitle"),
        ],
        control_bytes=CONTROL_BYTES.replace(LIST_SEPARATOR, b""),
    ),
    Dataset(
        name="title.principals",
        header=("tconst", "ordering", "nconst", "category", "job", "characters"),
        columns={
            "tconst": _raw("tconst"),
            "nconst": _raw("nconst"),
            "category": _raw("category"),
            "job": text("job"),
            "characters": pl.when(_is_null("characters"))
            .then(pl.lit("[]"))
            .otherwise(_raw("characters")),
            "ordering": number("ordering"),
        },
        checks=[
            *imdb_id_checks("tconst", "tt"),
            *imdb_id_checks("nconst", "nm"),
            *choice_checks("category", "unknown category", CATEGORIES),
            *text_checks("job", limit=JOB_LENGTH),
            Check(
                "characters not JSON",
                pl.col("characters_error") == "characters not JSON",
                _shown("characters"),
            ),
            Check(
                "characters not a list of names",
                pl.col("characters_error") == "characters not a list of names",
                _shown("characters"),
            ),
            *_principal_ordering_checks(),
        ],
        prepare=judge_characters,
        bound=bound_characters,
    ),
    Dataset(
        name="title.crew",
        header=("tconst", "directors", "writers"),
        columns={
            "tconst": _raw("tconst"),
            "directors": text("directors"),
            "writers": text("writers"),
        },
        checks=[
            *imdb_id_checks("tconst", "tt"),
            *id_list_checks("directors", "nm"),
            *id_list_checks("writers", "nm"),
        ],
        # About two credits a line, and the lines are short: a block of 8 MiB
        # would make about 550,000 credits, three times a principals block, and
        # planning it would set the full-size import's peak RSS.
        rows_per_line=3,
    ),
)
DATASET_NAMES: tuple[str, ...] = tuple(dataset.name for dataset in DATASETS)


def expand_crew(crew: pl.DataFrame) -> pl.DataFrame:
    """Return one principals-shaped credit per director, then writer, of each crew row.

    Billing continues from ``CREW_ORDERING`` across a title's directors and
    writers; it is computed from each name's place in its list, so the rows
    need no sorting (a sort of the exploded rows tripled the memory a block took).
    """
    directors = pl.col("directors").str.split(",")
    listed = pl.when(pl.col("directors") == "").then(0).otherwise(directors.list.len())
    parts = []
    for column, category, first in (
        ("directors", CreditCategory.DIRECTOR, pl.lit(CREW_ORDERING)),
        ("writers", CreditCategory.WRITER, listed + CREW_ORDERING),
    ):
        names = pl.col(column).str.split(",")
        parts.append(
            crew.select(
                "line",
                "tconst",
                nconst=names,
                category=pl.lit(category.value),
                ordering=pl.int_ranges(first, first + names.list.len(), dtype=pl.Int64),
            )
            .explode("nconst", "ordering")
            .filter(pl.col("nconst").is_not_null() & (pl.col("nconst") != ""))
        )
    return pl.concat(parts).select(
        "line",
        "tconst",
        "nconst",
        "category",
        job=pl.lit(""),
        characters=pl.lit("[]"),
        ordering="ordering",
    )


def expand_known_for(people: pl.DataFrame) -> pl.DataFrame:
    """Return ``(line, nconst, tconst, ordering)`` for each known-for title of the people."""
    return (
        people.select("line", "nconst", tconst=pl.col("known_for").str.split(","))
        .with_columns(ordering=pl.int_ranges(pl.col("tconst").list.len()))
        .explode("tconst", "ordering")
        .filter(pl.col("tconst").is_not_null() & (pl.col("tconst") != ""))
        .with_columns(pl.col("ordering").cast(pl.Int64))
    )
