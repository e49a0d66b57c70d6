"""Write a synthetic IMDb datasets dump in the exact format, at any scale, deterministic by seed.

``--scale 1.0`` is the size of IMDb's real dump (about 12M titles, 14M people,
95M principals, 55M AKAs, 9M episodes, 1.6M ratings); the distributions follow
it: mostly episodes, then shorts and movies; years skewed to recent decades;
one to three genres; about eight principals a title; a few AKAs; tens of
episodes per series; names in several scripts; ``\\N`` where IMDb has gaps.
Used by ``bench/import_imdb.py`` and, at tiny scales, by the importer's tests.

    python bench/make_imdb_dump.py --scale 0.01 --out /tmp/imdb-0.01
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import io
import json
import random
import sys
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import accumulate
from pathlib import Path
from typing import IO

FULL = {"titles": 12_000_000, "people": 14_000_000, "ratings": 1_600_000}
PRINCIPALS_PER_TITLE = 8
# IMDb numbers titles as they are added, so a series nearly always comes before
# its episodes in the files; a few episodes are filed before their series.
EPISODES_BEFORE_SERIES = 0.02
AKAS_PER_TITLE = 4.6
NULL = "\\N"

TYPES = (
    ("tvEpisode", 0.75),
    ("short", 0.08),
    ("movie", 0.06),
    ("video", 0.025),
    ("tvSeries", 0.02),
    ("tvMovie", 0.013),
    ("tvMiniSeries", 0.005),
    ("tvSpecial", 0.004),
    ("videoGame", 0.003),
    ("tvShort", 0.0015),
    ("tvPilot", 0.0005),
)
SERIES = frozenset({"tvSeries", "tvMiniSeries"})
GENRES = (
    "Drama", "Comedy", "Documentary", "Talk-Show", "Romance", "Action", "Crime", "Thriller",
    "Family", "Adventure", "Animation", "Reality-TV", "Music", "Horror", "News", "Fantasy",
    "Mystery", "Sci-Fi", "Biography", "History", "Game-Show", "Sport", "Western", "Musical",
    "War", "Adult", "Short", "Film-Noir",
)  # fmt: skip
PROFESSIONS = (
    "actor", "actress", "producer", "writer", "director", "miscellaneous", "camera_department",
    "cinematographer", "editor", "composer", "sound_department", "art_department", "self",
)  # fmt: skip
CATEGORIES = (
    ("actor", 0.3), ("actress", 0.2), ("self", 0.15), ("director", 0.1), ("writer", 0.09),
    ("producer", 0.07), ("composer", 0.03), ("cinematographer", 0.03), ("editor", 0.03),
    ("archive_footage", 0.005), ("casting_director", 0.005), ("production_designer", 0.004),
    ("archive_sound", 0.001),
)  # fmt: skip
SYLLABLES = (
    "an", "be", "ca", "do", "el", "fa", "gi", "ho", "ja", "ka", "lu", "ma", "ni", "or", "pa",
    "ro", "sa", "ta", "ul", "vi", "zo", "ré", "mé", "lö", "ñu", "çe", "ša", "ży", "ði",
)  # fmt: skip
SCRIPTS = ("山田", "太郎", "Иван", "Петров", "Σοφία", "محمد", "김", "李", "Ngọc", "Nguyễn")
REGIONS = ("US", "GB", "FR", "DE", "ES", "IT", "JP", "MX", "BR", "IN", "XWW", "RU", "CA")
LANGUAGES = ("en", "fr", "de", "es", "it", "ja", "pt", "hi", "ru")
AKA_TYPES = ("imdbDisplay", "original", "alternative", "working", "dvd", "festival", "tv")
JOBS = ("producer", "executive producer", "screenplay", "novel", "director of photography")


def _weighted(rng: random.Random, choices: tuple[tuple[str, float], ...]) -> Iterator[str]:
    names = [name for name, _ in choices]
    weights = [weight for _, weight in choices]
    while True:
        yield from rng.choices(names, weights, k=4096)


def tconst(index: int) -> str:
    return f"tt{index + 1:07d}"


def nconst(index: int) -> str:
    return f"nm{index + 1:07d}"


def _name(rng: random.Random, words: int) -> str:
    if rng.random() < 0.05:
        return " ".join(rng.choice(SCRIPTS) for _ in range(words))
    return " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))).capitalize()
        for _ in range(words)
    )


def _year(rng: random.Random) -> int:
    # Skewed to recent decades, as IMDb's catalogue is.
    return min(2026, int(2026 - rng.expovariate(1 / 18)))


@contextmanager
def _writer(folder: Path, name: str, header: str, level: int) -> Iterator[IO[str]]:
    path = folder / f"{name}.tsv.gz"
    # mtime=0 keeps the gzip header, and so the whole file, the same for the same seed.
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", compresslevel=level, fileobj=raw, mtime=0) as packed,
        io.TextIOWrapper(packed, encoding="utf-8", newline="\n") as out,
    ):
        out.write(header + "\n")
        yield out


class Dump:
    """The shape of one dump: how many of each, and which titles are series."""

    def __init__(self, scale: float, seed: int) -> None:
        self.seed = seed
        self.titles = max(20, round(FULL["titles"] * scale))
        self.people = max(20, round(FULL["people"] * scale))
        self.ratings = max(5, round(FULL["ratings"] * scale))
        rng = random.Random(seed)
        codes = {name: code for code, (name, _) in enumerate(TYPES)}
        self.types = array(
            "B",
            (
                codes[name]
                for name, _ in zip(_weighted(rng, TYPES), range(self.titles), strict=False)
            ),
        )
        self.series = [i for i, code in enumerate(self.types) if TYPES[code][0] in SERIES]
        if not self.series:
            self.types[0] = codes["tvSeries"]
            self.series = [0]

    def rng(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:{name}")

    def type_of(self, index: int) -> str:
        return TYPES[self.types[index]][0]

    def write(self, folder: Path, level: int = 1) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        for writer in (
            self.write_title_basics,
            self.write_name_basics,
            self.write_title_episode,
            self.write_title_ratings,
            self.write_title_akas,
            self.write_title_crew,
            self.write_title_principals,
        ):
            writer(folder, level)
        return sorted(folder.glob("*.tsv.gz"))

    def write_title_basics(self, folder: Path, level: int) -> None:
        rng = self.rng("title.basics")
        header = "\t".join(
            (
                "tconst",
                "titleType",
                "primaryTitle",
                "originalTitle",
                "isAdult",
                "startYear",
                "endYear",
                "runtimeMinutes",
                "genres",
            )
        )
        with _writer(folder, "title.basics", header, level) as out:
            for index in range(self.titles):
                kind = self.type_of(index)
                title = _name(rng, rng.randint(1, 4))
                original = title if rng.random() < 0.9 else _name(rng, 2)
                start = _year(rng) if rng.random() < 0.95 else None
                end = None
                if kind in SERIES and start is not None and rng.random() < 0.6:
                    end = min(2026, start + rng.randint(0, 12))
                runtime = rng.randint(5, 180) if rng.random() < 0.7 else None
                genres = (
                    ",".join(sorted(rng.sample(GENRES, rng.randint(1, 3))))
                    if rng.random() < 0.9
                    else NULL
                )
                out.write(
                    f"{tconst(index)}\t{kind}\t{title}\t{original}\t{int(rng.random() < 0.02)}\t"
                    f"{start or NULL}\t{end or NULL}\t{runtime or NULL}\t{genres}\n"
                )

    def write_name_basics(self, folder: Path, level: int) -> None:
        rng = self.rng("name.basics")
        header = "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles"
        with _writer(folder, "name.basics", header, level) as out:
            for index in range(self.people):
                birth = rng.randint(1880, 2010) if rng.random() < 0.15 else None
                death = birth + rng.randint(20, 95) if birth and rng.random() < 0.3 else None
                professions = ",".join(rng.sample(PROFESSIONS, rng.randint(0, 3))) or NULL
                known = ",".join(
                    tconst(rng.randrange(self.titles)) for _ in range(rng.randint(0, 4))
                )
                out.write(
                    f"{nconst(index)}\t{_name(rng, rng.randint(2, 3))}\t{birth or NULL}\t"
                    f"{death or NULL}\t{professions}\t{known or NULL}\n"
                )

    def write_title_episode(self, folder: Path, level: int) -> None:
        rng = self.rng("title.episode")
        header = "tconst\tparentTconst\tseasonNumber\tepisodeNumber"
        # Series sizes are skewed: a few long-running ones, many short ones.
        weights = [rng.paretovariate(1.2) for _ in self.series]
        cumulative = list(accumulate(weights))
        with _writer(folder, "title.episode", header, level) as out:
            parents = rng.choices(self.series, weights, k=0)
            for index in range(self.titles):
                if self.type_of(index) != "tvEpisode":
                    continue
                if not parents:
                    parents = rng.choices(self.series, weights, k=4096)
                parent = parents.pop()
                earlier = bisect.bisect_left(self.series, index)
                if parent > index and earlier and rng.random() >= EPISODES_BEFORE_SERIES:
                    drawn = rng.random() * cumulative[earlier - 1]
                    parent = self.series[bisect.bisect_right(cumulative, drawn, 0, earlier - 1)]
                numbered = rng.random() < 0.8
                season = rng.randint(1, 12) if numbered else None
                episode = rng.randint(1, 30) if numbered else None
                out.write(
                    f"{tconst(index)}\t{tconst(parent)}\t{season or NULL}\t{episode or NULL}\n"
                )

    def write_title_ratings(self, folder: Path, level: int) -> None:
        rng = self.rng("title.ratings")
        rated = sorted(rng.sample(range(self.titles), min(self.ratings, self.titles)))
        with _writer(folder, "title.ratings", "tconst\taverageRating\tnumVotes", level) as out:
            for index in rated:
                rating = min(10.0, max(1.0, rng.gauss(6.8, 1.3)))
                votes = int(rng.paretovariate(0.9) * 5)
                out.write(f"{tconst(index)}\t{rating:.1f}\t{votes}\n")

    def write_title_akas(self, folder: Path, level: int) -> None:
        rng = self.rng("title.akas")
        header = "titleId\tordering\ttitle\tregion\tlanguage\ttypes\tattributes\tisOriginalTitle"
        with _writer(folder, "title.akas", header, level) as out:
            for index in range(self.titles):
                count = max(1, int(rng.expovariate(1 / AKAS_PER_TITLE)))
                for ordering in range(1, count + 1):
                    original = ordering == 1
                    region = NULL if original else rng.choice(REGIONS)
                    language = rng.choice(LANGUAGES) if rng.random() < 0.3 else NULL
                    types = (
                        "original"
                        if original
                        else (
                            "\x02".join(rng.sample(AKA_TYPES, rng.randint(1, 2)))
                            if rng.random() < 0.4
                            else NULL
                        )
                    )
                    attributes = "literal English title" if rng.random() < 0.03 else NULL
                    out.write(
                        f"{tconst(index)}\t{ordering}\t{_name(rng, rng.randint(1, 4))}\t{region}\t"
                        f"{language}\t{types}\t{attributes}\t{int(original)}\n"
                    )

    def write_title_crew(self, folder: Path, level: int) -> None:
        rng = self.rng("title.crew")
        with _writer(folder, "title.crew", "tconst\tdirectors\twriters", level) as out:
            for index in range(self.titles):
                directors = (
                    ",".join(
                        nconst(rng.randrange(self.people))
                        for _ in range(rng.choice((0, 1, 1, 1, 2)))
                    )
                    or NULL
                )
                writers = (
                    ",".join(
                        nconst(rng.randrange(self.people))
                        for _ in range(rng.choice((0, 0, 1, 1, 2, 3)))
                    )
                    or NULL
                )
                out.write(f"{tconst(index)}\t{directors}\t{writers}\n")

    def write_title_principals(self, folder: Path, level: int) -> None:
        rng = self.rng("title.principals")
        header = "tconst\tordering\tnconst\tcategory\tjob\tcharacters"
        categories = _weighted(rng, CATEGORIES)
        with _writer(folder, "title.principals", header, level) as out:
            for index in range(self.titles):
                count = min(15, max(1, int(rng.gauss(PRINCIPALS_PER_TITLE, 3))))
                people = (
                    rng.sample(range(self.people), count) if count < self.people else range(count)
                )
                for ordering, person in enumerate(people, start=1):
                    category = next(categories)
                    job = (
                        rng.choice(JOBS)
                        if category in ("producer", "writer") and rng.random() < 0.5
                        else NULL
                    )
                    characters = NULL
                    if category in ("actor", "actress", "self"):
                        names = [
                            _name(rng, rng.randint(1, 2)) for _ in range(rng.choice((1, 1, 1, 2)))
                        ]
                        characters = json.dumps(names, ensure_ascii=False, separators=(",", ":"))
                    out.write(
                        f"{tconst(index)}\t{ordering}\t{nconst(person)}\t{category}\t{job}\t{characters}\n"
                    )


def write_dump(folder: Path, *, scale: float, seed: int = 12, level: int = 1) -> list[Path]:
    """Write the seven ``*.tsv.gz`` files for ``scale`` into ``folder``; return their paths."""
    return Dump(scale, seed).write(folder, level)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, required=True, help="1.0 = IMDb's full size")
    parser.add_argument("--out", type=Path, required=True, help="folder for the seven files")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--level", type=int, default=1, help="gzip level (1 is fastest)")
    arguments = parser.parse_args(argv)
    for path in write_dump(
        arguments.out, scale=arguments.scale, seed=arguments.seed, level=arguments.level
    ):
        print(f"{path}\t{path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
