"""The search app's pages, at IMDb's paths."""

from __future__ import annotations

from django.urls import path

from reeldb.search import views

app_name = "search"
urlpatterns = [
    path("search/title", views.title_search, name="title"),
]
