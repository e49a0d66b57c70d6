"""Whatever a visitor puts in a URL or a query, the answer is a page or a 404, never a 500."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from reeldb.catalog.selectors import TITLE_ID, get_title_or_404
from reeldb.errors import NotFound
from tests.catalog.factories import TitleFactory

pytestmark = pytest.mark.django_db

path_segments = st.text(min_size=1, max_size=40).filter(lambda text: "\x00" not in text)
id_like = st.from_regex(r"\A(tt|nm|rt|rn)[0-9]{0,14}[a-z'\"<>]?\Z")


@settings(max_examples=150, deadline=None)
@given(segment=st.one_of(path_segments, id_like))
def test_any_title_or_name_path_is_a_page_or_a_404(segment: str) -> None:
    client = Client(raise_request_exception=False)
    for prefix in ("/title/", "/name/"):
        for suffix in ("/", "/fullcredits", "/plotsummary", "/episodes"):
            response = client.get(f"{prefix}{quote(segment, safe='')}{suffix}")
            assert response.status_code in {200, 301, 404}, (prefix, segment, suffix)


@settings(max_examples=100, deadline=None)
@given(query=st.text(max_size=300), season=st.text(max_size=12))
def test_any_search_query_or_season_is_answered(query: str, season: str) -> None:
    series = TitleFactory(title_type="tvSeries")
    client = Client(raise_request_exception=False)
    assert client.get("/find", {"q": query}).status_code == 200
    response = client.get(f"/title/{series.public_id}/episodes", {"season": season})
    assert response.status_code in {200, 404}


@given(public_id=st.from_regex(TITLE_ID, fullmatch=True))
def test_a_well_formed_id_that_matches_nothing_is_a_404(public_id: str) -> None:
    with pytest.raises(NotFound):
        get_title_or_404(public_id)
