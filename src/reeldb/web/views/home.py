"""The home page: a signed-in user's recommendations, featured titles and collections."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reeldb.catalog.selectors import list_collections, list_featured_titles
from reeldb.recommend.selectors import get_recommendations_for

FEATURED_TITLES = 12
FEATURED_COLLECTIONS = 4
FOR_YOU_ON_HOME = 12


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "featured": list_featured_titles(limit=FEATURED_TITLES),
        "collections": list_collections(limit=FEATURED_COLLECTIONS),
        "for_you": (
            get_recommendations_for(request.user, limit=FOR_YOU_ON_HOME)
            if request.user.is_authenticated
            else None
        ),
    }
    return render(request, "web/home.html", context)
