"""Thin views for the catalogue's pages: fetch, call one selector, render."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from reeldb.catalog import selectors
from reeldb.catalog.models import Title


def _canonical_redirect(request: HttpRequest, title: Title, public_id: str) -> HttpResponse | None:
    """Redirect a local ``rt`` URL to the ``tt`` one once the IMDb id is known."""
    if public_id == title.public_id:
        return None
    path = request.path.replace(f"/{public_id}/", f"/{title.public_id}/", 1)
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{path}?{query}" if query else path, permanent=True)


def title_detail(request: HttpRequest, title_id: str) -> HttpResponse:
    title = selectors.get_title_or_404(title_id)
    if moved := _canonical_redirect(request, title, title_id):
        return moved
    page = selectors.get_title_page(title, top_cast_size=settings.REELDB_TOP_BILLED_CAST)
    return render(request, "catalog/title_detail.html", {"page": page, "title": title})


def plot_summary(request: HttpRequest, title_id: str) -> HttpResponse:
    title = selectors.get_title_or_404(title_id)
    if moved := _canonical_redirect(request, title, title_id):
        return moved
    page = selectors.get_plot_summary_page(title)
    return render(request, "catalog/plot_summary.html", {"page": page, "title": title})


def full_credits(request: HttpRequest, title_id: str) -> HttpResponse:
    title = selectors.get_title_or_404(title_id)
    if moved := _canonical_redirect(request, title, title_id):
        return moved
    page = selectors.get_full_credits_page(title)
    return render(request, "catalog/full_credits.html", {"page": page, "title": title})


def episode_guide(request: HttpRequest, title_id: str) -> HttpResponse:
    """Render one season; an htmx request for another season gets only the episode list."""
    title = selectors.get_title_or_404(title_id)
    if moved := _canonical_redirect(request, title, title_id):
        return moved
    if not title.is_series:
        raise Http404("Only series have an episode guide")
    season_param = request.GET.get("season", "")
    if season_param and not season_param.isdigit():
        raise Http404("No such season")
    page = selectors.get_episode_guide_page(
        title, season=int(season_param) if season_param else None
    )
    template = "catalog/episode_guide.html"
    if getattr(request, "htmx", False):
        template += "#episode-list"
    return render(request, template, {"page": page, "title": title})


def person_detail(request: HttpRequest, person_id: str) -> HttpResponse:
    person = selectors.get_person_or_404(person_id)
    if person_id != person.public_id:
        return redirect(person, permanent=True)
    page = selectors.get_person_page(person)
    return render(request, "catalog/person_detail.html", {"page": page, "person": person})
