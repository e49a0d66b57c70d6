"""reeldb's recommendation models on MovieLens under RecBole's protocol, beside the baselines.

    python bench/recommend_eval.py [--seeds 5] [--data ../shared/data/ml-100k]
                                   [--recbole [MODEL ...]] [--recbole-venv DIR]

Reads ml-100k in RecBole's atomic format (``ml-100k.inter``, ``.item``), and for each seed
splits every user's ratings 8:1:1 at random (RecBole's ``RS``; every rating is a positive),
fits each model on the training part and ranks every item for every user with their
training and validation items removed. A model with knobs is fitted with each setting of its
grid on every split, and the setting with the best validation NDCG@10 averaged over the
splits is the one reported: the test parts never choose. Prints Recall@10, NDCG@10,
MRR@10, Hit@10 and Precision@10 on the test part (mean ± std over the seeds) and each
model's training seconds:

- ``popularity``: the true most-rated items (RecBole's Pop counts training batches instead);
- ``cosine item-knn``: cosine item-item over the 100 nearest (RecBole's ItemKNN scores differ);
- ``ease λ=250``: EASE as RecBole runs it (its default ``reg_weight``); a numpy EASE
  matches RecBole's to four decimals on the same split (issue 31), so this row is the peer
  RecBole's best model scores on these splits;
- ``ease tuned``: EASE with λ chosen on validation;
- ``implicit ALS``: the ``implicit`` package's alternating least squares (Hu, Koren and
  Volinsky's implicit-feedback matrix factorisation), factors, regularisation and confidence
  α chosen on validation, one thread;
- ``reeldb``: what ``reeldb recommend train`` fits: EASE on a Gram matrix where ratings
  close in time count more, each rating weighs by its value and titles alike in their
  traits (here ml-100k's genres and decade, weighted by idf) count as co-rated, with
  EDLAE's dropout emphasis, knobs chosen on validation; a user's ratings, weighed by their
  values, score;
- ``reeldb served``: what the pages show: the same model's 50 best neighbours of each title
  with 5+ ratings, blended with its traits' 50 best as training stores related titles,
  then summed as "For you" sums them (each related title's taste, each rating's by its
  value / 10).

With ``--recbole``, RecBole 1.2.1 itself runs in the same run on the same splits, as the
peer: each split is written as atomic files and read through RecBole's ``benchmark_filename``
(``bench/recbole_peer.py``), in a virtualenv the script creates once (``--recbole-venv``;
torch's CPU build first, then ``recbole==1.2.1`` with the numpy, pandas, setuptools and scipy
it needs), on one torch thread, each model with RecBole's defaults (LightGCN with
``stopping_step=50``). By default: Pop, ItemKNN, BPR, EASE, SLIMElastic, ADMMSLIM, MultiVAE,
RecVAE and LightGCN.

Then reeldb's ratio to the best peer (RecBole's best model where it ran, else ``ease
λ=250``) and the issue's targets (>= 1.05 on NDCG@10 and Recall@10; training under 30 s),
and a cold-start split: test ratings of items with fewer than 5 training ratings, ranked
among those items only, by EASE and by reeldb's model without traits (pure collaborative
filtering), by content (genres and release decade), by reeldb's model, and by reeldb's model
with the content scores added at a weight chosen on validation; the best with the content
side must beat the best without. Exits 2 if the data is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from reeldb.recommend.learning import (
    EaseSettings,
    Ratings,
    cosine_neighbours,
    fit_ease,
    time_kernel_gram,
    top_neighbours,
)
from reeldb.recommend.learning.collaborative import MIN_RATERS
from reeldb.recommend.learning.evaluation import METRICS, Split, rank_metrics, split_by_user
from reeldb.recommend.learning.for_you import profile_weights
from reeldb.recommend.learning.matrix import add_trait_overlap
from reeldb.recommend.learning.neighbours import (
    NO_ITEM,
    blend_by_raters,
    idf_weighted,
    taste_scores,
    unit_rows,
)

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data" / "ml-100k"
TARGET_RATIO = 1.05
TRAIN_SECONDS = 30
COLD_RATERS = 5
CONTENT_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.5, 1.0)
STORED = 50
LAMBDAS = (150.0, 250.0, 400.0, 600.0)
REELDB_GRID = tuple(
    EaseSettings(
        regularization=lam,
        dropout=dropout,
        time_weight=weight,
        rating_emphasis=emphasis,
        trait_weight=traits,
    )
    for lam in (200.0, 300.0, 450.0)
    for dropout in (0.33, 0.5)
    for weight in (1.0, 1.5)
    for emphasis in (0.0, 0.1)
    for traits in (0.0, 16.0)
)
ALS_GRID = tuple(
    (factors, reg, alpha) for factors in (16, 32, 64) for reg in (5.0, 20.0) for alpha in (1.0, 5.0)
)
Scorer = Callable[[Ratings], np.ndarray]
RECBOLE_MODELS = (
    "Pop", "ItemKNN", "BPR", "EASE", "SLIMElastic", "ADMMSLIM", "MultiVAE", "RecVAE", "LightGCN",
)  # fmt: skip
RECBOLE_VENV = Path.home() / ".cache" / "reeldb-bench" / "recbole-venv"
RECBOLE_PACKAGES = ("recbole==1.2.1", "numpy<2", "pandas<3", "setuptools<81", "scipy<1.12")
# Any name but ml-100k: RecBole would read its own bundled copy of that one.
PEER_DATASET = "split"


def read_atomic(folder: Path) -> tuple[Ratings, sp.csr_matrix]:
    """Return the ratings of ``NAME.inter`` and the items' genre and decade features."""
    inter = next(folder.glob("*.inter"))
    raw = np.loadtxt(inter, skiprows=1, usecols=(0, 1, 2, 3))
    _users, users = np.unique(raw[:, 0], return_inverse=True)
    item_keys, items = np.unique(raw[:, 1], return_inverse=True)
    # Stars doubled onto reeldb's 1-10 scale, as `reeldb import movielens` stores them.
    values = (raw[:, 2] * 2).round().astype(np.int16)
    ratings = Ratings(users, items, raw[:, 3], values, len(_users), len(item_keys))
    position = {int(key): index for index, key in enumerate(item_keys)}
    rows, cols, names = [], [], {}
    for line in next(folder.glob("*.item")).read_text(encoding="latin-1").splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) < 4 or not fields[0].isdigit() or int(fields[0]) not in position:
            continue
        traits = [f"g:{genre}" for genre in fields[3].split()]
        if fields[2].isdigit():
            traits.append(f"d:{int(fields[2]) // 10}")
        for trait in traits:
            rows.append(position[int(fields[0])])
            cols.append(names.setdefault(trait, len(names)))
    features = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(item_keys), len(names))
    )
    return ratings, features


