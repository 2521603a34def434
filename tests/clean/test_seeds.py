"""Golden tests on the two seed pages: what must go, what must stay, what moves to metadata."""

from __future__ import annotations

import re

import pytest

from sitroom.clean import clean
from sitroom.model import Origin, RawDocument

IS_BODY = [
    "The Iraqi army and its Kurdish peshmerga allies are confident they will capture the key city "
    "of Mosul from the Islamic State (IS) armed group, although it is not clear how soon.",
    "What will the loss of the city mean for the organisation, which at one time controlled a "
    "large swathe of territory in Iraq and Syria?",
    "Backed by the US-led coalition, the Iraqi army is advancing towards the country's "
    "second-largest city, where an estimated one million civilians are trapped.",
    "Roughly 4,500 IS fighters remain in Mosul, while coalition forces number 30,000.",
    "While IS sniper fire and booby traps have slowed the government forces, they remain greatly "
    "outnumbered.",
    "IS lacks central policy",
    "It remains to be seen whether fighters will take advantage of the humanitarian corridor "
    "opened to the west of the city for fleeing civilians.",
    "So far roughly 900 people have fled Mosul by way of this corridor.",
    "IS leader Abu Bakr al-Baghdadi has yet to announce his strategy for the Mosul campaign.",
    "Al-Baghdadi could either stand and fight for Mosul or order his fighters flee to Syria, says "
    "Hazhir Teimourian, former Middle East columnist for the London Times.",
    '"If he decides that he must make a stand and fight in Mosul, because it is so strategically '
    "and symbolically important, then he will try to prevent his fighters from fleeing the city,"
    '" he comments.',
    '"On the other hand, if he decides to save his fighters for a greater fight in Syria, where '
    "he's also under attack, then it's quite possible that he will order them to retreat quickly "
    'while this corridor still exists."',
    "What does this battle mean for IS?",
    "Losing Mosul will be a considerable set back for al-Baghdadi and his forces.",
    "But, according to Wassim Nasr, a journalist at France 24, it does not signify the demise of "
    "the group.",
    '"They already went underground and proved that they can emerge and come back stronger."',
    'He notes that the "objective elements" that gave rise to IS still exist: "popular support, '
    "political instability, a failed state, a very bad economic situation and a very bad "
    'educational situation."',
    "Despite military pressure and million of dollars spent on offensives, Nasr believes that IS "
    '"will pop up again".',
    "Peter Leah, a lecturer in terrorism studies at the University of St Andrews, says it is "
    '"very unlikely" that peace will be restored after the offensive.',
    'He predicts that "bloodshed will go on for a long time" as corruption and partisanship will '
    'block "the possibility of a peaceful solution to this conflict".',
    '"It\'s a zero-sum game," is his judgement.',
    "The campaign is expected to take many months.",
]

VICTORY_BODY = [
    # the standfirst, soft-wrapped over three lines in the scrape
    "From Amnesty International’s call for an investigation into civilian deaths to the "
    "subsequent shift to the city of Raqqa, here’s what you need to know about this week’s "
    "take-back of Mosul,",
    "After almost nine months of fighting, the Iraqi army and the U.S-led coalition have "
    "liberated the city of Mosul from the Islamic State.",
    "Iraqi Prime Minister Haider al-Abadi travelled to Mosul earlier this week to announce the "
    "victory, which came three years after ISIS seized the city.",
    "The offence to reclaim Mosul began back in October 2016, with a 100,000 strong coalition",
    "In a statement released Tuesday, Ottawa congratulated the Iraqi army’s victory.",
    "“Canada joins the partners of the Global Coalition Against Daesh in congratulating Iraqis",
    "The fighting has left the city in ruins from airstrikes and explosions, killed thousands of "
    "Mosul residents and forced almost a million to flee their homes.",
    "Here is a look at the significance of the victory and what could be next for the war "
    "against ISIS:",
    "Why does Mosul matter?",
    "Mosul came under ISIS control in June 2014",
    "Strategically, Mosul was Iraq’s second-largest city",
    "it could mean the group will return to its insurgent roots",
    "What challenges lie ahead?",
    "Though ISIS’ defeat is considered to be a major victory in the war against the group",
    "“Now it is time for all Iraqis to unite",
    "ISIS also continues to hold territory in Syria.",
    "Early last week an assault by U.S.-backed Kurdish and Arab forces began",
    "For Mosul, brutal fighting has left large swaths of the city flattened and in ruins.",
    "An ongoing humanitarian crisis",
    "Mosul was once home to a population of 1.5 million.",
    "Early on in the fighting there were reports that ISIS was using civilians as human shields.",
    "Hundreds of civilians have also reportedly been killed by coalition forces",
    "What’s next for Canada’s involvement?",
    "Between 2014 and when the battle for Mosul started last October",
    "In June, the government announced it would extend its mission in Iraq until March 31, 2019",
    "In the statement released Tuesday, the Canadian government thanked those involved",
    # the final statement quote paragraph, just before the membership appeal
    "“In response to the threat [of ISIS], and to the impacts on the broader region, Canada’s "
    "$2-billion multi-year engagement in the Middle East will continue to support Iraqis in "
    "rebuilding their communities.",
    "ensure justice and accountability for all Iraqis,” the statement said.",
]


