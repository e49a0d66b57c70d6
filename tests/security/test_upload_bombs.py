"""A history upload is unpacked under hard caps: a zip bomb is refused in its first megabytes."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reeldb.community.history import check_upload, read_upload
from reeldb.community.models import Rating
from reeldb.errors import InvalidInput
from tests.community.factories import UserFactory
from tests.security.bombs import LETTERBOXD_HEADER, LETTERBOXD_ROW, declaring, zip_of

MIB = 1024 * 1024
# What unpacking a refused bomb may allocate at its peak: a few chunks and the
# page that says no. Reading the whole member, as zipfile.read does, takes
# many times the member's size.
PEAK_BUDGET = 16 * MIB

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bzip2_bomb() -> bytes:
    """8 MiB of ratings in a few KB of bzip2, declared as 1,000 bytes."""
    return declaring(zip_of(8 * MIB, method=zipfile.ZIP_BZIP2), 1_000)


@pytest.fixture(scope="module")
def deflate_bomb() -> bytes:
    """64 MiB of ratings in 200 KB of deflate, its size declared as it is."""
    return zip_of(64 * MIB, method=zipfile.ZIP_DEFLATED)


@pytest.fixture(scope="module")
def understated_deflate_bomb(deflate_bomb: bytes) -> bytes:
    """The deflate bomb, declared as 1,000 bytes."""
    return declaring(deflate_bomb, 1_000)


def _upload(client: Client, data: bytes) -> tuple[Any, int]:
    """Post ``data`` as a Letterboxd zip; return the response and the peak bytes allocated."""
    client.force_login(UserFactory())
    upload = SimpleUploadedFile("letterboxd.zip", data, "application/zip")
    tracemalloc.start()
    try:
        response = client.post("/accounts/history/", {"export": upload})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return response, peak


@pytest.mark.parametrize(
    ("bomb", "refusal"),
    [
        ("bzip2_bomb", "compressed in a way reeldb does not unpack"),
        ("deflate_bomb", "more than 100 times its compressed size"),
        ("understated_deflate_bomb", "ratings.csv cannot be unpacked"),
    ],
)
def test_a_zip_bomb_is_refused_in_its_first_megabytes(
    client: Client, request: pytest.FixtureRequest, bomb: str, refusal: str
) -> None:
    """bzip2 is refused unread, deflate by its ratio or, past its declared size, as damaged."""
    response, peak = _upload(client, request.getfixturevalue(bomb))

    assert response.status_code == 400
    assert refusal in response.content.decode()
    assert peak < PEAK_BUDGET
    assert not Rating.objects.exists()


def _incompressible_csv(size: int) -> bytes:
    rows = (f"2024-01-01,Film {n:x},1995,https://boxd.it/{n * 7919:x},3\n" for n in range(size))
    text = LETTERBOXD_HEADER + "".join(rows).encode()
    return text[: size - 1] + b"\n"


def test_the_upload_is_refused_past_its_unpacked_total(settings: Any) -> None:
    settings.REELDB_UPLOAD_MAX_UNPACKED = 2 * MIB
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for number in range(3):
            bundle.writestr(f"lists/list-{number}.csv", _incompressible_csv(MIB))

    with pytest.raises(InvalidInput, match="The upload unpacks to more than 2 MiB"):
        check_upload(name="letterboxd.zip", data=archive.getvalue())


def test_a_member_is_refused_past_its_own_cap(settings: Any) -> None:
    settings.REELDB_UPLOAD_MAX_MEMBER = MIB
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("diary.csv", _incompressible_csv(2 * MIB))

    with pytest.raises(InvalidInput, match=r"diary\.csv unpacks to more than 1 MiB"):
        check_upload(name="letterboxd.zip", data=archive.getvalue())


def test_a_file_is_read_up_to_the_row_cap_and_the_rest_reported(settings: Any) -> None:
    settings.REELDB_UPLOAD_MAX_ROWS = 10
    upload = check_upload(name="ratings.csv", data=LETTERBOXD_HEADER + LETTERBOXD_ROW * 25)

    items = list(read_upload(upload))

    assert len(items) == 11
    assert str(items[-1]) == "ratings.csv:12: more than 10 rows: the rest of the file is not read"


def test_a_line_without_end_is_cut_and_reported() -> None:
    upload = check_upload(name="ratings.csv", data=LETTERBOXD_HEADER + b"x" * 300_000)

    items = list(read_upload(upload))

    assert [str(item) for item in items] == [
        "ratings.csv:2: a line longer than 262,144 characters: the rest of the file is not read"
    ]
