"""The rating widget other sites embed: a title, its rating and votes, linking back.

``/widget/title/<id>`` is a small HTML page meant for an ``<iframe>`` (the
title page's "Share this rating" box gives the code to paste), in a light or
a dark style (``?theme=dark``); ``/widget/title/<id>.json`` is the same for
scripts. These are the only pages another site may frame: they alone drop
``X-Frame-Options`` and set CSP's ``frame-ancestors *``. Both are cached by
browsers and proxies for ten minutes.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt

from reeldb.catalog.models import Title
from reeldb.catalog.selectors import get_title_or_404
from reeldb.web.security import CONTENT_SECURITY_POLICY

WIDGET_MAX_AGE = 600
THEMES = ("light", "dark")
FRAMEABLE_POLICY = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors *")


def widget_facts(request: HttpRequest, title: Title) -> dict[str, Any]:
    """Return what the widget shows: the title, its year, rating and votes, and its page."""
    return {
        "id": title.public_id,
        "title": title.primary_title,
        "year": title.start_year,
        "rating": str(title.average_rating) if title.average_rating is not None else None,
        "votes": title.num_votes or 0,
        "url": request.build_absolute_uri(title.get_absolute_url()),
    }


@xframe_options_exempt
@cache_control(public=True, max_age=WIDGET_MAX_AGE)
def title_widget(request: HttpRequest, title_id: str) -> HttpResponse:
    title = get_title_or_404(title_id)
    theme = request.GET.get("theme", "light")
    facts = widget_facts(request, title)
    context = {"facts": facts, "theme": theme if theme in THEMES else "light"}
    response = render(request, "web/widget.html", context)
    response["Content-Security-Policy"] = FRAMEABLE_POLICY
    return response


@cache_control(public=True, max_age=WIDGET_MAX_AGE)
def title_widget_json(request: HttpRequest, title_id: str) -> JsonResponse:
    response = JsonResponse(widget_facts(request, get_title_or_404(title_id)))
    response["Access-Control-Allow-Origin"] = "*"
    return response