def popularity(train: Ratings) -> np.ndarray:
    return np.tile(train.counts().astype(np.float64), (train.n_users, 1))


def item_knn(train: Ratings) -> np.ndarray:
    matrix = train.matrix()
    found = cosine_neighbours(sp.csr_matrix(matrix.T), 100)
    return _scores(matrix, found.items, found.scores, train.n_items)


def ease(settings: EaseSettings) -> Scorer:
    def fit(train: Ratings) -> np.ndarray:
        matrix = train.matrix()
        gram = (matrix.T @ matrix).toarray()
        return matrix @ fit_ease(gram, settings)

    return fit


def implicit_als(factors: int, regularization: float, alpha: float) -> Scorer:
    def fit(train: Ratings) -> np.ndarray:
        from implicit.als import AlternatingLeastSquares
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1, "blas"):
            model = AlternatingLeastSquares(
                factors=factors,
                regularization=regularization,
                alpha=alpha,
                iterations=15,
                random_state=0,
                num_threads=1,
            )
            model.fit(train.matrix(), show_progress=False)
        users, items = np.asarray(model.user_factors), np.asarray(model.item_factors)
        return users @ items.T

    return fit


def trait_rows(features: sp.csr_matrix) -> sp.csr_matrix:
    """Return the items' features weighted by idf, each row of unit length, as training's traits."""
    return unit_rows(idf_weighted(features, max_shared_by=features.shape[0]))


