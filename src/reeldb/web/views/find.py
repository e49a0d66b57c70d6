"""``/find``: search's results, listed with the site's title rows."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reeldb.search.selectors import find

RESULTS_PER_KIND = 25


def find_view(request: HttpRequest) -> HttpResponse:
    results = find(request.GET.get("q", ""), limit=RESULTS_PER_KIND)
    # ``query`` refills the search box in the page header.
    return render(request, "web/find.html", {"results": results, "query": results.query})
