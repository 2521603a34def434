"""HTML pages through trafilatura + htmldate (fixtures wrap Wikinews text, CC BY 2.5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.clean import CleanError, clean
from sitroom.model import Origin, RawDocument

FIXTURES = Path(__file__).parent.parent / "fixtures" / "clean"


def _html(name: str, url: str | None = None, **hints: str):
    raw = RawDocument(
        content=(FIXTURES / name).read_bytes(), format="html",
        origin=Origin(path=name, url=url), hints=hints,
    )
    return clean(raw)


def _paragraphs_of(name: str) -> list[str]:
    """The article paragraphs of a fixture, read back from its <p> elements."""
    import html
    import re

    page = (FIXTURES / name).read_text(encoding="utf-8")
    body = page.split("<article>", 1)[-1] if "<article>" in page else page
    return [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", body)]


def test_html_article_page_body_title_date_outlet():
    doc = _html("frontline_mosul.html", url="https://www.frontline-daily.co.uk/world/mosul")
    assert doc.title == "Beheaded bodies found as fighting continues in Mosul"
    assert doc.outlet == "Frontline Daily"
    assert doc.byline == "Jane Example"
    assert doc.published is not None
    assert (doc.published.value, doc.published.precision) == ("2004-11-19", "day")
    assert (doc.published.provenance, doc.published.method) == ("metadata", "htmldate")
    assert doc.language == "en"
    paragraphs = doc.text.split("\n\n")
    for p in _paragraphs_of("frontline_mosul.html")[:6]:
        assert p in paragraphs
    for junk in ("Skip to main content", "Related stories", "Sign up", "All rights reserved"):
        assert junk not in doc.text
    assert not doc.text.startswith(doc.title)


def test_html_time_element_date_and_domain_outlet():
    doc = _html("asia_myanmar.html", url="https://news.asia-example.com/myanmar/protest")
    assert doc.title == "At least 9 protesters killed, 11 wounded in Myanmar"
    assert doc.published is not None
    assert (doc.published.value, doc.published.method) == ("2007-09-28", "htmldate")
    assert doc.outlet == "asia-example.com"
    assert "Share on Facebook" not in doc.text
    assert doc.text.startswith("According to Burma's government")


def test_html_page_without_date_has_no_published():
    doc = _html("nodate_balad.html")
    assert doc.published is None
    assert doc.outlet is None
    assert doc.text.startswith("A U.S. raid near Balad on Wednesday")


def test_html_hints_win():
    doc = _html("nodate_balad.html", date="2006-03-17", title="Stated title", outlet="Wire")
    assert doc.published is not None
    assert (doc.published.value, doc.published.method) == ("2006-03-17", "jsonl field")
    assert (doc.title, doc.outlet) == ("Stated title", "Wire")


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><nav><a href='/'>Home</a> <a href='/a'>World</a></nav>"
        "<footer>Contact us</footer></body></html>",
        "<html><head><title>Nothing</title></head><body></body></html>",
        "<<<>>>",
    ],
)
def test_html_without_article_raises_clean_error(page):
    raw = RawDocument(content=page, format="html", origin=Origin(path="empty.html"))
    with pytest.raises(CleanError, match="no article text|empty"):
        clean(raw)


def test_html_fixture_sources_are_cited():
    for name in ("frontline_mosul.html", "asia_myanmar.html", "nodate_balad.html"):
        assert "wikinews.org" in (FIXTURES / name).read_text(encoding="utf-8")[:400]


def test_html_article_in_another_language_is_kept():
    # The English prose test must not reject an article trafilatura found in another
    # language (sentences written for this test; Cyrillic shares no English stopword).
    paragraphs = "".join(
        f"<p>{p}</p>"
        for p in [
            "В результате нападения на деревню на севере страны погибли по меньшей мере двенадцать человек, сообщили власти.",
            "Правительство объявило, что направит в регион дополнительные войска для защиты мирного населения.",
            "Гуманитарные организации сообщают, что тысячи семей покинули свои дома и нуждаются в срочной помощи.",
        ]
    )
    page = f"<html><head><title>Нападение на севере</title></head><body><nav><a href='/'>Главная</a></nav><article><h1>Нападение на севере</h1>{paragraphs}</article></body></html>"
    document = clean(RawDocument(page.encode("utf-8"), "html", Origin(path="ru.html")))
    assert "двенадцать человек" in document.text
    assert document.language == "ru"