def reeldb(settings: EaseSettings, traits: sp.csr_matrix, *, served: bool = False) -> Scorer:
    def fit(train: Ratings) -> np.ndarray:
        gram = time_kernel_gram(
            train,
            np.arange(train.n_items),
            weight=settings.time_weight,
            emphasis=settings.rating_emphasis,
        )
        add_trait_overlap(gram, traits, settings.trait_weight)
        weights = fit_ease(gram, settings)
        if not served:
            return train.weighted(settings.rating_emphasis) @ weights
        # As training stores related titles: the ratings' best (for titles with
        # MIN_RATERS) blended with the traits' best by how many rated each title
        # (ml-100k has no series to put first); and as "For you" sums them: their
        # taste, each rating's by its value / 10.
        counts = train.counts()
        rated = top_neighbours(weights, STORED)
        rated.items[counts < MIN_RATERS] = NO_ITEM
        shown = blend_by_raters(rated, cosine_neighbours(traits, STORED), counts, STORED)
        profile = sp.csr_matrix(
            (profile_weights(train.values), (train.users, train.items)),
            shape=(train.n_users, train.n_items),
        )
        return _scores(profile, shown.items, taste_scores(shown, rated), train.n_items)

    return fit


def _scores(matrix: sp.csr_matrix, items: np.ndarray, scores: np.ndarray, n: int) -> np.ndarray:
    """Score users by their items' neighbour lists only."""
    rows = np.repeat(np.arange(items.shape[0]), items.shape[1])
    kept = items.ravel() >= 0
    lists = sp.csr_matrix((scores.ravel()[kept], (rows[kept], items.ravel()[kept])), shape=(n, n))
    return np.asarray((matrix @ lists).todense())


@dataclass(frozen=True)
class Trial:
    """One model fitted on one split: its validation and test metrics, its training seconds."""

    valid: dict[str, float]
    test: dict[str, float]
    seconds: float


def trial(scorer: Scorer, split: Split) -> Trial:
    started = time.perf_counter()
    scores = scorer(split.train)
    seconds = time.perf_counter() - started
    seen = split.train.matrix()
    return Trial(
        valid=rank_metrics(scores, split.valid, seen),
        test=rank_metrics(scores, split.test, seen + split.valid),
        seconds=seconds,
    )


def best_on_validation(trials: dict[str, list[Trial]]) -> str:
    """Return the knobs whose validation NDCG@10, averaged over the seeds' splits, is highest.

    One setting for every split, as training has one: chosen split by split,
    the knobs follow each validation set's noise.
    """
    return max(trials, key=lambda knobs: np.mean([t.valid["ndcg"] for t in trials[knobs]]))


def describe(settings: EaseSettings) -> str:
    return (
        f"λ={settings.regularization:g} p={settings.dropout:g} "
        f"time weight={settings.time_weight:g} rating emphasis={settings.rating_emphasis:g} "
        f"trait weight={settings.trait_weight:g}"
    )


def cold_start(split: Split, features: sp.csr_matrix, settings: EaseSettings) -> dict[str, float]:
    """Return NDCG@10 on test ratings of items with < COLD_RATERS training ratings, per model.

    Items are ranked among the cold ones only. Each model's scores are scaled by
    the user's best. Pure collaborative filtering: EASE, and reeldb's model
    without traits; with the content side: content alone (the items' features'
    cosine), reeldb's model with its traits, and that plus the content scores
    times the weight in ``CONTENT_WEIGHTS`` that does best on the validation
    ratings of the same items.
    """
    counts = split.train.counts()
    cold = np.flatnonzero(counts < COLD_RATERS)
    matrix = split.train.matrix()
    alike = cosine_neighbours(features, STORED)
    traits = trait_rows(features)

    def scaled(scores: np.ndarray) -> np.ndarray:
        part = scores[:, cold]
        return part / (np.abs(part).max(axis=1, keepdims=True) + 1e-9)

    content = scaled(_scores(matrix, alike.items, alike.scores, split.train.n_items))
    plain = scaled(ease(EaseSettings(regularization=250.0, dropout=0.0))(split.train))
    ratings_only = scaled(reeldb(replace(settings, trait_weight=0.0), traits)(split.train))
    ours = scaled(reeldb(settings, traits)(split.train))
    seen = matrix[:, cold]

    def ndcg(scores: np.ndarray, *, on_test: bool) -> float:
        if on_test:
            return rank_metrics(scores, split.test[:, cold], seen + split.valid[:, cold])["ndcg"]
        return rank_metrics(scores, split.valid[:, cold], seen)["ndcg"]

    weight = max(CONTENT_WEIGHTS, key=lambda w: ndcg(ours + w * content, on_test=False))
    return {
        "ease": ndcg(plain, on_test=True),
        "reeldb, no traits": ndcg(ratings_only, on_test=True),
        "content": ndcg(content, on_test=True),
        "reeldb": ndcg(ours, on_test=True),
        "reeldb + content": ndcg(ours + weight * content, on_test=True),
        "content weight": weight,
    }


