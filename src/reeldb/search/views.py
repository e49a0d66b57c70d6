"""The search pages: ``/search/title``, the advanced title search."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reeldb.search.advanced import get_title_search_page
from reeldb.search.forms import TitleSearchForm


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
