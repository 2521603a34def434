"""Pin the PolNeAR quote scorer (bench/polnear.py) on small invented texts and annotations.

No PolNeAR text is used here (the corpus has no licence): every sentence below is made up.
"""

from __future__ import annotations

import pytest

from bench import polnear
from bench.common import Counts, DataMissing
from bench.polnear import (
    Attribution,
    GoldQuote,
    Said,
    Tally,
    gold_quotes,
    match,
    name_words,
    parse_ann,
    parse_fragments,
    pronoun_resolved,
    quoted_stretches,
    same_description,
    same_person,
    score_document,
    source_kind,
    split_content,
)


def at(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    """The offsets of the ``nth`` occurrence of ``piece`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def t_line(tid: str, label: str, text: str, *pieces: str) -> str:
    frags = [at(text, p) for p in pieces]
    offsets = ";".join(f"{s} {e}" for s, e in frags)
    return f"{tid}\t{label} {offsets}\t{' '.join(text[s:e] for s, e in frags)}"


# ---------------------------------------------------------------- BRAT


TEXT = (
    "Mayor Ada Quill spoke on Monday.\n"
    "“The bridge will open in May,” said Quill, 52. “Nobody will wait longer.”\n"
    "Critics said the plan was “a fantasy for the rich.”\n"
    "The council believes costs will rise.\n"
)


def ann() -> str:
    lines = [
        t_line("T1", "Source", TEXT, "Quill,"),
        t_line("T2", "Cue", TEXT, "said"),
        t_line("T3", "Content", TEXT, "“The bridge will open in May,”", "“Nobody will wait longer.”"),
        t_line("T4", "Attribution", TEXT, "said"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        t_line("T5", "Source", TEXT, "Critics"),
        t_line("T6", "Cue", TEXT, "said the"),
        t_line("T7", "Content", TEXT, "plan was “a fantasy for the rich.”"),
        t_line("T8", "Attribution", TEXT, "said the"),
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5 ",
        t_line("T9", "Cue", TEXT, "believes"),
        t_line("T10", "Content", TEXT, "costs will rise"),
        t_line("T11", "Attribution-no-source", TEXT, "believes"),
        "E3\tAttribution-no-source:T11 Content:T10 Cue:T9",
        t_line("T12", "Discard", TEXT, "on Monday"),
        "#1\tAnnotatorNotes T3\ta note that runs",
        "over a second line",
        "E4\tAttribution-no-source:T99 ",
    ]
    return "\n".join(lines) + "\n"


def test_parse_fragments_reads_discontinuous_spans():
    assert parse_fragments("3 8") == ((3, 8),)
    assert parse_fragments("3 8;12 20") == ((3, 8), (12, 20))


def test_parse_ann_relations_roles_and_discontinuous_content():
    atts = parse_ann(ann(), len(TEXT))
    assert [a.id for a in atts] == ["E1", "E2", "E3"]  # E4 has no content; notes and stray lines skipped
    e1 = atts[0]
    assert len(e1.content) == 2 and TEXT[slice(*e1.content[1])] == "“Nobody will wait longer.”"
    assert TEXT[slice(*e1.source[0])] == "Quill," and TEXT[slice(*e1.cue[0])] == "said"
    assert atts[2].source == ()  # Attribution-no-source


def test_parse_ann_second_content_role_and_bad_offsets():
    text = "“One,” she said. “Two.”"
    lines = "\n".join(
        [
            t_line("T1", "Source", text, "she"),
            t_line("T2", "Cue", text, "said"),
            t_line("T3", "Content", text, "“One,”"),
            t_line("T4", "Content", text, "“Two.”"),
            "E1\tAttribution:T2 Cue:T2 Source:T1 Content:T3 Content2:T4",
        ]
    )
    (att,) = parse_ann(lines, len(text))
    assert [text[s:e] for s, e in att.content] == ["“One,”", "“Two.”"]
    with pytest.raises(ValueError):
        parse_ann("T1\tContent 0 99\tx\n", 10)


# ---------------------------------------------------------------- direct / indirect


def test_quoted_stretches_pair_within_paragraphs():
    text = 'He said “one” and "two".\n“Open and on\n“and closed.” ‘Single’ and it’s'
    got = [text[a:b] for a, b in quoted_stretches(text)]
    assert got == ["one", "two", "Open and on", "and closed.", "Single"]


def test_direct_indirect_split():
    gold = gold_quotes(TEXT, parse_ann(ann(), len(TEXT)))
    direct = [TEXT[slice(*g.frags[0])] for g in gold if g.direct]
    assert direct == ["The bridge will open in May,", "Nobody will wait longer."]  # discontinuous: one quote per stretch
    indirect = [[TEXT[s:e] for s, e in g.frags] for g in gold if not g.direct]
    assert indirect == [["plan was “a fantasy for the rich."], ["costs will rise"]]  # a mixed quote is indirect
    assert {g.source for g in gold if g.direct} == {"Quill,"}
    assert [g.kind for g in gold if not g.direct] == ["description", "none"]


def test_sentences_of_one_quotation_are_one_quote():
    text = "“First sentence here. Second one too.” she said."
    content = (at(text, "First sentence here."), at(text, "Second one too."))
    units, rest = split_content(text, content, quoted_stretches(text))
    assert [text[s:e] for s, e in units] == ["First sentence here. Second one too."] and rest == []


def test_full_sentence_quotes_inside_a_longer_content():
    text = "He went on, “The vote is close.” Still, “We need every hand.” Then the hall emptied out slowly."
    content = (at(text, "“The vote is close.” Still, “We need every hand.”"),)
    units, rest = split_content(text, content, quoted_stretches(text))
    assert [text[s:e] for s, e in units] == ["The vote is close.", "We need every hand."]
    assert rest == []  # "Still," alone is no indirect quote
    content = (at(text, "“The vote is close.” Still, “We need every hand.” Then the hall emptied"),)
    units, rest = split_content(text, content, quoted_stretches(text))
    assert len(units) == 2 and [text[s:e] for s, e in rest] == ["Still,", "Then the hall emptied"]


def test_report_inside_someone_elses_quotation_is_indirect():
    text = "The memo read: “Later the envoy said that ten more would come.”"
    content = (at(text, "that ten more would come."),)
    outside = (at(text, "the envoy"), at(text, "said"))
    units, rest = split_content(text, content, quoted_stretches(text), outside)
    assert units == [] and [text[s:e] for s, e in rest] == ["that ten more would come."]


# ---------------------------------------------------------------- names and speakers


def test_name_words_ignores_titles_appositives_ages_and_party_tags():
    assert name_words("Sen. Ted Cruz (R-Texas), 45, a member of the panel") == name_words("Ted Cruz")
    assert name_words("the Republican nominee, Donald Trump") == name_words("Donald Trump")
    assert name_words("former Secretary of State Hillary Clinton").surname == "clinton"
    assert name_words("Mr. O’Neil’s") == name_words("O’Neil")
    assert name_words("Donald Trump Jr.").suffix == "jr"
    assert name_words("officials") is None and name_words(None) is None


def test_same_person_by_surname_or_full_name():
    assert same_person("Sen. Ted Cruz (R-Texas)", "Ted Cruz")
    assert same_person("Cruz", "Ted Cruz")
    assert same_person("Gov. John Kasich, 63, of Ohio", "Kasich")
    assert same_person("Hillary Rodham Clinton", "Hillary Clinton")
    assert same_person("Donald J. Trump", "Donald Trump")


def test_a_wrong_speaker_scores_wrong():
    assert not same_person("Ted Cruz", "Marco Rubio")
    assert not same_person("Bill Clinton", "Hillary Clinton")  # surnames agree, first names differ
    assert not same_person("Donald Trump Jr.", "Donald Trump")
    assert not same_person("Cruz", None) and not same_person("Cruz", "he")


def test_source_kinds():
    assert source_kind("He", None) == "pronoun" and source_kind("they", None) == "pronoun"
    assert source_kind("Campaign manager Jo Bell", "Jo Bell") == "name"
    assert source_kind("a spokesman", None) == "description"
    assert source_kind(None, None) == "none"


def test_pronoun_and_description_rules():
    before = "Ada Quill, the mayor, arrived late. "
    assert pronoun_resolved("she", "Ada Quill", "person", before)
    assert not pronoun_resolved("she", "Bo Lind", "person", before)  # not named before the quote
    assert not pronoun_resolved("she", None, None, before) and not pronoun_resolved("she", "she", None, before)
    assert pronoun_resolved("they", "Officials", "description", before)
    assert same_description("a spokesman", "A spokesman") and same_description("The campaign’s", "the campaign")
    assert not same_description("a spokesman", "Ada Quill", None)


# ---------------------------------------------------------------- scoring


def test_matching_is_one_to_one_over_fragments():
    gold = [GoldQuote(((0, 10), (30, 40)), False), GoldQuote(((12, 20),), False)]
    pred = [Said(0, 40, False), Said(14, 18, False)]
    assert match(gold, pred) == [(0, 0), (1, 1)]  # the gap 10..30 does not count as overlap
    assert match([GoldQuote(((0, 10),), True)], [Said(10, 20, True)]) == []


def test_score_document_counts_and_speakers():
    gold = gold_quotes(TEXT, parse_ann(ann(), len(TEXT)), lambda frags: "Ada Quill" if TEXT[slice(*frags[0])] == "Quill," else None)
    first, second = (g.frags[0] for g in gold if g.direct)
    mixed = at(TEXT, "the plan was “a fantasy for the rich.”")
    pred = [
        Said(*first, True, "Ada Quill", "Quill", "person"),
        Said(*second, True, "Bo Lind", "Lind", "person"),  # wrong speaker
        Said(*mixed, False, "Critics", "Critics", "description"),
        Said(*at(TEXT, "Mayor Ada Quill spoke"), True, None),  # spurious
    ]
    tally = Tally()
    score_document(tally, TEXT, gold, pred)
    assert tally.direct == Counts(2, 1, 0) and tally.indirect == Counts(1, 0, 1)
    assert tally.acc("named") == 0.5 and tally.n("named") == 2
    assert tally.acc("null") == 0.0 and tally.acc("indirect_description") == 1.0
    metrics = polnear.metrics(tally)
    assert metrics["direct_precision"] == round(2 / 3, 4) and metrics["indirect_recall"] == 0.5


def test_null_speaker_share():
    gold = [GoldQuote(((0, 5),), True, "Ada Quill", "name", 0, "Ada Quill"), GoldQuote(((10, 15),), True, "he", "pronoun", 8)]
    tally = Tally()
    score_document(tally, "x" * 20, gold, [Said(0, 5, True), Said(10, 15, True, "Ada Quill", "he", "person")], indirect=False)
    assert tally.acc("null") == 0.5 and tally.acc("named") == 0.0


def test_missing_data_says_how_to_export(monkeypatch, tmp_path):
    monkeypatch.setenv("SITROOM_POLNEAR", str(tmp_path))
    with pytest.raises(DataMissing, match="git --git-dir=.* archive HEAD data/train"):
        polnear.polnear_dir()
    monkeypatch.delenv("SITROOM_POLNEAR")
    with pytest.raises(DataMissing, match="SITROOM_POLNEAR is not set"):
        polnear.run(quick=True)


def test_articles_take_one_annotation_each_and_refuse_test(tmp_path):
    for split in ("dev",):
        (tmp_path / "data" / split / "text").mkdir(parents=True)
        (tmp_path / "data" / split / "attributions").mkdir(parents=True)
    dev = tmp_path / "data" / "dev"
    (dev / "text" / "a_story.txt").write_text("x", encoding="utf-8")
    for who in ("ff01", "0a2b"):
        (dev / "attributions" / f"a_story_{who}.ann").write_text("", encoding="utf-8")
    (arts,) = polnear.articles(tmp_path, "dev")
    assert arts.name == "a_story" and arts.ann_path.name == "a_story_0a2b.ann" and len(arts.annotators) == 2
    with pytest.raises(ValueError):
        polnear.articles(tmp_path, "test")


def test_attribution_defaults():
    assert Attribution("E1", ((0, 1),)).source == ()
