"""Images: record where a source's picture of a title or person is, store it, and show the best.

A source states at most one picture of a title or person (``Image``'s unique
constraints). Referencing it again with the same address changes nothing; a
new address starts over (pending, no attempts). Once stored, the best stored
picture by source precedence is copied onto the owner's ``shown_image``, the
way claims choose a field's shown value.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from reeldb.catalog.models import Image, ImageStatus, Person, Source, SourceKind, Title
from reeldb.catalog.renditions import ImageRejected, store_renditions
from reeldb.catalog.services.sources import get_source
from reeldb.errors import InvalidInput

REASON_LENGTH = Image._meta.get_field("reason").max_length or 500


def commons_attribution(file_name: str) -> str:
    """Return the credit line of a Wikimedia Commons file: "File:X.jpg, via Wikimedia Commons"."""
    return f"File:{file_name}, via Wikimedia Commons"


def _owned(owner: Title | Person) -> dict[str, Any]:
    return {"title": owner} if isinstance(owner, Title) else {"person": owner}


def reference_image(
    *, owner: Title | Person, source: Source, url: str, attribution: str = ""
) -> tuple[Image, bool]:
    """Record that ``source`` shows ``owner`` with the picture at ``url``; return it and a change.

    The picture is fetched later (``reeldb images fetch``). A stored or
    rejected picture of the same address is left as it is.
    """
    image, created = Image.objects.get_or_create(
        source=source,
        **_owned(owner),
        defaults={"original_url": url, "attribution": attribution},
    )
    if created:
        return image, True
    if image.original_url == url:
        if image.attribution == attribution:
            return image, False
        image.attribution = attribution
        image.save(update_fields=["attribution", "updated_at"])
        return image, True
    was_shown = bool(image.renditions)
    # A new address is a new picture: the old one no longer stands for this source.
    image.original_url = url
    image.attribution = attribution
    image.status = ImageStatus.PENDING
    image.reason = ""
    image.attempts = 0
    image.renditions = []
    image.save(
        update_fields=[
            *("original_url", "attribution", "status", "reason", "attempts", "renditions"),
            "updated_at",
        ]
    )
    if was_shown:
        show_best_image(owner=owner)
    return image, True


def store_image(*, image: Image, data: bytes) -> Image:
    """Check ``data``, store its renditions as ``image``'s and show the owner's best picture.

    A refused file marks the image rejected with the reason and raises
    ``ImageRejected``: it is not tried again until its reference changes.
    """
    try:
        renditions = store_renditions(data)
    except ImageRejected as error:
        reject_image(image=image, reason=str(error))
        raise
    with transaction.atomic():
        image.renditions = [rendition.as_json() for rendition in renditions]
        image.status = ImageStatus.STORED
        image.reason = ""
        image.attempts += 1
        image.save(update_fields=["renditions", "status", "reason", "attempts", "updated_at"])
        show_best_image(owner=image.owner)
    return image


def record_failure(*, image: Image, reason: str) -> Image:
    """Record a failed download of ``image``: it stays to be tried again on the next run."""
    image.status = ImageStatus.FAILED
    image.reason = reason[:REASON_LENGTH]
    image.attempts += 1
    image.save(update_fields=["status", "reason", "attempts", "updated_at"])
    return image


def reject_image(*, image: Image, reason: str) -> Image:
    """Mark ``image`` refused for ``reason``: it is not downloaded again."""
    image.status = ImageStatus.REJECTED
    image.reason = reason[:REASON_LENGTH]
    image.attempts += 1
    image.save(update_fields=["status", "reason", "attempts", "updated_at"])
    return image


def show_best_image(*, owner: Title | Person) -> None:
    """Copy the best stored picture of ``owner`` (by source precedence) onto ``shown_image``.

    Among one kind of source, the latest stored wins: a newer upload replaces
    an older one.
    """
    stored = list(
        Image.objects.filter(**_owned(owner), status=ImageStatus.STORED)
        .exclude(renditions=[])
        .select_related("source")
        .order_by("-updated_at", "-pk")
    )
    stored.sort(key=lambda image: image.source.precedence)
    shown = stored[0].shown() if stored else None
    if owner.shown_image != shown:
        owner.shown_image = shown
        owner.save(update_fields=["shown_image"])


@transaction.atomic
def upload_image(*, owner: Title | Person, data: bytes, filename: str, uploader: str) -> Image:
    """Store a picture of ``owner`` a staff member uploaded, by the same checks as a download.

    The upload is the uploader's own source (a reeldb user's word, which
    outranks every imported picture). Raises ``InvalidInput`` naming why a
    file is refused; nothing is kept of a refused file.
    """
    source = get_source(kind=SourceKind.USER, name=f"Image upload by {uploader}")
    try:
        renditions = store_renditions(data)
    except ImageRejected as error:
        raise InvalidInput(
            f"{filename or 'The file'} was refused: {error}.",
            code="invalid_image",
            details={"field": "image"},
        ) from error
    image, _created = Image.objects.update_or_create(
        source=source,
        **_owned(owner),
        defaults={
            "original_url": "",
            "uploaded_name": filename[:255],
            "attribution": "",
            "status": ImageStatus.STORED,
            "reason": "",
            "renditions": [rendition.as_json() for rendition in renditions],
        },
    )
    show_best_image(owner=owner)
    return image
