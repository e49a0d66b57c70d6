"""The site's URLs: IMDb's paths, so links people know keep working.

The id converters are registered here, before any app's patterns use them.
"""

from __future__ import annotations

from django.urls import include, path, register_converter

from reeldb.catalog.converters import PersonIdConverter, TitleIdConverter
from reeldb.community.converters import UsernameConverter

register_converter(TitleIdConverter, "title_id")
register_converter(PersonIdConverter, "person_id")
register_converter(UsernameConverter, "username")

urlpatterns = [
    path("", include("reeldb.web.urls")),
    path("", include("reeldb.community.urls")),
    path("", include("reeldb.charts.urls")),
    path("", include("reeldb.search.urls")),
]
