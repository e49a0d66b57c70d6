"""Template filters for the search pages."""

from __future__ import annotations

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from reeldb.catalog.models import Title

register = template.Library()


@register.filter
def title_facts(title: Title) -> str:
    """Return what the advanced search filters and sorts by that a title row leaves out.

    "Action, Thriller · 1h 44m · 144,553 votes".
    """
    facts = [", ".join(title.genre_list), title.runtime_label]
    if title.num_votes is not None:
        facts.append(f"{intcomma(title.num_votes)} vote{'' if title.num_votes == 1 else 's'}")
    return " · ".join(fact for fact in facts if fact)
