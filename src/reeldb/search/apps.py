from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class SearchConfig(AppConfig):
    """Finding what IMDb's /find finds: names of all kinds, and words in quotes, plots, bios."""

    name = "reeldb.search"
    label = "search"

    def ready(self) -> None:
        # Models can be imported only once the app registry is ready.
        from reeldb.catalog.models import Person, Plot, Quote, SourceReview, Title  # noqa: PLC0415
        from reeldb.search import receivers  # noqa: PLC0415
        from reeldb.search.meaning import receivers as meaning  # noqa: PLC0415

        for signal in (post_save, post_delete):
            signal.connect(
                receivers.title_changed, sender=Title, dispatch_uid=f"search-title-{signal}"
            )
            signal.connect(
                receivers.person_changed, sender=Person, dispatch_uid=f"search-person-{signal}"
            )
        for model, deleted in ((Quote, receivers.quote_deleted), (Plot, receivers.plot_deleted)):
            name = model.__name__.lower()
            post_save.connect(
                receivers.title_text_saved, sender=model, dispatch_uid=f"search-{name}-saved"
            )
            post_delete.connect(deleted, sender=model, dispatch_uid=f"search-{name}-deleted")
        for text_model in (Plot, SourceReview):
            post_save.connect(
                meaning.plot_text_saved,
                sender=text_model,
                dispatch_uid=f"meaning-saved-{text_model}",
            )
            post_delete.connect(
                meaning.plot_text_deleted,
                sender=text_model,
                dispatch_uid=f"meaning-deleted-{text_model}",
            )
