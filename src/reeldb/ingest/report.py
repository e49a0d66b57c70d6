"""The report every importer returns: counts, and each skipped record with where and why."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from reeldb.errors import EXIT_DONE, EXIT_SKIPPED, EXIT_USAGE

SHOWN_ISSUES = 20


@dataclass(frozen=True)
class ImportIssue:
    """A record that was skipped: the file, the place in it, and the reason."""

    path: str
    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.location}: {self.reason}"


@dataclass
class ImportReport:
    """What one import run read, wrote and skipped."""

    read: Counter[str] = field(default_factory=Counter)
    loaded: Counter[str] = field(default_factory=Counter)
    changed: Counter[str] = field(default_factory=Counter)
    issues: list[ImportIssue] = field(default_factory=list)
    removed: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    # Skipped records per "path: kind", for sources too large to list each one.
    skipped_kinds: Counter[str] = field(default_factory=Counter)
    uncounted_skips: int = 0
    # Records loaded with something cut from them (a control character, an
    # over-long value), per "path: kind", the first few of each kind listed.
    cut_kinds: Counter[str] = field(default_factory=Counter)
    cuts: list[ImportIssue] = field(default_factory=list)
    # Seconds spent per phase of the run ("parse+load", "indexes", …), for the summary.
    timings: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))

    def skip(self, path: str, location: str, reason: str) -> None:
        self.issues.append(ImportIssue(path, location, reason))

    def skip_counted(self, path: str, location: str, kind: str, reason: str, *, keep: int) -> None:
        """Count a skipped record under ``kind``; keep only the first ``keep`` of each kind."""
        key = f"{path}: {kind}"
        self.skipped_kinds[key] += 1
        if self.skipped_kinds[key] <= keep:
            self.issues.append(ImportIssue(path, location, reason))
        else:
            self.uncounted_skips += 1

    def count_skipped(self, path: str, kind: str, count: int) -> None:
        """Count ``count`` skipped records of ``kind`` that are not listed one by one."""
        self.skipped_kinds[f"{path}: {kind}"] += count
        self.uncounted_skips += count

    def cut_counted(self, path: str, location: str, kind: str, reason: str, *, keep: int) -> None:
        """Count a record loaded with something cut under ``kind``; list the first ``keep``."""
        key = f"{path}: {kind}"
        self.cut_kinds[key] += 1
        if self.cut_kinds[key] <= keep:
            self.cuts.append(ImportIssue(path, location, reason))

    def count_cut(self, path: str, kind: str, count: int) -> None:
        """Count ``count`` records of ``kind`` loaded cut that are not listed one by one."""
        self.cut_kinds[f"{path}: {kind}"] += count

    @property
    def skipped(self) -> int:
        return len(self.issues) + self.uncounted_skips

    @property
    def exit_status(self) -> int:
        """Return the run's exit status: done, done with skipped records, or nothing importable.

        A run that had nothing to do (every file already loaded) is done.
        """
        if not self.skipped:
            return EXIT_DONE
        return EXIT_SKIPPED if any(self.loaded.values()) else EXIT_USAGE

    def summary_lines(self) -> list[str]:
        """Return the summary printed at the end of a run: counts, then the first issues."""
        lines = [
            f"{kind}: {self.read[kind]:,} read, {self.loaded[kind]:,} loaded, "
            f"{self.changed[kind]:,} changed"
            if kind in self.read
            else f"{kind}: {self.loaded[kind]:,} loaded, {self.changed[kind]:,} changed"
            for kind in dict.fromkeys([*self.read, *self.loaded])
        ]
        lines.extend(f"{kind}: {count:,} removed" for kind, count in self.removed.items())
        lines.extend(self.notes)
        if self.timings:
            spent = ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in self.timings.items())
            lines.append(f"time: {spent}")
        if self.cut_kinds:
            lines.append(f"loaded with something cut: {sum(self.cut_kinds.values()):,}")
            lines.extend(f"  {kind}: {count:,}" for kind, count in self.cut_kinds.items())
            lines.extend(f"  {issue}" for issue in self.cuts[:SHOWN_ISSUES])
        lines.append(f"skipped: {self.skipped:,}")
        lines.extend(f"  {kind}: {count:,}" for kind, count in self.skipped_kinds.items())
        lines.extend(f"  {issue}" for issue in self.issues[:SHOWN_ISSUES])
        if len(self.issues) > SHOWN_ISSUES:
            lines.append(f"  … and {len(self.issues) - SHOWN_ISSUES:,} more listed")
        return lines
