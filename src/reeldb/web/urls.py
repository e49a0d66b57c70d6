"""The pages ``web`` composes: home, and the title and person pages.

Title and person pages keep the ``catalog`` URL namespace: they are the
catalogue's pages, whichever domains add sections to them, and
``Title.get_absolute_url`` names them there.
"""

from __future__ import annotations

from django.urls import include, path

from reeldb.web.views import (
    browse,
    home,
    images,
    lists,
    people,
    recommendations,
    titles,
    widget,
)

catalog_patterns = [
    path("title/<title_id:title_id>/", titles.title_detail, name="title"),
    path("title/<title_id:title_id>/plotsummary", titles.plot_summary, name="plot_summary"),
    path("title/<title_id:title_id>/fullcredits", titles.full_credits, name="full_credits"),
    path("title/<title_id:title_id>/sources", titles.title_sources, name="sources"),
    path("title/<title_id:title_id>/episodes", titles.episode_guide, name="episodes"),
    path("name/<person_id:person_id>/", people.person_detail, name="person"),
    path("title/<title_id:title_id>/image", images.title_image, name="title_image"),
    path("name/<person_id:person_id>/image", images.person_image, name="person_image"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("feature/genre", browse.genre_index, name="genres"),
    path("favicon.ico", browse.favicon, name="favicon"),
    path("", include((catalog_patterns, "catalog"))),
    path("list/<int:list_id>/find", lists.list_title_search, name="list_title_search"),
    path("widget/title/<title_id:title_id>", widget.title_widget, name="title_widget"),
    path(
        "widget/title/<title_id:title_id>.json",
        widget.title_widget_json,
        name="title_widget_json",
    ),
    path(
        "user/<username:username>/recommendations",
        recommendations.for_you,
        name="recommendations",
    ),
    path(
        "title/<title_id:title_id>/not-interested",
        recommendations.dismiss,
        name="recommendations_dismiss",
    ),
]
