"""Run a command under /usr/bin/time: the benchmarks' wall time and peak memory of a subprocess."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

TIME = "/usr/bin/time"


def measured(
    command: list[str], env: dict[str, str] | None = None, *, ok: tuple[int, ...] = (0,)
) -> tuple[float, float, str]:
    """Run ``command``; return wall seconds, peak RSS in MiB, and its output (stdout, stderr).

    An exit status outside ``ok`` raises, with the end of what it printed.
    """
    stats = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-time-{os.getpid()}"
    run = subprocess.run(
        [TIME, "-f", "%e %M", "-o", str(stats), *command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode not in ok:
        raise RuntimeError(f"{' '.join(command)} failed ({run.returncode}):\n{run.stderr[-3000:]}")
    wall, rss_kib = stats.read_text().split()[-2:]
    stats.unlink()
    return float(wall), int(rss_kib) / 1024, run.stdout + run.stderr
