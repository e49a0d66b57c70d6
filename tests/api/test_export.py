"""``reeldb export jsonl``: each title as the API gives it, one JSON document a line."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from django.test import Client

from reeldb.api.export import FILE_NAME, export_jsonl
from reeldb.api.sections import SECTIONS
from reeldb.catalog.models import Title
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
