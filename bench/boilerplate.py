"""Boilerplate in scraped text: task ``boilerplate-scraped``.

The HTML pages of both extraction sets (article-extraction-benchmark and
trafilatura-eval-en) are flattened into scraped text the way the seed articles are
(``bench._html_to_text``: all visible text, one block a line, navigation, menus and
footers kept). sitroom's plain-text remover (``clean(RawDocument(text, "text", ...))``)
then has to find the article in it, and is scored against the same gold with the same
code as the HTML tasks (``bench.extraction``): the article-extraction-benchmark's
shingle precision / recall / F1 / accuracy (prefix ``aeb_``) and trafilatura's
must-keep / must-drop segment counts (prefix ``tev_``).

Peers on the same flat text: "no cleaning" (the flat text itself, the recall ceiling),
and jusText and trafilatura (default settings) run on the flat text turned back into
HTML with one ``<p>`` a line, since neither reads plain text.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from bench._html_to_text import html_to_text, lines_to_html
from bench.common import write_result
from bench.extraction import (
    Errors,
    Page,
    SegmentCounts,
    english_keys,
    justext_text,
    load_aeb,
    load_tev,
    peer_versions,
    score_articles,
    segment_counts,
)


def sitroom_text(flat: str, page: Page) -> str:
    """sitroom's scraped-text cleaner: ``Document.text``; ``""`` on CleanError."""
    from sitroom.clean import clean
    from sitroom.clean.errors import CleanError
    from sitroom.model import Origin, RawDocument

    try:
        return clean(RawDocument(flat, "text", Origin(path=str(page.path)))).text
    except CleanError:
        return ""


def _trafilatura(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def systems() -> dict[str, Callable[[str, Page], str]]:
    """Name -> system reading the flat text of a page."""
    versions = peer_versions()
    return {
        "sitroom": sitroom_text,
        "no cleaning (flat text)": lambda flat, page: flat,
        f"justext {versions['justext']} (<p> per line)": lambda flat, page: justext_text(lines_to_html(flat)),
        f"trafilatura {versions['trafilatura']} (<p> per line)": lambda flat, page: _trafilatura(lines_to_html(flat)),
    }


def run_flat(pages: Sequence[Page], chosen: dict[str, Callable[[str, Page], str]], errors: Errors) -> tuple[dict[str, dict[str, str]], dict[str, float]]:
    """Flatten each page once, run every system on it: outputs and seconds per system."""
    outputs: dict[str, dict[str, str]] = {name: {} for name in chosen}
    seconds = dict.fromkeys(chosen, 0.0)
    for page in pages:
        flat = html_to_text(page.html)
        for name, system in chosen.items():
            started = time.perf_counter()
            try:
                outputs[name][page.key] = system(flat, page)
            except Exception as exc:  # a crash is an empty output, counted in notes
                errors.note(name, page, exc)
                outputs[name][page.key] = ""
            seconds[name] += time.perf_counter() - started
    return outputs, seconds


def score_system(
    aeb: Sequence[Page], aeb_out: dict[str, str], tev: Sequence[Page], tev_out: dict[str, str], english: set[str]
) -> dict[str, float]:
    """The ``aeb_`` and ``tev_`` metrics of one system."""
    gold = {p.key: p.gold for p in aeb}
    row = {f"aeb_{k}": v for k, v in score_articles(gold, aeb_out, english=english).items()}
    total = SegmentCounts()
    for page in tev:
        total = total + segment_counts(page.with_, page.without, tev_out[page.key])
    scores = total.scores()
    for name in ("with_kept", "without_dropped", "precision", "accuracy", "f1"):
        row[f"tev_{name}"] = scores[name]
    return row


def run(*, quick: bool) -> list[dict]:
    aeb, tev = load_aeb(quick), load_tev(quick)
    chosen = systems()
    errors = Errors()
    aeb_out, _ = run_flat(aeb, chosen, errors)
    tev_out, _ = run_flat(tev, chosen, errors)
    english = english_keys({p.key: p.gold for p in aeb})
    rows = {name: score_system(aeb, aeb_out[name], tev, tev_out[name], english) for name in chosen}
    empty = sum(1 for p in aeb if not aeb_out["sitroom"][p.key].strip())
    empty += sum(1 for p in tev if not tev_out["sitroom"][p.key].strip())
    metrics = rows.pop("sitroom")
    cleaners = {"sitroom": metrics, **{n: r for n, r in rows.items() if not n.startswith("no cleaning")}}
    leader = max(cleaners, key=lambda n: cleaners[n]["aeb_f1"])
    leader_tev = max(cleaners, key=lambda n: cleaners[n]["tev_f1"])
    subset = (
        f"first {len(aeb)} of 181 and {len(tev)} of 151 pages by file name (quick)"
        if quick
        else "all 181 + 151 pages"
    )
    error_note = (
        "Exceptions, scored as empty output: "
        + "; ".join(f"{n}: {c} (first: `{errors.first[n]}`)" for n, c in sorted(errors.count.items()))
        + "."
        if errors.count
        else "No system raised an exception (sitroom's CleanError counts as an empty output)."
    )
    notes = f"""\
Data: {subset} of article-extraction-benchmark (`aeb_`) and trafilatura-eval-en (`tev_`), each page flattened by
`bench/_html_to_text.py` into scraped text like the seed articles (every visible block one line, blank line between;
navigation, menus, footers kept; script/style/noscript/template, comments and hidden elements dropped). Metrics as in
`article-extraction` (`aeb_`: 4-shingle P/R/F1 averaged per page, exact-token accuracy, bootstrap `f1_std`) and
`trafilatura-eval` (`tev_`: share of must-keep strings kept, of must-drop strings dropped, precision, accuracy, F1);
`aeb_f1_en` is the F1 on the {len(english)} article-extraction pages whose gold is English (py3langid).
sitroom: `clean(RawDocument(flat_text, "text", ...)).text` (CleanError = empty output). Peers on the same text:
"no cleaning" (the flat text: the recall ceiling), jusText (English stoplist, default parameters) and
`trafilatura.extract` (defaults) on the flat text wrapped one `<p>` per line (neither reads plain text; without the
page's markup they lose their DOM cues, which is the situation of a scraped-text input). Best F1 among the cleaners:
`aeb_f1` {leader}, `tev_f1` {leader_tev}. sitroom returned no text (CleanError) on {empty} of {len(aeb) + len(tev)}
pages. The "no cleaning" row misses some must-keep strings because they are not visible text of the page (inside a
`<script type="text/template">` filled by JavaScript, in hidden gallery slides, or in another Unicode normalisation than
the page). {error_note}"""
    return [
        write_result(
            "boilerplate-scraped",
            dataset=f"article-extraction-benchmark @4a3bc97 + trafilatura-eval-en @e90b0ef, flattened ({subset})",
            command="python -m bench" + (" --quick" if quick else "") + " boilerplate",
            metrics=metrics,
            peers=rows,
            quick=quick,
            notes=notes,
        )
    ]
