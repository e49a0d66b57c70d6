"""How often ``/api/v1/match`` names the right film for a media file, beside plain title equality.

    python -m bench.match_accuracy [--work /tmp/match-accuracy] [--seed 3]

Builds a catalogue once under ``--work``: ``reeldb demo --no-serve``, then ``reeldb import
movielens`` of ``../shared/data/ml-100k`` (1,682 films, whose alternative titles, such as
*Se7en* for *Seven*, become original titles). Then, for every film of the catalogue with a
year, writes file names in the styles real libraries use, each drawn by ``--seed``:

- with the year: scene names ("The.Usual.Suspects.1995.1080p.BluRay.x264-GRP.mkv"), "Title
  (Year).mkv", a folder per film ("Movies/Title (Year)/Title (Year) [1080p].mkv"), lower case
  with dots, the article moved to the end ("Usual Suspects, The (1995).avi"), the year one off
  (a festival premiere), "&" for "and" and the reverse, accents dropped, colons as " - ", and
  the film's other title where it has one ("Se7en (1995).mkv");
- without the year: the same styles with the year left out.

Each name is matched by reeldb (``parse_filename`` then ``match_titles``, what the endpoint
runs) and by the floor, plain title equality: guessit's title compared without case to the
catalogue's primary titles (and the year, when the name has one), the most voted first. A
match is right when it is the film the name was made from, or a film of the same name and
year (the catalogue's own duplicates). Prints accuracy@1 for both, per style and overall,
and their ratio. Targets (issue 32): >= 0.95 with the year, >= 0.85 without.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ML_100K = HERE.parent.parent / "shared" / "data" / "ml-100k"
REELDB = str(Path(sys.executable).parent / "reeldb")
TARGETS = {"with year": 0.95, "without year": 0.85}
SCENE_TAGS = ("1080p.BluRay.x264-GRP", "720p.WEB-DL.DD5.1.H264-FGT", "DVDRip.XviD-NoGRP")


def _no_accents(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _dotted(name: str) -> str:
    kept = "".join(c if c.isalnum() or c in " &'-" else " " for c in name)
    return ".".join(kept.replace("'", "").split())


def _moved_article(name: str) -> str | None:
    for article in ("The ", "A ", "An "):
        if name.startswith(article):
            return f"{name[len(article) :]}, {article.strip()}"
    return None


def _ampersand(name: str) -> str | None:
    if " and " in name:
        return name.replace(" and ", " & ")
    if " & " in name:
        return name.replace(" & ", " and ")
    return None


def file_names(
    rng: random.Random, name: str, other: str | None, year: int
) -> list[tuple[str, str, bool]]:
    """Return ``(style, file name, has year)`` for one film."""
    tag = rng.choice(SCENE_TAGS)
    styles: list[tuple[str, str, bool]] = [
        ("scene", f"{_dotted(name)}.{year}.{tag}.mkv", True),
        ("title (year)", f"{name} ({year}).mkv", True),
        ("folder", f"Movies/{name} ({year})/{name} ({year}) [1080p].mkv", True),
        ("lower dots", f"{_dotted(name).lower()}.{year}.mkv", True),
        ("year one off", f"{name} ({year + rng.choice((-1, 1))}).mkv", True),
        ("scene, no year", f"{_dotted(name)}.{tag}.mkv", False),
        ("title, no year", f"{name}.avi", False),
        ("lower, no year", f"{name.lower().replace(' ', '_')}.dvdrip.avi", False),
    ]
    if moved := _moved_article(name):
        styles.append(("article at end", f"{moved} ({year}).avi", True))
    if swapped := _ampersand(name):
        styles.append(("and / &", f"{swapped} ({year}).mkv", True))
    if _no_accents(name) != name:
        styles.append(("no accents", f"{_no_accents(name)} ({year}).mkv", True))
    if ":" in name:
        styles.append(("colon as dash", f"{name.replace(':', ' -')} ({year}).mkv", True))
    if other and other != name:
        styles.append(("other title", f"{other} ({year}).mkv", True))
        styles.append(("other title, no year", f"{other}.mkv", False))
    return styles


def measure(seed: int) -> dict[str, object]:
    """Match every file name with reeldb and the floor; return right/total per style and side."""
    from guessit import guessit

    from reeldb.catalog.models import Title
    from reeldb.search.matching import comparable, match_titles, parse_filename

    rng = random.Random(seed)
    films = list(Title.objects.filter(title_type="movie", start_year__isnull=False).order_by("pk"))
    identity = {film.pk: (comparable(film.primary_title), film.start_year) for film in films}

    def right(found: Title | None, film: Title) -> bool:
        if found is None:
            return False
        return found.pk == film.pk or identity.get(found.pk) == identity[film.pk]

    def floor(filename: str) -> Title | None:
        parsed = guessit(filename)
        name, year = parsed.get("title"), parsed.get("year")
        if not isinstance(name, str):
            return None
        rows = Title.objects.filter(primary_title__iexact=name)
        if isinstance(year, int):
            rows = rows.filter(start_year=year)
        return rows.order_by("-num_votes", "pk").first()

    def ours(filename: str) -> Title | None:
        try:
            found = match_titles(parse_filename(filename), limit=1)
        except Exception:
            return None
        return found[0].title if found else None

    sides: dict[str, Callable[[str], Title | None]] = {"reeldb": ours, "floor": floor}
    counts: dict[str, dict[str, list[int]]] = {side: defaultdict(lambda: [0, 0]) for side in sides}
    misses: list[str] = []
    for film in films:
        other = film.original_title if film.original_title != film.primary_title else None
        for style, filename, has_year in file_names(
            rng, film.primary_title, other, film.start_year
        ):
            group = "with year" if has_year else "without year"
            for side, match in sides.items():
                found = match(filename)
                ok = right(found, film)
                for key in (style, group):
                    counts[side][key][0] += ok
                    counts[side][key][1] += 1
                if side == "reeldb" and not ok and len(misses) < 15:
                    misses.append(f"{filename!r} -> {found} (wanted {film})")
    return {"films": len(films), "counts": counts, "misses": misses}


def prepare(home: Path) -> dict[str, str]:
    env = {**os.environ, "REELDB_HOME": str(home), "REELDB_SEARCH_BY_MEANING": "0"}
    env.pop("DATABASE_URL", None)
    if not (home / "reeldb.sqlite3").exists():
        for command in (["demo", "--no-serve"], ["import", "movielens", str(ML_100K)]):
            run = subprocess.run(
                [REELDB, *command], env=env, capture_output=True, text=True, check=False
            )
            if run.returncode not in (0, 1):
                raise RuntimeError(f"reeldb {' '.join(command)} failed:\n{run.stderr[-3000:]}")
    return env


def report(result: dict[str, object]) -> int:
    counts: dict[str, dict[str, list[int]]] = result["counts"]  # type: ignore[assignment]
    print(f"{result['films']:,} films; accuracy@1 (right / names)")
    print(f"  {'style':<24} {'names':>6} {'reeldb':>8} {'floor':>8}")
    keys = sorted(k for k in counts["reeldb"] if k not in TARGETS) + list(TARGETS)
    verdicts = []
    for key in keys:
        ours_right, total = counts["reeldb"][key]
        floor_right, _ = counts["floor"][key]
        print(f"  {key:<24} {total:>6} {ours_right / total:8.3f} {floor_right / total:8.3f}")
        if key in TARGETS:
            accuracy = ours_right / total
            ratio = accuracy / (floor_right / total) if floor_right else float("inf")
            verdict = "PASS" if accuracy >= TARGETS[key] else "MISS"
            verdicts.append(
                f"  {key}: reeldb {accuracy:.3f} vs floor {floor_right / total:.3f} "
                f"({ratio:.2f}x); target >= {TARGETS[key]}: {verdict}"
            )
    print("\n".join(["", *verdicts]))
    print("\nFirst misses:")
    for miss in result["misses"]:  # type: ignore[attr-defined]
        print(f"  {miss}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/match-accuracy"))
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--measure-here", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure_here:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reeldb.settings")
        import django

        django.setup()
        json.dump(measure(arguments.seed), sys.stdout)
        return 0
    if not (ML_100K / "ml-100k.inter").exists():
        print(f"skipped: MovieLens 100K is not at {ML_100K}")
        return 0
    env = prepare(arguments.work / "home")
    run = subprocess.run(
        [
            sys.executable,
            *("-m", "bench.match_accuracy", "--measure-here"),
            *("--seed", str(arguments.seed)),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=HERE.parent,
    )
    if run.returncode != 0:
        raise RuntimeError(f"measuring failed:\n{run.stderr[-3000:]}")
    return report(json.loads(run.stdout))


if __name__ == "__main__":
    sys.exit(main())
