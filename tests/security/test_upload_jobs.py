"""A large history upload is imported by the background worker, its progress on the history page."""

from __future__ import annotations

import os
import signal
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from reeldb.community.models import HistoryImport, Rating
from tests.community.factories import UserFactory
from tests.conftest import run_reeldb, start_serve
from tests.security.test_upload_locks import _catalogue, _ratings_csv

HTMX = {"HTTP_HX_REQUEST": "true"}


def _run_queued_tasks() -> None:
    """Run what is queued, as `reeldb worker` does, then return."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    ).run()


@pytest.mark.django_db(transaction=True)
def test_a_large_upload_is_queued_then_imported_by_the_worker(
    client: Client, settings: Any
) -> None:
    settings.REELDB_UPLOAD_INLINE_ROWS = 100
    _catalogue(200)
    member = UserFactory()
    client.force_login(member)
    upload = SimpleUploadedFile("ratings.csv", _ratings_csv(1_500), "text/csv")

    response = client.post("/accounts/history/", {"export": upload}, follow=True)

    page = response.content.decode()
    assert 'data-status="queued"' in page
    assert 'hx-trigger="every 2s"' in page
    assert not Rating.objects.exists()

    _run_queued_tasks()

    fragment = client.get("/accounts/history/", **HTMX).content.decode()
    assert 'data-status="done"' in fragment
    assert "hx-trigger" not in fragment
    assert "<b>100 matched</b>" in fragment
    assert Rating.objects.filter(user=member).count() == 100
    assert HistoryImport.objects.get().data == b""


@pytest.mark.django_db(transaction=True)
def test_a_second_large_upload_waits_for_the_first(client: Client, settings: Any) -> None:
    settings.REELDB_UPLOAD_INLINE_ROWS = 100
    client.force_login(UserFactory())
    for expected in (302, 409):
        upload = SimpleUploadedFile("ratings.csv", _ratings_csv(500), "text/csv")
        assert client.post("/accounts/history/", {"export": upload}).status_code == expected


@pytest.mark.django_db(transaction=True)
def test_an_import_whose_worker_died_is_failed_after_the_stall_time_and_may_be_retried(
    client: Client, settings: Any
) -> None:
    settings.REELDB_UPLOAD_INLINE_ROWS = 100
    _catalogue(200)
    client.force_login(UserFactory())
    upload = SimpleUploadedFile("ratings.csv", _ratings_csv(500), "text/csv")
    assert client.post("/accounts/history/", {"export": upload}).status_code == 302
    # The worker took the job and was killed: the row says "running" and never moves again.
    stalled = HistoryImport.objects.get()
    stalled.status = "running"
    stalled.touched_at = timezone.now() - timedelta(seconds=settings.REELDB_IMPORT_STALL_SECONDS)
    stalled.save()
    assert 'data-status="running"' not in client.get("/accounts/history/").content.decode()

    stalled.refresh_from_db()
    assert stalled.status == "failed" and "stopped part-way" in stalled.error
    upload = SimpleUploadedFile("ratings.csv", _ratings_csv(500), "text/csv")
    assert client.post("/accounts/history/", {"export": upload}).status_code == 302
    _run_queued_tasks()  # the first job's task, still queued, leaves the given-up job alone
    assert HistoryImport.objects.get().status == "done"
    assert Rating.objects.count() == 100


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as listing:
        return [int(child) for child in listing.read().split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text()


def test_serve_starts_the_worker_and_sigterm_stops_both(reeldb_env: dict[str, str]) -> None:
    assert run_reeldb(reeldb_env, "init").returncode == 0
    server, _ = start_serve(reeldb_env)
    try:
        children = _children(server.pid)
        commands = [Path(f"/proc/{child}/cmdline").read_bytes() for child in children]
        assert any(b"granian" in command for command in commands)
        assert any(b"reeldb.cli\x00worker" in command for command in commands)

        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
    deadline = time.monotonic() + 10
    while any(_alive(child) for child in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(child) for child in children)
