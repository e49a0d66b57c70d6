"""The site's URLs: IMDb's paths, so links people know keep working."""

from __future__ import annotations

from django.urls import include, path

from reeldb.search.views import find_view
from reeldb.web.views import home

urlpatterns = [
    path("", home, name="home"),
    path("find", find_view, name="find"),
    path("", include("reeldb.catalog.urls")),
    path("", include("reeldb.community.urls")),
    path("", include("reeldb.charts.urls")),
]
