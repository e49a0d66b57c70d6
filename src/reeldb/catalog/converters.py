"""Path converters for the catalogue's public ids, registered once in ``reeldb.urls``."""

from __future__ import annotations

from reeldb.catalog.selectors import PERSON_ID, TITLE_ID


class TitleIdConverter:
    """Match IMDb ``tt`` ids and local ``rt`` ids; anything else is a 404."""

    regex = TITLE_ID.pattern

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class PersonIdConverter(TitleIdConverter):
    """Match IMDb ``nm`` ids and local ``rn`` ids."""

    regex = PERSON_ID.pattern
