"""The site's URLs: IMDb's paths, so links people know keep working.

The id converters are registered here, before any app's patterns use them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.urls import URLPattern, URLResolver, include, path, register_converter

from reeldb.catalog.converters import PersonIdConverter, TitleIdConverter
from reeldb.community.converters import UsernameConverter
from reeldb.web.views.images import media

register_converter(TitleIdConverter, "title_id")
register_converter(PersonIdConverter, "person_id")
register_converter(UsernameConverter, "username")

# The API's patterns come first: Django tries patterns in order, every API
# request would otherwise be matched against every page's pattern first, and
# the API's few prefixes are quickly passed over for a page.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("reeldb.api.urls")),
    path("", include("reeldb.web.urls")),
    path("", include("reeldb.community.urls")),
    path("", include("reeldb.charts.urls")),
    path("", include("reeldb.search.urls")),
]

# Pictures stored on this machine (docs/images.md) are served by reeldb itself;
# whitenoise serves only static files. ``serve`` keeps every path inside
# MEDIA_ROOT. A bucket serves its own files, and its URLs are absolute.
if isinstance(default_storage, FileSystemStorage) and settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media, name="media"))
