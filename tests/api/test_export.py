"""``reeldb export jsonl``: each title as the API gives it, one JSON document a line."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from reeldb.api import export
from reeldb.api.export import FILE_NAME, export_jsonl
from reeldb.api.schemas import FACT_SECTIONS
from reeldb.api.sections import SECTIONS
from reeldb.catalog.models import SERIES_TYPES, Title
from reeldb.community.models import Rating
from reeldb.recommend.models import RelatedTitle
from reeldb.recommend.services import train
from tests.catalog.factories import TitleFactory, make_rich_title

pytestmark = pytest.mark.django_db


def test_jsonl_holds_each_title_as_the_api_gives_it_with_every_section(
    tmp_path: Path,
) -> None:
    api_client = Client(HTTP_HOST="localhost")
    title = make_rich_title()
    TitleFactory(primary_title="No IMDb id", tconst=None)

    summary = export_jsonl(tmp_path / "out")

    lines = gzip.decompress((tmp_path / "out" / FILE_NAME).read_bytes()).decode().splitlines()
    documents = {document["id"]: document for document in map(json.loads, lines)}
    assert summary.rows[FILE_NAME] == len(lines) == Title.objects.count() >= 2
    assert any(key.startswith("rt") for key in documents)  # a title without an IMDb id too
    everything = ",".join(SECTIONS)
    answer = api_client.get(f"/api/v1/titles/{title.tconst}?include={everything}").json()
    assert documents[title.tconst] == answer
    assert documents[title.tconst]["credits"]["cast"]
    assert documents[title.tconst]["keywords"][0]["source"]


@pytest.mark.usefixtures("demo_index")
def test_titles_read_a_block_at_a_time_give_what_the_api_gives_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blocks that cut through the demo catalogue: every document is the API's answer."""
    train()
    assert RelatedTitle.objects.exists() and Rating.objects.exists()
    monkeypatch.setattr(export, "BLOCK", 7)
    api_client = Client(HTTP_HOST="localhost")

    export_jsonl(tmp_path)

    lines = gzip.decompress((tmp_path / FILE_NAME).read_bytes()).decode().splitlines()
    documents = [json.loads(line) for line in lines]
    titles = list(Title.objects.order_by("pk"))
    assert [document["id"] for document in documents] == [title.public_id for title in titles]
    everything = ",".join(SECTIONS)
    for document in documents:
        answer = api_client.get(f"/api/v1/titles/{document['id']}?include={everything}")
        assert document == answer.json()
    assert any(document["seasons"] for document in documents)
    assert sum(len(document["credits"]["cast"]) for document in documents) > len(documents)


@pytest.mark.usefixtures("demo_index")
def test_a_block_of_documents_costs_a_fixed_number_of_queries(
    tmp_path: Path, django_assert_max_num_queries: Any
) -> None:
    """One query a list of facts and one per other read, a block; one per series for seasons."""
    train()
    series = Title.objects.filter(title_type__in=SERIES_TYPES).count()
    with django_assert_max_num_queries(len(FACT_SECTIONS) + 1 + 6 + series):
        export_jsonl(tmp_path)
