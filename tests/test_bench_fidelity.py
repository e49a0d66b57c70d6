"""The fidelity benchmark's matching rules: a fact is found only in the row it belongs to."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench.fidelity.matching import RULES, Observed, check_date, fact_found, fold
from bench.fidelity.rendered import observe

FACTS = Path(__file__).resolve().parent.parent / "bench" / "fidelity"
TITLE_PAGE = """<main>
<h1 class="hero__title">Y tu mamá también</h1>
<p class="hero__original">Original title: Y tu mamá también</p>
<ul class="hero__meta">
 <li><a href="/search">2001</a></li><li><a href="/c">R</a></li><li>1h 46m</li>
</ul>
<dl class="principal-credits"><div><dt>Writers</dt><dd>
 <a href="/name/1/">Alfonso Cuarón</a> <span class="note">(written by)</span>
 <a href="/name/2/">Carlos Cuarón</a> <span class="note">(story)</span>
</dd></div></dl>
<ul class="cast-grid">
 <li class="cast-member"><span class="avatar" aria-hidden="true">MV</span><div>
  <a class="cast-member__name" href="/name/3/">Maribel Verdú</a>
  <div class="cast-member__role">Luisa Cortés</div>
 </div></li>
 <li class="cast-member"><div><a class="cast-member__name" href="/name/4/">Diego Luna</a></div></li>
</ul>
<section id="details"><dl class="facts">
 <dt>Release dates</dt>
 <dd><ul><li>15 March 2002 (United States)</li><li>September 2001 (Mexico)</li></ul></dd>
 <dt>Also known as</dt>
 <dd><ul><li>And Your Mother Too <span class="note">(United States)</span></li></ul></dd>
 <dt>Production companies</dt>
 <dd><ul><li><a href="/c">Anhelo Producciones</a></li></ul></dd>
</dl></section>
<section id="box-office"><dl class="facts">
 <dt>Budget</dt><dd>MXN 5,000,000 <span class="note">(estimated)</span></dd>
 <dt>Gross <span class="note">(United States)</span></dt><dd>$13,622,333</dd>
</dl></section>
<section id="tech-specs"><dl class="facts">
 <dt>Runtime</dt><dd>1h 46m <span class="note">(106 min)</span></dd>
</dl></section>
</main>"""
CREDITS_PAGE = """<main>
<section class="section"><h2 class="section__title" id="cast-heading">Cast</h2><table><tr>
 <td><a class="person" href="/name/5/">Daniel Giménez Cacho</a></td><td aria-hidden="true">…</td>
 <td>Narrator (voice) <span class="credited-as">(as Daniel Gimenez Cacho)</span></td>
</tr></table></section>
<section class="section" aria-label="Music by"><table><tr>
 <td><a class="person" href="/name/6/">Annette Fradera</a></td><td></td>
