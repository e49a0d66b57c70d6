"""Template filters for the search pages."""

from __future__ import annotations

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from reeldb.catalog.models import Title

register = template.Library()


@register.filter
def title_facts(title: Title) -> SafeString:
    """Return what the advanced search filters and sorts by that a title row leaves out.

    "Action, Thriller · 1h 44m · 144,553 votes", each genre a link to its titles.
    """
    search = reverse("search:title")
    genres = format_html_join(
        ", ",
        '<a href="{}?{}">{}</a>',
        ((search, urlencode({"genres": genre}), genre) for genre in title.genre_list),
    )
    facts = [genres, title.runtime_label]
    if title.num_votes is not None:
        facts.append(f"{intcomma(title.num_votes)} vote{'' if title.num_votes == 1 else 's'}")
    return format_html_join(" · ", "{}", ((fact,) for fact in facts if fact))
