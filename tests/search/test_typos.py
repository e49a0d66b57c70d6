from __future__ import annotations

import pytest

from reeldb.search.index.typos import find_corrections, one_edit_away
from reeldb.search.services import rebuild_index
from tests.catalog.factories import PersonFactory, TitleFactory


def test_one_edit_away_includes_swapped_neighbours() -> None:
    edits = one_edit_away("bandreas")
    assert "banderas" in edits
    assert "bandras" in edits  # a letter dropped
    assert "bandereas" in edits  # a letter added
    assert "bandreas" not in edits


@pytest.mark.django_db
def test_a_word_one_or_two_edits_off_is_corrected_to_the_most_used() -> None:
    TitleFactory(primary_title="Desperado", num_votes=100)
    TitleFactory(primary_title="Desperados", num_votes=5)
    PersonFactory(primary_name="Antonio Banderas")
    TitleFactory(primary_title="Extraordinary Measures")
    rebuild_index()
    assert find_corrections(["desparado", "bandreas"], typed=None) == {
        "desparado": ("desperado",),
        "bandreas": ("banderas",),
    }
    # Nine letters and more: two edits.
    assert find_corrections(["extrordnary"], typed=None) == {"extrordnary": ("extraordinary",)}
    # Fewer than five letters: none.
    assert find_corrections(["desp", "bell"], typed=None) == {}


@pytest.mark.django_db
def test_a_word_still_being_typed_is_corrected_only_when_no_word_starts_so() -> None:
    TitleFactory(primary_title="Desperado")
    rebuild_index()
    assert find_corrections([], typed="desper") == {}
    assert find_corrections([], typed="desparado") == {"desparado": ("desperado",)}


@pytest.mark.django_db
def test_the_edit_rules_count_the_letters_of_the_word_meant() -> None:
    TitleFactory(primary_title="Giant")
    TitleFactory(primary_title="Mighty Aphrodite")
    TitleFactory(primary_title="Gent")
    rebuild_index()
    # "giant" less a letter: one edit from a 5-letter word, not from "gent" (4 letters).
    assert find_corrections(["gint"], typed=None) == {"gint": ("giant",)}
    # "aphrodite" less two letters: two edits from a 9-letter word.
    assert find_corrections(["aphdite"], typed=None) == {"aphdite": ("aphrodite",)}


@pytest.mark.django_db
def test_two_edits_near_both_ends_of_a_long_word_are_corrected() -> None:
    TitleFactory(primary_title="Transylvania 6-5000")
    rebuild_index()
    # The third letter and the last two changed: only the first two letters are intact.
    assert find_corrections(["trsnsylvanai"], typed=None) == {"trsnsylvanai": ("transylvania",)}
