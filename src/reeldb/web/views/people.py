"""The person page: the catalogue's facts and filmography."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from reeldb.catalog import selectors


def person_detail(request: HttpRequest, person_id: str) -> HttpResponse:
    """Render a person's page; a local ``rn`` id redirects to the IMDb one once it is known."""
    person = selectors.get_person_or_404(person_id)
    if person_id != person.public_id:
        return redirect(person, permanent=True)
    page = selectors.get_person_page(person)
    return render(request, "web/person.html", {"page": page, "person": person})
