"""Staff uploads of a title's poster or a person's portrait.

The upload goes through the catalogue's ``upload_image``: the same checks as a
downloaded picture (Pillow, size and pixel limits), the same renditions. A
refused file is named in a message on the page it came from.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST
from django.views.static import serve

from reeldb.catalog import selectors
from reeldb.catalog.models import Person, Title
from reeldb.catalog.renditions import max_bytes
from reeldb.catalog.services import upload_image
from reeldb.errors import InvalidInput

# Renditions are named by their content: a name never changes what it holds.
MEDIA_CACHE = "public, max-age=31536000, immutable"


@require_GET
def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Serve a stored picture from MEDIA_ROOT (the filesystem storage only; see reeldb.urls).

    Django's ``serve`` refuses any path that leaves MEDIA_ROOT and answers 404
    for what is not there; a path that tries to leave, or that no file could
    have (a NUL byte, a name longer than the file system allows), is not there either.
    """
    try:
        response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    except (SuspiciousFileOperation, ValueError, OSError) as error:
        raise Http404(path) from error
    response.headers["Cache-Control"] = MEDIA_CACHE
    return response


@require_POST
def title_image(request: HttpRequest, title_id: str) -> HttpResponse:
    """Store the uploaded poster of a title and go back to its page."""
    return _upload(request, selectors.get_title_or_404(title_id))


@require_POST
def person_image(request: HttpRequest, person_id: str) -> HttpResponse:
    """Store the uploaded portrait of a person and go back to their page."""
    return _upload(request, selectors.get_person_or_404(person_id))


def _upload(request: HttpRequest, owner: Title | Person) -> HttpResponse:
    if not request.user.is_staff:
        raise PermissionDenied("Only staff may upload pictures.")
    upload = request.FILES.get("image")
    try:
        if upload is None:
            raise InvalidInput("Choose a picture to upload.", code="invalid_image")
        if upload.size is not None and upload.size > max_bytes():
            raise InvalidInput(
                f"{upload.name} was refused: it is {upload.size:,} bytes, over the limit "
                f"of {max_bytes():,}.",
                code="invalid_image",
            )
        upload_image(
            owner=owner,
            data=upload.read(),
            filename=upload.name or "",
            uploader=request.user.get_username(),
        )
    except InvalidInput as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Picture saved.")
    return redirect(owner)
