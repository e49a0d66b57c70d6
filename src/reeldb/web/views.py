from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reeldb.catalog.selectors import list_featured_titles

FEATURED_TITLES = 12


def home(request: HttpRequest) -> HttpResponse:
    featured = list_featured_titles(limit=FEATURED_TITLES)
    return render(request, "web/home.html", {"featured": featured})
