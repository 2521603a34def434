"""The WikiEvents event scorer (bench/wikievents.py), pinned on small synthetic cases."""

from __future__ import annotations

import json

import pytest

from bench.common import DataMissing, datasets_dir
from bench.wikievents import (
    GoldEvent,
    PredEvent,
    align_tokens,
    char_to_tokens,
    load_mapping,
    locate,
    score,
    template_args,
)


def _data() -> bool:
    try:
        return (datasets_dir() / "wikievents" / "dev.jsonl").is_file()
    except DataMissing:
        return False


ATTACK = "Conflict.Attack.Unspecified"
DIE = "Life.Die.Unspecified"


# --- triggers -----------------------------------------------------------------------------------


def test_exact_match_counts_for_identification_and_classification():
    s = score([PredEvent("d", 3, 4, ATTACK)], [GoldEvent("d", 3, 4, ATTACK)])
    assert (s.trigger_id.tp, s.trigger_id.fp, s.trigger_id.fn) == (1, 0, 0)
    assert (s.trigger_class.tp, s.trigger_class.fp, s.trigger_class.fn) == (1, 0, 0)


def test_partial_overlap_identifies_and_wrong_type_does_not_classify():
    s = score([PredEvent("d", 2, 4, ATTACK)], [GoldEvent("d", 3, 5, DIE)])
    assert (s.trigger_id.tp, s.trigger_id.fp, s.trigger_id.fn) == (1, 0, 0)
    assert (s.trigger_class.tp, s.trigger_class.fp, s.trigger_class.fn) == (0, 1, 1)


def test_miss_and_extra():
    s = score([PredEvent("d", 10, 11, ATTACK)], [GoldEvent("d", 3, 4, ATTACK)])
    assert (s.trigger_id.tp, s.trigger_id.fp, s.trigger_id.fn) == (0, 1, 1)
    s = score([], [GoldEvent("d", 3, 4, ATTACK)])
    assert (s.trigger_id.tp, s.trigger_id.fp, s.trigger_id.fn) == (0, 0, 1)
    s = score([PredEvent("d", 3, 4, ATTACK)], [])
    assert (s.trigger_id.tp, s.trigger_id.fp, s.trigger_id.fn) == (0, 1, 0)


def test_matching_is_one_to_one_and_per_document():
    preds = [PredEvent("d", 3, 4, ATTACK), PredEvent("d", 3, 5, ATTACK), PredEvent("e", 3, 4, ATTACK)]
    s = score(preds, [GoldEvent("d", 3, 4, ATTACK)])
    assert (s.trigger_id.tp, s.trigger_id.fp, s.trigger_id.fn) == (1, 2, 0)


def test_typed_matching_prefers_the_gold_event_of_the_same_type():
    # two gold events on the same word ("killed" as Attack and as Die): the typed match finds the Die one
    s = score([PredEvent("d", 3, 4, DIE)], [GoldEvent("d", 3, 4, ATTACK), GoldEvent("d", 3, 4, DIE)])
    assert (s.trigger_class.tp, s.trigger_class.fp, s.trigger_class.fn) == (1, 0, 1)


# --- arguments ----------------------------------------------------------------------------------


def test_argument_head_inside_gold_span_with_the_same_role_class():
    gold = GoldEvent("d", 5, 6, ATTACK, (("actor1", 0, 2), ("actor2", 7, 9), ("place", 10, 11)))
    pred = PredEvent("d", 5, 6, ATTACK, (("actor1", 1), ("actor2", 9), ("place", 7), ("place", None)))
    s = score([pred], [gold])
    # actor1 head 1 in [0, 2): right; actor2 head 9 outside [7, 9): wrong; place head 7 is the
    # actor2 span, wrong class: wrong; an argument not found in the text: wrong
    assert (s.args.tp, s.args.fp, s.args.fn) == (1, 3, 2)
    assert s.args_matched == s.args


def test_arguments_of_unmatched_events_are_errors_end_to_end_only():
    gold = GoldEvent("d", 5, 6, ATTACK, (("actor1", 0, 2),))
    wrong_type = PredEvent("d", 5, 6, DIE, (("actor1", 1),))
    s = score([wrong_type], [gold])
    assert (s.args.tp, s.args.fp, s.args.fn) == (0, 1, 1)
    assert (s.args_matched.tp, s.args_matched.fp, s.args_matched.fn) == (0, 0, 0)


