"""Run RecBole 1.2.1's models on splits written as atomic files; print their test metrics as JSON.

    python bench/recbole_peer.py DATA_DIR DATASET MODEL [MODEL...]

Runs inside the virtualenv ``bench/recommend_eval.py --recbole`` creates (RecBole needs an
older numpy, pandas and scipy than reeldb), never imported by reeldb. ``DATA_DIR/DATASET/``
holds ``DATASET.train.inter``, ``.valid.inter`` and ``.test.inter``; RecBole reads them through
its ``benchmark_filename`` option, so every model sees exactly the split reeldb's models see.
Each model trains with RecBole's default settings on one torch thread, chooses its epoch on
validation NDCG@10, and is scored on test with full ranking. Prints one JSON line per model:
``{"model", "seconds", "recall", "ndcg", "mrr", "hit", "precision"}``.
"""

from __future__ import annotations

import json
import logging
import sys
import time


def run(data_dir: str, dataset: str, model: str) -> dict[str, float | str]:
    import torch
    from recbole.quick_start import run_recbole

    torch.set_num_threads(1)
    config = {
        "data_path": data_dir,
        "benchmark_filename": ["train", "valid", "test"],
        "load_col": {"inter": ["user_id", "item_id", "timestamp"]},
        "eval_args": {"group_by": "user", "order": "RO", "mode": "full"},
        "metrics": ["Recall", "NDCG", "MRR", "Hit", "Precision"],
        "topk": [10],
        "valid_metric": "NDCG@10",
        "show_progress": False,
        "save_dataset": False,
        "save_dataloaders": False,
        "checkpoint_dir": f"{data_dir}/checkpoints",
        "log_wandb": False,
        "seed": 2020,
        "reproducibility": True,
        "gpu_id": "",
        "use_gpu": False,
    }
    if model == "LightGCN":
        # It reaches its published level only with a patient early stop (issue 31).
        config["stopping_step"] = 50
    started = time.perf_counter()
    result = run_recbole(model=model, dataset=dataset, config_dict=config)
    seconds = time.perf_counter() - started
    test = result["test_result"]
    return {
        "model": model,
        "seconds": round(seconds, 1),
        **{
            name: float(test[f"{name}@10"])
            for name in ("recall", "ndcg", "mrr", "hit", "precision")
        },
    }


def main() -> int:
    data_dir, dataset, *models = sys.argv[1:]
    logging.disable(logging.CRITICAL)
    for model in models:
        print(json.dumps(run(data_dir, dataset, model)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
