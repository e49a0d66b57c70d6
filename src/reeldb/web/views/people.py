"""The person page: the catalogue's facts and filmography."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from reeldb.catalog import selectors
from reeldb.errors import NotFound

PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


def person_detail(request: HttpRequest, person_id: str) -> HttpResponse:
    """Render a person's page; a local ``rn`` id redirects to the IMDb one once it is known.

    ``?category=actor&page=2`` shows one category of the filmography a page
    at a time; an htmx request for it gets only that category's section.
    """
    person = selectors.get_person_or_404(person_id)
    if person_id != person.public_id:
        return redirect(person, permanent=True)
    category = request.GET.get("category", "")
    page_param = request.GET.get("page", "1")
    if not PAGE_NUMBER.fullmatch(page_param):
        raise NotFound("No such page.")
    page = selectors.get_person_page(person, category=category, page=int(page_param))
    template = "web/person.html"
    if category and getattr(request, "htmx", False):
        template += "#filmography-group"
    return render(
        request,
        template,
        {"page": page, "person": person, "group": page.filmography[0] if category else None},
    )
