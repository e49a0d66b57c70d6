"""``/find`` and ``/suggest``: search's results page and the search box's suggestions."""

from __future__ import annotations

from dataclasses import asdict

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from reeldb.search.index.finding import find, suggest
from reeldb.search.models import EntryKind
from reeldb.web.views.find_meaning import meaning_context, meaning_page_context, wants_meaning

# IMDb's /find categories that exist so far, in its order; "all" shows each.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "all": (EntryKind.TITLE, EntryKind.EPISODE, EntryKind.NAME),
    EntryKind.TITLE: (EntryKind.TITLE,),
    EntryKind.EPISODE: (EntryKind.EPISODE,),
    EntryKind.NAME: (EntryKind.NAME,),
}
CATEGORY_LABELS = {"all": "All", **{kind.value: kind.label for kind in EntryKind}}
RESULTS_PER_CATEGORY = 50
# "All" shows the first few of each category and links to the rest.
RESULTS_PER_GROUP = 8


def find_view(request: HttpRequest) -> HttpResponse:
    if wants_meaning(request.GET):
        context = {**meaning_page_context(request.GET), "categories": CATEGORY_LABELS}
        return render(request, "web/find.html", context)
    category = request.GET.get("s", "all")
    if category not in CATEGORIES:
        category = "all"
    limit = RESULTS_PER_GROUP if category == "all" else RESULTS_PER_CATEGORY
    results = find(request.GET.get("q", ""), kinds=CATEGORIES[category], limit=limit)
    context = {
        "results": results,
        # ``query`` refills the search box in the page header.
        "query": results.query,
        "category": category,
        "categories": CATEGORY_LABELS,
        "is_grouped": category == "all",
        "group_size": RESULTS_PER_GROUP,
        **meaning_context(results.query, category),
    }
    return render(request, "web/find.html", context)


def suggest_view(request: HttpRequest) -> JsonResponse:
    """Return the search box's suggestions for what has been typed so far, as JSON."""
    suggestions = suggest(request.GET.get("q", ""))
    return JsonResponse({"results": [asdict(suggestion) for suggestion in suggestions]})
