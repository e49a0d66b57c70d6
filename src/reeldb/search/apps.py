from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class SearchConfig(AppConfig):
    """Finding titles and people by name."""

    name = "reeldb.search"
    label = "search"

    def ready(self) -> None:
        # Models can be imported only once the app registry is ready.
        from reeldb.catalog.models import Person, Plot, SourceReview, Title  # noqa: PLC0415
        from reeldb.search.meaning.receivers import (  # noqa: PLC0415
            plot_text_deleted,
            plot_text_saved,
        )
        from reeldb.search.receivers import person_changed, title_changed  # noqa: PLC0415

        for signal in (post_save, post_delete):
            signal.connect(title_changed, sender=Title, dispatch_uid=f"search-title-{signal}")
            signal.connect(person_changed, sender=Person, dispatch_uid=f"search-person-{signal}")
        for text_model in (Plot, SourceReview):
            post_save.connect(
                plot_text_saved, sender=text_model, dispatch_uid=f"meaning-saved-{text_model}"
            )
            post_delete.connect(
                plot_text_deleted, sender=text_model, dispatch_uid=f"meaning-deleted-{text_model}"
            )
