"""Search by meaning, measured: relevance on the demo films, latency at 100,000 vectors, speed.

    python bench/search_meaning.py [--vectors 100000] [--queries 300] [--work DIR] [--no-hnsw]

One run, one fresh SQLite database under ``--work`` (``DATABASE_URL`` is
ignored), the demo catalogue loaded, indexed and embedded:

1. **Relevance**: 30 descriptions of demo films, written for this benchmark
   from what each film is about (not from the demo's plot texts), through
   ``find_by_meaning`` and through a plain word search over the same plot
   texts (the floor: titles whose plots hold any query word of 4 letters or
   more, ranked by how many of the words they hold, then by votes).
   success@k: the film is among the first k titles.
2. **Latency**: the demo's real vectors plus random unit vectors, ``--vectors``
   in all, stored in ``search_plot_embedding``; the index is built from the
   table as a site process builds it (``vectors.load_index``), then queried
   ``--queries`` times (the 30 descriptions' vectors, then random unit
   vectors) for 60 neighbours (10 titles x 6 texts, as ``find_by_meaning``
   asks). Floor: numpy's exact scan (one matrix-vector product and a
   partial sort) over the same matrix. For reference, faiss HNSW32 (build
   time, latency, recall of the exact top 10; random vectors, which have no
   clusters, are HNSW's worst case, so its recall here is a floor). Then ``find_by_meaning`` end to
   end (query embedded, index checked, texts read) for the 30 descriptions.
3. **Throughput**: the demo's plot texts embedded on one thread, texts/s.

Everything runs on one thread (torch, faiss, OpenBLAS). Figures are wall-clock
times on a shared machine: the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DIMENSIONS = 384
NEIGHBOURS = 60
# Candidates HNSW keeps while searching: at least the neighbours asked for.
HNSW_EF_SEARCH = 128
SEED = 20261206

# (IMDb id in the demo data, a description written for this benchmark)
DESCRIPTIONS: list[tuple[str, str]] = [
    (
        "tt0104815",
        "a wandering guitar player reaches a small town and is taken for a hitman, "
        "so the gangsters there go after him",
    ),
    (
        "tt0112851",
        "a gunslinging musician takes revenge on the cartel boss who murdered his "
        "lover, helped by a woman who runs a bookshop",
    ),
    (
        "tt0285823",
        "a crooked CIA agent hires a legendary gunman to stop a coup against the "
        "president of Mexico",
    ),
    (
        "tt0116367",
        "two criminal brothers take a preacher and his kids hostage, cross the "
        "border and end up fighting bloodsuckers in a biker bar",
    ),
    (
        "tt0113101",
        "a bellboy on New Year's Eve copes with strange guests in four hotel "
        "rooms, from a coven of witches to a deadly bet",
    ),
    (
        "tt0985694",
        "a former Mexican federal agent is framed for an attempt on a senator's "
        "life and takes bloody revenge",
    ),
    (
        "tt2002718",
        "the president sends a machete-swinging ex-cop to stop an arms dealer who "
        "wants to fire a weapon from space",
    ),
    (
        "tt0401792",
        "crime stories in a dark black and white city: a brute avenges a "
        "prostitute and an old cop protects a girl from a senator's son",
    ),
    (
        "tt1077258",
        "a chemical gas turns a small Texas town into monsters and a dancer with "
        "a machine gun for a leg fights back",
    ),
    (
        "tt1028528",
        "a scarred stuntman kills young women with his reinforced car until a "
        "group of friends fights back",
    ),
    (
        "tt0227538",
        "two children find out their parents are secret agents and must save them "
        "from a villain's castle",
    ),
    (
        "tt0287717",
        "child spies travel to a hidden island full of strange creatures made by a mad scientist",
    ),
    (
        "tt0133751",
        "high school students realise their teachers are being taken over by "
        "parasites from another planet",
    ),
    (
        "tt0110912",
        "two hitmen, a boxer who will not throw his fight and a gangster's wife "
        "in crime stories that cross in Los Angeles",
    ),
    (
        "tt0105236",
        "after a diamond robbery goes wrong the surviving thieves suspect that "
        "one of them is working for the police",
    ),
    (
        "tt0119396",
        "a flight attendant caught smuggling money plays the police and a gun "
        "runner against each other",
    ),
    (
        "tt0266697",
        "a woman shot at her wedding rehearsal wakes from a coma and hunts down "
        "the killers who betrayed her",
    ),
    (
        "tt0378194",
        "the former assassin finishes her revenge, faces her old lover and boss "
        "and finds her daughter alive",
    ),
    (
        "tt0120679",
        "the life of a Mexican painter who survived a terrible bus accident and "
        "married a famous muralist",
    ),
    (
        "tt0120746",
        "an old masked swordsman trains a young thief to take his place against "
        "a cruel governor in California",
    ),
    (
        "tt0107818",
        "a gay attorney fired once his illness is discovered hires a prejudiced "
        "lawyer to take his firm to court",
    ),
    (
        "tt0110148",
        "a man who has been undead for two hundred years tells a reporter the story of his life",
    ),
    (
        "tt0325980",
        "a blacksmith joins an eccentric pirate captain to rescue a governor's "
        "daughter from a crew of cursed skeletons",
    ),
    (
        "tt0120655",
        "two angels thrown out of heaven try to get back in through a loophole "
        "that would end all existence",
    ),
    (
        "tt0437086",
        "a doctor finds the head of a cyborg girl in a scrapyard and rebuilds "
        "her; she remembers nothing but fights brilliantly",
    ),
    (
        "tt0113277",
        "a careful professional thief and an obsessed police detective circle "
        "each other across Los Angeles",
    ),
    (
        "tt1424381",
        "soldiers and killers dropped onto a jungle planet are hunted for sport by alien creatures",
    ),
    (
        "tt0112401",
        "an ageing hitman who wants to retire is targeted by a younger rival who "
        "wants to be the best",
    ),
    (
        "tt0116250",
        "a musical about a poor girl who became an actress and then the first lady of Argentina",
    ),
    (
        "tt0181865",
        "several stories of the drug trade between Mexico and the United States, "
        "one about a judge whose daughter is an addict",
    ),
]


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timings(run: Callable[[Any], object], inputs: list[Any]) -> list[float]:
    """Return each call's wall-clock time in milliseconds."""
    spent = []
    for item in inputs:
        started = time.perf_counter()
        run(item)
        spent.append((time.perf_counter() - started) * 1000)
    return spent


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def set_up(work: Path) -> None:
    """Point reeldb at a fresh SQLite database under ``work``, load, index and embed the demo."""
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REELDB_SEARCH_BY_MEANING", None)
    os.environ["REELDB_HOME"] = str(work)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reeldb.settings")
    os.environ.setdefault("REELDB_SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.core.management import call_command

    from reeldb.ingest.demo import load_demo_data
    from reeldb.search.meaning.services import embed_plot_texts
    from reeldb.search.services import rebuild_index

    call_command("migrate", interactive=False, verbosity=0)
    load_demo_data()
    rebuild_index()
    embed_plot_texts()


def title_ids() -> dict[str, int]:
    from reeldb.catalog.models import Title

    return dict(Title.objects.values_list("tconst", "pk"))


def word_search(query: str, limit: int) -> list[int]:
    """Return the floor's titles: any query word of 4+ letters in a plot; most words, votes."""
    import re

    from reeldb.catalog.models import Plot, Title

    words = {word for word in re.findall(r"[a-z']+", query.lower()) if len(word) >= 4}
    held: dict[int, set[str]] = {}
    for word in words:
        for title_id in Plot.objects.filter(text__icontains=word).values_list(
            "title_id", flat=True
        ):
            held.setdefault(title_id, set()).add(word)
    votes = dict(Title.objects.filter(pk__in=list(held)).values_list("pk", "num_votes"))
    ranked = sorted(held, key=lambda pk: (-len(held[pk]), -(votes.get(pk) or 0), pk))
    return ranked[:limit]


def relevance() -> list[str]:
    """Return the table of success@1, @3 and @10 by meaning and by the word floor."""
    from reeldb.search.meaning.finding import find_by_meaning

    ids = title_ids()
    cutoffs = (1, 3, 10)
    rows = []
    for name, search in (
        (
            "by meaning (find_by_meaning)",
            lambda q: [m.title_id for m in find_by_meaning(q, limit=10)],
        ),
        ("floor: any plot word, by votes", lambda q: word_search(q, 10)),
    ):
        ranks = []
        for tconst, description in DESCRIPTIONS:
            found = search(description)
            ranks.append(found.index(ids[tconst]) + 1 if ids[tconst] in found else None)
        rows.append(
            (name, [sum(r is not None and r <= k for r in ranks) / len(ranks) for k in cutoffs])
        )
    lines = [f"{'':34}" + "".join(f"{f'success@{k}':>12}" for k in cutoffs)]
    lines += [f"  {name:32}" + "".join(f"{v:>12.2f}" for v in values) for name, values in rows]
    ratios = [
        f"{meaning / floor:>11.2f}x" if floor else f"{'-':>12}"
        for meaning, floor in zip(rows[0][1], rows[1][1], strict=True)
    ]
    lines.append(f"  {'ratio (meaning / floor)':32}" + "".join(ratios))
    return lines


def fill_random_vectors(total: int) -> int:
    """Store random unit vectors beside the demo's real ones until ``total`` are stored."""
    import numpy as np

    from reeldb.search.models import PlotEmbedding

    real = PlotEmbedding.objects.count()
    generator = np.random.default_rng(SEED)
    first_free = 10**12  # text ids no catalogue row has
    for start in range(0, max(0, total - real), 5_000):
        size = min(5_000, total - real - start)
        block = generator.standard_normal((size, DIMENSIONS)).astype(np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        PlotEmbedding.objects.bulk_create(
            PlotEmbedding(
                title_id=0,
                text_kind="outline",
                text_id=first_free + start + offset,
                text_hash="",
                vector=vector.astype("<f4").tobytes(),
            )
            for offset, vector in enumerate(block)
        )
    return real


def latency(queries: int, with_hnsw: bool) -> list[str]:
    import numpy as np

    from reeldb.search.meaning.embedding import embed
    from reeldb.search.meaning.finding import find_by_meaning
    from reeldb.search.meaning.vectors import _faiss, load_index, stored_generation

    started = time.perf_counter()
    index = load_index(stored_generation())
    build = time.perf_counter() - started
    matrix = index.index.reconstruct_n(0, len(index))
    described = embed([description for _, description in DESCRIPTIONS])
    generator = np.random.default_rng(SEED + 1)
    extra = generator.standard_normal((max(0, queries - len(described)), DIMENSIONS))
    extra = (extra / np.linalg.norm(extra, axis=1, keepdims=True)).astype(np.float32)
    query_vectors = list(np.vstack([described, extra])[:queries])

    def numpy_scan(query: Any) -> Any:
        scores = matrix @ query
        best = np.argpartition(-scores, NEIGHBOURS)[:NEIGHBOURS]
        return best[np.argsort(-scores[best])]

    flat = timings(lambda q: index.nearest(q, NEIGHBOURS), query_vectors)
    scan = timings(numpy_scan, query_vectors)
    agree = sum(
        [n.text_id for n in index.nearest(q, 10)]
        == [int(index.text_ids[p]) for p in numpy_scan(q)[:10]]
        for q in query_vectors
    )
    header = f"{'':38}{'build s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'recall@10':>11}"
    rows = [
        header,
        f"  {'faiss IndexFlatIP (reeldb)':36}{build:>9.2f}{percentile(flat, 0.5):>9.2f}"
        f"{percentile(flat, 0.95):>9.2f}{percentile(flat, 0.99):>9.2f}{1.0:>11.2f}",
        f"  {'floor: numpy exact scan':36}{'-':>9}{percentile(scan, 0.5):>9.2f}"
        f"{percentile(scan, 0.95):>9.2f}{percentile(scan, 0.99):>9.2f}{1.0:>11.2f}",
        f"  {'ratio (floor / faiss flat), p95':36}{'':>9}{'':>9}"
        f"{percentile(scan, 0.95) / percentile(flat, 0.95):>8.2f}x",
        f"  same top 10 as numpy: {agree} of {len(query_vectors)} queries",
    ]
    if with_hnsw:
        faiss = _faiss()
        started = time.perf_counter()
        hnsw = faiss.IndexHNSWFlat(DIMENSIONS, 32, faiss.METRIC_INNER_PRODUCT)
        hnsw.add(matrix)
        hnsw.hnsw.efSearch = HNSW_EF_SEARCH
        hnsw_build = time.perf_counter() - started
        hnsw_times = timings(lambda q: hnsw.search(q.reshape(1, -1), NEIGHBOURS), query_vectors)
        hits = 0
        for query in query_vectors:
            exact = set(numpy_scan(query)[:10].tolist())
            hits += len(exact & set(hnsw.search(query.reshape(1, -1), 10)[1][0].tolist()))
        rows.insert(
            3,
            f"  {f'reference: faiss HNSW32, ef {HNSW_EF_SEARCH}':36}{hnsw_build:>9.2f}"
            f"{percentile(hnsw_times, 0.5):>9.2f}{percentile(hnsw_times, 0.95):>9.2f}"
            f"{percentile(hnsw_times, 0.99):>9.2f}{hits / (10 * len(query_vectors)):>11.2f}",
        )
    descriptions = [description for _, description in DESCRIPTIONS]
    parts = {
        "find_by_meaning end to end": timings(lambda d: find_by_meaning(d, limit=10), descriptions),
        "  of which: the query embedded": timings(lambda d: embed([d]), descriptions),
        "  of which: the generation read (index current?)": timings(
            lambda _: stored_generation(), descriptions
        ),
    }
    rows.append(
        f"  {len(descriptions)} descriptions, index already built:{'p50 ms':>17}{'p95 ms':>9}"
    )
    rows += [
        f"  {name:51}{percentile(spent, 0.5):>9.2f}{percentile(spent, 0.95):>9.2f}"
        for name, spent in parts.items()
    ]
    return rows


def throughput() -> list[str]:
    """Return texts/s for the demo's outlines (one line each) and for all its plot texts."""
    from reeldb.catalog.selectors import iter_plot_texts
    from reeldb.search.meaning.embedding import embed

    every = list(iter_plot_texts())
    embed([text.text for text in every[:8]])  # warm up
    lines = []
    for name, texts in (
        ("outlines", [text.text for text in every if text.kind == "outline"]),
        ("all plot texts", [text.text for text in every]),
    ):
        batch = texts * max(1, 300 // len(texts))
        started = time.perf_counter()
        embed(batch)
        spent = time.perf_counter() - started
        words = statistics.mean(len(text.split()) for text in texts)
        lines.append(
            f"  {name:15} {len(batch):>4} texts ({len(texts)} distinct, {words:>3.0f} words on "
            f"average): {len(batch) / spent:>5.0f} texts/s"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vectors", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp)")
    parser.add_argument("--no-hnsw", action="store_true", help="skip the HNSW reference row")
    arguments = parser.parse_args()

    os.environ["OMP_NUM_THREADS"] = "1"
    try:
        import faiss
        import threadpoolctl

        from reeldb.search.meaning import is_installed
    except ImportError as error:
        print(f"search_meaning: {error}: install the semantic extra (make .venv/.installed).")
        return 2
    if not is_installed():
        print(
            "search_meaning: the semantic extra is not installed (pip install 'reeldb[semantic]')."
        )
        return 2
    threadpoolctl.threadpool_limits(1)
    load_before = load()
    with tempfile.TemporaryDirectory(dir=arguments.work) as scratch:
        set_up(Path(scratch))
        import faiss
        import numpy
        import torch

        print(
            f"search by meaning: {platform.processor() or platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, "
            f"torch {torch.__version__}, "
            f"faiss {faiss.__version__}, numpy {numpy.__version__}, SQLite; one thread; "
            f"load average {load_before} before"
        )
        print(f"\n1. Relevance: {len(DESCRIPTIONS)} hand-written descriptions of demo films")
        print("\n".join(relevance()))
        real = fill_random_vectors(arguments.vectors)
        print(
            f"\n2. Latency: {arguments.vectors:,} stored vectors ({real} real demo vectors, the "
            f"rest random unit vectors), {arguments.queries} queries, {NEIGHBOURS} neighbours each"
        )
        print("\n".join(latency(arguments.queries, with_hnsw=not arguments.no_hnsw)))
        print("\n3. Embedding throughput, one thread (texts over 256 word pieces are cut there)")
        print("\n".join(throughput()))
        print(f"\nload average after: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
