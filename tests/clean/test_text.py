"""The scraped-text remover on pages it was not tuned on: synthetic pages in other
outlets' styles (body text from Wikinews, CC BY 2.5) and the Wikinews conflict corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitroom.clean import CleanError, clean
from sitroom.model import Origin, RawDocument

FIXTURES = Path(__file__).parent.parent / "fixtures" / "clean"
WIKINEWS_CONFLICT = Path("/work/shared/corpora/wikinews-conflict/wikinews-conflict.jsonl")

# page -> {boilerplate line: expected reason}; every other line of the page must survive
PAGES = {
    "a_cookie_share_copyright.txt": {
        "We use cookies to improve your experience on our site. By continuing to browse, "
        "you agree to our use of cookies.": "cookie",
        "Accept all cookies": "cookie",
        "Manage preferences": "cookie",
        "World | Middle East | Iraq": "navigation",
        "Share on Facebook": "share",
        "Share on Twitter": "share",
        "Iraqi policemen inspect the site of the blast in Baghdad. Photo: AFP": "caption",
        "Share this article": "share",
        "© 2005 Baghdad Monitor. All rights reserved.": "copyright",
    },
    "b_mid_newsletter_related.txt": {
        "Menu": "navigation",
        "Search": "navigation",
        "By Priya Raman, Reuters": "byline",
        "14 August 2006": "dateline",
        "Sign up for our newsletter to get the latest South Asia news delivered to your inbox "
        "every morning.": "newsletter",
        "Email address": "newsletter",
        "Subscribe": "newsletter",
        "Related articles": "related",
        "Sri Lanka ceasefire under strain": "related",
        "Monitors warn of escalating violence in the north": "related",
        "Colombo tightens security after blast": "related",
        "Most read": "navigation",
    },
    "c_breadcrumb_updated_donate.txt": {
        "Skip to content": "navigation",
        "Home > Africa > Kenya": "navigation",
        "Published: 1 January 2008 10:32 GMT": "dateline",
        "Updated: 2 January 2008 08:15 GMT": "dateline",
        "Supporters of opposition leader Raila Odinga in Kisumu. (AFP)": "caption",
        "Getty Images": "caption",
        "Support independent journalism": "membership",
        "Our reporting on Africa is funded by readers like you. Make a donation today and help "
        "us keep our journalism free for everyone.": "membership",
        "Donate now": "membership",
        "Comments": "navigation",
    },
    "d_bbc_style_captions.txt": {
        "Image copyright Getty Images": "caption",
        "Image caption Afghan police at the scene of the bombing": "caption",
        "Advertisement": "navigation",
        "Share this with": "navigation",
        "Email": "navigation",
        "Facebook": "share",
        "Twitter": "share",
        "WhatsApp": "navigation",
        "More on this story": "related",
        "Taliban claim attack on police post": "related",
        "Kandahar governor survives ambush": "related",
        "Related Topics": "related",
        "Afghanistan": "navigation",
    },
    "e_hard_wrapped_membership.txt": {
        "By: Omar Khalil": "byline",
        "Gaza correspondent": "byline",
        "Read more: UN agency suspends aid deliveries in Gaza": "related",
        "Before you go, we'd like to ask a favour. You've read 3 free articles this month. "
        "Become a member today for unlimited access.": "membership",
        "Join us": "membership",
    },
}

META = {
    "a_cookie_share_copyright.txt": ("Suicide bomber kills 24 children in Iraq", None, None),
    "b_mid_newsletter_related.txt": (
        "Colombo land mine explosion kills seven", "Priya Raman", "2006-08-14",
    ),
    "c_breadcrumb_updated_donate.txt": ("Violent clashes in Kenya kill scores", None, "2008-01-01"),
    "d_bbc_style_captions.txt": ("Over 80 Afghans killed by bombing in Kandahār", None, None),
    "e_hard_wrapped_membership.txt": (
        "Israeli shelling on UN school on the Gaza Strip kills six", "Omar Khalil", None,
    ),
}


def _clean_text(text: str, **hints: str):
    return clean(RawDocument(content=text, format="text", origin=Origin(), hints=hints))


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", sorted(PAGES))
def test_text_synthetic_page_boilerplate_removed(name):
    raw = (FIXTURES / name).read_text(encoding="utf-8")
    doc = _clean_text(raw)
    reasons = {r.text: r.reason for r in doc.removed}
    paragraphs = set(doc.text.split("\n\n"))
    for line, reason in PAGES[name].items():
        assert reasons.get(line) == reason, line
        assert line not in paragraphs
    for r in doc.removed:
        assert raw[r.start : r.end] == r.text


@pytest.mark.parametrize("name", sorted(PAGES))
def test_text_synthetic_page_article_kept(name):
    raw = (FIXTURES / name).read_text(encoding="utf-8")
    doc = _clean_text(raw)
    title, byline, published = META[name]
    assert doc.title == title
    assert doc.byline == byline
    assert (doc.published.value if doc.published else None) == published
    boilerplate = set(PAGES[name]) | {title}
    flat = _norm(doc.text)
    for block in raw.split("\n\n"):
        for line in block.splitlines():
            if line.strip() and line not in boilerplate:
                assert _norm(line) in flat, line


def test_text_mid_article_newsletter_does_not_swallow_paragraphs():
    raw = (FIXTURES / "b_mid_newsletter_related.txt").read_text(encoding="utf-8")
    doc = _clean_text(raw)
    after = raw.split("Subscribe\n\n", 1)[1].split("\n\nRelated articles", 1)[0]
    assert after.count("\n\n") == 2  # three article paragraphs follow the prompt
    for paragraph in after.split("\n\n"):
        assert paragraph in doc.text


def test_text_hard_wrapped_lines_joined():
    raw = (FIXTURES / "e_hard_wrapped_membership.txt").read_text(encoding="utf-8")
    doc = _clean_text(raw)
    assert len(doc.text.split("\n\n")) == 4
    assert "\n" not in doc.text.replace("\n\n", "")


def test_text_outlet_from_copyright_line():
    raw = (FIXTURES / "a_cookie_share_copyright.txt").read_text(encoding="utf-8")
    assert _clean_text(raw).outlet == "Baghdad Monitor"


def test_text_hints_win_and_title_line_removed():
    raw = (FIXTURES / "b_mid_newsletter_related.txt").read_text(encoding="utf-8")
    doc = _clean_text(
        raw, title="Colombo land mine explosion kills seven", date="2006-08-15",
        outlet="Example Wire", url="https://www.example.co.uk/2006/08/14/colombo",
    )
    assert doc.published is not None
    assert (doc.published.value, doc.published.method) == ("2006-08-15", "jsonl field")
    assert doc.outlet == "Example Wire"
    assert "Colombo land mine explosion kills seven" not in doc.text


def test_text_date_and_outlet_from_url_when_page_says_nothing():
    raw = (FIXTURES / "d_bbc_style_captions.txt").read_text(encoding="utf-8")
    doc = _clean_text(raw, url="https://www.bbc.co.uk/news/2008/02/17/kandahar")
    assert doc.outlet == "bbc.co.uk"
    assert doc.published is not None
    assert (doc.published.value, doc.published.provenance, doc.published.method) == (
        "2008-02-17", "inferred", "URL",
    )


@pytest.mark.parametrize("bad", ["", "   \n\n  ", "Skip to main content\nMenu\nSearch\n"])
def test_text_nothing_left_raises_clean_error(bad):
    with pytest.raises(CleanError):
        _clean_text(bad)


def test_text_bytes_in_cp1252_decoded_with_warning():
    text = "Soldiers entered the town on Tuesday, a spokesman said. “We will stay,” he added."
    doc = clean(RawDocument(content=text.encode("cp1252"), format="text", origin=Origin()))
    assert "“We will stay,”" in doc.text
    assert doc.warnings


# --- Wikinews conflict corpus: clean article text must come through (almost) whole ---


def _wikinews() -> list[dict[str, str]]:
    if not WIKINEWS_CONFLICT.exists():
        pytest.skip("Wikinews conflict corpus not available")
    with WIKINEWS_CONFLICT.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_text_wikinews_conflict_sentences_survive():
    total = kept = 0
    lost: list[str] = []
    for row in _wikinews():
        doc = _clean_text(row["text"])
        flat = _norm(doc.text)
        for line in row["text"].splitlines():
            for sentence in line.split(". "):
                if not sentence.strip():
                    continue
                total += 1
                if _norm(sentence) in flat:
                    kept += 1
                else:
                    lost.append(sentence)
    assert total > 1000
    assert kept / total >= 0.99, lost


def _article(article_id: str) -> dict[str, str]:
    return next(r for r in _wikinews() if r["id"] == article_id)


def test_text_wikinews_dateline_is_publication_date():
    # enwikinews-t-160ed169db10 opens with the line "Monday, May 18, 2015"
    row = _article("enwikinews-t-160ed169db10")
    doc = _clean_text(row["text"])
    assert doc.published is not None
    assert (doc.published.value, doc.published.precision) == ("2015-05-18", "day")
    assert not doc.text.startswith("Monday")


@pytest.mark.parametrize(
    ("article_id", "opening"),
    [
        # quotes that speak as "we"/"our" and say "support" or "members"
        ("enwikinews-73777", '"It is unconscionable that generous host countries'),
        ("enwikinews-103211", "An Iraqi government spokesman, Ali al-Dabbagh, welcomed"),
        ("enwikinews-46441", "Dan Halutz, Israeli chief of staff, said:"),
    ],
)
def test_text_wikinews_quotes_after_newsletter_prompt_kept(article_id, opening):
    row = _article(article_id)
    paragraph = next(p for p in row["text"].split("\n\n") if p.startswith(opening))
    page = (
        "Fighting continues\n\nSign up for our newsletter\nEmail address\n\n"
        f"{paragraph}\n\nThe report was released on Monday."
    )
    doc = _clean_text(page)
    assert _norm(paragraph) in _norm(doc.text)
    assert "Sign up for our newsletter" not in doc.text


def test_text_wikinews_agency_named_in_sentence_is_not_a_credit():
    # enwikinews-14975: "A Reuters camera man saw the car explode between houses, ..."
    row = _article("enwikinews-14975")
    doc = _clean_text(row["text"])
    assert not [r for r in doc.removed if r.reason == "caption"]
    assert "A Reuters camera man saw the car explode" in doc.text


def test_the_prose_test_of_extracted_html_text_agrees_with_the_boilerplate_pass():
    """``has_article_prose`` skips the boilerplate pass for a text with many prose paragraphs;
    on every fixture and on a page whose only prose is an appeal it answers as the pass does."""
    from sitroom.clean.text import SURE_PROSE_SEGMENTS, has_article_prose, has_prose, scraped_text

    appeal = (
        "Subscribe to our newsletter\n\nGet the best of our journalism delivered to your inbox every week, "
        "and support the work we do as an independent newsroom.\n\nEmail address\n\nSign up"
    )
    texts = [appeal] + [p.read_text(encoding="utf-8", errors="replace") for p in sorted(FIXTURES.glob("*.txt"))]
    assert len(texts) > 5
    for text in texts:
        assert has_article_prose(text) == has_prose(scraped_text(text).text), text[:80]
    assert not has_article_prose(appeal) and has_prose(appeal)  # prose only to the prose test
    article = "\n\n".join(f"Officials said on Monday that {n} families had left the district after the floods." for n in range(SURE_PROSE_SEGMENTS + 2))
    assert has_article_prose(article)
