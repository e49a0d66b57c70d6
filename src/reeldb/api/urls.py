from __future__ import annotations

from django.urls import path

from reeldb.api import views
from reeldb.api.app import api
from reeldb.api.tmdb import tmdb

urlpatterns = [
    path("api/", api.urls),
    path("tmdb/3/", tmdb.urls),
    path("accounts/tokens/", views.tokens, name="api_tokens"),
]
