"""Large history imports run in the background worker, their progress shown on the history page.

An upload of more than ``REELDB_UPLOAD_INLINE_ROWS`` lines waits in a
``HistoryImport`` row for a django-tasks task; the worker ``reeldb serve``
starts (or ``reeldb worker``) runs it, and the history page polls the row.
A worker killed mid-import (or never started) cannot mark its job failed, so
a job that makes no progress for ``REELDB_IMPORT_STALL_SECONDS`` is marked
failed by the next request that looks at it, and its user may upload again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from reeldb.community.history.importing import HistoryReport, check_upload, import_history
from reeldb.community.history.unpacking import Upload
from reeldb.community.models import HistoryImport, ImportStatus
from reeldb.errors import Conflict, InvalidInput

logger = logging.getLogger(__name__)
UNFINISHED = (ImportStatus.QUEUED, ImportStatus.RUNNING)


def queue_history_import(*, user: User, upload: Upload) -> HistoryImport:
    """Keep ``upload`` for the worker and queue its import; one import at a time per user.

    The task is queued once the row is committed, so the worker always finds
    it. A user's earlier finished imports are dropped: the page shows the latest.
    """
    _fail_stalled(user)
    if HistoryImport.objects.filter(user=user, status__in=UNFINISHED).exists():
        raise Conflict(
            "Your previous import is still running: wait for it to finish.",
            code="import_running",
        )
    with transaction.atomic():
        HistoryImport.objects.filter(user=user).exclude(status__in=UNFINISHED).delete()
        job = HistoryImport.objects.create(
            user=user,
            file_name=upload.name[:255],
            data=upload.data,
            unpacked_bytes=upload.size.unpacked,
        )
        transaction.on_commit(lambda: run_history_import.enqueue(job.pk))
    return job


@task()
def run_history_import(import_id: int) -> None:
    """Import a queued upload, noting progress after each batch; drop its bytes at the end."""
    job = HistoryImport.objects.select_related("user").filter(pk=import_id).first()
    if job is None or job.status != ImportStatus.QUEUED:
        return  # given up as stalled before a worker took it (and maybe replaced since)
    _update(job.pk, status=ImportStatus.RUNNING)
    try:
        upload = check_upload(name=job.file_name, data=bytes(job.data))
        report = import_history(
            user=job.user,
            upload=upload,
            progress=lambda read, so_far: _update(job.pk, read_bytes=read, report=so_far.as_json()),
        )
    except InvalidInput as error:
        _finish(job.pk, status=ImportStatus.FAILED, error=error.message)
    except BaseException:
        # Also a worker stopped part-way (KeyboardInterrupt): the row must not stay
        # "running", or the user could never import again.
        logger.exception("History import %s stopped", job.pk)
        _finish(
            job.pk,
            status=ImportStatus.FAILED,
            error="The import stopped part-way; what it imported is kept. "
            "Upload the file again to finish it: nothing is imported twice.",
        )
        raise
    else:
        _finish(job.pk, status=ImportStatus.DONE, report=report.as_json())


def _update(import_id: int, **fields: object) -> None:
    HistoryImport.objects.filter(pk=import_id).update(touched_at=timezone.now(), **fields)


def _finish(import_id: int, **fields: object) -> None:
    _update(import_id, data=b"", finished_at=timezone.now(), **fields)


def _fail_stalled(user: User) -> None:
    """Mark failed ``user``'s imports that made no progress for ``REELDB_IMPORT_STALL_SECONDS``."""
    cutoff = timezone.now() - timedelta(seconds=settings.REELDB_IMPORT_STALL_SECONDS)
    stalled = HistoryImport.objects.filter(user=user, status__in=UNFINISHED, touched_at__lt=cutoff)
    for job in stalled.only("pk", "status"):
        waited = "was never started" if job.status == ImportStatus.QUEUED else "stopped part-way"
        _finish(
            job.pk,
            status=ImportStatus.FAILED,
            error=f"The import {waited}: the background worker is not running or was stopped. "
            "What it imported is kept; upload the file again to finish it: nothing is imported "
            "twice.",
        )


@dataclass(frozen=True)
class ImportProgress:
    """The user's latest queued import and, once it has read a batch, its report so far."""

    job: HistoryImport
    report: HistoryReport | None


def get_latest_import(user: User) -> ImportProgress | None:
    """Return ``user``'s latest background import, without its upload's bytes, or None."""
    _fail_stalled(user)
    job = HistoryImport.objects.filter(user=user).defer("data").order_by("-created_at").first()
    if job is None:
        return None
    return ImportProgress(job, HistoryReport.from_json(job.report) if job.report else None)
