"""Django settings for reeldb, read from the environment.

``DATABASE_URL`` chooses the database (PostgreSQL in production); without it
reeldb keeps an SQLite file in WAL mode under ``REELDB_HOME``. See
``docs/architecture.md`` for every variable.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from reeldb.env import env_bool, env_int, env_list, reeldb_home, secret_key

PACKAGE_DIR = Path(__file__).resolve().parent
HOME = reeldb_home()

DEBUG = env_bool("REELDB_DEBUG", default=False)
SECRET_KEY = secret_key(HOME)
ALLOWED_HOSTS = env_list("REELDB_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("REELDB_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "reeldb.catalog",
    "reeldb.ingest",
    "reeldb.search",
    "reeldb.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "reeldb.urls"
WSGI_APPLICATION = "reeldb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_settings() -> dict[str, Any]:
    """Return the default database: ``DATABASE_URL``, or SQLite under ``REELDB_HOME``."""
    database_url = os.environ.get("DATABASE_URL", "").strip()
    if database_url:
        config: dict[str, Any] = dict(dj_database_url.parse(database_url, conn_max_age=60))
        config["CONN_HEALTH_CHECKS"] = True
        return config
    try:
        HOME.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ImproperlyConfigured(
            f"Cannot create REELDB_HOME {HOME} ({error.strerror}): point REELDB_HOME at a "
            "writable folder, or set DATABASE_URL."
        ) from None
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": HOME / "reeldb.sqlite3",
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait
            # on busy_timeout instead of failing with "database is locked".
            "transaction_mode": "IMMEDIATE",
            # WAL lets readers run while one writer writes; NORMAL sync is safe
            # under WAL (a crash may lose the last commits, never corrupts).
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=5000;"
                "PRAGMA temp_store=MEMORY;"
                "PRAGMA cache_size=-65536;"
                "PRAGMA mmap_size=268435456;"
            ),
        },
    }


DATABASES = {"default": database_settings()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env_bool("REELDB_PLAIN_STATIC", default=DEBUG)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Page sizes, configurable for large installs.
REELDB_TOP_BILLED_CAST = env_int("REELDB_TOP_BILLED_CAST", default=18)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"reeldb": {"level": "INFO"}},
}
