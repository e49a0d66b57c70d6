"""Read a page as a person does: its visible text, tags and scripts left out."""

from __future__ import annotations

import html
import re
from typing import Any


def visible_text(response: Any) -> str:
    """Return the page's visible text with tags removed, entities decoded, whitespace collapsed."""
    markup = response.content.decode()
    markup = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def find_results_text(response: Any) -> str:
    """Return the visible text of ``/find``'s results: what follows its category tabs."""
    markup = response.content.decode().split('class="find-tabs"', 1)[1].split("</nav>", 1)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())
