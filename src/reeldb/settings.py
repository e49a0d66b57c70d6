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
    "django_tasks",
    "django_tasks_db",
    "reeldb.catalog",
    "reeldb.community",
    "reeldb.charts",
    "reeldb.ingest",
    "reeldb.search",
    "reeldb.recommend",
    "reeldb.api",
    "reeldb.web",
    # Last: its templates and static files serve the API's docs at /api/docs.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "reeldb.web.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "reeldb.web.middleware.TrailingSlashMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "reeldb.web.middleware.ErrorPageMiddleware",
    "reeldb.api.middleware.ApiMiddleware",
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
                "reeldb.community.context_processors.community",
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
        if "postgresql" in config["ENGINE"]:
            # A statement kept waiting 5 s for a lock fails instead of hanging,
            # and the site answers 503 with Retry-After (``errors.is_busy``),
            # as it does after SQLite's 5 s busy timeout.
            options = config.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c lock_timeout=5000".strip()
        return config
    try:
        HOME.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ImproperlyConfigured(
            f"Cannot create REELDB_HOME {HOME} ({error.strerror}): point REELDB_HOME at a "
            "writable folder, or set DATABASE_URL."
        ) from None
    return {
        "ENGINE": "reeldb.sqlite",
        "NAME": HOME / "reeldb.sqlite3",
        # Each server thread keeps its connection between requests: opening one
        # (its PRAGMAs, its memory map, the schema read on the first statement)
        # cost more than the API's title read itself; keeping them took
        # bench/api_load.py's title endpoint from 329 to 780 requests a second.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait
            # on busy_timeout instead of failing with "database is locked".
            "transaction_mode": "IMMEDIATE",
            # WAL lets readers run while one writer writes; NORMAL sync is safe
            # under WAL (a crash may lose the last commits, never corrupts). The
            # WAL grows to the largest transaction (an import's file: gigabytes
            # at full size) and, while any connection is open, stays that size
            # unless a limit lets the next write after a checkpoint cut it back.
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA journal_size_limit=67108864;"
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


# The database cache's table, made by `reeldb init` (``createcachetable``).
CACHE_TABLE = "reeldb_cache"


def redis_cache(prefix: str) -> dict[str, Any] | None:
    """Return a Redis cache at ``REDIS_URL`` with keys under ``prefix``; None when it is unset."""
    redis_url = os.environ.get("REDIS_URL", "").strip()
    if not redis_url:
        return None
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": prefix,
    }


def cache_settings() -> dict[str, Any]:
    """Return the cache: Redis at ``REDIS_URL`` when set, else a table in the database.

    Rate-limit counters live in the cache, so it must be one that every server
    worker (granian runs several processes) and every host shares, or each
    counts alone and a client gets workers × the limit. The database is shared
    already and needs nothing more to run; a file cache would be shared only by
    the processes of one host. Redis is faster and counts atomically.
    """
    if redis := redis_cache("reeldb"):
        return redis
    return {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": CACHE_TABLE,
        # incr() rewrites an entry with the default timeout: an hour outlives
        # every rate-limit window, so no count ends before its window does.
        "TIMEOUT": 3600,
        # Past this many entries Django deletes a third of them, counts
        # included: room for an hour of busy site.
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }


def api_cache_settings() -> dict[str, Any]:
    """Return the API's cache (its rate-limit counts): Redis at ``REDIS_URL``, else local memory.

    The API counts every request, so its counts must cost next to nothing:
    local memory by default, where each server worker counts on its own (a
    client may get workers × the limit), and Redis, shared and atomic, when
    ``REDIS_URL`` is set, as production should.
    """
    return redis_cache("reeldb-api") or {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "reeldb-api",
    }


CACHES = {"default": cache_settings(), "api": api_cache_settings()}
# Requests per minute the API answers each client: each IP address without a
# token, and each personal token, whatever its address (docs/api.md). Counted
# in the "api" cache.
REELDB_API_REQUESTS_PER_MINUTE = env_int("REELDB_API_REQUESTS_PER_MINUTE", default=1200)
REELDB_API_TOKEN_REQUESTS_PER_MINUTE = env_int("REELDB_API_TOKEN_REQUESTS_PER_MINUTE", default=3000)
# Personal API tokens a user may hold at once.
REELDB_API_TOKENS_PER_USER = env_int("REELDB_API_TOKENS_PER_USER", default=20)
# How long clients and proxies may reuse an API read, in seconds.
REELDB_API_MAX_AGE = env_int("REELDB_API_MAX_AGE", default=300)

