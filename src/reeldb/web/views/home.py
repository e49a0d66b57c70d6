"""The home page: featured titles and collections from the catalogue."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reeldb.catalog.selectors import list_collections, list_featured_titles

FEATURED_TITLES = 12
FEATURED_COLLECTIONS = 4


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "featured": list_featured_titles(limit=FEATURED_TITLES),
        "collections": list_collections(limit=FEATURED_COLLECTIONS),
    }
    return render(request, "web/home.html", context)
