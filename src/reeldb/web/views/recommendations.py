"""A user's "For you" page, and the "Not interested" button on its cards."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from reeldb.catalog.selectors import get_title_or_404
from reeldb.community.views import MemberRequest, safe_next, write_view
from reeldb.errors import NotFound
from reeldb.recommend.selectors import get_recommendations_for
from reeldb.recommend.services import set_not_interested

SECTIONS = "recommend/_sections.html"


def for_you(request: HttpRequest, username: str) -> HttpResponse:
    """Render ``username``'s recommendations; only they may see them (anyone else: 404)."""
    if not request.user.is_authenticated or request.user.get_username() != username:
        raise NotFound("No such page.")
    return render(request, "web/for_you.html", {"for_you": get_recommendations_for(request.user)})


@write_view
def dismiss(request: MemberRequest, title_id: str) -> HttpResponse:
    """Mark a title not interesting (``not_interested=1``) or undo it (``=0``).

    htmx swaps the card for a "Not shown again · Undo" card and back.
    """
    title = get_title_or_404(title_id)
    hide = request.POST.get("not_interested") == "1"
    set_not_interested(user=request.user, title=title, not_interested=hide)
    if not getattr(request, "htmx", False):
        return HttpResponseRedirect(safe_next(request) or _own_page(request.user))
    if hide:
        return render(
            request, f"{SECTIONS}#dismissed", {"title": title, "next": safe_next(request)}
        )
    return render(
        request,
        "web/_title_card.html",
        {"title": title, "reason": "shown again", "dismiss_url": request.path},
    )


def _own_page(user: User) -> str:
    return reverse("recommendations", args=[user.get_username()])
