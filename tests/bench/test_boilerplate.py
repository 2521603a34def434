"""Task ``boilerplate-scraped``: the HTML flattener and the task's quick run."""

from __future__ import annotations

import pytest

from bench import common
from bench._html_to_text import decode_html, html_to_text, lines_to_html


def _has_datasets() -> bool:
    try:
        return (common.datasets_dir() / "trafilatura-eval-en").is_dir()
    except common.DataMissing:
        return False


PAGE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html><html><head><title>Tab title</title><style>p {color: red}</style>
<script>var x = "script text";</script></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<!-- a comment -->
<noscript>Enable JavaScript</noscript><template><p>template text</p></template>
<article><h1>Army enters <em>Mosul</em></h1>
<p>The army   entered the city<br>on Monday, <span>officials</span> said.</p>
<div hidden>hidden attribute</div><div style="display: none">display none</div>
<p aria-hidden="true">aria hidden</p><input type="hidden" value="x">
<table><tr><td>Killed</td><td>12</td></tr></table>
<img src="a.jpg" alt="alt text"></article>
<footer>© 2017 Example News</footer></body></html>"""


def test_visible_blocks_one_line_each():
    lines = html_to_text(PAGE, sep="\n").split("\n")
    assert lines == [
        "Home", "World", "Army enters Mosul", "The army entered the city", "on Monday, officials said.",
        "Killed 12", "© 2017 Example News",
    ]
    assert html_to_text(PAGE).count("\n\n") == len(lines) - 1


def test_bytes_and_empty_pages():
    assert html_to_text(PAGE.encode("utf-8"), sep="\n").startswith("Home\nWorld")
    assert html_to_text("") == "" and html_to_text("<html><body><script>x</script></body></html>") == ""
    assert decode_html("<meta charset='iso-8859-1'>caf\xe9".encode("latin-1")).endswith("café")
    assert decode_html(b"\xef\xbb\xbfok") == "ok"


def test_lines_to_html_round_trip():
    html = lines_to_html("Home\n\nArmy <enters> Mosul\n")
    assert "<p>Home</p>" in html and "<p>Army &lt;enters&gt; Mosul</p>" in html
    assert html_to_text(html, sep="\n") == "Home\nArmy <enters> Mosul"


def test_score_system_pins_both_metric_sets():
    from pathlib import Path

    from bench.boilerplate import score_system
    from bench.extraction import Page

    gold = "The army entered the city on Monday after a long siege."
    aeb = [Page("a", Path("a"), b"", gold=gold)]
    tev = [Page("t", Path("t"), b"", with_=("entered the city",), without=("Home",))]
    row = score_system(aeb, {"a": "Home\n\n" + gold}, tev, {"t": "Home entered the city"}, english={"a"})
    assert row["aeb_recall"] == 1.0 and row["aeb_precision"] == pytest.approx(8 / 9, abs=1e-4)
    assert row["tev_with_kept"] == 1.0 and row["tev_without_dropped"] == 0.0 and row["aeb_f1_en"] == row["aeb_f1"]


@pytest.mark.skipif(not _has_datasets(), reason="gold datasets not available")
def test_quick_mode_end_to_end(tmp_path, monkeypatch):
    from bench import boilerplate

    monkeypatch.setattr(common, "RESULTS", tmp_path)
    [result] = boilerplate.run(quick=True)
    assert result["task"] == "boilerplate-scraped" and (tmp_path / "boilerplate-scraped-quick.json").exists()
    ceiling = result["peers"]["no cleaning (flat text)"]
    assert ceiling["aeb_recall"] > 0.95
    assert all(set(row) == set(result["metrics"]) for row in result["peers"].values())
