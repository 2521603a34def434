"""Bad and huge input: cut with a warning, never an exception or a stall."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.clean import CleanError, clean
from sitroom.model import Origin, RawDocument

PARAGRAPH = (
    "Government forces shelled the northern districts of the city on Tuesday, a "
    "spokesman for the provincial council said, adding that at least 12 civilians were "
    "killed and dozens more wounded in the attack."
)


def test_bounds_huge_scraped_text_is_cut_with_warning():
    page = "Skip to main content\n\nA headline for a very long page\n\n"
    page += "\n\n".join(f"{PARAGRAPH} ({i})" for i in range(26_000))  # ~5 MB
    assert len(page) > 5_000_000
    doc = clean(RawDocument(content=page, format="text", origin=Origin()), max_chars=200_000)
    assert len(doc.text) <= 200_000
    assert any(w.startswith("text cut from") for w in doc.warnings)
    assert doc.text.endswith(")")  # cut at a paragraph boundary


def test_bounds_huge_html_is_cut_with_warning():
    body = "".join(f"<p>{PARAGRAPH} ({i})</p>\n" for i in range(24_000))
    page = f"<html><head><title>Long</title></head><body><article>{body}</article></body></html>"
    assert len(page) > 5_000_000
    doc = clean(RawDocument(content=page, format="html", origin=Origin()), max_chars=200_000)
    assert len(doc.text) <= 200_000
    assert any(w.startswith("HTML cut from") for w in doc.warnings)
    assert any(w.startswith("text cut from") for w in doc.warnings)


def test_bounds_one_giant_line_without_breaks():
    page = ("word " * 1_200_000).strip()
    doc = clean(RawDocument(content=page, format="text", origin=Origin()), max_chars=50_000)
    assert len(doc.text) <= 50_000
    assert doc.warnings


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_bounds_any_text_cleans_or_raises_clean_error(text):
    raw = RawDocument(content=text, format="text", origin=Origin())
    try:
        doc = clean(raw)
    except CleanError:
        return
    for r in doc.removed:
        assert text[r.start : r.end] == r.text
    assert doc.text == doc.text.strip()


def test_bounds_a_malformed_url_costs_its_derived_fields_not_the_document():
    html = f"<html><body><article><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>"
    for url in ("http://[::1/x", "https://[::1:80/2020/01/02/story", "https://example.org:99999/2020/01/02/story"):
        for raw in (
            RawDocument(content=html, format="html", origin=Origin(path="page.html"), hints={"url": url}),
            RawDocument(content=html, format="html", origin=Origin(url=url)),
            RawDocument(content=PARAGRAPH, format="text", origin=Origin(path="a.txt"), hints={"url": url}),
        ):
            doc = clean(raw)
            assert doc.url == url and PARAGRAPH[:40] in doc.text
            assert doc.outlet is None or "[" not in doc.outlet, doc.outlet


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_bounds_any_url_string_is_split_or_refused_without_raising(url):
    from sitroom.clean.metadata import date_from_url, registered_domain

    registered_domain(url)
    date_from_url(url)
    registered_domain("http://" + url)


def test_bounds_random_bytes_are_refused_as_no_text_not_stored():
    import random

    rng = random.Random(7)
    for path in ("noise.txt", "noise.html"):
        data = bytes(rng.randrange(1, 256) for _ in range(6000))  # no NUL byte: not caught as binary
        raw = RawDocument(content=data, format="html" if path.endswith("html") else "text", origin=Origin(path=path))
        try:
            doc = clean(raw)
        except CleanError as exc:
            assert "not plausible text" in str(exc) or "no article text" in str(exc)
        else:
            raise AssertionError(f"random bytes stored as a document titled {doc.title!r}")


def test_bounds_text_with_a_few_control_characters_is_still_text():
    text = f"{PARAGRAPH}\x0c\n\n{PARAGRAPH}\x0b {PARAGRAPH}\x1b[0m"
    doc = clean(RawDocument(content=text, format="text", origin=Origin(path="a.txt")))
    assert "spokesman for the provincial council" in doc.text


def test_bounds_language_identification_reads_a_bounded_prefix():
    """Its cost grows with the text, its answer does not: only the first LANGUAGE_CHARS count."""
    from sitroom.clean.metadata import LANGUAGE_CHARS, language

    english = (PARAGRAPH + " ") * (LANGUAGE_CHARS // len(PARAGRAPH) + 1)
    french = "Les forces gouvernementales ont bombardé les quartiers nord de la ville mardi, a déclaré un porte-parole. " * 300
    assert language(english + french) == "en"
    assert language(french) == "fr"
