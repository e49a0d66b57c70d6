"""The title page's highlights: awards, popularity, review counts, full cast, money, synopsis.

Each is shown when the data states it and left out when it does not.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from selectolax.lexbor import LexborHTMLParser

from reeldb.catalog.models import BoxOffice, SourceKind, Title, TitleType
from reeldb.catalog.services import upsert_title
from tests.catalog.factories import SourceFactory, TitleFactory, make_rich_title
from tests.community.factories import ReviewFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db

DESPERADO = "/title/tt0112851/"


def _imdb_states(**values: Any) -> Title:
    """Return the rich Desperado with a saved IMDb page stating ``values`` too."""
    make_rich_title()
    source = SourceFactory(kind=SourceKind.IMDB_PAGE, name="title page of Desperado")
    title, _ = upsert_title(source=source, key="tt0112851", tconst="tt0112851", values=values)
    return title


def _testid(markup: str, testid: str) -> tuple[str, str]:
    """Return the markup and the visible text of the element marked ``data-testid=testid``."""
    node = LexborHTMLParser(markup).css_first(f'[data-testid="{testid}"]')
    assert node is not None, f"no {testid} on the page"
    return node.html or "", " ".join(node.text().split())


def _bare_title_page(client: Client) -> str:
    TitleFactory(tconst="tt0000042", primary_title="Bare", title_type=TitleType.MOVIE)
    return client.get("/title/tt0000042/").content.decode()


def test_the_awards_line_is_shown_when_a_source_states_one(client: Client) -> None:
    _imdb_states(awards_summary="1 win & 4 nominations")
    assert "Awards 1 win & 4 nominations" in visible_text(client.get(DESPERADO))


def test_the_popularity_rank_links_to_most_popular_with_its_movement_in_words(
    client: Client,
) -> None:
    _imdb_states(popularity_rank=2415, popularity_change=567)
    popularity, text = _testid(client.get(DESPERADO).content.decode(), "popularity")
    assert 'href="/chart/moviemeter"' in popularity
    assert "2,415" in text
    assert "▲567" in text
    assert "up 567 places since the last chart" in text


def test_a_fall_in_popularity_is_shown_and_said_as_down(client: Client) -> None:
    _imdb_states(popularity_rank=80, popularity_change=-12)
    text = visible_text(client.get(DESPERADO))
    assert "▼12" in text
    assert "down 12 places since the last chart" in text


def test_a_series_popularity_is_not_linked_to_the_movie_chart(client: Client) -> None:
    TitleFactory(tconst="tt0000043", title_type=TitleType.TV_SERIES, popularity_rank=7)
    popularity, text = _testid(client.get("/title/tt0000043/").content.decode(), "popularity")
    assert "7" in text
    assert "/chart/moviemeter" not in popularity


def test_review_counts_name_their_source_and_link_reeldbs_own_reviews(client: Client) -> None:
    title = _imdb_states(user_review_count=203, critic_review_count=90)
    ReviewFactory.create_batch(2, title=title)
    markup = client.get(DESPERADO).content.decode()
    counts, text = _testid(markup, "review-counts")
    assert "203 user reviews" in text
    assert "90 critic reviews" in text
    assert "per IMDb page" in text
    assert "2 reviews on reeldb" in text
    assert 'href="/title/tt0112851/reviews"' in counts


def test_a_title_with_only_reeldb_reviews_shows_their_count_alone(client: Client) -> None:
    title = make_rich_title()
    ReviewFactory(title=title)
    _, text = _testid(client.get(DESPERADO).content.decode(), "review-counts")
    assert text == "1 review on reeldb"


def test_the_top_cast_links_to_the_full_cast_with_its_size(client: Client) -> None:
    make_rich_title()
    link, text = _testid(client.get(DESPERADO).content.decode(), "full-cast-link")
    assert 'href="/title/tt0112851/fullcredits"' in link
    assert text == "See full cast & crew (2 in the cast) ›"


def test_opening_weekend_and_worldwide_gross_follow_the_budget_in_imdbs_order(
    client: Client,
) -> None:
    title = make_rich_title()
    source = title.box_office.get(kind="budget").source
    BoxOffice.objects.create(
        title=title, source=source, kind="gross", amount=25_405_445, region="worldwide", ordering=5
    )
    BoxOffice.objects.create(
        title=title,
        source=source,
        kind="opening_weekend",
        amount=6_345_098,
        region="United States",
        ordering=6,
    )
    text = visible_text(client.get(DESPERADO))
    section = text[text.index("Box office Budget") :]
    assert section.index("Budget $7,000,000") < section.index(
        "Opening weekend (United States) $6,345,098"
    )
    assert section.index("Opening weekend") < section.index("Gross (US) $25,625,110")
    assert section.index("Gross (US)") < section.index("Gross worldwide $25,405,445")
    assert "(worldwide)" not in section


def test_the_synopsis_is_folded_behind_a_spoiler_warning(client: Client) -> None:
    make_rich_title()
    markup = client.get(DESPERADO).content.decode()
    folded = re.search(r'<details class="spoiler"[^>]*>(.*?)</details>', markup, re.S)
    assert folded, "the synopsis is not in a <details>"
    assert '<details class="spoiler" open' not in markup
    assert "Show synopsis" in folded.group(1)
    assert "(contains spoilers)" in folded.group(1)
    assert "First part." in folded.group(1)
    assert markup.index("First part.") > markup.index("Show synopsis")


def test_the_plot_summary_page_folds_its_synopsis_too(client: Client) -> None:
    make_rich_title()
    markup = client.get("/title/tt0112851/plotsummary").content.decode()
    folded = re.search(r'<details class="spoiler"[^>]*>(.*?)</details>', markup, re.S)
    assert folded
    assert "Second part." in folded.group(1)


@pytest.mark.parametrize(
    "absent",
    [
        'data-testid="awards"',
        'data-testid="popularity"',
        'data-testid="review-counts"',
        'data-testid="full-cast-link"',
        'data-testid="synopsis"',
        "Opening weekend",
        "Gross worldwide",
    ],
)
def test_a_bare_title_shows_none_of_the_highlights(client: Client, absent: str) -> None:
    assert absent not in _bare_title_page(client)


def test_a_rich_title_without_awards_popularity_or_worldwide_gross_leaves_them_out(
    client: Client,
) -> None:
    make_rich_title()
    markup = client.get(DESPERADO).content.decode()
    for absent in ('data-testid="awards"', 'data-testid="popularity"', "Gross worldwide"):
        assert absent not in markup
