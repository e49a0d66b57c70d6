"""Model fields the catalogue needs beyond Django's own."""

from __future__ import annotations

import json
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


class JSONTextField(models.JSONField):
    """JSON kept as text on every database, where Django's JSONField is ``jsonb`` on PostgreSQL.

    ``jsonb`` parses every value on the way in and stores it as a tree. The
    catalogue reads these values whole and never queries inside them, so the
    parse is pure cost, and it is paid per row by a bulk import: copying 11.6
    million credits took 10.4 s into ``jsonb`` and 8.6 s into ``text``.
    Values are written and read as JSON all the same; on SQLite, where
    JSONField is already text checked with ``JSON_VALID``, nothing changes.
    """

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor == "postgresql":
            return "text"
        return super().db_type(connection)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if connection.vendor != "postgresql":
            return super().get_db_prep_value(value, connection, prepared)
        if not prepared:
            value = self.get_prep_value(value)
        if value is None or hasattr(value, "as_sql"):
            return value
        return json.dumps(value, cls=self.encoder)


class ByteOrderCharField(models.CharField):  # type: ignore[type-arg]
    """Text that PostgreSQL compares and sorts byte by byte (collation ``"C"``), as SQLite does.

    IMDb ids and folded names are matched whole and never listed in a
    language's order, so a language's collation buys them nothing, and it
    costs every index build: PostgreSQL 15 sorts text of any collation but
    ``"C"`` (``C.UTF-8`` included) with ``strcoll`` and without abbreviated
    keys. At scale 0.1, indexing the folded names took 1.59 s and 0.76 s in
    byte order, the folded titles 1.30 s and 0.69 s, the title ids 0.74 s
    and 0.52 s.
    """

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        parameters: dict[str, Any] = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            parameters["collation"] = "C"
        return parameters
