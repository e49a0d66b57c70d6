"""An episode's pages, in any order, make one episode within one series."""

from __future__ import annotations

from pathlib import Path

import pytest

from reeldb.catalog.models import Title
from reeldb.cli import main

pytestmark = pytest.mark.django_db

IMDB = Path(__file__).resolve().parents[2] / "data" / "pages" / "imdb"
PAGES = ["episode_2010s_dump.txt", "episode_2010s.html", "react_series.html"]


@pytest.mark.parametrize("order", [PAGES, PAGES[::-1]], ids=["dump first", "series first"])
def test_an_episode_and_its_series_merge_whatever_the_order(order: list[str]) -> None:
    for page in order:
        assert main(["import", "pages", "--jobs", "0", str(IMDB / page)]) == 0
    series = Title.objects.get(folded_title="breaking bad")
    episode = Title.objects.get(folded_title="ozymandias")
    assert (series.tconst, series.title_type, series.start_year) == ("tt0903747", "tvSeries", 2008)
    assert (episode.tconst, episode.parent_id) == ("tt2301451", series.pk)
