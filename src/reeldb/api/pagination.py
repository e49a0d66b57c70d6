"""Cursors: opaque tokens a list gives for its next page, so clients never build page numbers.

A cursor is URL-safe base64 of a small JSON object. It is not signed: all it
holds is a position in a public list, and one that does not decode is a 400.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import EmptyPage, Paginator
from django.db.models import QuerySet

from reeldb.errors import InvalidInput


@dataclass(frozen=True)
class Cursor:
    page: int


def encode_cursor(cursor: Cursor) -> str:
    raw = json.dumps({"p": cursor.page}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str) -> Cursor:
    """Return the cursor ``token`` holds; raise ``InvalidInput`` for one this API did not give."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        page = json.loads(raw)["p"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
        page = None
    if not isinstance(page, int) or isinstance(page, bool) or not 1 <= page <= 10_000:
        raise InvalidInput("This cursor was not given by this API.", code="invalid_cursor")
    return Cursor(page=page)


def page_of(
    rows: QuerySet[Any] | Sequence[Any], cursor: str | None, *, per_page: int
) -> tuple[list[Any], str | None]:
    """Return the rows of the page ``cursor`` names (the first without one) and the next cursor.

    A cursor past the last page gives no rows and no next cursor.
    """
    number = decode_cursor(cursor).page if cursor else 1
    paginator = Paginator(rows, per_page)
    try:
        page = paginator.page(number)
    except EmptyPage:
        return [], None
    following = encode_cursor(Cursor(page=number + 1)) if page.has_next() else None
    return list(page.object_list), following
