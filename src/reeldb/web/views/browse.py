"""The shell's small pages: the genre index (search's filters, charts' genres) and the favicon."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from reeldb.charts.models import ChartKind
from reeldb.charts.selectors import get_chart_page
from reeldb.search.advanced import GENRES


def genre_index(request: HttpRequest) -> HttpResponse:
    """``/feature/genre``: every genre, linked to its titles and, where computed, its chart."""
    charted = set(get_chart_page(ChartKind.GENRE).genres)
    genres = [(genre, genre in charted) for genre in GENRES]
    return render(request, "web/genre_index.html", {"genres": genres})


def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, which browsers ask for by habit: the icon base.html names."""
    return redirect(static("web/favicon.svg"))
