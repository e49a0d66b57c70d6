"""Typed readers for the environment variables that configure reeldb.

Each helper raises ``ImproperlyConfigured`` with the variable's name and what
would be accepted, so a typo in a deployment fails at start-up, not on the
first request.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


def env_bool(name: str, *, default: bool) -> bool:
    """Return the boolean value of ``name``; accepts 1/0, true/false, yes/no, on/off."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use 1/0, true/false or yes/no.")


def env_list(name: str, *, default: list[str]) -> list[str]:
    """Return the comma-separated list in ``name``, without empty items."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, *, default: int) -> int:
    """Return the integer value of ``name``."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None


def reeldb_home() -> Path:
    """Return the folder that holds the embedded database, secret key and static files.

    ``REELDB_HOME`` wins; otherwise the XDG data folder, so a fresh checkout
    runs without any configuration.
    """
    configured = os.environ.get("REELDB_HOME")
    if configured:
        return Path(configured).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "reeldb"


def secret_key(home: Path) -> str:
    """Return ``REELDB_SECRET_KEY``, or a key generated once and kept in ``home``.

    Keeping the generated key on disk means sessions survive a restart of an
    unconfigured install without anyone having to invent a secret.
    """
    configured = os.environ.get("REELDB_SECRET_KEY")
    if configured:
        return configured
    key_file = home / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        pass
    try:
        home.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        # O_EXCL: two workers starting at once must not each write their own key.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    except OSError as error:
        raise ImproperlyConfigured(
            f"Cannot write a secret key to {key_file} ({error.strerror}): "
            "set REELDB_SECRET_KEY or point REELDB_HOME at a writable folder."
        ) from None
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