</tr></table></section>
</main>"""


@pytest.fixture
def seen() -> Observed:
    return observe({"title": TITLE_PAGE, "fullcredits": CREDITS_PAGE})


def test_every_fact_kind_has_a_rule() -> None:
    kinds = {
        "title", "original_title", "year", "end_year", "runtime", "genre", "country", "language",
        "director", "writer", "creator", "cast", "crew", "release_date", "certificate", "aka",
        "budget", "gross", "company", "network", "filming_location", "keyword", "tagline", "plot",
        "seasons", "episodes", "series", "season_episode", "trivia", "goof", "quote",
        "soundtrack", "rating", "votes", "metascore",
    }  # fmt: skip
    assert set(RULES) == kinds


def test_text_is_folded_for_case_accents_and_punctuation() -> None:
    assert fold("  Y TU MAMÁ   también! ") == "y tu mama tambien"


def test_a_cast_fact_needs_its_character_in_the_actors_own_row(seen: Observed) -> None:
    assert fact_found(["cast", "Maribel Verdú", "Luisa Cortés"], seen)
    assert not fact_found(["cast", "Diego Luna", "Luisa Cortés"], seen)
    assert fact_found(["cast", "Diego Luna", ""], seen)


def test_a_cast_fact_ignores_the_notes_after_a_character(seen: Observed) -> None:
    assert fact_found(["cast", "Daniel Giménez Cacho", "Narrator"], seen)


def test_the_portrait_initials_are_not_part_of_a_name(seen: Observed) -> None:
    assert ("Maribel Verdú", "Luisa Cortés") in seen.cast


def test_a_writer_fact_needs_its_own_role(seen: Observed) -> None:
    assert fact_found(["writer", "Alfonso Cuarón", "written by"], seen)
    assert fact_found(["writer", "Carlos Cuarón", "story by"], seen)
    assert not fact_found(["writer", "Alfonso Cuarón", "story"], seen)


def test_a_runtime_is_read_as_the_site_prints_it(seen: Observed) -> None:
    assert fact_found(["runtime", "106"], seen)
    assert not fact_found(["runtime", "107"], seen)


def test_a_release_date_needs_its_day_and_its_country(seen: Observed) -> None:
    assert fact_found(["release_date", "2002-03-15", "USA"], seen)
    assert not fact_found(["release_date", "2002-03-15", "Mexico"], seen)
    assert not fact_found(["release_date", "2002-03-16", ""], seen)


def test_a_month_only_date_is_not_found_as_a_day_of_that_month(seen: Observed) -> None:
    assert fact_found(["release_date", "2001-09", "Mexico"], seen)
    assert not fact_found(["release_date", "2002-03", "United States"], seen)


def test_money_needs_its_label_amount_and_currency(seen: Observed) -> None:
    assert fact_found(["budget", "5000000", "MXN"], seen)
    assert not fact_found(["budget", "5000000", "USD"], seen)
    assert fact_found(["gross", "13622333", "USD"], seen)
    assert not fact_found(["gross", "5000000", "MXN"], seen)


def test_an_aka_needs_its_region_in_its_own_row(seen: Observed) -> None:
    assert fact_found(["aka", "And Your Mother Too", "US"], seen)
    assert not fact_found(["aka", "And Your Mother Too", "Mexico"], seen)


def test_a_company_needs_the_heading_of_its_role(seen: Observed) -> None:
    assert fact_found(["company", "Anhelo Producciones", "production"], seen)
    assert not fact_found(["company", "Anhelo Producciones", "distribution"], seen)


def test_a_crew_job_is_found_by_its_department(seen: Observed) -> None:
    assert fact_found(["crew", "Annette Fradera", "composer"], seen)
    assert not fact_found(["crew", "Annette Fradera", "editor"], seen)


def test_a_prose_fact_needs_its_words_together_in_one_item() -> None:
    seen = Observed(trivia=["The title translates to 'And your mother too'.", "A second item."])
    assert fact_found(["trivia", 'The title translates to "And your mother too".'], seen)
    assert not fact_found(["trivia", "translates to A second"], seen)


def test_counts_need_the_number_before_the_noun() -> None:
    seen = Observed(counts=["Episodes 5 seasons, 62 episodes", "Season 1 (7)"])
    assert fact_found(["seasons", "5"], seen)
    assert not fact_found(["seasons", "62"], seen)
    assert not fact_found(["seasons", "1"], seen)


def test_a_count_given_as_a_label_and_its_value_is_read() -> None:
    page = '<main><section id="details"><dl class="facts"><dt>Seasons</dt><dd>4</dd></dl></section>'
    assert fact_found(["seasons", "4"], observe({"title": page}))


def test_peer_output_is_read_back_as_rows() -> None:
    seen = Observed.from_json({"cast": [["Al Pacino", "Lt. Vincent Hanna"]], "unknown": [1]})
    assert fact_found(["cast", "Al Pacino", "Lt. Vincent Hanna"], seen)


@pytest.mark.parametrize("path", sorted(FACTS.glob("*.json")), ids=lambda path: path.name)
def test_each_fact_file_names_an_existing_fixture_and_known_kinds(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (FACTS.parent.parent / data["document"]).is_file()
    for kind, *value in data["facts"]:
        assert kind in RULES
        if kind == "release_date":
            check_date(value[0])


def test_a_writers_role_is_found_beside_an_episode_count() -> None:
    seen = Observed(writer=[("Ffion Beddoe", "(written by) (5 episodes, 2020-2022)")])
    assert fact_found(["writer", "Ffion Beddoe", "written by"], seen)
    assert not fact_found(["writer", "Ffion Beddoe", "story by"], seen)


def test_created_by_and_creator_are_one_writers_role() -> None:
    seen = Observed(writer=[("Bronwen Askew", "creator")])
    assert fact_found(["writer", "Bronwen Askew", "created by"], seen)
    assert not fact_found(["writer", "Bronwen Askew", "developed by"], seen)


def test_every_runtime_of_the_technical_specs_is_read() -> None:
    page = """<main><section id="tech-specs"><dl class="facts">
    <dt>Runtime</dt><dd>2h <span class="note">(120 min)</span></dd>
    <dt>Runtime</dt><dd><ul><li>120 min</li><li>135 min <span>(cut)</span></li></ul></dd>
    </dl></section></main>"""
    seen = observe({"title": page})
    assert fact_found(["runtime", "135"], seen)
    assert not fact_found(["runtime", "13"], seen)
