"""A title page shows the first rows of its longest fact lists and counts the rest."""

from __future__ import annotations

import pytest
from django.test import Client

from reeldb.catalog import selectors
from reeldb.catalog.models import Aka, Title
from reeldb.catalog.selectors.titles import FACTS_SHOWN
from tests.catalog.factories import TitleFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def _title_with_akas(count: int) -> Title:
    title: Title = TitleFactory()
    Aka.objects.bulk_create(
        Aka(title=title, aka_title=f"Name {n}", region="US", ordering=n, source=title.source)
        for n in range(count)
    )
    return title


def test_the_page_keeps_the_first_akas_and_counts_the_others() -> None:
    shown = FACTS_SHOWN["akas"]
    page = selectors.get_title_page(_title_with_akas(shown + 30), top_cast_size=18)
    assert [aka.aka_title for aka in page.akas] == [f"Name {n}" for n in range(shown)]
    assert page.more == {"akas": 30}


def test_a_short_list_is_shown_whole_with_no_note(client: Client) -> None:
    title = _title_with_akas(2)
    text = visible_text(client.get(title.get_absolute_url()))
    assert "Name 1" in text
    assert "more" not in text.split("Also known as", 1)[1].split("Name 1", 1)[1][:40]


def test_the_page_says_how_many_akas_it_leaves_out(client: Client) -> None:
    shown = FACTS_SHOWN["akas"]
    title = _title_with_akas(shown + 1234)
    text = visible_text(client.get(title.get_absolute_url()))
    assert f"Name {shown - 1} (United States) …and 1,234 more" in text
    assert f"Name {shown} " not in text
