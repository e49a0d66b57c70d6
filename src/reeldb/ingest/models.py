"""What the importers remember between runs: which dataset files are already loaded.

An IMDb dataset import loads each file in one transaction and then records it
here, so an interrupted run, started again on the same files, goes on with the
first file not yet loaded instead of starting over.
"""

from __future__ import annotations

from django.db import models


class LoadedDatasetFile(models.Model):
    """A dataset file loaded whole: its name and the size and mtime that identify that copy."""

    name = models.CharField(max_length=100, unique=True, help_text='e.g. "title.basics".')
    size = models.BigIntegerField()
    modified_ns = models.BigIntegerField(help_text="The file's mtime in nanoseconds.")
    rows = models.BigIntegerField(default=0)
    loaded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} ({self.size:,} bytes)"
