"""The pipeline on Apache Spark, and loading its output into a store.

``sitroom spark INPUT... --output DIR [--master URL]`` runs :func:`run`:

* the inputs (files, folders, or ``.manifest`` files listing one path a line) become a
  manifest of files in the order ``sitroom ingest`` reads them; Spark splits it into
  partitions, one file per task at least (a WARC or JSONL file is read whole by one task,
  as cc-pyspark does);
* each task reads its files (:func:`sitroom.ingest.read_paths`), skips the raw inputs the
  output already holds (their hashes, read on the driver and broadcast), and runs
  :func:`sitroom.pipeline.process_batch` a batch at a time; the pipeline is built once per
  Python worker process (``sitroom.nlp.shared_pipeline``, never captured in a closure;
  Spark reuses its Python workers);
* the rows are written as Parquet, one table per record type, partitioned by publication
  month (``DIR/<table>/month=YYYY-MM/``; ``YYYY-00`` for a document dated to a year only,
  ``month=unknown`` for an undated one): tables
  ``document`` (with ``raw_hash``, ``seq`` = the input order, the MinHash signature and
  its LSH band keys), ``entity`` (with the ``doc_id`` naming them), one per fact kind, and
  ``failure`` (origin, stage, reason of each document that could not be processed).
  A task writes its files under ``DIR/_staging/``; the driver moves the files of the
  task attempts that succeeded into place when the job is done (a retried or killed attempt
  leaves nothing behind);
* accumulators count the documents read, stored and failed;
* near-duplicates across the whole output: documents that share an LSH band key (buckets
  of at most :data:`sitroom.link.dedupe.BUCKET_LIMIT`) and whose signatures estimate a
  resemblance of at least :data:`~sitroom.link.dedupe.MIN_RESEMBLANCE` are linked, and
  connected components over those links (min-label propagation) give ``DIR/duplicates``:
  each copy with the earliest document (by ``seq``) of its component.

Columns are those of ``sitroom export --format parquet`` (:mod:`sitroom.report.parquet`),
except that days stay ISO text here (a month or a year stays ``2017-07`` / ``2017``,
lossless), plus what reloading needs.

``sitroom load DIR --db URL`` runs :func:`load`: the documents in ``seq`` order, with their
entities and facts, go through :func:`sitroom.link.batch.store_batch` a batch at a time,
exactly as ``sitroom ingest`` stores them, so that the store (linking included) is the one a
direct ingest of the same inputs gives.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitroom.config import Config
from sitroom.errors import InputError
from sitroom.model import FACT_KINDS, Analysis, Document, Entity, Failure, Origin, RawDocument
from sitroom.store.rows import fact_from_row, fact_row

if TYPE_CHECKING:
    from sitroom.store import Store

__all__ = ["LoadSummary", "SparkSummary", "analysis_rows", "load", "manifest", "run"]

FACT_TABLES = {kind.name: kind.record for kind in FACT_KINDS}
TABLES = ("document", "entity", *FACT_TABLES, "failure")
ROWS_PER_FILE = 1000
"""Documents a task holds before it writes their rows out (a WARC of 40,000 pages is one task)."""
SEQ_STRIDE = 1 << 32
"""``seq`` = file index * SEQ_STRIDE + record index within the file: the input order."""
REMOTE = ("file://", "hdfs://", "viewfs://", "s3a://", "s3://", "gs://", "abfs://")
"""URI schemes read through :mod:`pyarrow.fs` (each task copies its file to a local
temporary file first; the documents keep the URI as their origin)."""


def manifest(inputs: Sequence[str]) -> list[str]:
    """The files to read, in ``sitroom ingest``'s order: named files, folders (recursive,
    sorted; files of a known kind), the paths a ``.manifest`` file lists, and files on a
    file system :mod:`pyarrow.fs` reaches (``file://``, ``hdfs://``, ``s3://``; ``s3a://`` is
    read as ``s3://``), named or listed under a folder.

    Raises:
        InputError: a path that does not exist or cannot be listed, or an http(s) URL.
    """
    from sitroom.ingest.paths import folder_files

    files: list[str] = []
    for given in inputs:
        if given.startswith(REMOTE):
            files += _remote_files(given)
            continue
        if "://" in given:
            raise InputError(f"{given}: sitroom spark reads files; fetch URLs with sitroom ingest")
        path = Path(given)
        if path.suffix == ".manifest" and path.is_file():
            listed = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
            files += manifest(listed)
        elif path.is_dir():
            files += [str(f) for f in folder_files(path) if isinstance(f, Path)]
        elif path.is_file():
            files.append(str(path))
        else:
            raise InputError(f"{given}: no such file or folder")
    return files


def _filesystem(uri: str) -> tuple[Any, str, str]:
    """(pyarrow file system, path on it, the URI's prefix before the path)."""
    import pyarrow.fs as pafs

    if uri.startswith("s3a://"):
        uri = "s3://" + uri[len("s3a://") :]
    try:
        fs, path = pafs.FileSystem.from_uri(uri)
    except (OSError, ValueError, TypeError) as exc:
        raise InputError(f"{uri}: cannot open its file system: {exc}") from None
    prefix = uri[: len(uri) - len(path)] if uri.endswith(path) else uri.split("://", 1)[0] + "://"
    return fs, path, prefix


def _remote_files(uri: str) -> list[str]:
    import pyarrow.fs as pafs

    from sitroom.ingest.paths import _reader_for

    fs, path, prefix = _filesystem(uri)
    info = fs.get_file_info(path)
    if info.type == pafs.FileType.NotFound:
        raise InputError(f"{uri}: no such file or folder")
    if info.type == pafs.FileType.File:
        return [prefix + path]
    found = fs.get_file_info(pafs.FileSelector(path, recursive=True))
    names = sorted(i.path for i in found if i.type == pafs.FileType.File and not any(part.startswith(".") for part in i.path.split("/")) and _reader_for(Path(i.base_name)))
    return [prefix + name for name in names]


def read_uri(uri: str, *, max_bytes: int) -> Iterator[RawDocument | Failure]:
    """The documents of a file on a :mod:`pyarrow.fs` file system: copied to a local
    temporary file (same extension), read with :func:`sitroom.ingest.read_paths`, each
    document's origin the URI."""
    import tempfile

    from sitroom.ingest import read_paths
    from sitroom.ingest.paths import _extension

    try:
        fs, path, _ = _filesystem(uri)
        suffix = _extension(Path(path))
        with tempfile.NamedTemporaryFile(suffix=suffix) as local, fs.open_input_stream(path) as remote:
            shutil.copyfileobj(remote, local, length=1 << 20)
            local.flush()
            for item in read_paths([local.name], max_bytes=max_bytes):
                yield replace(item, origin=replace(item.origin, path=uri))
    except (OSError, InputError) as exc:
        yield Failure(Origin(path=uri), f"cannot read: {exc}", "ingest")


def _month(document: Document) -> str:
    value = document.published.value if document.published else ""
    return value[:7] if len(value) >= 7 and value[4] == "-" else (value[:4] + "-00" if len(value) >= 4 and value[:4].isdigit() else "unknown")


def _document_row(analysis: Analysis, raw_hash: str, seq: int) -> dict[str, Any]:
    from sitroom.link.dedupe import band_keys, shingles, signature, signature_bytes
    from sitroom.store.rows import document_metadata, document_provenance

    doc = analysis.document
    minhash = signature(shingles(doc.text))
    return {
        "doc_id": doc.id,
        "seq": seq,
        "raw_hash": raw_hash,
        **document_metadata(doc),
        **document_provenance(doc),
        "warnings": list(doc.warnings),
        "text": doc.text,
        "embedding": analysis.embedding,
        "signature": signature_bytes(minhash),
        "band_keys": [str(k) for k in band_keys(minhash)],
    }


def analysis_rows(analysis: Analysis, raw_hash: str, seq: int) -> dict[str, list[dict[str, Any]]]:
    """The rows of one processed document, by table."""
    doc_id = analysis.document.id
    rows: dict[str, list[dict[str, Any]]] = {"document": [_document_row(analysis, raw_hash, seq)]}
    rows["entity"] = [{"doc_id": doc_id, "seq": seq, "id": e.id, "name": e.name, "entity_type": e.type, "aliases": list(e.aliases), "country": e.country} for e in analysis.entities]
    for kind in FACT_KINDS:
        rows[kind.name] = [{"seq": seq, **fact_row(f)} for f in analysis.facts(kind)]
    return rows


def _failure_key(failure: Failure, raw_hash: str) -> str:
    """What a re-run recognises a failure by: its raw input's hash, or (nothing was read)
    where it happened."""
    return raw_hash or f"origin:{failure.origin.describe()}"


def _failure_row(failure: Failure, raw_hash: str, seq: int) -> dict[str, Any]:
    origin = failure.origin
    return {
        "seq": seq, "key": _failure_key(failure, raw_hash), "raw_hash": raw_hash, "origin": origin.describe(), "origin_path": origin.path, "origin_url": origin.url,
        "origin_record": origin.record, "stage": failure.stage, "reason": failure.reason,
    }  # fmt: skip


def _arrow_schema(table: str, columns: list[str]) -> Any:
    import pyarrow as pa

    from sitroom.report.parquet import DATES, arrow_type

    special = {"seq": pa.int64(), "origin_record": pa.int64(), "embedding": pa.binary(), "signature": pa.binary(), "band_keys": pa.list_(pa.string()), "warnings": pa.list_(pa.string())}
    return pa.schema([(c, special.get(c) or (pa.string() if c in DATES else arrow_type(table, c))) for c in columns])


def _write(rows: list[dict[str, Any]], table: str, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = list(dict.fromkeys(c for r in rows for c in r))
    schema = _arrow_schema(table, columns)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path, compression="zstd")


# --- executors -------------------------------------------------------------------------


def _process_partition(index: int, items: Iterable[tuple[int, str]], settings: dict[str, Any], known: Any, staging: str, counters: Any) -> Iterator[tuple[str, str, str, int]]:
    """Run in a Spark task: process the files ``items`` ((file index, path)), write the rows
    under ``staging``, and yield (table, month, staged file, rows) for the driver to commit."""
    from pyspark import TaskContext

    from sitroom.ingest import read_paths
    from sitroom.ids import raw_hash
    from sitroom.pipeline import process_batch

    _one_thread()
    config = Config(**settings)
    attempt = TaskContext.get().attemptNumber() if TaskContext.get() else 0
    held: set[str] = known.value
    by_table: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    batch: list[tuple[int, Any]] = []

    written: list[tuple[str, str, str, int]] = []
    token = uuid.uuid4().hex[:8]
    chunks = [0]

    def write_out() -> list[tuple[str, str, str, int]]:
        """Write the rows held so far, one file per table and month, all named alike (a
        document's facts are in the files of its document's name), and forget them."""
        name = f"part-{index:05d}-{attempt}-{token}-{chunks[0]:04d}.parquet"
        chunks[0] += 1
        for (table, month), rows in sorted(by_table.items()):
            if rows:
                folder = Path(staging) / table / f"month={month}"
                folder.mkdir(parents=True, exist_ok=True)
                _write(rows, table, folder / name)
                written.append((table, month, str(folder / name), len(rows)))
        by_table.clear()
        return written

    def flush() -> None:
        raws = [r for _, r in batch]
        outcomes = process_batch(raws, config) if raws else []
        for (seq, _), (key, outcome) in zip(batch, outcomes, strict=True):
            if isinstance(outcome, Failure):
                by_table["failure", "unknown"].append(_failure_row(outcome, key, seq))
                counters["failed"].add(1)
                continue
            month = _month(outcome.document)
            for table, rows in analysis_rows(outcome, key, seq).items():
                by_table[table, month].extend(rows)
            counters["stored"].add(1)
        batch.clear()

    for file_index, path in items:
        found = read_uri(path, max_bytes=config.max_bytes) if path.startswith(REMOTE) else read_paths([path], max_bytes=config.max_bytes)
        for n, item in enumerate(found):
            seq = file_index * SEQ_STRIDE + n
            counters["read"].add(1)
            if isinstance(item, Failure):
                if _failure_key(item, "") in held:
                    counters["skipped"].add(1)
                    continue
                by_table["failure", "unknown"].append(_failure_row(item, "", seq))
                counters["failed"].add(1)
                continue
            key = raw_hash(item)
            if key in held:
                counters["skipped"].add(1)
                continue
            batch.append((seq, item))
            if len(batch) >= config.batch_size:
                flush()
                if sum(len(rows) for (table, _), rows in by_table.items() if table == "document") >= ROWS_PER_FILE:
                    write_out()  # a task's memory holds at most this many documents' rows
    flush()
    yield from write_out()


def _one_thread() -> None:
    """One torch thread per Spark task: the tasks use the cores (``OMP_NUM_THREADS`` overrides)."""
    try:
        import torch

        torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
    except (ImportError, ValueError):
        pass


# --- driver ----------------------------------------------------------------------------


@dataclass
class SparkSummary:
    files: int = 0
    read: int = 0
    stored: int = 0
    failed: int = 0
    skipped: int = 0
    duplicates: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall time of the phases: start (Spark session), process (the tasks), near_duplicates."""

    def line(self) -> str:
        times = ", ".join(f"{phase} {value:g}" for phase, value in self.seconds.items())
        return (
            f"files {self.files}, read {self.read}, stored {self.stored}, skipped as already written {self.skipped}, "
            f"failed {self.failed}, near-duplicates {self.duplicates}" + (f" (seconds: {times})" if times else "")
        )


def _held_hashes(output: Path) -> set[str]:
    """What the output already holds: the raw hashes of its documents and the keys of its
    failures (:func:`_failure_key`)."""
    import pyarrow.dataset as ds

    held: set[str] = set()
    for table, column in (("document", "raw_hash"), ("failure", "key")):
        folder = output / table
        if folder.is_dir() and any(folder.rglob("*.parquet")):
            data = ds.dataset(folder, format="parquet", partitioning="hive")
            held.update(h for h in data.to_table(columns=[column]).column(column).to_pylist() if h)
    return held


def session(master: str | None = None, app_name: str = "sitroom") -> Any:
    """A SparkSession (``master`` as given, else the one spark-submit chose, else ``local[*]``)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name).config("spark.ui.showConsoleProgress", "false").config("spark.executorEnv.OMP_NUM_THREADS", "1")
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ or "--master" in os.environ.get("PYSPARK_SUBMIT_ARGS", "")  # spark-submit chose the master
    master = master or os.environ.get("SITROOM_SPARK_MASTER") or (None if submitted else "local[*]")
    if master:
        builder = builder.master(master)
    if (master or "").startswith("local["):  # Spark's 200 shuffle partitions make each small shuffle slow on one machine
        cores = master[len("local[") :].split(",")[0].rstrip("]")
        builder = builder.config("spark.sql.shuffle.partitions", str(2 * (int(cores) if cores.isdigit() else os.cpu_count() or 1)))
    if (master or "").startswith("local") and "PYSPARK_PYTHON" not in os.environ:
        os.environ["PYSPARK_PYTHON"] = sys.executable  # the local workers run this Python, which has sitroom
    return builder.getOrCreate()


def run(inputs: Sequence[str], output: Path, *, config: Config, master: str | None = None, partitions: int | None = None, spark: Any = None) -> SparkSummary:
    """Process ``inputs`` on Spark into Parquet tables under ``output`` (module notes)."""
    import time

    files = manifest(inputs)
    own = spark is None
    started = time.perf_counter()
    spark = spark or session(master)
    try:
        sc = spark.sparkContext
        output.mkdir(parents=True, exist_ok=True)
        staging = output / "_staging" / uuid.uuid4().hex
        known = sc.broadcast(_held_hashes(output))
        counters = {name: sc.accumulator(0) for name in ("read", "stored", "failed", "skipped")}
        settings = {f.name: getattr(config, f.name) for f in fields(config)}
        slices = max(1, min(len(files), partitions or sc.defaultParallelism * 2))
        work = sc.parallelize(list(enumerate(files)), slices)
        begun = time.perf_counter()
        written = work.mapPartitionsWithIndex(lambda i, items: _process_partition(i, items, settings, known, str(staging), counters)).collect() if files else []
        processed = time.perf_counter()
        for table, month, staged, _ in written:  # only the successful attempts' files were returned
            target = output / table / f"month={month}"
            target.mkdir(parents=True, exist_ok=True)
            shutil.move(staged, target / Path(staged).name)
        shutil.rmtree(output / "_staging", ignore_errors=True)
        summary = SparkSummary(files=len(files), **{name: c.value for name, c in counters.items()})
        summary.duplicates = near_duplicates(spark, output)
        summary.seconds = {"start": round(begun - started, 1), "process": round(processed - begun, 1), "near_duplicates": round(time.perf_counter() - processed, 1)}
        return summary
    finally:
        if own:
            spark.stop()


def near_duplicates(spark: Any, output: Path) -> int:
    """Write ``output/duplicates`` (doc_id, duplicate_of) from the documents' band keys;
    returns the number of copies found. Grouping, pairing and the connected components run
    as DataFrame operations in the JVM; only the candidate pairs' signatures are compared in
    Python (:func:`sitroom.link.dedupe.estimated_resemblance`)."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import DoubleType

    from sitroom.link.dedupe import BUCKET_LIMIT, MIN_RESEMBLANCE, estimated_resemblance

    folder = output / "document"
    target = output / "duplicates"
    shutil.rmtree(target, ignore_errors=True)
    if not folder.is_dir() or not any(folder.rglob("*.parquet")):
        return 0
    docs = spark.read.option("basePath", str(folder)).parquet(str(folder)).select("doc_id", "seq", "signature", "band_keys")
    docs = docs.groupBy("doc_id").agg(F.min("seq").alias("seq"), F.first("signature").alias("signature"), F.first("band_keys").alias("band_keys")).cache()
    bands = docs.select("doc_id", F.posexplode("band_keys").alias("band", "key"))
    buckets = bands.groupBy("band", "key").agg(F.slice(F.array_sort(F.collect_list("doc_id")), 1, BUCKET_LIMIT).alias("members")).where(F.size("members") > 1)
    pairs = buckets.select(F.explode("members").alias("a"), "members").select("a", F.explode("members").alias("b")).where("a < b").distinct()
    resemblance = F.udf(lambda x, y: float(estimated_resemblance(bytes(x), bytes(y))), DoubleType())
    sig = docs.select("doc_id", "signature")
    scored = pairs.join(sig.withColumnRenamed("doc_id", "a").withColumnRenamed("signature", "sa"), "a").join(sig.withColumnRenamed("doc_id", "b").withColumnRenamed("signature", "sb"), "b")
    edges = scored.where(resemblance("sa", "sb") >= MIN_RESEMBLANCE).select("a", "b").localCheckpoint()
    if edges.isEmpty():
        return 0
    labels = _components(edges, docs.select("doc_id", "seq"))
    copies = [{"doc_id": r.node, "duplicate_of": r.label_doc} for r in labels.where("node != label_doc").collect()]
    target.mkdir(parents=True)
    _write(sorted(copies, key=lambda r: r["doc_id"]), "duplicates", target / "part-00000.parquet")
    return len(copies)


def _components(edges: Any, seqs: Any, max_rounds: int = 50) -> Any:
    """Connected components of the linked documents by min-label propagation (the pattern of
    text-dedup's Spark MinHash, written anew) over DataFrames: ``edges`` (a, b), ``seqs``
    (doc_id, seq); returns (node, label_seq, label_doc): each linked document with the
    earliest document (by seq) of its component."""
    from pyspark.sql import functions as F

    both = edges.select(F.col("a").alias("src"), F.col("b").alias("dst")).union(edges.select(F.col("b").alias("src"), F.col("a").alias("dst"))).cache()
    nodes = both.select(F.col("src").alias("node")).distinct()
    labels = nodes.join(seqs, nodes.node == seqs.doc_id).select("node", F.struct(F.col("seq"), F.col("doc_id")).alias("label")).localCheckpoint()
    for _ in range(max_rounds):
        offers = both.join(labels, both.src == labels.node).select(F.col("dst").alias("node"), "label")
        updated = labels.union(offers).groupBy("node").agg(F.min("label").alias("label")).localCheckpoint()
        changed = updated.alias("n").join(labels.alias("o"), "node").where(F.col("n.label") != F.col("o.label")).count()
        labels = updated
        if not changed:
            break
    return labels.select("node", F.col("label.seq").alias("label_seq"), F.col("label.doc_id").alias("label_doc"))


# --- loading into a store --------------------------------------------------------------


@dataclass
class LoadSummary:
    documents: int = 0
    stored: int = 0
    duplicates: int = 0
    failures: int = 0

    def line(self) -> str:
        return f"read {self.documents}, stored {self.stored}, skipped as duplicate {self.duplicates}, failures {self.failures}"


class _Files:
    """The Parquet files of one table, read a file at a time and kept in a small LRU."""

    def __init__(self, output: Path, table: str, size: int = 4) -> None:
        self.folder, self.table, self.size = output / table, table, size
        self.cache: OrderedDict[str, dict[int, list[dict[str, Any]]]] = OrderedDict()

    def rows(self, part: str) -> dict[int, list[dict[str, Any]]]:
        """The rows of the table's files named ``part`` (one per month), by ``seq`` (the same
        text read twice has one doc_id and two seqs)."""
        if part in self.cache:
            self.cache.move_to_end(part)
            return self.cache[part]
        import pyarrow.parquet as pq

        found: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for path in sorted(self.folder.glob(f"month=*/{part}")) if self.folder.is_dir() else []:
            for row in pq.read_table(path).to_pylist():
                found[row["seq"]].append(row)
        self.cache[part] = found
        if len(self.cache) > self.size:
            self.cache.popitem(last=False)
        return found


def load(output: Path, store: Store, *, config: Config) -> LoadSummary:
    """Store the documents of a :func:`run` output in ``seq`` order, ``batch_size`` at a time,
    through :func:`sitroom.link.batch.store_batch` (the linking of ``sitroom ingest``), then
    its failures.

    Raises:
        InputError: ``output`` holds no ``document`` table.
    """
    from sitroom.link.batch import store_batch
    from sitroom.store.store import document_from_row

    folder = output / "document"
    if not folder.is_dir() or not any(folder.rglob("*.parquet")):
        raise InputError(f"{output}: no document table (the output of sitroom spark)")
    order = sorted(_index(folder))
    readers = {t: _Files(output, t) for t in ("document", "entity", *FACT_TABLES)}
    summary = LoadSummary()
    for start in range(0, len(order), config.batch_size):
        chunk = order[start : start + config.batch_size]
        analyses = []
        for seq, _, part in chunk:
            (row,) = readers["document"].rows(part)[seq]
            facts = {kind.field: tuple(fact_from_row(kind.record, r) for r in readers[kind.name].rows(part).get(seq, [])) for kind in FACT_KINDS}
            entities = tuple(Entity(e["id"], e["name"], e["entity_type"], tuple(e["aliases"] or ()), e["country"]) for e in readers["entity"].rows(part).get(seq, []))
            document = document_from_row({**row, "id": row["doc_id"], "warnings": json.dumps(row["warnings"] or [], ensure_ascii=False)})
            analyses.append((Analysis(document=document, entities=entities, embedding=row["embedding"], **facts), row["raw_hash"]))
        result = store_batch(store, analyses)
        summary.documents += len(chunk)
        summary.stored += result.stored
        summary.duplicates += result.duplicates
    failures = _failures(output)
    if failures:
        store_batch(store, [], failures)
    summary.failures = len(failures)
    return summary


def _index(folder: Path) -> list[tuple[int, str, str]]:
    """(seq, doc_id, file name) of every document row."""
    import pyarrow.parquet as pq

    found = []
    for path in folder.rglob("*.parquet"):
        table = pq.read_table(path, columns=["seq", "doc_id"])
        found += [(seq, doc_id, path.name) for seq, doc_id in zip(table.column("seq").to_pylist(), table.column("doc_id").to_pylist(), strict=True)]
    return found


def _failures(output: Path) -> list[Failure]:
    import pyarrow.dataset as ds

    folder = output / "failure"
    if not folder.is_dir() or not any(folder.rglob("*.parquet")):
        return []
    rows = sorted(ds.dataset(folder, format="parquet", partitioning="hive").to_table().to_pylist(), key=lambda r: r["seq"])
    return [Failure(Origin(path=r["origin_path"], url=r["origin_url"], record=r["origin_record"]), r["reason"], r["stage"]) for r in rows]
