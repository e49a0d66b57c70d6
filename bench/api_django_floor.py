"""The least any Django endpoint costs: ``bench/api_load.py``'s floor for reeldb's own stack.

    granian --interface wsgi --workers 2 --blocking-threads 5 bench.api_django_floor:application
    (REELDB_HOME or DATABASE_URL set)

Django 5.2 as reeldb serves it (granian's WSGI interface, the same threads, a connection
kept per thread for 60 s), with nothing reeldb adds: no middleware, no apps, one URL
pattern, and a view that runs the ceiling's one statement (``bench/api_ceiling.py``)
through Django's connection and answers the ceiling's JSON. What it serves beside the
Starlette ceiling is what Django's request cycle alone costs, before any of reeldb's
middleware, django-ninja or the ORM; no Django endpoint can be faster.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

from bench.api_ceiling import SELECT, title_body


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60))
    home = Path(os.environ.get("REELDB_HOME", Path.home() / ".local/share/reeldb"))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": home / "reeldb.sqlite3",
        "CONN_MAX_AGE": 60,
    }


# Django's cursor takes %s on every database (its SQLite backend rewrites it).
STATEMENT = SELECT.format("%s")


def title(request: HttpRequest, tconst: str) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(STATEMENT, [tconst])
        row = cursor.fetchone()
    if row is None:
        return HttpResponse('{"error": {"code": "not_found"}}', status=404)
    return HttpResponse(json.dumps(title_body(row)), content_type="application/json")


settings.configure(
    DEBUG=False,
    SECRET_KEY="bench",  # noqa: S106 - a local benchmark's server, no sessions or signing
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={"default": _database()},
    USE_TZ=True,
)
urlpatterns = [path("titles/<str:tconst>", title)]
application = get_wsgi_application()