def recbole_python(venv: Path) -> Path:
    """Return the peer virtualenv's python, creating the virtualenv first if it is missing."""
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"creating RecBole's virtualenv in {venv} (once)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(python), "-m", "pip", "install", "--quiet"]
        # torch's CPU build first: left to RecBole's requirements, pip takes a CUDA build.
        subprocess.run([*pip, "torch==2.13.0"], check=True)
        subprocess.run([*pip, *RECBOLE_PACKAGES], check=True)
    return python


def write_split(split: Split, folder: Path) -> None:
    """Write ``split`` as RecBole atomic files ``PEER_DATASET.{train,valid,test}.inter``."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = {
        "train": (split.train.users, split.train.items, split.train.times),
        **{
            name: (*matrix.nonzero(), np.zeros(matrix.nnz))
            for name, matrix in (("valid", split.valid), ("test", split.test))
        },
    }
    for name, (users, items, times) in parts.items():
        lines = [f"{u}\t{i}\t{t:.0f}" for u, i, t in zip(users, items, times, strict=True)]
        header = "user_id:token\titem_id:token\ttimestamp:float"
        (folder / f"{PEER_DATASET}.{name}.inter").write_text("\n".join([header, *lines]) + "\n")


def run_recbole(
    python: Path, split: Split, models: list[str]
) -> dict[str, tuple[dict[str, float], float]]:
    """Return each RecBole model's test metrics and seconds on ``split``."""
    with tempfile.TemporaryDirectory(prefix="recbole-") as data_dir:
        write_split(split, Path(data_dir) / PEER_DATASET)
        environment = {
            **os.environ,
            "TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD": "1",
            "OMP_NUM_THREADS": "1",
            "PYTHONWARNINGS": "ignore",
        }
        done = subprocess.run(
            [str(python), str(HERE / "recbole_peer.py"), data_dir, PEER_DATASET, *models],
            env=environment,
            cwd=data_dir,
            capture_output=True,
            text=True,
            check=False,
        )
    results = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            results[f"RecBole {row['model']}"] = (
                {metric: row[metric] for metric in METRICS},
                float(row["seconds"]),
            )
    if done.returncode:
        print(f"RecBole stopped ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return results


def print_report(
    results: dict[str, list[dict[str, float]]],
    seconds: dict[str, list[float]],
    chosen: list[str],
    cold: list[dict[str, float]],
    *,
    seeds: int,
) -> int:
    """Print every model's metrics (mean ± std over the seeds), the ratio and the targets."""
    header = f"{'model':<16}" + "".join(f"{m + '@10':>18}" for m in METRICS) + f"{'train s':>10}"
    print(header)
    for name, runs in results.items():
        cells = []
        for metric in METRICS:
            values = np.array([run[metric] for run in runs])
            cells.append(f"{values.mean():.4f} ± {values.std():.4f}".rjust(18))
        print(f"{name:<16}" + "".join(cells) + f"{np.mean(seconds[name]):>10.2f}")
    print("knobs chosen on validation (mean NDCG@10 over the seeds' validation splits):")
    for line in chosen:
        print("  " + line)
    ours = results["reeldb"]
    peers = [name for name in results if name.startswith("RecBole ") and name != "RecBole Pop"]
    peers = [name for name in peers if len(results[name]) == seeds] or ["ease λ=250"]
    verdicts = []
    for metric in ("ndcg", "recall"):
        best = max(peers, key=lambda name: np.mean([r[metric] for r in results[name]]))
        ratio = np.mean([r[metric] for r in ours]) / np.mean([r[metric] for r in results[best]])
        verdict = "PASS" if ratio >= TARGET_RATIO else "MISS"
        verdicts.append(verdict)
        print(
            f"reeldb / best peer ({best}) on {metric}@10: {ratio:.3f} "
            f"(target >= {TARGET_RATIO}) {verdict}"
        )
    train_seconds = float(np.mean(seconds["reeldb"]))
    print(
        f"reeldb training: {train_seconds:.2f} s (target < {TRAIN_SECONDS} s) "
        f"{'PASS' if train_seconds < TRAIN_SECONDS else 'MISS'}"
    )
    print(f"cold start (test ratings of items with < {COLD_RATERS} training ratings), NDCG@10:")
    for name in cold[0]:
        values = np.array([run[name] for run in cold])
        print(f"  {name:<20}{values.mean():.4f} ± {values.std():.4f}")

    def best_of(names: tuple[str, ...]) -> float:
        return max(float(np.mean([run[name] for run in cold])) for name in names)

    with_content = best_of(("reeldb", "reeldb + content"))
    collaborative = best_of(("ease", "reeldb, no traits"))
    won = with_content > collaborative
    print(
        f"cold start: best with the content side / best pure collaborative: "
        f"{with_content / collaborative:.3f} {'PASS' if won else 'MISS'}"
    )
    return 0 if all(v == "PASS" for v in verdicts) and won else 1


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument(
        "--recbole",
        nargs="*",
        metavar="MODEL",
        help=f"run RecBole as the peer (default models: {', '.join(RECBOLE_MODELS)})",
    )
    parser.add_argument("--recbole-venv", type=Path, default=RECBOLE_VENV)
    arguments = parser.parse_args()
    if not any(arguments.data.glob("*.inter")):
        print(f"No MovieLens atomic files in {arguments.data}: nothing to evaluate.")
        return 2
    ratings, features = read_atomic(arguments.data)
    peer_models = None
    if arguments.recbole is not None:
        peer_models = arguments.recbole or list(RECBOLE_MODELS)
        peer_python = recbole_python(arguments.recbole_venv)
    print(
        f"{ratings.n_users} users, {ratings.n_items} items, {len(ratings.users)} ratings; "
        f"{arguments.seeds} seeds, RecBole's RS 8:1:1 split, full ranking, @10"
    )
    traits = trait_rows(features)
    fixed: dict[str, Scorer] = {
        "popularity": popularity,
        "cosine item-knn": item_knn,
        "ease λ=250": ease(EaseSettings(regularization=250.0, dropout=0.0)),
    }
    grids: dict[str, dict[str, Scorer]] = {
        "ease tuned": {
            f"λ={lam:g}": ease(EaseSettings(regularization=lam, dropout=0.0)) for lam in LAMBDAS
        },
        "implicit ALS": {
            f"{factors} factors, reg {reg:g}, α {alpha:g}": implicit_als(factors, reg, alpha)
            for factors, reg, alpha in ALS_GRID
        },
        "reeldb": {describe(settings): reeldb(settings, traits) for settings in REELDB_GRID},
    }
    trials: dict[str, list[Trial]] = {}
    tuned: dict[str, dict[str, list[Trial]]] = {model: {} for model in grids}
    for seed in range(arguments.seeds):
        split = split_by_user(ratings, seed=seed)
        for name, scorer in fixed.items():
            trials.setdefault(name, []).append(trial(scorer, split))
        for model, grid in grids.items():
            for knobs, scorer in grid.items():
                tuned[model].setdefault(knobs, []).append(trial(scorer, split))
        if peer_models:
            for name, (metrics, took) in run_recbole(peer_python, split, peer_models).items():
                trials.setdefault(name, []).append(Trial(valid={}, test=metrics, seconds=took))
        print(f"  seed {seed} done", flush=True)
    chosen = {model: best_on_validation(by_knobs) for model, by_knobs in tuned.items()}
    settings = next(s for s in REELDB_GRID if describe(s) == chosen["reeldb"])
    served, cold = [], []
    for seed in range(arguments.seeds):
        split = split_by_user(ratings, seed=seed)
        served.append(trial(reeldb(settings, traits, served=True), split))
        cold.append(cold_start(split, features, settings))
    ordered = {
        **{name: trials.pop(name) for name in fixed},
        **{model: tuned[model][knobs] for model, knobs in chosen.items()},
        "reeldb served": served,
        **trials,
    }
    results = {name: [t.test for t in runs] for name, runs in ordered.items()}
    seconds = {name: [t.seconds for t in runs] for name, runs in ordered.items()}
    lines = [f"{model}: {knobs}" for model, knobs in chosen.items()]
    return print_report(results, seconds, lines, cold, seeds=arguments.seeds)


if __name__ == "__main__":
    sys.exit(main())
