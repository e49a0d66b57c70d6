"""The search pages: ``/find``, ``/suggest`` and ``/search/title``, the advanced title search."""

from __future__ import annotations

from dataclasses import asdict

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from reeldb.search.advanced import get_title_search_page
from reeldb.search.forms import TitleSearchForm
from reeldb.search.index.finding import LABELS, find, suggest
from reeldb.search.meaning.page import meaning_context, meaning_page_context, wants_meaning
from reeldb.search.models import EntryKind, TextKind

# IMDb's /find categories, in its order; "all" shows each that has hits.
CATEGORY_ORDER = (
    EntryKind.TITLE,
    EntryKind.EPISODE,
    EntryKind.NAME,
    EntryKind.COMPANY,
    EntryKind.KEYWORD,
    EntryKind.CHARACTER,
    TextKind.QUOTE,
    TextKind.BIO,
    TextKind.PLOT,
)
CATEGORIES: dict[str, tuple[str, ...]] = {
    "all": CATEGORY_ORDER,
    **{kind.value: (kind,) for kind in CATEGORY_ORDER},
}
CATEGORY_LABELS = {"all": "All", **{kind.value: LABELS[kind] for kind in CATEGORY_ORDER}}
RESULTS_PER_CATEGORY = 50
# "All" shows the first few of each category and links to the rest.
RESULTS_PER_GROUP = 8


def find_view(request: HttpRequest) -> HttpResponse:
    """Render what matches ``q`` in category ``s`` (an unknown category is "all").

    ``s=pl&mode=meaning`` is plots by meaning, when the extra is installed.
    """
    if wants_meaning(request.GET):
        context = {**meaning_page_context(request.GET), "categories": CATEGORY_LABELS}
        return render(request, "search/find.html", context)
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
        "category_label": CATEGORY_LABELS[category],
        "categories": CATEGORY_LABELS,
        "is_grouped": category == "all",
        "group_size": RESULTS_PER_GROUP,
        **meaning_context(results.query, category),
    }
    return render(request, "search/find.html", context)


def suggest_view(request: HttpRequest) -> JsonResponse:
    """Return the search box's suggestions for what has been typed so far, as JSON."""
    suggestions = suggest(request.GET.get("q", ""))
    return JsonResponse({"results": [asdict(suggestion) for suggestion in suggestions]})


def title_search(request: HttpRequest) -> HttpResponse:
    """Render the filter form, filled in, and one page of the titles it finds.

    Any parameter the form cannot use is listed with its value, and no search
    runs until all are valid.
    """
    form = TitleSearchForm(request.GET)
    results = None
    if form.is_valid():
        results = get_title_search_page(form.filters(), page=form.cleaned_data["page"])
    return render(request, "search/title_search.html", {"form": form, "results": results})
