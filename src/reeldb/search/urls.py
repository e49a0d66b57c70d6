"""The search app's pages, at IMDb's paths."""

from __future__ import annotations

from django.urls import path

from reeldb.search import views

app_name = "search"
urlpatterns = [
    path("find", views.find_view, name="find"),
    path("suggest", views.suggest_view, name="suggest"),
    path("search/title", views.title_search, name="title"),
]
