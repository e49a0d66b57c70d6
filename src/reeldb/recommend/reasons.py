"""Why one title is related to another, in the words a card shows under it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reeldb.catalog.selectors import TitleTraits
from reeldb.recommend.models import Reason

# A share of co-likers is named when this many liked the title and this share of them liked both.
LIKED_VALUE = 8
MIN_LIKERS = 5
MIN_SHARE = 0.2
NAMES_SHOWN = 2
KEYWORDS_SHOWN = 3


@dataclass(frozen=True)
class CoLiked:
    """Of ``likers`` who rated a title ``LIKED_VALUE``+, ``share`` rated the other one so too."""

    likers: int
    share: float


def _names(people: dict[int, Any], others: dict[int, Any]) -> list[str]:
    shared = [person for person in people if person in others]
    return [_name(people[person]) for person in shared[:NAMES_SHOWN]]


def _name(value: Any) -> str:
    return value[0] if isinstance(value, tuple) else str(value)


def reason_for(  # noqa: PLR0911 - one return per reason, strongest first
    title: TitleTraits, other: TitleTraits, other_id: int, liked: CoLiked | None
) -> tuple[Reason, dict[str, Any]]:
    """Return the strongest reason ``other`` is related to ``title``, and what it names."""
    if shared_series := [name for pk, name in title.series.items() if pk in other.series]:
        return Reason.SAME_SERIES, {"series": shared_series[0]}
    if directors := _names(title.directors, other.directors):
        return Reason.SAME_DIRECTOR, {"people": directors}
    if liked is not None and liked.likers >= MIN_LIKERS and liked.share >= MIN_SHARE:
        return Reason.CO_LIKED, {"share": round(liked.share, 2), "likers": liked.likers}
    keywords = [word for word in title.keywords if word in set(other.keywords)]
    if len(keywords) >= 2:
        return Reason.SHARED_KEYWORDS, {"keywords": keywords[:KEYWORDS_SHOWN]}
    if cast := _names(title.cast, other.cast):
        return Reason.SHARED_CAST, {"people": cast}
    if other_id in title.recommended:
        return Reason.SOURCE, {}
    if liked is not None and liked.likers >= MIN_LIKERS and liked.share > 0:
        return Reason.CO_LIKED, {"share": round(liked.share, 2), "likers": liked.likers}
    genres = [genre for genre in title.genres if genre in other.genres]
    return Reason.SIMILAR, {"genres": genres}


def _liked_line(detail: dict[str, Any]) -> str:
    share = round(100 * float(detail.get("share", 0)))
    return f"liked by {share}% of those who rated it {LIKED_VALUE}+"


def _similar_line(detail: dict[str, Any]) -> str:
    genres = detail.get("genres", [])
    return "also " + ", ".join(genres) if genres else "similar audience"


LINES: dict[str, Callable[[dict[str, Any]], str]] = {
    Reason.SAME_SERIES: lambda detail: f"same series: {detail.get('series', '')}",
    Reason.SAME_DIRECTOR: lambda detail: "same director: " + ", ".join(detail.get("people", [])),
    Reason.CO_LIKED: _liked_line,
    Reason.SHARED_KEYWORDS: lambda detail: (
        "shares the keywords " + ", ".join(detail.get("keywords", []))
    ),
    Reason.SHARED_CAST: lambda detail: "also with " + " and ".join(detail.get("people", [])),
    Reason.SOURCE: lambda _detail: "recommended beside it by its source",
    Reason.SIMILAR: _similar_line,
}


def describe(reason: str, detail: dict[str, Any]) -> str:
    """Return the line a card shows: "liked by 62% of those who rated it 8+"."""
    return LINES.get(reason, _similar_line)(detail)
