"""The site menu's links: each marks itself as the current page."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_link(context: dict[str, Any], url_name: str, label: str, *args: Any) -> SafeString:
    """Return a menu link to ``url_name``, with ``aria-current="page"`` on the page it names.

    The current page is the one whose path the link names: a screen reader
    says "current page", and the stylesheet marks it.
    """
    url = reverse(url_name, args=args)
    request = context.get("request")
    if request is not None and request.path == url:
        return format_html('<a href="{}" aria-current="page">{}</a>', url, label)
    return format_html('<a href="{}">{}</a>', url, label)
