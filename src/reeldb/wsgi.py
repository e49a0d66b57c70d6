"""WSGI entry point: ``reeldb serve`` runs this under granian."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reeldb.settings")

application = get_wsgi_application()
