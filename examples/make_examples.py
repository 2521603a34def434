"""Build the sample corpus of `make demo` from the Wikinews conflict subset.

Run from the repository root: `python examples/make_examples.py [PATH/wikinews-conflict.jsonl]`.
It writes, from 56 openly licensed English Wikinews articles (CC BY 2.5):

* `wikinews-conflict.jsonl`: 44 articles as JSON Lines (fields as in the source);
* `scraped/*.txt`: 4 articles as a scraper would save the rendered page (site
  navigation and footer lines kept), plus one exact copy to show de-duplication;
* `html/*.html`: 4 articles as HTML pages with navigation, sidebar and footer;
* `archive.warc.gz`: 4 articles as HTTP responses in a WARC file (plus a 404);
* `ATTRIBUTION.md`: title, URL, licence and changes for every article.

The page chrome is modelled on Wikinews' own rendered pages ("Jump to navigation",
"From Wikinews, the free news source you can write!", "Retrieved from ...").
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).parent
SOURCE = Path("../shared/corpora/wikinews-conflict/wikinews-conflict.jsonl")
KEEP = ("id", "title", "date", "url", "text", "license", "text_quality", "topic", "edits")


def dateline(date: str | None) -> str:
    if not date:
        return ""
    day = dt.date.fromisoformat(date)
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def scraped_text(row: dict) -> str:
    lines = ["Jump to navigation", "Jump to search", "", row["title"], "",
             "From Wikinews, the free news source you can write!", "", dateline(row["date"]), ""]
    for p in paragraphs(row["text"]):
        lines += [p, ""]
    lines += ["Share this:", "Facebook", "Twitter", "", "Sources", "",
              f'Retrieved from "{row["url"]}"', "", "Categories: Politics and conflicts", "",
              "This page was last edited on 5 May 2020, at 10:12.",
              "Privacy policy", "About Wikinews", "Disclaimers"]
    return "\n".join(lines) + "\n"


def html_page(row: dict) -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(row["text"]))
    title = html.escape(row["title"])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} - Wikinews, the free news source</title>
<meta property="og:site_name" content="Wikinews">
<meta property="article:published_time" content="{row['date'] or ''}">
<link rel="canonical" href="{html.escape(row['url'])}">
</head><body>
<nav><ul><li><a href="/wiki/Main_Page">Main page</a></li><li><a href="/wiki/Special:Random">Random article</a></li>
<li><a href="/wiki/Wikinews:Write_an_article">Write an article</a></li></ul></nav>
<div id="content"><h1 id="firstHeading">{title}</h1>
<div id="bodyContent"><p><strong class="published">{dateline(row['date'])}</strong></p>
{body}
<h2>Sources</h2><ul><li>Wire reports</li></ul></div></div>
<aside><h3>Related news</h3><ul><li><a href="/wiki/Other">Other stories from the region</a></li></ul></aside>
<footer><p>Text is available under the Creative Commons Attribution 2.5 License.</p>
<p><a href="/wiki/Privacy">Privacy policy</a> · <a href="/wiki/About">About Wikinews</a></p></footer>
</body></html>
"""


def write_warc(rows: list[dict], path: Path) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for row in rows:
            payload = html_page(row).encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(row["url"], "response", payload=io.BytesIO(payload), http_headers=headers)
            writer.write_record(record)
        missing = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        page = b"<html><body><h1>Not found</h1></body></html>"
        writer.write_record(writer.create_warc_record("https://en.wikinews.org/wiki/Missing", "response", payload=io.BytesIO(page), http_headers=missing))


def attribution(rows: list[dict], where: dict[str, str]) -> str:
    lines = ["# Attribution", "",
             "The sample corpus is made of English Wikinews articles. From Wikinews, the free news source.",
             "Text © Wikinews contributors, licensed under Creative Commons Attribution 2.5",
             "(https://creativecommons.org/licenses/by/2.5/); articles on or before 2005-09-25 are in the public domain.",
             "Changes: converted from wiki markup to plain text (see the `edits` field of each JSONL record",
             "and `../shared/corpora/wikinews-conflict/README.md`); the `.txt`, `.html` and `.warc.gz` copies",
             "wrap the text in page navigation and footer lines modelled on Wikinews' rendered pages.", "",
             "| file | title | date | URL |", "| --- | --- | --- | --- |"]
    for row in rows:
        lines.append(f"| {where[row['id']]} | {row['title']} | {row['date']} | {row['url']} |")
    return "\n".join(lines) + "\n"


def main(source: Path = SOURCE) -> None:
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()][:56]
    jsonl, txt, pages, warc = rows[:44], rows[44:48], rows[48:52], rows[52:56]
    where: dict[str, str] = {}
    with (HERE / "wikinews-conflict.jsonl").open("w", encoding="utf-8") as out:
        for row in jsonl:
            out.write(json.dumps({k: row.get(k) for k in KEEP}, ensure_ascii=False) + "\n")
            where[row["id"]] = "wikinews-conflict.jsonl"
    (HERE / "scraped").mkdir(exist_ok=True)
    for row in txt:
        name = f"scraped/{row['id']}.txt"
        (HERE / name).write_text(scraped_text(row), encoding="utf-8")
        where[row["id"]] = name
    (HERE / "scraped" / f"copy-of-{txt[0]['id']}.txt").write_text(scraped_text(txt[0]), encoding="utf-8")
    (HERE / "html").mkdir(exist_ok=True)
    for row in pages:
        name = f"html/{row['id']}.html"
        (HERE / name).write_text(html_page(row), encoding="utf-8")
        where[row["id"]] = name
    write_warc(warc, HERE / "archive.warc.gz")
    for row in warc:
        where[row["id"]] = "archive.warc.gz"
    (HERE / "ATTRIBUTION.md").write_text(attribution(rows, where), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