def test_a_gold_argument_counts_once():
    gold = GoldEvent("d", 5, 6, ATTACK, (("actor1", 0, 3),))
    s = score([PredEvent("d", 5, 6, ATTACK, (("actor1", 1), ("actor1", 2)))], [gold])
    assert (s.args.tp, s.args.fp, s.args.fn) == (1, 1, 0)


def test_metrics_without_triggers_for_a_peer_given_gold_triggers():
    s = score([PredEvent("d", 3, 4, ATTACK)], [GoldEvent("d", 3, 4, ATTACK)])
    m = s.metrics(triggers=False)
    assert m["trigger_id_f1"] is None and m["trigger_class_f1"] is None
    assert s.metrics()["trigger_id_f1"] == 1.0


# --- text helpers -------------------------------------------------------------------------------


def test_align_tokens_survives_drifting_offsets():
    text = "The  Taliban\nkilled 100."
    spans = align_tokens(text, ["The", "Taliban", "killed", "100", "."])
    assert [text[s:e] for s, e in spans] == ["The", "Taliban", "killed", "100", "."]
    assert char_to_tokens(spans, 5, 19) == (1, 3)  # "Taliban\nkilled"
    assert char_to_tokens(spans, 12, 13) is None  # the newline alone


def test_locate_takes_the_occurrence_nearest_the_trigger():
    text = "Kabul was calm. Later a bomb hit Kabul's market."
    trigger = (text.index("bomb"), text.index("bomb") + 4)
    assert locate(text, ["Kabul"], trigger) == (33, 38)
    assert locate(text, ["Kabul 's market"], trigger) == (33, 47)  # BART-Gen's split words: spaces are free
    assert locate(text, ["Herat"], trigger) is None
    assert locate(text, ["Herat and Kabul"], trigger) == (33, 38)  # parts tried as gen-arg does


def test_template_args_walks_template_and_prediction_together():
    template = "<arg1> died at <arg2> place from <arg4> medical issue, killed by <arg3> killer"
    roles = ["Victim", "Place", "Killer", "MedicalIssue"]
    predicted = " members died at  <arg>  place from  <arg>  medical issue, killed by The Taliban killer"
    assert template_args(template, predicted, roles) == [("Victim", "members"), ("Killer", "The Taliban")]


# --- the mapping --------------------------------------------------------------------------------


def test_mapping_lines():
    m = load_mapping()
    assert m.kairos("Violence against civilians", "Attack", "kill", "killed") == DIE
    assert m.kairos("Battles", "Armed clash", "kill", "killed") == DIE
    assert m.kairos("Violence against civilians", "Attack", "attack", "attack") == ATTACK
    assert m.kairos("Battles", "Government regains territory", "retake", "retook") == ATTACK
    assert m.kairos("Explosions/Remote violence", None, "blast", "blast") == "Conflict.Attack.DetonateExplode"
    assert m.kairos("Strategic developments", "Arrests", "arrest", "arrested") == "Justice.ArrestJailDetain.Unspecified"
    assert m.kairos("Violence against civilians", "Abduction/forced disappearance", "kidnap", "kidnapped") is None
    assert m.kairos("Strategic developments", "Agreement", "ceasefire", "ceasefire") is None
    assert m.kairos("Displacement", None, "evacuate", "evacuated") == "Movement.Transportation.Evacuation"
    assert m.kairos("Displacement", None, "flee", "fled") == "Movement.Transportation.Unspecified"
    assert m.kairos("Something new", None, "x", "x") is None
    assert m.role_class(DIE, "Killer") == "actor1" and m.role_class(DIE, "Victim") == "actor2"
    assert m.role_class(ATTACK, "Instrument") is None
    assert "Life.Injure.Unspecified" not in m.covered


@pytest.mark.skipif(not _data(), reason="WikiEvents not in the datasets folder")
def test_mapping_targets_are_wikievents_types():
    ontology = json.loads((datasets_dir() / "wikievents" / "event_role_KAIROS.json").read_text(encoding="utf-8"))
    m = load_mapping()
    assert m.covered <= set(ontology)
    for kairos, roles in m.roles.items():
        assert kairos in m.covered
        assert set(roles) <= set(ontology[kairos]["roles"])


@pytest.mark.skipif(not _data(), reason="WikiEvents not in the datasets folder")
def test_quick_run_end_to_end():
    from bench.wikievents import run

    [result] = run(quick=True)
    assert result["task"] == "events-wikievents" and result["quick"]
    assert 0 < result["metrics"]["trigger_id_f1"] <= 1
    assert result["metrics"]["trigger_class_f1"] <= result["metrics"]["trigger_id_f1"]
    assert "Covered KAIROS types" in result["notes"]
