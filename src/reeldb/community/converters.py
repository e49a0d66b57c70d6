"""Path converters for the community's URLs, registered once in ``reeldb.urls``."""

from __future__ import annotations

from django.urls.converters import StringConverter


class UsernameConverter(StringConverter):
    """Match what a username may hold (Django's ``UnicodeUsernameValidator``); else a 404.

    Anything else names no one, and a NUL in it would reach PostgreSQL, which
    refuses one in a query.
    """

    regex = r"[\w.@+-]+"
