"""``/lists``: everyone's public lists, the most recently changed first, a page at a time."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from reeldb.community.models import ListItem, TitleList
from reeldb.community.selectors import LISTS_PAGE_SIZE
from tests.catalog.factories import TitleFactory
from tests.community.factories import TitleListFactory, UserFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def _changed(title_list: TitleList, days_ago: int) -> None:
    when = timezone.now() - datetime.timedelta(days=days_ago)
    TitleList.objects.filter(pk=title_list.pk).update(updated_at=when)


def test_public_lists_come_newest_first_with_their_owner_and_size(client: Client) -> None:
    owner = UserFactory(username="cinephile")
    old = TitleListFactory(name="Old favourites", user=owner)
    new = TitleListFactory(name="New discoveries", user=owner)
    for position, title in enumerate((TitleFactory(), TitleFactory()), start=1):
        ListItem.objects.create(title_list=new, title=title, position=position)
    _changed(old, 10)
    _changed(new, 1)
    text = visible_text(client.get("/lists"))
    assert "New discoveries by cinephile · 2 titles" in text
    assert text.index("New discoveries") < text.index("Old favourites by cinephile · 0 titles")


def test_private_lists_are_not_listed(client: Client) -> None:
    TitleListFactory(name="Guilty pleasures", is_public=False)
    text = visible_text(client.get("/lists"))
    assert "Guilty pleasures" not in text
    assert "No public lists yet." in text


def test_lists_come_a_page_at_a_time_in_three_queries(
    client: Client, django_assert_num_queries: Any
) -> None:
    for index in range(LISTS_PAGE_SIZE + 2):
        _changed(TitleListFactory(name=f"List {index:03d}"), index)
    # the count; one page of lists with their owners; the sizes of that page's lists
    with django_assert_num_queries(3):
        response = client.get("/lists?page=2")
    text = visible_text(response)
    assert f"List {LISTS_PAGE_SIZE:03d}" in text
    assert "List 000" not in text
    assert "Page 2 of 2" in text


def test_a_member_is_offered_to_start_a_list(client: Client) -> None:
    client.force_login(UserFactory())
    assert 'href="/list/new"' in client.get("/lists").content.decode()
