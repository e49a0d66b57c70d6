"""Model fields the catalogue needs beyond Django's own."""

from __future__ import annotations

from typing import Any

from django.db import models


class RowIdField(models.BigAutoField):  # type: ignore[type-arg]
    """A primary key that is SQLite's plain rowid, without ``AUTOINCREMENT``.

    ``AUTOINCREMENT`` only promises that the id of a deleted row is never
    handed out again, and SQLite pays for the promise on every insert: a
    third more time per row in a bulk load. The tables of 100 million rows
    (credits, AKAs, known-for titles) are never pointed at by id from outside
    the catalogue, so they do without it. Elsewhere it is Django's BigAutoField.
    """

    def db_type_suffix(self, connection: Any) -> str | None:
        if connection.vendor == "sqlite":
            return None
        return super().db_type_suffix(connection)