# argon2 first: new passwords are hashed with it; older hashes still verify.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "community:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
EMAIL_BACKEND = os.environ.get(
    "REELDB_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("REELDB_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("REELDB_EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = os.environ.get("REELDB_FROM_EMAIL", "reeldb <noreply@localhost>")

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
MEDIA_URL = os.environ.get("REELDB_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("REELDB_MEDIA_ROOT", HOME / "media"))


def media_storage() -> dict[str, Any]:
    """Return where images are stored: files under ``MEDIA_ROOT``, or an S3-compatible bucket.

    ``REELDB_S3_BUCKET`` switches to django-storages' S3 backend (the ``s3``
    extra); its other settings come from the environment variables
    django-storages reads itself (AWS_ACCESS_KEY_ID, AWS_S3_ENDPOINT_URL…),
    see docs/images.md.
    """
    bucket = os.environ.get("REELDB_S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options: dict[str, Any] = {"bucket_name": bucket, "file_overwrite": False}
    for option, variable in (
        ("endpoint_url", "REELDB_S3_ENDPOINT_URL"),
        ("region_name", "REELDB_S3_REGION"),
        ("custom_domain", "REELDB_S3_CUSTOM_DOMAIN"),
        ("location", "REELDB_S3_PREFIX"),
    ):
        if value := os.environ.get(variable):
            options[option] = value
    # Renditions are public pictures, named by their content: a plain public
    # URL keeps pages cacheable, where signed URLs change on every render.
    options["querystring_auth"] = env_bool("REELDB_S3_SIGNED_URLS", default=False)
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": media_storage(),
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

# REELDB_HTTPS=1: the site is served over TLS, by a proxy in front of it
# (README, "Running behind TLS"). Cookies then travel only over TLS, plain
# HTTP is redirected, and browsers are told to use HTTPS for a year (HSTS).
# The proxy must set X-Forwarded-Proto and drop any a client sends: Django
# trusts the header to tell whether a request came over TLS.
HTTPS = env_bool("REELDB_HTTPS", default=False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = env_int("REELDB_HSTS_SECONDS", default=365 * 24 * 3600) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preloading commits a whole domain to HTTPS in browsers' built-in lists; only
# the domain's owner can ask for it (hstspreload.org), so reeldb never says so.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Page sizes, configurable for large installs.
REELDB_TOP_BILLED_CAST = env_int("REELDB_TOP_BILLED_CAST", default=18)

# Rate limits, counted in the cache per window of seconds (docs/community.md).
REELDB_LOGIN_ATTEMPTS = env_int("REELDB_LOGIN_ATTEMPTS", default=10)
REELDB_LOGIN_WINDOW = env_int("REELDB_LOGIN_WINDOW", default=900)
REELDB_LOGIN_FREE_FAILURES = env_int("REELDB_LOGIN_FREE_FAILURES", default=5)
REELDB_WRITE_LIMIT = env_int("REELDB_WRITE_LIMIT", default=120)
REELDB_WRITE_WINDOW = env_int("REELDB_WRITE_WINDOW", default=60)
# History uploads (docs/community.md, "Limits"): the largest export a user may upload (IMDb
# or Letterboxd CSV, or Letterboxd's zip), what it may unpack to in all and per file, how far
# a zip member may expand per compressed byte, the rows read per file, and the lines over
# which an import runs in the background worker instead of during the request.
REELDB_UPLOAD_MAX_BYTES = env_int("REELDB_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
REELDB_UPLOAD_MAX_UNPACKED = env_int("REELDB_UPLOAD_MAX_UNPACKED", default=50 * 1024 * 1024)
REELDB_UPLOAD_MAX_MEMBER = env_int("REELDB_UPLOAD_MAX_MEMBER", default=20 * 1024 * 1024)
REELDB_UPLOAD_MAX_RATIO = env_int("REELDB_UPLOAD_MAX_RATIO", default=100)
REELDB_UPLOAD_MAX_ROWS = env_int("REELDB_UPLOAD_MAX_ROWS", default=100_000)
REELDB_UPLOAD_INLINE_ROWS = env_int("REELDB_UPLOAD_INLINE_ROWS", default=2_000)
# Saved pages (docs/importers/pages.md, "Limits"): the most one page may hold once
# unpacked (a file, or one page of an export), how many times its compressed size a gzip
# or bzip2 file may unpack to, how deeply a page's HTML elements may nest (WebKit and
# Chromium nest no deeper than 512 either; building the tree costs its size times its
# depth), and the longest wikitext, in characters: Wikipedia's own limit for an article
# is 2 MiB, and parsing wikitext costs up to 25 microseconds a character.
REELDB_PAGE_MAX_BYTES = env_int("REELDB_PAGE_MAX_BYTES", default=16 * 1024 * 1024)
REELDB_PAGE_MAX_RATIO = env_int("REELDB_PAGE_MAX_RATIO", default=100)
REELDB_PAGE_MAX_DEPTH = env_int("REELDB_PAGE_MAX_DEPTH", default=512)
REELDB_PAGE_MAX_WIKITEXT = env_int("REELDB_PAGE_MAX_WIKITEXT", default=2 * 1024 * 1024)
# A background import queued or running this long without progress was lost
# with its worker (killed, or never started) and is marked failed.
REELDB_IMPORT_STALL_SECONDS = env_int("REELDB_IMPORT_STALL_SECONDS", default=15 * 60)

# Search by meaning (docs/search.md): on when the `semantic` extra is installed,
# unless turned off here (the site then neither offers it nor embeds plots).
REELDB_SEARCH_BY_MEANING = env_bool("REELDB_SEARCH_BY_MEANING", default=True)

# Images (docs/images.md): the largest download or upload accepted, the most
# pixels a picture may declare (a bigger one is refused before it is decoded:
# a small file can declare a huge picture, a "decompression bomb"), how long a
# download may wait for the server, and the widths of the stored WebP renditions.
REELDB_IMAGE_MAX_BYTES = env_int("REELDB_IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
REELDB_IMAGE_MAX_PIXELS = env_int("REELDB_IMAGE_MAX_PIXELS", default=40_000_000)
REELDB_IMAGE_TIMEOUT = env_int("REELDB_IMAGE_TIMEOUT", default=20)
REELDB_IMAGE_WIDTHS = env_list("REELDB_IMAGE_WIDTHS", default=["160", "320", "640"])
if not REELDB_IMAGE_WIDTHS or not all(width.isdigit() for width in REELDB_IMAGE_WIDTHS):
    raise ImproperlyConfigured(
        f"REELDB_IMAGE_WIDTHS={','.join(REELDB_IMAGE_WIDTHS)!r}: give the rendition widths "
        "in pixels, comma-separated (160,320,640)."
    )

# Background tasks (django-tasks): queued in the database, run by the worker that
# `reeldb serve` starts, or by `reeldb worker` on its own (docs/cli.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Charts (docs/charts.md): the weighted rating's minimum votes m, what ratings
# rank titles ("reeldb": reeldb's own users; "published": a source's rating),
# chart lengths and the popularity window.
REELDB_CHART_MIN_VOTES = env_int("REELDB_CHART_MIN_VOTES", default=50)
REELDB_CHART_BASIS = os.environ.get("REELDB_CHART_BASIS", "auto")
if REELDB_CHART_BASIS not in {"auto", "reeldb", "published"}:
    raise ImproperlyConfigured(
        f"REELDB_CHART_BASIS={REELDB_CHART_BASIS!r}: use auto (reeldb's own ratings once a "
        "title has enough, else the published ones), reeldb (reeldb's own ratings) "
        "or published (the rating a source publishes)."
    )
REELDB_CHART_SIZE = env_int("REELDB_CHART_SIZE", default=250)
REELDB_GENRE_CHART_SIZE = env_int("REELDB_GENRE_CHART_SIZE", default=50)
REELDB_POPULARITY_DAYS = env_int("REELDB_POPULARITY_DAYS", default=7)

# Recommendations (docs/recommendations.md): EASE's item-item inverse is dense
# in the titles it covers, so it takes the most-rated REELDB_RECOMMEND_MAX_ITEMS
# (10,000: about 1.2 GiB while it trains); other rated titles are related by
# their raters and traits. REELDB_RECOMMEND_TITLES most-voted titles without
# ratings are related by their traits alone.
REELDB_RECOMMEND_MAX_ITEMS = env_int("REELDB_RECOMMEND_MAX_ITEMS", default=10_000)
REELDB_RECOMMEND_TITLES = env_int("REELDB_RECOMMEND_TITLES", default=100_000)
# Users with this many ratings get "For you" stored at training: scored on
# request, they would read the stored neighbours of hundreds of titles.
REELDB_RECOMMEND_STORED_USERS_FROM = env_int("REELDB_RECOMMEND_STORED_USERS_FROM", default=50)
REELDB_RECOMMEND_EASE = {
    "regularization": 200.0,
    "dropout": 0.5,
    "time_weight": 1.5,
    "rating_emphasis": 0.1,
    "trait_weight": 16.0,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"reeldb": {"level": "INFO"}},
}
