"""Persons linked across documents by the store (real SQLite files, or PostgreSQL databases
with --backend postgresql), and the schema version."""

from __future__ import annotations

import itertools
import re
import sqlite3
from dataclasses import replace

import pytest

from sqlalchemy import event

from sitroom.model import Entity
from sitroom.store import Store, StoreError
from sitroom.store.schema import SCHEMA_VERSION
from sitroom.link.batch import store_batch
from tests.conftest import sql, store_label
from tests.link.factories import quote_document

TOWNSEND = [
    quote_document("Stephen J. Townsend", "We will keep up the pressure", written="U.S. Lt. Gen. Stephen J. Townsend", role="commander of the U.S. coalition"),
    quote_document("Lt. Gen. Townsend", "The city will be cleared within weeks"),
    quote_document("Townsend", "The enemy is beaten"),
]


def ingest(path, analyses, *, batch: int = 1) -> None:
    with Store(path) as store:
        for i in range(0, len(analyses), batch):
            store_batch(store, [(a, a.document.id) for a in analyses[i : i + batch]])


def persons(path) -> list[Entity]:
    with Store(path) as store:
        return [e for e in store.entities() if e.id.startswith("person/")]


def quote_entities(path) -> dict[str, str | None]:
    """Quote text -> the stored speaker_entity."""
    with Store(path) as store:
        return {q.text: q.speaker_entity for a in store.analyses() for q in a.quotes}


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_store_links_townsend_three_ways_to_one_person_in_any_order(tmp_path, order):
    ingest(tmp_path / "s.db", [TOWNSEND[i] for i in order])
    assert persons(tmp_path / "s.db") == [
        Entity("person/townsend/stephen", "Stephen J. Townsend", "person", aliases=("Lt. Gen. Townsend", "Townsend"))
    ]
    assert set(quote_entities(tmp_path / "s.db").values()) == {"person/townsend/stephen"}


def test_store_links_persons_within_one_batch(tmp_path):
    ingest(tmp_path / "s.db", TOWNSEND[::-1], batch=3)
    assert [e.id for e in persons(tmp_path / "s.db")] == ["person/townsend/stephen"]
    assert set(quote_entities(tmp_path / "s.db").values()) == {"person/townsend/stephen"}


def test_store_merges_a_bare_surname_when_the_full_name_arrives(tmp_path):
    path = tmp_path / "s.db"
    ingest(path, TOWNSEND[1:])
    assert [(e.id, e.name) for e in persons(path)] == [("person/townsend", "Townsend")]
    assert set(quote_entities(path).values()) == {"person/townsend"}
    ingest(path, TOWNSEND[:1])
    [entity] = persons(path)
    assert entity.id == "person/townsend/stephen" and "Townsend" in entity.aliases
    assert sql(path, "select count(*) from quotes where speaker_entity = 'person/townsend'") == [(0,)]
    assert sql(path, "select count(*) from entities where id = 'person/townsend'") == [(0,)]


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_store_keeps_two_given_names_apart_and_a_bare_surname_unassigned(tmp_path, order):
    docs = [
        quote_document("Stephen Townsend", "We will win"),
        quote_document("Sarah Townsend", "The aid is not arriving"),
        quote_document("Townsend", "Nobody knows"),
    ]
    ingest(tmp_path / "s.db", [docs[i] for i in order])
    assert [e.id for e in persons(tmp_path / "s.db")] == ["person/townsend", "person/townsend/sarah", "person/townsend/stephen"]
    assert quote_entities(tmp_path / "s.db") == {
        "We will win": "person/townsend/stephen",
        "The aid is not arriving": "person/townsend/sarah",
        "Nobody knows": "person/townsend",
    }


def test_store_reingesting_the_same_documents_adds_no_entity_and_no_quote(tmp_path):
    path = tmp_path / "s.db"
    ingest(path, TOWNSEND)
    ingest(path, TOWNSEND, batch=3)
    with Store(path) as store:
        assert store.count("quotes") == 3 and store.count("entities") == 1 and store.count("documents") == 3


