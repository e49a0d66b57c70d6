"""The search box on a list's own page: titles by name, each with a button adding it to the list.

It lives in ``web`` because it joins two domains: the search index finds the
titles (``search``'s ``suggest``, the search box's own answer), the community
owns the list and the add.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reeldb.community.selectors import get_list_page
from reeldb.errors import NotFound
from reeldb.search.index.finding import suggest
from reeldb.search.models import EntryKind


def list_title_search(request: HttpRequest, list_id: int) -> HttpResponse:
    """Find titles named like ``q`` for the owner of list ``list_id`` to add.

    Titles already on the list are marked, not offered again. An htmx request
    gets the results alone; a plain GET (no JavaScript) the list with them.
    """
    page = get_list_page(list_id, viewer=request.user)
    if not page.is_owner:
        raise NotFound("No such list.")
    query = request.GET.get("q", "")[:200]
    on_list = {item.title.public_id for item in page.items}
    results = [
        (suggestion, suggestion.id in on_list)
        for suggestion in suggest(query)
        if suggestion.kind != EntryKind.NAME
    ]
    context = {"page": page, "query": query, "results": results}
    if getattr(request, "htmx", False):
        return render(request, "web/list_search.html#results", context)
    return render(request, "web/list_search.html", context)
