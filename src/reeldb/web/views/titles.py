"""The title page and its subpages: the catalogue's facts, with the sections other domains add.

Each view fetches the title once, redirects a local ``rt`` id to the IMDb one,
then renders a ``web`` template composed of the domains' partials.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from reeldb.catalog import selectors
from reeldb.catalog.models import Title
from reeldb.community.forms import CheckInForm
from reeldb.community.selectors import get_title_community
from reeldb.errors import NotFound
from reeldb.recommend.selectors import get_related_titles

# ASCII digits only ("¹".isdigit() is true), and few enough to fit any integer column.
SEASON_NUMBER = re.compile(r"[0-9]{1,6}")


def _canonical_redirect(request: HttpRequest, title: Title, public_id: str) -> HttpResponse | None:
    """Redirect a local ``rt`` URL to the ``tt`` one once the IMDb id is known."""
    if public_id == title.public_id:
        return None
    path = request.path.replace(f"/{public_id}/", f"/{title.public_id}/", 1)
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{path}?{query}" if query else path, permanent=True)


def _render_title_page(
    request: HttpRequest,
    title_id: str,
    template: str,
    build_page: Callable[[Title], object],
    extra: Callable[[Title], dict[str, object]] | None = None,
) -> HttpResponse:
    """Fetch the title, redirect a local id to the IMDb one, then render ``build_page``'s page.

    ``extra`` adds the context of the sections other domains own.
    """
    title = selectors.get_title_or_404(title_id)
    if moved := _canonical_redirect(request, title, title_id):
        return moved
    context = {"page": build_page(title), "title": title, **(extra(title) if extra else {})}
    return render(request, template, context)


def title_detail(request: HttpRequest, title_id: str) -> HttpResponse:
    """Render the title page: facts, reeldb's users' ratings, reviews and lists, related titles."""
    return _render_title_page(
        request,
        title_id,
        "web/title.html",
        partial(selectors.get_title_page, top_cast_size=settings.REELDB_TOP_BILLED_CAST),
        extra=lambda title: {
            "community": get_title_community(title, request.user),
            "check_in_form": CheckInForm(),
            "related": get_related_titles(title),
        },
    )


def plot_summary(request: HttpRequest, title_id: str) -> HttpResponse:
    return _render_title_page(
        request, title_id, "web/plot_summary.html", selectors.get_plot_summary_page
    )


def title_sources(request: HttpRequest, title_id: str) -> HttpResponse:
    return _render_title_page(
        request, title_id, "web/title_sources.html", selectors.get_sources_page
    )


def full_credits(request: HttpRequest, title_id: str) -> HttpResponse:
    return _render_title_page(
        request, title_id, "web/full_credits.html", selectors.get_full_credits_page
    )


def episode_guide(request: HttpRequest, title_id: str) -> HttpResponse:
    """Render a page of one season; an htmx request gets only the episode list.

    ``?season=unknown`` is the episodes no source numbers a season for.
    """
    season_param = request.GET.get("season", "")
    season: int | str | None = None
    if season_param == selectors.UNKNOWN_SEASON:
        season = season_param
    elif season_param:
        if not SEASON_NUMBER.fullmatch(season_param):
            raise NotFound("No such season.")
        season = int(season_param)
    page_param = request.GET.get("page", "1")
    if not SEASON_NUMBER.fullmatch(page_param):
        raise NotFound("No such page.")

    def build_page(series: Title) -> selectors.EpisodeGuidePage:
        if not series.is_series:
            raise NotFound("Only series have an episode guide.")
        return selectors.get_episode_guide_page(series, season=season, page=int(page_param))

    template = "web/episode_guide.html"
    if getattr(request, "htmx", False):
        template += "#episode-list"
    return _render_title_page(request, title_id, template, build_page)
