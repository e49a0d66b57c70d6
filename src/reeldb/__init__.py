"""reeldb: an open, self-hostable movie and TV database."""

from __future__ import annotations

__version__ = "0.1.0"
