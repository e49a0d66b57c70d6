"""A Letterboxd list lands in one of the user's lists even when two share its name."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reeldb.community.models import TitleList
from tests.catalog.factories import TitleFactory
from tests.community.factories import UserFactory

LETTERBOXD_LIST = (
    "Letterboxd list export v7\nDate,Name,Tags,URL,Description\n"
    "2024-04-01,Mexico Trilogy,,https://boxd.it/list,Rodriguez\n\n"
    "Position,Name,Year,URL,Description\n1,El Mariachi,1992,https://boxd.it/a,\n"
)


@pytest.mark.django_db
def test_a_list_named_like_two_of_the_users_lists_goes_to_the_older(client: Client) -> None:
    member = UserFactory()
    older, newer = (TitleList.objects.create(user=member, name="Mexico Trilogy") for _ in "ab")
    mariachi = TitleFactory(primary_title="El Mariachi", start_year=1992)
    client.force_login(member)
    upload = SimpleUploadedFile("mexico-trilogy.csv", LETTERBOXD_LIST.encode(), "text/csv")

    response = client.post("/accounts/history/", {"export": upload})

    assert response.status_code == 200
    assert "1 list entry" in response.content.decode()
    assert [item.title for item in older.items.all()] == [mariachi]
    assert not newer.items.exists()