def test_store_leaves_actor_ids_and_other_speaker_types_alone(tmp_path):
    path = tmp_path / "s.db"
    docs = [
        quote_document("Abu Bakr al-Baghdadi", "We will fight", entity="abu-bakr-al-baghdadi"),
        quote_document("Human Rights Watch", "Civilians are trapped", speaker_type="organisation"),
        quote_document(None, "The bridge is closed", written="officials", speaker_type="description"),
        quote_document("Townsend", "Unlinked", speaker_type=None),
        quote_document("the President", "Only a title", speaker_type="person"),
    ]
    ingest(path, docs)
    assert persons(path) == []
    assert quote_entities(path) == {
        "We will fight": "abu-bakr-al-baghdadi", "Civilians are trapped": None, "The bridge is closed": None, "Unlinked": None, "Only a title": None,
    }


def test_store_round_trips_the_new_quote_fields(tmp_path):
    doc = quote_document("Sarah Townsend", "We agree", speakers=("Sarah Townsend", "Mary Jones"))
    doc = replace(doc, quotes=(replace(doc.quotes[0], role_entity="oxfam"),))
    with Store(tmp_path / "s.db") as store:
        store_batch(store, [(doc, "r")])
        [quote] = store.analysis(doc.document.id).quotes
    assert quote.speakers == ("Sarah Townsend", "Mary Jones") and quote.speaker_type == "person" and quote.role_entity == "oxfam"
    assert quote.speaker_entity == "person/townsend/sarah"
    assert sql(tmp_path / "s.db", "select speakers from quotes") == [('["Sarah Townsend", "Mary Jones"]',)]


def test_store_refuses_a_store_of_another_schema_version(tmp_path):
    path = tmp_path / "old.db"
    with Store(path) as store:
        store_batch(store, [(TOWNSEND[0], "r")])
    sql(path, "update sitroom_meta set value = '1' where key = 'schema_version'")
    with pytest.raises(StoreError) as err:
        Store(path)
    message = str(err.value)
    assert store_label(path) in message and "schema version 1" in message and f"schema version {SCHEMA_VERSION}" in message
    assert "ingest the documents again into a new store" in message
    assert sql(path, "select value from sitroom_meta where key = 'schema_version'") == [("1",)]


def test_store_records_the_schema_version_of_a_new_store(tmp_path):
    Store(tmp_path / "s.db").close()
    assert sql(tmp_path / "s.db", "select value from sitroom_meta where key = 'schema_version'") == [(str(SCHEMA_VERSION),)]


@pytest.mark.sqlite_only  # SQLite's EXPLAIN QUERY PLAN
def test_store_links_persons_by_index_lookups_never_a_table_scan(tmp_path):
    path = tmp_path / "s.db"
    ingest(path, [quote_document(f"Person{i}", f"Filler {i}") for i in range(5)])
    statements: list[tuple[str, object]] = []
    with Store(path) as store:
        event.listen(store.engine, "before_cursor_execute", lambda _c, _k, sql, params, _x, _m: statements.append((sql, params)))
        for doc in (TOWNSEND[2], TOWNSEND[1], TOWNSEND[0], quote_document("Sarah Townsend", "Another one")):
            store_batch(store, [(doc, doc.document.id)])
    linking = [(sql, p) for sql, p in statements if re.match(r"\s*(SELECT|UPDATE|DELETE)", sql) and re.search(r"\b(entities|quotes)\b", sql)]
    assert any(sql.lstrip().startswith("UPDATE quotes") for sql, _ in linking)  # the merge and the split ran
    with sqlite3.connect(path) as conn:
        for sql, params in linking:
            plan = " | ".join(row[-1] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
            assert not re.search(r"\bSCAN (entities|quotes)\b", plan), (sql, plan)
