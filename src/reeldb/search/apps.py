from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class SearchConfig(AppConfig):
    """Finding titles and people by name."""

    name = "reeldb.search"
    label = "search"

    def ready(self) -> None:
        # Models can be imported only once the app registry is ready.
        from reeldb.catalog.models import Person, Title  # noqa: PLC0415
        from reeldb.search.receivers import person_changed, title_changed  # noqa: PLC0415

        for signal in (post_save, post_delete):
            signal.connect(title_changed, sender=Title, dispatch_uid=f"search-title-{signal}")
            signal.connect(person_changed, sender=Person, dispatch_uid=f"search-person-{signal}")
