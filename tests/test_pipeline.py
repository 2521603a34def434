"""End to end on real files: process(), the batch runner, idempotence, crash safety."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitroom.config import Config
from sitroom.ingest import read_paths
from sitroom.model import Failure, Origin, RawDocument
from sitroom.pipeline import process, process_batch
from sitroom.runner import ingest
from sitroom.store import Store
from tests.conftest import FIXTURES, SEED_MOSUL_IS, SEED_MOSUL_VICTORY

FIXTURES_INGEST = FIXTURES / "ingest"

ROOT = Path(__file__).parents[1]
WIKINEWS = ROOT.parent / "shared" / "corpora" / "wikinews-en" / "wikinews-en.jsonl"


def raw_of(path: Path) -> RawDocument:
    return RawDocument(path.read_text(encoding="utf-8"), "text", Origin(path=str(path)))


def test_pipeline_process_seed_is_clean_and_sourced():
    analysis = process(raw_of(SEED_MOSUL_VICTORY))
    doc = analysis.document
    assert doc.title == "Victory in Mosul: What you need to know"
    assert doc.published is not None and doc.published.value == "2017-07-14"
    assert "Join us" not in doc.text and "By becoming a member" not in doc.text
    for fact in (*analysis.mentions, *analysis.quotes, *analysis.figures, *analysis.times, *analysis.events):
        assert doc.text[fact.span.start : fact.span.end] == fact.text
    assert doc.text.startswith("From Amnesty International")


def test_pipeline_seed_events_are_geocoded_dated_and_linked_to_their_figures():
    analysis = process(raw_of(SEED_MOSUL_VICTORY))
    text = analysis.document.text
    mosul = [p for p in analysis.places if p.text == "Mosul"]
    assert mosul and all((p.country, p.geonames_id) == ("IQ", mosul[0].geonames_id) for p in mosul)
    assert abs(mosul[0].lat - 36.34) < 0.2 and abs(mosul[0].lon - 43.13) < 0.2
    # the lead's "fighting ... have liberated the city of Mosul" is one happening
    liberated = next(e for e in analysis.events if any(text[s:t] == "liberated" for s, t in e.mentions))
    assert (liberated.subtype, liberated.place, liberated.country, liberated.geo_precision) == ("Government regains territory", "Mosul", "IQ", 1)
    assert (liberated.lat, liberated.lon) == (mosul[0].lat, mosul[0].lon)
    assert (liberated.date, liberated.date_provenance) == ("2017-07-14", "inferred")
    raqqa = next(e for e in analysis.events if e.text == "assault" and e.place_span is not None)
    assert text[raqqa.place_span.start : raqqa.place_span.end] == "Raqqa" and raqqa.country == "SY"
    killed = next(e for e in analysis.events if e.fatalities == 231)
    figure = next(f for f in analysis.figures if f"{f.span.doc_id}:{f.span.start}-{f.span.end}" == killed.fatalities_figure)
    assert figure.text.endswith("231") and figure.kind == "killed"
    assert (killed.date, killed.date_end, killed.time_precision) == ("2017-05-21", "2017-05-31", 3)


def test_pipeline_process_seed_without_date_keeps_it_unknown():
    analysis = process(raw_of(SEED_MOSUL_IS))
    assert analysis.document.published is None
    assert all(t.provenance != "resolved" for t in analysis.times)


def test_pipeline_golden_quotes_after_cleaning():
    quotes = [*process(raw_of(SEED_MOSUL_IS)).quotes, *process(raw_of(SEED_MOSUL_VICTORY)).quotes]
    by_speaker: dict[str, list] = {}
    for quote in quotes:
        by_speaker.setdefault(quote.speaker or "", []).append(quote)
    roles = {
        "Hazhir Teimourian": "former Middle East columnist for the London Times",
        "Wassim Nasr": "a journalist at France 24",
        "Peter Leah": "a lecturer in terrorism studies at the University of St Andrews",
        "Stephen J. Townsend": "commander of the U.S. coalition",
        "Michael Boyce": "Oxfam’s humanitarian policy adviser in Iraq",
    }
    for speaker, role in roles.items():
        assert speaker in by_speaker, speaker
        assert any(q.speaker_role == role for q in by_speaker[speaker]), (speaker, [q.speaker_role for q in by_speaker[speaker]])
    teimourian = by_speaker["Hazhir Teimourian"]
    assert any(q.direct and q.text.startswith("If he decides") and q.speaker_text == "he" for q in teimourian)
    assert all(q.verbatim for q in quotes if q.direct)


def test_pipeline_golden_figures_after_cleaning():
    figures = [*process(raw_of(SEED_MOSUL_IS)).figures, *process(raw_of(SEED_MOSUL_VICTORY)).figures]

    def find(kind, value=None, **attrs):
        return [
            f for f in figures
            if f.kind == kind and (value is None or f.value == value) and all(getattr(f, k) == v for k, v in attrs.items())
        ]

    assert find("trapped", 1e6, qualifier="estimated")
    assert find("fighters", 4500, qualifier="approximately")
    assert find("troops", 30000) or find("fighters", 30000)
    assert find("fled", 900, qualifier="approximately")
    assert find("troops", 100000)
    assert [f for f in find("troops", 200) if "Canadian Special Forces" in (f.subject or "")]
    assert find("displaced", 800000, reported_by="the Iraqi government")
    assert find("killed", 231, actor="ISIS")
    assert [f for f in find("killed", actor="coalition forces") if f.value is None and f.low and f.high]
    assert find("money", 1e9, qualifier="more than", unit="USD")
    assert find("population", 1.5e6)
    values = {f.value for f in figures}
    assert not values & {2014.0, 2016.0, 2017.0, 2019.0, 24.0}


def test_pipeline_ingest_bad_files_are_isolated_and_reingest_adds_nothing(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_text(SEED_MOSUL_IS.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "latin1.txt").write_bytes("Les réfugiés ont fui la ville après les combats, a déclaré le porte-parole du HCR.".encode("cp1252"))
    lines = [json.dumps({"text": "Troops killed 12 militants in Kandahar, officials said.", "title": "A"}), "{not json", json.dumps({"title": "no text"})]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "truncated.warc.gz").write_bytes((FIXTURES_INGEST / "crawl-truncated.warc.gz").read_bytes())
    paragraph = "Fighting continued near the border, officials said, and 40 families fled the town.\n\n"
    (folder / "huge.txt").write_text("Fighting near the border town\n\n" + paragraph * (5_000_000 // len(paragraph)), encoding="utf-8")
    config = Config(workers=1, batch_size=2, max_chars=20_000)
    with Store(tmp_path / "s.db") as store:
        first = ingest(read_paths([str(folder)]), store, config=config)
        warc_records = sum(1 for item in read_paths([str(FIXTURES_INGEST / "crawl-truncated.warc.gz")]) if not isinstance(item, Failure))
        assert first.stored == 4 + warc_records, first.line()
        assert first.failed == 5, first.line()
        assert store.count("failures") == 5
        huge = [a.document for a in store.analyses() if a.document.title == "Fighting near the border town"][0]
        assert len(huge.text) <= 20_000 and any("cut" in w for w in huge.warnings)
        second = ingest(read_paths([str(folder)]), store, config=config)
        assert second.stored == 0 and second.duplicates == first.stored, second.line()
        assert store.count("documents") == first.stored
        assert store.count("failures") == 10  # failures are recorded per run


def test_pipeline_ingest_with_worker_processes(tmp_path):
    config = Config(workers=2, batch_size=4)
    with Store(tmp_path / "s.db") as store:
        summary = ingest(read_paths([str(ROOT / "examples")]), store, config=config)
        assert summary.failed == 0 and summary.duplicates == 1, summary.line()
        assert summary.stored == store.count("documents") == 56
        # no figure group of the demo corpus mixes scopes: totals with incident tolls, zero
        # counts, or amounts of money of different orders of magnitude (issue 19)
        from sitroom.link.figures import members_of, reconcile

        mixed = []
        for group in reconcile(members_of(store.analyses())):
            figures = [m.figure for m in group.members]
            sizes = [f.value or f.high or f.low or 0 for f in figures]
            if len({f.cumulative for f in figures}) > 1 or 0 in sizes or (group.kind == "money" and max(sizes) > 100 * min(sizes)):
                mixed.append((group.kind, group.place, [f.text for f in figures]))
        assert mixed == []


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX resource limits (RLIMIT_CPU)")
def test_a_document_that_kills_its_worker_costs_only_that_document(tmp_path):
    # about 10 s of CPU in one document; the kernel stops its worker after 2 (max_cpu_seconds)
    slow = RawDocument("12 killed, 3,400 displaced, 5.5 million affected; " * 2000, "text", Origin(path="slow.txt"))
    quick = [RawDocument(f"Rebels shelled Goma on Monday, killing {n} people, the army said.", "text", Origin(path=f"quick{n}.txt")) for n in range(2, 9)]
    config = Config(workers=2, batch_size=4, max_seconds=0, max_cpu_seconds=2, embedding_model="none")
    with Store(tmp_path / "s.db") as store:
        summary = ingest([*quick[:2], slow, *quick[2:]], store, config=config)
        assert (summary.stored, summary.failed) == (7, 1), summary.line()
        (failure,) = summary.failures
        assert failure.stage == "worker" and "slow.txt" in failure.message() and "max_cpu_seconds" in failure.reason
        assert store.count("documents") == 7 and store.count("failures") == 1


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux RLIMIT_DATA")
def test_a_document_past_the_worker_memory_budget_fails_alone(tmp_path):
    # 30,000 tokens (the max_tokens cut) take a worker hundreds of MB beyond its models; 60 tokens a few
    big = RawDocument("Rebels shelled Goma on Monday, killing 4 people, the army said. " * 2500, "text", Origin(path="big.txt"))
    quick = [RawDocument(f"Rebels shelled Goma on Monday, killing {n} people, the army said.", "text", Origin(path=f"quick{n}.txt")) for n in range(2, 7)]
    config = Config(workers=2, batch_size=3, max_cpu_seconds=0, max_worker_memory_mb=150, embedding_model="none")
    with Store(tmp_path / "s.db") as store:
        summary = ingest([*quick[:2], big, *quick[2:]], store, config=config)
    assert (summary.stored, summary.failed) == (5, 1), summary.line()
    (failure,) = summary.failures
    assert "big.txt" in failure.message() and ("max_worker_memory_mb=150" in failure.reason or failure.stage == "worker"), failure.reason


@pytest.mark.slow
@pytest.mark.skipif(not WIKINEWS.exists(), reason="needs ../shared/corpora/wikinews-en")
def test_pipeline_kill_during_ingest_leaves_a_store_that_a_rerun_completes(tmp_path):
    source = tmp_path / "many.jsonl"
    with WIKINEWS.open(encoding="utf-8") as f, source.open("w", encoding="utf-8") as out:
        for _, line in zip(range(150), f):
            out.write(line)
    db = tmp_path / "s.db"
    cmd = [sys.executable, "-m", "sitroom", "ingest", str(source), "--db", str(db), "--workers", "1", "--batch-size", "5"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.5)
        if db.exists():
            with Store(db) as store:
                stored = store.count("documents")
            if stored >= 10:
                break
    assert proc.poll() is None, "ingest finished before it could be killed; use more input"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store(db) as store:
        partial = store.count("documents")
        assert 10 <= partial < 150
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    with Store(db) as store:
        assert store.count("documents") + store.count("failures") >= 150
        assert store.count("documents") > partial
    assert "skipped as duplicate " + str(partial) in done.stdout


def test_pipeline_unexpected_error_in_one_document_spares_the_batch():
    good = raw_of(SEED_MOSUL_IS)
    # a library caller passing a non-string hint: an unexpected error inside clean()
    broken = RawDocument("Some text.", "text", Origin(path="broken.txt"), hints={"date": 20170714})  # type: ignore[dict-item]
    outcomes = process_batch([broken, good], Config(workers=1))
    assert isinstance(outcomes[0][1], Failure) and outcomes[0][1].stage == "clean"
    assert "broken.txt" in outcomes[0][1].message()
    assert outcomes[1][1].document.title.startswith("What next for Islamic State")


def test_pipeline_five_megabytes_of_nested_quotation_marks_finish_with_warnings():
    # A 5 MB article of nested, unbalanced marks and a quotation that never closes: bounded by
    # max_bytes/max_chars, answered with warnings, never with an error or a hang.
    opening = "The commander said: “We will never give up the bridge whatever happens to us\n\n"
    body = opening + ("The commander said: “We will ‘hold « the \"bridge " * 110_000)[: 5_000_000 - len(opening)]
    raw = RawDocument(content=body.encode("utf-8"), format="text", origin=Origin(path="nested.txt"))
    began = time.perf_counter()
    analysis = process(raw, config=Config(max_chars=20_000))
    assert time.perf_counter() - began < 60
    warnings = " ".join(analysis.document.warnings)
    assert "cut from" in warnings and "never close" in warnings
    assert any(q.direct and q.verbatim is False for q in analysis.quotes)  # the unclosed one, flagged


def test_the_extractor_registry_is_checked_against_what_each_step_reads_and_every_fact_kind():
    from dataclasses import replace

    from sitroom.model import FACT_KINDS
    from sitroom.pipeline import EXTRACTORS, RegistryError, check_registry
    from sitroom.store import schema

    check_registry(EXTRACTORS)
    names = [step.name for step in EXTRACTORS]
    with pytest.raises(RegistryError, match="'figures' requires times"):
        check_registry([step for step in EXTRACTORS if step.name != "times"])
    with pytest.raises(RegistryError, match="no extractor assigns events"):
        check_registry([step for step in EXTRACTORS if step.name != "events"])
    with pytest.raises(RegistryError, match="registered twice"):
        check_registry([*EXTRACTORS, replace(EXTRACTORS[0])])
    # events need places: moved before the places step, the registry is refused
    moved = [s for s in EXTRACTORS if s.name != "places"]
    moved.insert(len(moved), next(s for s in EXTRACTORS if s.name == "places"))
    with pytest.raises(RegistryError, match="'events' requires places"):
        check_registry(moved)
    # one list of fact kinds: a step per kind, a table per kind, the throughput bench times them
    from bench.throughput import EXTRACTORS as TIMED

    assert set(TIMED) == set(names) == {kind.field for kind in FACT_KINDS}
    assert set(schema.FACT_TABLES) == {kind.name for kind in FACT_KINDS}
    assert all(schema.FACT_TABLES[kind.name].name == kind.field for kind in FACT_KINDS)


def test_analyse_times_each_extractor_it_runs():
    from contextlib import contextmanager

    from sitroom.nlp import shared_pipeline
    from sitroom.pipeline import EXTRACTORS, analyse
    from sitroom.clean import clean

    config = Config()
    nlp, actors = shared_pipeline(config)
    document = clean(RawDocument(SEED_MOSUL_IS.read_bytes(), "text", Origin(path=str(SEED_MOSUL_IS))), max_chars=config.max_chars)
    seen: list[str] = []

    @contextmanager
    def timer(name):
        seen.append(name)
        yield

    analysis = analyse(document, nlp(document.text), actors, timer=timer)
    assert seen == [step.name for step in EXTRACTORS]
    assert analysis.figures and analysis.places and all(m.entity_id for m in analysis.mentions if m.text == "Mosul")


def test_parse_groups_cut_batches_by_characters_and_keep_order():
    from sitroom.pipeline import parse_groups

    items = [("a" * 40, 0), ("b" * 40, 1), ("c" * 30, 2), ("d" * 500, 3), ("e" * 10, 4)]
    groups = list(parse_groups(items, 100))
    assert [[c for _, c in g] for g in groups] == [[0, 1], [2], [3], [4]]
    assert [c for g in groups for _, c in g] == [0, 1, 2, 3, 4]
    assert list(parse_groups([], 100)) == []


def test_process_takes_text_and_hints_holding_lone_surrogates():
    raw = RawDocument("Rebels \udc80 shelled Goma on Monday, killing 4 people, the army said.", "text", Origin(path="api"), hints={"title": "Goma \ud800"})
    analysis = process(raw)
    assert "\ufffd" in analysis.document.text and analysis.document.title == "Goma \ufffd"
    assert any("surrogate" in w for w in analysis.document.warnings)
    assert analysis.document.text.encode("utf-8")


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists() or not WIKINEWS.exists(), reason="needs Linux /proc and the Wikinews corpus")
def test_pipeline_workers_die_with_a_killed_ingest(tmp_path):
    source = tmp_path / "long.jsonl"
    with WIKINEWS.open(encoding="utf-8") as f:
        longest = sorted(f, key=len, reverse=True)[:96]  # batches that take a worker far more than 10 s
    source.write_text("".join(longest), encoding="utf-8")
    cmd = [sys.executable, "-m", "sitroom", "ingest", str(source), "--db", str(tmp_path / "s.db"), "--workers", "2", "--batch-size", "48"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while time.monotonic() < deadline and proc.poll() is None and len(workers) < 2:
            time.sleep(0.5)
            workers = {c for c in _children(proc.pid) if "spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes().decode(errors="replace")}
        assert len(workers) >= 2 and proc.poll() is None, "the workers never started"
        time.sleep(8)  # the workers have loaded the model and are parsing: busy, not waiting on their queue
        proc.kill()  # the parent alone, as the OOM killer or a crash would
        proc.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.2)
        assert not any(_alive(w) for w in workers), "a worker outlived its parent"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_a_document_of_too_many_tokens_is_cut_before_parsing_with_a_warning():
    paragraph = "Rebels shelled Goma on Monday, killing 4 people, the army said."
    text = "\n\n".join([paragraph] * 40) + "\n\n" + "a:" * 2000  # 14 tokens a paragraph, then 4,000 one-character tokens
    config = Config(max_tokens=1_000, embedding_model="none")
    analysis = process(RawDocument(text, "text", Origin(path="dense.txt")), config=config)
    doc = analysis.document
    assert len(doc.text) < len(text) and doc.text.endswith("the army said.")
    assert any("max_tokens=1,000" in w for w in doc.warnings)
    assert doc.content_hash == hashlib.sha256(doc.text.encode("utf-8")).hexdigest() and doc.id == doc.content_hash[:16]
    (key, outcome), = process_batch([RawDocument(text, "text", Origin(path="dense.txt"))], config)
    assert outcome.document.text == doc.text and outcome.document.id == doc.id


def test_a_document_past_its_time_budget_fails_alone_and_names_the_budget():
    from sitroom.errors import ExtractionTimeout

    slow = RawDocument("12 killed, 3,400 displaced, 5.5 million affected; " * 2000, "text", Origin(path="slow.txt"))  # about 10 s of extraction
    quick = RawDocument("Rebels shelled Goma on Monday, killing 4 people, the army said.", "text", Origin(path="quick.txt"))
    config = Config(max_seconds=1, embedding_model="none")
    (_, first), (_, second) = process_batch([slow, quick], config)
    assert isinstance(first, Failure) and first.stage == "extract" and "max_seconds=1" in first.message() and "slow.txt" in first.message()
    assert not isinstance(second, Failure) and second.figures
    with pytest.raises(ExtractionTimeout, match="slow.txt.*max_seconds=1"):
        process(slow, config=config)


def test_a_time_budget_gives_back_a_callers_own_alarm():
    import signal

    from sitroom.pipeline import time_budget

    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        with time_budget(5):
            pass
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 20 < left <= 30 and not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
