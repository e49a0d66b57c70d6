"""The chart pages at IMDb's paths: read a stored chart, render it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reeldb.charts.models import WEIGHTED_RATING_FORMULA, ChartKind
from reeldb.charts.selectors import get_chart_page, get_people_chart_page
from reeldb.errors import NotFound


def _chart(request: HttpRequest, kind: ChartKind, genre: str = "") -> HttpResponse:
    page = get_chart_page(kind, genre=genre)
    # The genre as the chart spells it, whatever the case asked for.
    shown = page.chart.key if page.chart else genre
    context = {
        "page": page,
        "genre": shown,
        "kinds": ChartKind,
        "formula": WEIGHTED_RATING_FORMULA,
    }
    return render(request, "charts/chart.html", context)


def top(request: HttpRequest) -> HttpResponse:
    return _chart(request, ChartKind.TOP)


def top_tv(request: HttpRequest) -> HttpResponse:
    return _chart(request, ChartKind.TOP_TV)


def moviemeter(request: HttpRequest) -> HttpResponse:
    return _chart(request, ChartKind.MOVIEMETER)


def tv_meter(request: HttpRequest) -> HttpResponse:
    return _chart(request, ChartKind.TV_METER)


def starmeter(request: HttpRequest) -> HttpResponse:
    """``/chart/starmeter?page=2``: the most popular people, a page at a time."""
    number = request.GET.get("page", "1")
    page = get_people_chart_page(page=int(number) if number.isdecimal() else 1)
    return render(request, "charts/people.html", {"page": page})


def box_office(request: HttpRequest) -> HttpResponse:
    return _chart(request, ChartKind.BOX_OFFICE)


def genre(request: HttpRequest) -> HttpResponse:
    """``/chart/genre?genres=Drama``: the top-rated movies of one genre; without one, the genres.

    The first genre named is shown. ``/search/title``, where this chart was
    until the advanced title search took the address, filters every title.
    """
    name = request.GET.get("genres", "").split(",")[0].strip()[:100]
    # No genre holds a control character, and PostgreSQL refuses a NUL in a query.
    if not name.isprintable():
        raise NotFound("No chart for this genre.")
    return _chart(request, ChartKind.GENRE, genre=name)
