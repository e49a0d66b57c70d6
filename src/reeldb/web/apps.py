from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    """The site's shell: base template, styles, home page and error pages."""

    name = "reeldb.web"
    label = "web"
