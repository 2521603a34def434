"""Acronyms defined in one article link the bare acronym in every article, earlier ones
included, until two articles define it differently (real model, real SQLite store)."""

from __future__ import annotations

import hashlib

import pytest

from sitroom.model import Document, Origin
from sitroom.pipeline import analyse
from sitroom.store import Store
from sitroom.link.batch import store_batch

BARE = "IDMC said on Monday that 4,000 people had left the camps near the border."
DEFINES = "The Internal Displacement Monitoring Centre (IDMC) counted 2,000 more displaced people in the valley. IDMC said most were children."
LATER = "Aid workers said IDMC would publish new figures next week."
OTHER = "The International Drug Monitoring Council (IDMC) met in Vienna to discuss policy."
AFTER_CLASH = "Officials from IDMC declined to comment on the report."


@pytest.fixture()
def analyse_text(pipeline):
    nlp, actors = pipeline

    def run(text: str):
        digest = hashlib.sha256(text.encode()).hexdigest()
        return analyse(Document(id=digest[:16], text=text, content_hash=digest, origin=Origin(path="t.txt")), nlp(text), actors)

    return run


def _idmc(store: Store, doc_id: str) -> set[str | None]:
    analysis = store.analysis(doc_id)
    assert analysis is not None
    return {m.entity_id for m in analysis.mentions if m.text == "IDMC"}


def test_a_defined_acronym_links_earlier_and_later_articles_until_definitions_clash(tmp_path, analyse_text):
    bare, defines, later, other, after = (analyse_text(t) for t in (BARE, DEFINES, LATER, OTHER, AFTER_CLASH))
    assert any(m.entity_id == "org:idmc" for m in bare.mentions)  # alone, the acronym is a name of its own
    full = "org:internal-displacement-monitoring-centre"
    with Store(tmp_path / "s.db") as store:
        store_batch(store, [(bare, "r1")])
        assert _idmc(store, bare.document.id) == {"org:idmc"}
        store_batch(store, [(defines, "r2")])
        assert _idmc(store, bare.document.id) == {full}  # the earlier article re-pointed
        assert "org:idmc" not in {e.id for e in store.entities()}
        entity = next(e for e in store.entities() if e.id == full)
        assert entity.aliases == ("IDMC",)
        store_batch(store, [(later, "r3")])
        assert _idmc(store, later.document.id) == {full}
        store_batch(store, [(other, "r4"), (after, "r5")])  # a second, different definition
        assert _idmc(store, other.document.id) == {"org:international-drug-monitoring-council"}
        assert _idmc(store, after.document.id) == {"org:idmc"}  # ambiguous now: left alone
        assert _idmc(store, later.document.id) == {full}  # what was linked stays linked
        store_batch(store, [(defines, "r2")])  # re-ingesting changes nothing
        assert store.count("org_aliases") == 2 and store.count("documents") == 5
