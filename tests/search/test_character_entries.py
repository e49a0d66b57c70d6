"""Which roles become character entries, and which credit each points at."""

from __future__ import annotations

import pytest

from reeldb.catalog.models import TitleType
from reeldb.search import categories
from reeldb.search.categories import character_entries, is_character
from reeldb.search.index.category_hits import CharacterHit
from reeldb.search.index.finding import find
from reeldb.search.models import EntryKind
from reeldb.search.services import rebuild_index
from tests.catalog.factories import CreditFactory, TitleFactory


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("self", False),
        ("himself", False),
        ("herself", False),
        ("themselves", False),
        ("self host", False),
        ("", False),
        ("narrator", True),
        ("bucho", True),
        ("selfie stick", True),
    ],
)
def test_only_roles_that_name_a_character_are_characters(role: str, expected: bool) -> None:
    assert is_character(role) is expected


@pytest.mark.django_db
def test_characters_skip_self_credits_episodes_and_repeats_by_default() -> None:
    film = TitleFactory(primary_title="Film", num_votes=10)
    CreditFactory(title=film, category="actor", characters=["Bucho", "Narrator"])
    CreditFactory(title=film, category="actor", characters=["Bucho (young)", "bucho"])
    CreditFactory(title=film, category="actor", characters=["Himself"])
    CreditFactory(title=film, category="self", characters=["A Role Under Self"])
    episode = TitleFactory(primary_title="Pilot", title_type=TitleType.TV_EPISODE)
    CreditFactory(title=episode, category="actress", characters=["Sheldon Cooper"])
    names = sorted(row[2] for row in character_entries())
    assert names == ["Bucho", "Bucho (young)", "Narrator"]


@pytest.mark.django_db
def test_episodes_roles_are_characters_when_the_constant_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(categories, "CHARACTERS_OF_EPISODES", True)
    episode = TitleFactory(primary_title="Pilot", title_type=TitleType.TV_EPISODE, num_votes=3)
    CreditFactory(title=episode, category="actress", characters=["Penny"])
    assert [(row[0], row[2], row[6]) for row in character_entries()] == [("ch", "Penny", 3)]


@pytest.mark.django_db
def test_a_rebuild_indexes_characters_under_their_first_billed_credit() -> None:
    film = TitleFactory(primary_title="Desperado", start_year=1995, num_votes=100)
    first = CreditFactory(title=film, category="actor", characters=["Bucho"], ordering=1)
    CreditFactory(title=film, category="actor", characters=["Bucho"], ordering=2)
    rebuild_index()
    found = find("bucho", kinds=(EntryKind.CHARACTER,), limit=10).groups[0].hits
    assert [hit.summary.person.pk for hit in found if isinstance(hit, CharacterHit)] == [
        first.person.pk
    ]