def _doc(text: str):
    raw = RawDocument(content=text, format="text", origin=Origin(path="seed.txt"))
    return raw, clean(raw)


def _paragraph_lines(text: str) -> set[str]:
    return {p.strip() for p in text.split("\n\n")}


def test_seed_is_metadata(seed_is_text):
    _, doc = _doc(seed_is_text)
    assert doc.title == "What next for Islamic State as Iraqi army moves on Mosul?"
    assert doc.published is None
    assert doc.language == "en"
    assert doc.title not in doc.text


@pytest.mark.parametrize(
    "gone",
    [
        "Skip to main content",
        "The Iraqi army advances on Mosoul",
        "Daily newsletter",
        "Receive essential international news every morning",
        "Page not found",
        "The content you requested does not exist or is not available anymore.",
    ],
)
def test_seed_is_boilerplate_gone(seed_is_text, gone):
    _, doc = _doc(seed_is_text)
    assert gone not in doc.text


@pytest.mark.parametrize("sentence", IS_BODY)
def test_seed_is_article_kept(seed_is_text, sentence):
    _, doc = _doc(seed_is_text)
    assert sentence in doc.text


def test_seed_is_subheadings_are_paragraphs(seed_is_text):
    _, doc = _doc(seed_is_text)
    paragraphs = _paragraph_lines(doc.text)
    assert "IS lacks central policy" in paragraphs
    assert "What does this battle mean for IS?" in paragraphs


def test_seed_victory_metadata(seed_victory_text):
    _, doc = _doc(seed_victory_text)
    assert doc.title == "Victory in Mosul: What you need to know"
    assert doc.published is not None
    assert doc.published.value == "2017-07-14"
    assert doc.published.precision == "day"
    assert doc.published.method == "dateline line in text"
    assert doc.byline == "Latifa Abdin"
    assert doc.outlet == "Open Canada"
    assert doc.language == "en"


@pytest.mark.parametrize(
    "gone",
    [
        "By: /",
        "14 July, 2017",
        "A view of a part of western Mosul, Iraq, May 29, 2017. REUTERS/Alkis Konstantinidis",
        "Latifa Abdin",
        "Freelance writer",
        "Before you click away",
        "Open Canada is published by the Canadian International Council",
        "By becoming a member",
        "Join us",
        "Victory in Mosul: What you need to know",
    ],
)
def test_seed_victory_boilerplate_gone(seed_victory_text, gone):
    _, doc = _doc(seed_victory_text)
    assert gone not in doc.text


@pytest.mark.parametrize("sentence", VICTORY_BODY)
def test_seed_victory_article_kept(seed_victory_text, sentence):
    _, doc = _doc(seed_victory_text)
    assert sentence in doc.text


def test_seed_victory_subheadings_are_paragraphs(seed_victory_text):
    _, doc = _doc(seed_victory_text)
    paragraphs = _paragraph_lines(doc.text)
    for heading in (
        "Why does Mosul matter?",
        "What challenges lie ahead?",
        "An ongoing humanitarian crisis",
        "What’s next for Canada’s involvement?",
    ):
        assert heading in paragraphs


EXPECTED_REASONS = {
    "By: /": "byline",
    "14 July, 2017": "dateline",
    "A view of a part of western Mosul, Iraq, May 29, 2017. REUTERS/Alkis Konstantinidis": "caption",
    "Latifa Abdin": "byline",
    "By: Latifa Abdin": "byline",
    "Freelance writer": "byline",
    "Join us": "membership",
    "Victory in Mosul: What you need to know": "title",
}


def test_seed_victory_removed_spans(seed_victory_text):
    raw, doc = _doc(seed_victory_text)
    for r in doc.removed:
        assert seed_victory_text[r.start : r.end] == r.text
        assert r.reason
    by_text = {r.text.strip(): r.reason for r in doc.removed}
    for text, reason in EXPECTED_REASONS.items():
        assert by_text.get(text) == reason, text
    appeal = [r for r in doc.removed if r.text.startswith("Before you click away")]
    assert appeal and appeal[0].reason == "membership"
    members = [r for r in doc.removed if r.reason == "membership"]
    assert any(r.text.startswith("Open Canada is published by") for r in members)
    assert any(r.text.startswith("By becoming a member") for r in members)


def test_seed_is_removed_spans(seed_is_text):
    _, doc = _doc(seed_is_text)
    reasons = {r.text.strip(): r.reason for r in doc.removed}
    assert reasons["Skip to main content"] == "navigation"
    assert reasons["The Iraqi army advances on Mosoul"] == "caption"
    assert reasons["The Iraqi army advances on Mosoul Reuters"] == "caption"
    assert reasons["Page not found"] == "error-page"
    assert reasons["Daily newsletterReceive essential international news every morning"] == (
        "newsletter"
    )
    for r in doc.removed:
        assert seed_is_text[r.start : r.end] == r.text


def test_seed_document_identity(seed_is_text):
    import hashlib

    _, doc = _doc(seed_is_text)
    assert doc.content_hash == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    assert doc.id == doc.content_hash[:16]
    assert "\n\n\n" not in doc.text
    assert doc.text == doc.text.strip()
    assert not re.search(r"[ \t]\n", doc.text)
