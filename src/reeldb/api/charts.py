"""``/api/v1/charts``: the stored charts (Top 250, most popular with rank movement, by genre)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from reeldb.api.schemas import ErrorOut, TitleOut, title_out
from reeldb.charts.models import ChartKind
from reeldb.charts.selectors import get_chart_page
from reeldb.errors import NotFound

router = Router(tags=["charts"])
TITLE_CHARTS = [kind for kind in ChartKind if kind != ChartKind.STARMETER]


class ChartEntryOut(Schema):
    rank: int
    previous_rank: int | None
    title: TitleOut


class ChartOut(Schema):
    kind: str
    name: str
    genre: str
    computed_at: datetime | None
    entries: list[ChartEntryOut]


@router.get(
    "/{kind}",
    response={200: ChartOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="A chart of titles",
)
def get_chart(request: HttpRequest, kind: str, genre: str = "") -> dict[str, Any]:
    """Return a chart: ``top``, ``toptv``, ``moviemeter``, ``tvmeter``, ``boxoffice``, or
    ``genre`` with ``genre`` (Action, Comedy…). A chart not computed yet is empty."""
    if kind not in {chart.value for chart in TITLE_CHARTS}:
        raise NotFound(f"No chart {kind!r}: charts are {', '.join(TITLE_CHARTS)}.")
    page = get_chart_page(ChartKind(kind), genre=genre)
    return {
        "kind": kind,
        "name": ChartKind(kind).label,
        "genre": page.chart.key if page.chart else genre,
        "computed_at": page.chart.computed_at if page.chart else None,
        "entries": [
            {
                "rank": entry.rank,
                "previous_rank": entry.previous_rank,
                "title": title_out(entry.title),
            }
            for entry in page.entries
        ],
    }
