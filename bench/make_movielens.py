"""Write a synthetic MovieLens release in ml-latest's exact format, at any size, by seed.

    python bench/make_movielens.py --out /tmp/ml-latest-synthetic [--scale 1.0] [--seed 7]

``--scale 1.0`` is the size of ml-latest (2023): 86,537 movies, 330,975 users and about
33.8 million ratings, with ``movies.csv``, ``ratings.csv``, ``links.csv`` and ``tags.csv``
written as GroupLens writes them (a header, quoted titles with commas, "Title (Year)" names,
``|``-separated genres, half stars as "4.5", Unix seconds, ratings sorted by user then movie).
The distributions follow the real release: movie popularity is Zipf-like (a few thousand
movies hold most ratings), user activity log-normal (a median of about 30 ratings, a long
tail into the thousands), each user's ratings given in sittings of a few minutes, stars
skewed to 3.5-4. IMDb ids start at tt9000000, clear of the real catalogue and the demo data.
Used by ``bench/import_movielens.py``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import polars as pl

FULL = {"movies": 86_537, "users": 330_975, "ratings": 33_832_162, "tags": 2_328_315}
GENRES = (
    "Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama",
    "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical", "Mystery", "Romance", "Sci-Fi",
    "Thriller", "War", "Western",
)  # fmt: skip
WORDS = (
    "Night", "City", "Love", "Last", "Dark", "Road", "King", "Summer", "Secret", "Blood", "Star",
    "River", "House", "Dream", "War", "Ghost", "Island", "Heart", "Fire", "Winter", "Gold",
)  # fmt: skip
STARS = np.arange(1, 11) / 2
STAR_WEIGHTS = np.array([1, 3, 2, 7, 5, 20, 13, 27, 8, 14], dtype=float)
FIRST_DAY = 822_873_600  # 1996-01-29, MovieLens' first rating
LAST_DAY = 1_689_000_000  # July 2023


def movies(rng: np.random.Generator, count: int) -> pl.DataFrame:
    ids = np.arange(1, count + 1)
    years = rng.integers(1915, 2024, size=count)
    first = rng.choice(WORDS, size=count)
    second = rng.choice(WORDS, size=count)
    titles = [
        f'"{a} {b}, The ({year})"' if n % 11 == 0 else f"{a} of the {b} {n} ({year})"
        for n, (a, b, year) in enumerate(zip(first, second, years, strict=True))
    ]
    genre_count = rng.integers(1, 4, size=count)
    genres = ["|".join(rng.choice(GENRES, size=k, replace=False)) for k in genre_count]
    return pl.DataFrame({"movieId": ids, "title": titles, "genres": genres})


def ratings(rng: np.random.Generator, users: int, movies: int, total: int) -> pl.DataFrame:
    """Return about ``total`` distinct (user, movie) ratings, sorted by user then movie."""
    activity = rng.lognormal(mean=3.4, sigma=1.3, size=users)
    per_user = np.maximum(1, np.round(activity * total / activity.sum())).astype(np.int64)
    per_user = np.minimum(per_user, movies // 2)
    # Zipf-like popularity: the movie of rank r is drawn in proportion to 1 / (r + 10) ** 1.1.
    popularity = 1.0 / (np.arange(movies) + 10.0) ** 1.1
    cumulative = np.cumsum(popularity / popularity.sum())
    user_ids = np.repeat(np.arange(1, users + 1), per_user)
    drawn = np.searchsorted(cumulative, rng.random(len(user_ids))) + 1
    order = rng.permutation(movies) + 1  # popularity rank → movie id
    movie_ids = order[np.minimum(drawn, movies) - 1]
    key = np.unique(user_ids.astype(np.int64) * (movies + 1) + movie_ids)
    # Popular movies are drawn twice for one user now and then; draw again for the shortfall.
    for _round in range(5):
        short = total - len(key)
        if short <= total // 1000:
            break
        extra_users = rng.choice(user_ids, size=int(short * 1.2))
        ranks = np.minimum(np.searchsorted(cumulative, rng.random(len(extra_users))), movies - 1)
        key = np.unique(np.concatenate([key, extra_users * (movies + 1) + order[ranks]]))
        user_ids = key // (movies + 1)
    if len(key) > total:
        key = np.sort(rng.choice(key, size=total, replace=False))
    user_ids, movie_ids = key // (movies + 1), key % (movies + 1)
    start = rng.integers(FIRST_DAY, LAST_DAY, size=users + 1)
    # Sittings: each rating a few seconds to minutes after the one before, a new
    # sitting days later every 40 ratings or so.
    gaps = np.where(rng.random(len(key)) < 0.025, rng.integers(86_400, 90 * 86_400, len(key)), 0)
    gaps += rng.integers(0, 90, size=len(key))
    first = np.ones(len(key), dtype=bool)
    first[1:] = user_ids[1:] != user_ids[:-1]
    seconds = np.cumsum(gaps)
    base = np.maximum.accumulate(np.where(first, np.arange(len(key)), 0))
    times = start[user_ids] + seconds - seconds[base]
    times = np.minimum(times, LAST_DAY)
    stars = rng.choice(STARS, size=len(key), p=STAR_WEIGHTS / STAR_WEIGHTS.sum())
    return pl.DataFrame(
        {"userId": user_ids, "movieId": movie_ids, "rating": stars, "timestamp": times}
    )


def tags(rng: np.random.Generator, users: int, movies: int, total: int) -> pl.DataFrame:
    words = np.array([word.lower() for word in WORDS] + ["twist ending", "based on a book"])
    return pl.DataFrame(
        {
            "userId": rng.integers(1, users + 1, size=total),
            "movieId": rng.integers(1, movies // 10 + 1, size=total),
            "tag": rng.choice(words, size=total),
            "timestamp": rng.integers(FIRST_DAY, LAST_DAY, size=total),
        }
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    rng = np.random.default_rng(arguments.seed)
    size = {name: max(10, int(count * arguments.scale)) for name, count in FULL.items()}
    out = arguments.out
    out.mkdir(parents=True, exist_ok=True)
    frame = movies(rng, size["movies"])
    # Titles are written as they are: quoted ones already carry their quotes.
    with (out / "movies.csv").open("w", encoding="utf-8") as handle:
        handle.write("movieId,title,genres\n")
        for movie_id, title, genres in frame.iter_rows():
            handle.write(f"{movie_id},{title},{genres}\n")
    links = pl.DataFrame(
        {
            "movieId": frame["movieId"],
            "imdbId": [f"{9_000_000 + n:07d}" for n in frame["movieId"]],
            "tmdbId": frame["movieId"] + 500_000,
        }
    )
    links.write_csv(out / "links.csv")
    rated = ratings(rng, size["users"], size["movies"], size["ratings"])
    rated.write_csv(out / "ratings.csv", float_precision=1)
    tags(rng, size["users"], size["movies"], size["tags"]).write_csv(out / "tags.csv")
    print(
        f"{out}: {len(frame):,} movies, {rated['userId'].n_unique():,} users, "
        f"{len(rated):,} ratings, {size['tags']:,} tags"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
