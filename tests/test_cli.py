"""The command line through Typer's runner, and once as the installed command."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.store import Store
from tests.conftest import FIXTURES

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "news.db"
    result = runner.invoke(app, ["ingest", str(FIXTURES / "000_f040c6de48533ea3.txt"), str(FIXTURES / "004_ba4449efcd6f824b.txt"), "--db", str(path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "read 2, stored 2, skipped as duplicate 0, failed 0" in result.output
    return path


def test_cli_ingest_again_stores_nothing(db):
    result = runner.invoke(app, ["ingest", str(FIXTURES / "004_ba4449efcd6f824b.txt"), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0
    assert "stored 0, skipped as duplicate 1" in result.output


def test_cli_ingest_reports_bad_input_and_fails_when_nothing_stored(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{broken\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(bad), "--db", str(tmp_path / "x.db"), "--workers", "1"])
    assert result.exit_code == 1
    assert "bad.jsonl:1" in result.output and "failed 1" in result.output


def test_cli_ingest_missing_path(tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "x.db"), "--workers", "1"])
    assert result.exit_code == 1
    assert "nope.txt" in result.output


def test_cli_ingest_reads_standard_input(tmp_path):
    text = "Rebels killed 14 soldiers near Goma on Monday, the army said.\n"
    result = runner.invoke(app, ["ingest", "-", "--db", str(tmp_path / "x.db"), "--workers", "1"], input=text)
    assert result.exit_code == 0, result.output
    assert "stored 1" in result.output


def test_cli_report_markdown_and_html(db, tmp_path):
    md = runner.invoke(app, ["report", "--db", str(db)])
    assert md.exit_code == 0, md.output
    assert "## Key figures" in md.output and "Hazhir Teimourian" in md.output
    out = tmp_path / "r.html"
    html = runner.invoke(app, ["report", "--db", str(db), "--format", "html", "-o", str(out)])
    assert html.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_cli_report_without_store_says_what_to_do(tmp_path):
    result = runner.invoke(app, ["report", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "sitroom ingest" in result.output


def test_cli_export_jsonl_and_csv(db, tmp_path):
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.output.splitlines()]
    documents = {r["doc_id"]: r["text"] for r in records if r["type"] == "document"}
    assert len(documents) == 2
    facts = [r for r in records if r["type"] in ("mention", "quote", "figure", "event", "time")]
    assert facts and all(documents[r["doc_id"]][r["start"] : r["end"]] == r["text"] for r in facts)
    out = tmp_path / "all.csv"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("type,doc_id,start,end,text")
    assert runner.invoke(app, ["export", "--db", str(db), "--format", "xml"]).exit_code == 2


def test_cli_search_and_show(db):
    found = runner.invoke(app, ["search", '"humanitarian corridor"', "--db", str(db)])
    assert found.exit_code == 0, found.output
    doc_id = found.output.split()[0]
    assert "What next for Islamic State" in found.output
    shown = runner.invoke(app, ["show", doc_id[:8], "--db", str(db)])
    assert shown.exit_code == 0
    assert "roughly 900 people have fled Mosul" in shown.output
    assert runner.invoke(app, ["search", "zzzyyyxxx", "--db", str(db)]).exit_code == 1
    assert runner.invoke(app, ["search", '"unbalanced', "--db", str(db)]).exit_code == 2
    assert runner.invoke(app, ["show", "ffffffff", "--db", str(db)]).exit_code == 1


def test_cli_installed_command_runs(tmp_path):
    exe = shutil.which("sitroom", path=str(Path(sys.executable).parent))
    assert exe, "the sitroom command is not installed next to this Python"
    result = subprocess.run([exe, "ingest", str(FIXTURES / "004_ba4449efcd6f824b.txt"), "--db", str(tmp_path / "i.db"), "--workers", "1"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "stored 1" in result.stdout
    report = subprocess.run([exe, "report", "--db", str(tmp_path / "i.db")], capture_output=True, text=True, timeout=300)
    assert "Stephen J. Townsend" in report.stdout


@pytest.mark.sqlite_only
def test_cli_read_commands_refuse_a_foreign_database_without_writing_to_it(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE birds (name TEXT)")
        conn.execute("INSERT INTO birds VALUES ('kite')")
    before = other.read_bytes()
    for command in (["stories"], ["report"], ["export", "--format", "jsonl"], ["search", "kite"], ["ingest", str(FIXTURES / "004_ba4449efcd6f824b.txt"), "--workers", "1"]):
        result = runner.invoke(app, [*command, "--db", str(other)])
        assert result.exit_code == 2, (command, result.output)
        assert "not a sitroom store" in result.output and "birds" in result.output
    assert other.read_bytes() == before
    assert not other.with_name("other.db-wal").exists()


@pytest.mark.sqlite_only
def test_cli_read_commands_never_write_the_store(db, tmp_path):
    before = db.read_bytes()
    for command in (["stories"], ["report", "-o", str(tmp_path / "r.md")], ["export", "--format", "acled", "-o", str(tmp_path / "a.csv")], ["search", "Mosul"]):
        assert runner.invoke(app, [*command, "--db", str(db)]).exit_code == 0, command
    assert db.read_bytes() == before


@pytest.mark.sqlite_only
def test_cli_failed_ingest_into_a_new_store_leaves_no_file(tmp_path):
    target = tmp_path / "t.db"
    result = runner.invoke(app, ["ingest", str(tmp_path / "no-such-file.txt"), "--db", str(target), "--workers", "1"])
    assert result.exit_code == 1 and "no-such-file.txt" in result.output
    assert list(tmp_path.iterdir()) == []


def test_cli_a_missing_embedding_model_is_one_line_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("SITROOM_EMBEDDING_MODEL", "no-such-embedding-package")
    result = runner.invoke(app, ["ingest", str(FIXTURES / "004_ba4449efcd6f824b.txt"), "--db", str(tmp_path / "e.db"), "--workers", "1"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines[-1].startswith("error: embedding model 'no-such-embedding-package'") and "Traceback" not in result.output
    assert not (tmp_path / "e.db").exists()


@pytest.mark.sqlite_only  # a subprocess: the store it opens is the SQLite file
def test_cli_reingest_of_stored_input_loads_no_model(db):
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from sitroom.cli import app\n"
        f"result = CliRunner().invoke(app, ['ingest', {str(FIXTURES / '004_ba4449efcd6f824b.txt')!r}, '--db', {str(db)!r}, '--workers', '2'])\n"
        "assert result.exit_code == 0 and 'stored 0, skipped as duplicate 1' in result.output, result.output\n"
        "print(','.join(m for m in ('spacy', 'torch', 'sentence_transformers') if m in sys.modules))\n"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == ""


def test_cli_ingest_a_lone_surrogate_in_jsonl_loses_nothing(tmp_path):
    lines = [
        json.dumps({"text": "Gunmen attacked a police station in Kano on Tuesday, killing four officers, police said.", "url": "https://example.org/a"}),
        '{"text": "Soldiers \\udf86 fired on protesters in Khartoum on Monday, killing three, medics said.", "title": "x\\udf86"}',
        json.dumps({"text": "Floods displaced 3,000 families in Beledweyne on Sunday, officials said.", "url": "https://example.org/b"}),
    ]
    source = tmp_path / "mixed.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(source), "--db", str(tmp_path / "s.db"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "stored 3" in result.output and "failed 0" in result.output
    with Store(tmp_path / "s.db", readonly=True) as store:
        (hit,) = store.search("Khartoum")
        assert "Soldiers \ufffd fired" in store.analysis(hit.doc_id).document.text


def test_cli_prints_article_text_with_its_control_characters_shown_not_obeyed(tmp_path):
    osc = "\x1b]0;pwned\x07"  # retitles a terminal
    record = {
        "title": f"Goma {osc}shelled",
        "text": f"Rebels shelled Goma on Monday, killing 4 people, the army said.\x1b[2J Aid groups said 300 families fled.{osc}",
        "url": "https://example.org/goma",
    }
    source = tmp_path / "hostile.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "h.db"
    assert runner.invoke(app, ["ingest", str(source), "--db", str(db), "--workers", "1"]).exit_code == 0
    outputs = [
        runner.invoke(app, ["search", "Goma", "--db", str(db)]).output,
        runner.invoke(app, ["stories", "--db", str(db)]).output,
        runner.invoke(app, ["report", "--db", str(db)]).output,
    ]
    doc_id = outputs[0].split()[0]
    outputs.append(runner.invoke(app, ["show", doc_id, "--db", str(db)]).output)
    for out in outputs:
        assert "\x1b" not in out and "\x07" not in out
    assert "␛]0;pwned␇" in outputs[3] and "Goma" in outputs[1]


def test_cli_version_and_json_output_for_scripts(db):
    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and version.output.startswith("sitroom ") and version.output.split()[1][0].isdigit()
    found = runner.invoke(app, ["search", '"humanitarian corridor"', "--db", str(db), "--json"])
    assert found.exit_code == 0, found.output
    hits = [json.loads(line) for line in found.stdout.splitlines()]
    assert hits and set(hits[0]) == {"doc_id", "title", "snippet"} and hits[0]["title"].startswith("What next for Islamic State")
    assert runner.invoke(app, ["search", "zzzyyyxxx", "--db", str(db), "--json"]).exit_code == 1
    listed = runner.invoke(app, ["stories", "--db", str(db), "--json"])
    stories = [json.loads(line) for line in listed.stdout.splitlines()]
    assert listed.exit_code == 0 and stories and {"id", "size", "first", "last", "title"} == set(stories[0])
    assert sum(s["size"] for s in stories) == 2


def test_cli_quiet_prints_only_the_summary_and_a_log_gets_one_line_per_batch(tmp_path):
    source = tmp_path / "mixed.jsonl"
    good = [json.dumps({"text": f"Rebels shelled Goma on Monday, killing {n} people, the army said.", "title": f"Goma {n}"}) for n in range(2, 8)]
    source.write_text("\n".join([*good[:3], "{broken", *good[3:]]) + "\n", encoding="utf-8")
    quiet = runner.invoke(app, ["-q", "ingest", str(source), "--db", str(tmp_path / "q.db"), "--workers", "1"])
    assert quiet.exit_code == 0 and quiet.output.strip().splitlines() == ["read 7, stored 6, skipped as duplicate 0, failed 1 (not valid JSON: 1)"]
    logged = runner.invoke(app, ["ingest", str(source), "--db", str(tmp_path / "l.db"), "--workers", "1", "--batch-size", "3"])
    progress = [line for line in logged.output.splitlines() if line.startswith("ingest: ")]
    assert [p.split(" documents")[0] for p in progress] == ["ingest: 3", "ingest: 6"] and "failed: " in logged.output


def test_count_documents_knows_files_and_lines_and_admits_what_it_cannot_know(tmp_path):
    from sitroom.ingest.count import count_documents

    (tmp_path / "a.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n', encoding="utf-8")
    (tmp_path / "b.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "c.txt").write_text("text", encoding="utf-8")
    assert count_documents([str(tmp_path)]) == 4
    assert count_documents([str(tmp_path / "a.jsonl"), str(tmp_path / "b.html")]) == 3
    assert count_documents(["https://example.org/feed.xml"]) is None and count_documents(["-"]) is None
    assert count_documents([str(FIXTURES.parent / "fixtures" / "ingest" / "crawl.warc")]) is None
