"""Read a page as a person does: its visible text, tags and scripts left out."""

from __future__ import annotations

import html
import re
from typing import Any

# The site menu and the skip link, the same on every page (tests/web/test_navigation.py reads
# them): left out, so that a page's text is what that page says.
SHELL = re.compile(
    r'<a class="skip-link".*?</a>|<details class="menu-fold">.*?</details>'
    r'|<div class="menu-bar">.*?</nav>\s*</div>',
    flags=re.S,
)


def visible_text(response: Any) -> str:
    """Return the page's visible text with tags removed, entities decoded, whitespace collapsed.

    The site menu is left out: it is every page's, not the page's own.
    """
    markup = SHELL.sub(" ", response.content.decode())
    markup = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def find_results_text(response: Any) -> str:
    """Return the visible text of ``/find``'s results: what follows its category tabs."""
    markup = response.content.decode().split('class="find-tabs"', 1)[1].split("</nav>", 1)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())
