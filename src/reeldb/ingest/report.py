"""The report every importer returns: counts, and each skipped record with where and why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

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
    notes: list[str] = field(default_factory=list)

    def skip(self, path: str, location: str, reason: str) -> None:
        self.issues.append(ImportIssue(path, location, reason))

    @property
    def skipped(self) -> int:
        return len(self.issues)

    def summary_lines(self) -> list[str]:
        """Return the summary printed at the end of a run: counts, then the first issues."""
        lines = [
            f"{kind}: {self.read[kind]:,} read, {self.loaded[kind]:,} loaded, "
            f"{self.changed[kind]:,} changed"
            if kind in self.read
            else f"{kind}: {self.loaded[kind]:,} loaded, {self.changed[kind]:,} changed"
            for kind in dict.fromkeys([*self.read, *self.loaded])
        ]
        lines.extend(self.notes)
        lines.append(f"skipped: {self.skipped:,}")
        lines.extend(f"  {issue}" for issue in self.issues[:SHOWN_ISSUES])
        if self.skipped > SHOWN_ISSUES:
            lines.append(f"  … and {self.skipped - SHOWN_ISSUES:,} more")
        return lines
