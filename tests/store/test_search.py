"""sitroom's search language: the FTS5 translation, and real searches on a SQLite store."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sitroom.actordata import bundled_actor_files, load_actors
from sitroom.errors import StoreError
from sitroom.store import Store
from sitroom.store.search import fts_query, parse, tsquery
from sitroom.link.batch import store_batch
from tests.factories import make_analysis


def test_every_word_becomes_a_quoted_string_and_operators_keep_their_precedence():
    assert fts_query("Mosul") == '"Mosul"'
    assert fts_query("al-Qaeda Mosul's") == '("al-Qaeda" AND "Mosul\'s")'
    assert fts_query('(Mosul OR Raqqa) NOT "air strike"') == '(("Mosul" OR "Raqqa") NOT "air strike")'
    assert fts_query("a OR b c") == '("a" OR ("b" AND "c"))'  # AND binds tighter than OR
    assert fts_query("a b NOT c") == '("a" AND ("b" NOT "c"))'  # NOT tighter than AND
    assert fts_query('evacuat* "al-Qa"*') == '("evacuat" * AND "al-Qa" *)'
    assert fts_query("title:Mosul") == '"title:Mosul"'  # no column filter from the user's text


def test_postgres_queries_bind_every_term_and_keep_the_same_tree():
    sql, params = tsquery(parse("(ISIS OR al-Qa*) NOT Mosul's"), lambda t: ["Islamic State"] if t == "ISIS" else [])
    assert sql == (
        "(((phraseto_tsquery('simple', :q0) || phraseto_tsquery('simple', :q1)) || to_tsquery('simple', :q2))"
        " && !!phraseto_tsquery('simple', :q3))"
    )
    assert params == {"q0": "ISIS", "q1": "Islamic State", "q2": "al <-> Qa:*", "q3": "Mosul's"}


def test_a_name_of_an_actor_matches_all_its_names_but_short_ones():
    names = {"ISIS": ["Islamic State", "ISIS", "Daesh", "IS"]}
    assert fts_query("ISIS OR Mosul", lambda t: names.get(t, [])) == '(("ISIS" OR "Islamic State" OR "Daesh") OR "Mosul")'
    assert fts_query("IS", lambda t: ["Islamic State"] if t == "IS" else []) == '("IS" OR "Islamic State")'


@pytest.mark.parametrize("query", ['"unclosed', "(Mosul", "Mosul)", "OR Mosul", "Mosul NOT", "", "   ", '""', "() Mosul"])
def test_malformed_queries_say_what_is_wrong(query):
    with pytest.raises(StoreError, match="search query"):
        fts_query(query)


TEXTS = {
    "a" * 16: "Al-Qaeda fighters attacked a checkpoint near Mosul's old city on Monday.",
    "b" * 16: "Daesh claimed the bombing in Raqqa, the group's self-declared capital.",
    "c" * 16: "Aid agencies evacuated families from the old city of Mosul.",
    "e" * 16: "The road is open again and the market is busy, the mayor said.",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("search") / "s.db") as s:
        analyses = [make_analysis(text, doc_id) for doc_id, text in TEXTS.items()]
        untitled = [replace(a, document=replace(a.document, title="Report")) for a in analyses]  # the factory's title names Mosul
        store_batch(s, [(a, f"raw-{a.document.id}") for a in untitled])
        yield s


def _found(store, query, **kwargs):
    return sorted(hit.doc_id[0] for hit in store.search(query, **kwargs))


def test_search_finds_hyphenated_and_possessive_words(store):
    assert _found(store, "al-Qaeda") == ["a"]
    assert _found(store, "Mosul's") == ["a"]
    assert _found(store, "Mosul") == ["a", "c"]


def test_search_operators_prefixes_and_groups(store):
    assert _found(store, "evacuat*") == ["c"]
    assert _found(store, "(Raqqa OR checkpoint) NOT Daesh") == ["a"]
    assert _found(store, '"old city" NOT evacuated') == ["a"]


def test_search_expands_actor_names_from_the_actor_data(store):
    actors = load_actors(bundled_actor_files())
    assert _found(store, "ISIS") == []
    assert _found(store, "ISIS", actors=actors) == ["b"]
    assert _found(store, "ISIS OR al-Qaeda", actors=actors) == ["a", "b"]


def test_chains_of_one_operator_are_written_flat():
    assert fts_query("a OR b OR c") == '("a" OR "b" OR "c")'
    assert fts_query("a b c NOT d") == '("a" AND "b" AND ("c" NOT "d"))'
    sql, _ = tsquery(parse("a OR b OR c"))
    assert sql.count("(") == 4  # one group and three function calls, no nesting per term


def test_a_long_or_chain_runs_and_finds(store):
    # nested, 150 ORs overflowed FTS5's parser stack ("invalid search query")
    words = [f"absent{i}" for i in range(149)] + ["Raqqa"]
    assert _found(store, " OR ".join(words)) == ["b"]


@pytest.mark.parametrize(("query", "message"), [(" OR ".join(f"w{i}" for i in range(201)), "201 terms; at most 200"), ("(" * 40 + "Mosul" + ")" * 40, "40 deep; at most 32")])
def test_queries_past_the_bounds_are_refused_with_the_bound(query, message):
    with pytest.raises(StoreError, match=message):
        fts_query(query)


@pytest.mark.sqlite_only  # SQLite's progress handler; on PostgreSQL every search sets statement_timeout (the PostgreSQL run's searches)
def test_a_search_past_its_time_is_stopped_with_a_clear_error(store, monkeypatch):
    import sitroom.store.store as module

    monkeypatch.setattr(module, "SEARCH_SECONDS", -1.0)  # already past: the first progress check stops it
    with pytest.raises(StoreError, match="took longer than"):
        store.search("Mosul OR Raqqa OR city OR market OR group")
    monkeypatch.undo()
    assert _found(store, "Raqqa") == ["b"]
