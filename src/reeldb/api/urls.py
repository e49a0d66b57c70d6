from __future__ import annotations

from django.urls import path

from reeldb.api.app import api

urlpatterns = [path("api/", api.urls)]
