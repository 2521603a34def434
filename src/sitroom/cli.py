"""The ``sitroom`` command: ingest, report, export, search, show, stories, migrate,
datasette-metadata, demo.

Library exceptions are translated here into one-line messages that name the file
or setting at fault, with exit code 2 for usage/configuration errors and 1 for a
run that failed as a whole.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from sitroom.config import Config, load_config
from sitroom.errors import SitroomError
from sitroom.model import FACT_KINDS
from sitroom.terminal import for_terminal

if TYPE_CHECKING:
    from sitroom.store import Store

app = typer.Typer(add_completion=False, no_args_is_help=True, help="sitroom: crisis and conflict news in, sourced facts out.")

DbOption = Annotated[Optional[str], typer.Option("--db", help="Store: SQLite file or SQLAlchemy URL [default: sitroom.db]")]
ConfigOption = Annotated[Optional[Path], typer.Option("--config", help="Settings file [default: ./sitroom.toml if present]")]

VERBOSITY = {"level": 0}
"""-1 with --quiet, 0, 1 with -v, 2 with -vv: set once by :func:`_global_options`."""


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"sitroom {version('sitroom')}")
        except PackageNotFoundError:
            typer.echo("sitroom (not installed as a package)")
        raise typer.Exit()


@app.callback()
def _global_options(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="Log what each stage does (-vv: in detail)")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors and the final summary")] = False,
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit")] = None,
) -> None:
    """sitroom: crisis and conflict news in, sourced facts out."""
    import logging

    VERBOSITY["level"] = -1 if quiet else min(verbose, 2)
    if VERBOSITY["level"] > 0:
        logging.basicConfig(level=logging.INFO if VERBOSITY["level"] == 1 else logging.DEBUG, format="%(asctime)s %(name)s %(levelname)s: %(message)s", stream=sys.stderr)
    elif quiet:
        logging.basicConfig(level=logging.ERROR, stream=sys.stderr)


STYLES = {"mention": "cyan", "time": "magenta", "quote": "green", "figure": "bold yellow", "event": "bold red", "place": "blue"}


def _err() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn library errors into a message and an exit code, never a traceback."""
    try:
        yield
    except SitroomError as exc:
        _err().print(Text(f"error: {exc}", style="red"))
        raise typer.Exit(2) from exc


def _config(config_file: Path | None, **overrides: object) -> Config:
    with _user_errors():
        return load_config(config_file).replace(**overrides)


def _open_store(config: Config, *, readonly: bool = False) -> Store:
    """The store of ``config``; ``readonly`` for commands that only read (the store must
    exist, and nothing is written to it)."""
    from sitroom.store import Store

    with _user_errors():
        store = Store(config.db, readonly=readonly)
    if store.upgraded is not None:
        done = store.upgraded
        kept = f"; the store as it was is kept at {done.backup}" if done.backup else ""
        _err().print(Text(f"upgraded store {config.db} from schema {done.source} to {done.target}{kept}", style="yellow"))
    return store


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files or folders (.txt .html .htm .jsonl .warc .warc.gz), - for standard input, http(s) URLs of pages, "
            "feeds or sitemaps, feed or sitemap files (.rss .atom .xml), or files of URLs (.urls, or .txt with one URL a line)"
        ),
    ],
    db: DbOption = None,
    workers: Annotated[Optional[int], typer.Option(help="Worker processes [default: one per core]")] = None,
    batch_size: Annotated[Optional[int], typer.Option(help="Documents per batch and per transaction")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Fetch URLs on private and loopback addresses too")] = False,
    config_file: ConfigOption = None,
) -> None:
    """Read news into the store: clean, extract, and store every document once."""
    from sitroom.ingest.sources import read_sources
    from sitroom.ingest.web import Fetcher, FetchPolicy
    from sitroom.runner import ingest as run_ingest

    config = _config(config_file, db=db, workers=workers, batch_size=batch_size)
    err = _err()
    new_file = None if "://" in config.db or Path(config.db).exists() else Path(config.db)
    try:
        with _open_store(config) as store, _user_errors(), Fetcher(FetchPolicy(max_bytes=config.max_bytes, allow_private=allow_private)) as fetcher:
            sources = read_sources(paths, max_bytes=config.max_bytes, fetcher=fetcher, known=store.known_urls)
            if VERBOSITY["level"] < 0:
                summary = run_ingest(sources, store, config=config)
            elif err.is_terminal:
                from sitroom.ingest.count import count_documents

                columns = (SpinnerColumn(), TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn())
                with Progress(*columns, console=err, transient=True) as progress:
                    task = progress.add_task("ingest", total=count_documents(paths))
                    summary = run_ingest(sources, store, config=config, on_progress=lambda n: progress.advance(task, n))
            else:
                summary = run_ingest(sources, store, config=config, on_progress=_batch_logger(err, config.batch_size))
            removed = new_file is not None and store.count("documents") == 0
    except BaseException:
        _remove_if_empty(new_file)
        raise
    if removed:
        _remove_if_empty(new_file)  # nothing stored: no store left behind (the failures are printed below)
    for failure in summary.failures[: 20 if VERBOSITY["level"] >= 0 else 0]:
        err.print(Text(for_terminal(f"failed: {failure.message()}"), style="yellow"))
    if len(summary.failures) > 20 and VERBOSITY["level"] >= 0:
        where = "" if removed else f" (table `failures` in {config.db})"
        err.print(Text(f"... and {len(summary.failures) - 20} more failures{where}", style="yellow"))
    typer.echo(summary.line())
    if summary.read == 0:
        err.print(Text("error: no input documents found in " + ", ".join(paths), style="red"))
        raise typer.Exit(1)
    if summary.stored == 0 and summary.duplicates == 0:
        raise typer.Exit(1)


def _batch_logger(err: Console, every: int) -> Callable[[int], None]:
    """Progress for a log file (output is no terminal): one line each ``every`` documents done."""
    import time

    state = {"done": 0, "next": every, "start": time.monotonic()}

    def log(n: int) -> None:
        state["done"] += n
        if state["done"] >= state["next"]:
            rate = state["done"] / max(time.monotonic() - state["start"], 1e-9)
            err.print(f"ingest: {state['done']} documents done ({rate:.1f}/s)")
            state["next"] = state["done"] + every

    return log


def _seconds(every: str) -> float:
    """``90``, ``90s``, ``15m``, ``2h`` -> seconds."""
    text = every.strip().lower()
    scale = {"s": 1, "m": 60, "h": 3600}.get(text[-1:], None)
    number = text[:-1] if scale else text
    try:
        value = float(number) * (scale or 1)
    except ValueError:
        raise typer.BadParameter(f"{every!r} is no duration (use 90s, 15m or 2h)") from None
    if value < 0:
        raise typer.BadParameter(f"{every!r} is negative")
    return value


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="Feed, sitemap or page URLs, or files of them (as ingest reads them)")],
    db: DbOption = None,
    every: Annotated[str, typer.Option(help="Time between two polls (90s, 15m, 2h)")] = "15m",
    polls: Annotated[int, typer.Option(help="Stop after this many polls (0: until interrupted)")] = 0,
    workers: Annotated[Optional[int], typer.Option(help="Worker processes [default: 1, the model stays loaded between polls]")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Fetch URLs on private and loopback addresses too")] = False,
    config_file: ConfigOption = None,
) -> None:
    """Poll feeds and ingest what is new: one log line per poll; a feed that is down or
    returns garbage is reported and polled again next time."""
    import time
    from datetime import datetime, timezone

    from sitroom.ingest.sources import read_sources
    from sitroom.ingest.web import Fetcher, FetchPolicy
    from sitroom.runner import ingest as run_ingest

    interval = _seconds(every)
    config = _config(config_file, db=db, workers=workers if workers is not None else 1)
    err = _err()
    n = 0
    try:
        with _open_store(config) as store:
            while True:
                n += 1
                started = time.monotonic()
                try:
                    with Fetcher(FetchPolicy(max_bytes=config.max_bytes, allow_private=allow_private)) as fetcher:  # robots.txt read again each poll
                        summary = run_ingest(read_sources(feeds, max_bytes=config.max_bytes, fetcher=fetcher, known=store.known_urls), store, config=config)
                    line = summary.line()
                    for failure in summary.failures[:10]:
                        err.print(Text(for_terminal(f"failed: {failure.message()}"), style="yellow"))
                except SitroomError as exc:
                    line = f"failed: {exc}"
                stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
                typer.echo(f"{stamp} poll {n}: {for_terminal(line)}")
                if polls and n >= polls:
                    break
                time.sleep(max(0.0, interval - (time.monotonic() - started)))
    except KeyboardInterrupt:
        typer.echo(f"stopped after {n} polls")


@app.command()
def spark(
    inputs: Annotated[list[str], typer.Argument(help="Files or folders (WARC, JSONL, HTML, text), or .manifest files listing one path a line")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder of the Parquet tables (written, or completed on a re-run)")],
    master: Annotated[Optional[str], typer.Option(help="Spark master URL [default: local[*], or what spark-submit gives]")] = None,
    partitions: Annotated[Optional[int], typer.Option(help="Spark partitions [default: twice the default parallelism]")] = None,
    batch_size: Annotated[Optional[int], typer.Option(help="Documents per batch within a task")] = None,
    config_file: ConfigOption = None,
) -> None:
    """Run the pipeline on Apache Spark: Parquet tables by publication month, the failures,
    and near-duplicates across everything (load them into a store with sitroom load)."""
    from sitroom.spark import run as run_spark

    config = _config(config_file, batch_size=batch_size)
    with _user_errors():
        summary = run_spark(inputs, output, config=config, master=master, partitions=partitions)
    typer.echo(summary.line())
    if summary.read and summary.stored == 0 and summary.skipped == 0:
        raise typer.Exit(1)


@app.command()
def load(
    folder: Annotated[Path, typer.Argument(help="The --output folder of sitroom spark")],
    db: DbOption = None,
    batch_size: Annotated[Optional[int], typer.Option(help="Documents per transaction")] = None,
    config_file: ConfigOption = None,
) -> None:
    """Load the output of sitroom spark into the store, linking it as ingest would."""
    from sitroom.spark import load as load_output

    config = _config(config_file, db=db, batch_size=batch_size)
    with _open_store(config) as store, _user_errors():
        summary = load_output(folder, store, config=config)
    typer.echo(summary.line())


@app.command()
def report(
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="md or html")] = "md",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of standard output")] = None,
    story: Annotated[Optional[str], typer.Option("--story", help="Only this story (an id from `sitroom stories`, or its start)")] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Add what changed from this day on (YYYY-MM-DD)")] = None,
    config_file: ConfigOption = None,
) -> None:
    """Write a situation report: what changed, key figures, timeline, statements, events,
    actors, places, sources."""
    from sitroom.report.sitrep import build_report, render

    if format not in ("md", "html"):
        _err().print(Text(f"error: unknown format {format!r}; use md or html", style="red"))
        raise typer.Exit(2)
    config = _config(config_file, db=db)
    with _open_store(config, readonly=True) as store:
        story_id = None
        if story is not None:
            story_id = store.find_story_id(story)
            if story_id is None:
                _err().print(Text(f"error: no single story matches {story!r}; `sitroom stories` lists them", style="red"))
                raise typer.Exit(2)
        with _user_errors():
            built = build_report(store, story=story_id, since=since)
        text = render(built, format)
    _write(text, output)


@app.command()
def stories(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object a line: id, size, first, last, title")] = False,
    config_file: ConfigOption = None,
) -> None:
    """List the stories: id, articles, first and last publication day, title."""
    import json

    config = _config(config_file, db=db)
    with _open_store(config, readonly=True) as store:
        for info in store.story_list():
            if as_json:  # ASCII JSON: every control character escaped
                typer.echo(json.dumps({"id": info.id, "size": info.size, "first": info.first, "last": info.last, "title": info.title}))
                continue
            span = f"{info.first or '?'}..{info.last or '?'}"
            typer.echo(f"{info.id}\t{info.size}\t{span}\t{for_terminal(info.title or '')}")


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv, acled (ACLED-column CSV of events), hxl (HXL-tagged CSV of events, for HDX), plover (PLOVER JSON Lines of events), geojson (events and places), geojsonseq (the same, one feature a line) or parquet (one file per record type in the --output folder)")],
    db: DbOption = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of standard output")] = None,
    acled_numeric: Annotated[bool, typer.Option("--acled-numeric", help="acled: inter1/inter2/interaction as ACLED's older numeric codes")] = False,
    all_contexts: Annotated[bool, typer.Option("--all-contexts", help="geojson: also plot planned, hypothetical and background events")] = False,
    story: Annotated[Optional[str], typer.Option(help="Only this story (an id from `sitroom stories`, or its start)")] = None,
    country: Annotated[Optional[str], typer.Option(help="Only events and places in this country (ISO 3166 alpha-2)")] = None,
    event_type: Annotated[Optional[str], typer.Option(help="Only events of this ACLED type (or type/sub-type)")] = None,
    date_from: Annotated[Optional[str], typer.Option(help="From this day on (YYYY-MM-DD): events' dates, documents' publication")] = None,
    date_to: Annotated[Optional[str], typer.Option(help="Up to this day (YYYY-MM-DD)")] = None,
    since: Annotated[Optional[str], typer.Option(help="Only what was stored at or after this time (ISO 8601)")] = None,
    config_file: ConfigOption = None,
) -> None:
    """Write every stored record (documents, entities, mentions, places, times, quotes, figures,
    events), or the events as ACLED-column CSV, or events and places as GeoJSON; the filters
    keep documents (story, days, since) and events and places (story, country, type, days)."""
    from functools import partial

    from sitroom.report.export import WRITERS
    from sitroom.store.queries import Filters

    if format not in WRITERS and format != "parquet":
        _err().print(Text(f"error: unknown export format {format!r}; use one of {', '.join([*WRITERS, 'parquet'])}", style="red"))
        raise typer.Exit(2)
    if format == "parquet" and output is None:
        _err().print(Text("error: --format parquet writes one file per record type: give the folder with --output", style="red"))
        raise typer.Exit(2)
    writer = WRITERS.get(format)
    if format == "acled":
        writer = partial(writer, numeric_inter=acled_numeric)
    elif format in ("geojson", "geojsonseq"):
        writer = partial(writer, contexts="all" if all_contexts else "reported")
    config = _config(config_file, db=db)
    with _open_store(config, readonly=True) as store, _user_errors():
        story_id = (store.find_story_id(story) or story) if story else None
        filters = Filters(story=story_id, country=country, event_type=event_type, date_from=date_from, date_to=date_to, since=since)
        if format == "parquet":
            from sitroom.report.export import store_records
            from sitroom.report.parquet import write_parquet

            counts = write_parquet(store_records(store, filters), output)
            _err().print(f"wrote {sum(counts.values())} records to {output}: " + ", ".join(f"{kind}.parquet {n}" for kind, n in counts.items()))
        elif output:
            output.parent.mkdir(parents=True, exist_ok=True)
            with output.open("w", encoding="utf-8", newline="") as out:
                n = writer(store, out, filters=filters)
            unit = {"acled": "events", "hxl": "events", "plover": "events", "geojson": "features", "geojsonseq": "features"}.get(format, "records")
            _err().print(f"wrote {n} {unit} to {output}")
        else:
            writer(store, sys.stdout, filters=filters)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words to find: "exact phrase", OR, NOT, (groups), prefix*; actor names match all their aliases')],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="Most results to show")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object a line: doc_id, title, snippet")] = False,
    config_file: ConfigOption = None,
) -> None:
    """Full-text search over the stored articles."""
    config = _config(config_file, db=db)
    console = Console(highlight=False)
    with _open_store(config, readonly=True) as store, _user_errors():
        from sitroom.actordata import bundled_actor_files, load_actors

        hits = store.search(query, limit=limit, actors=load_actors([*bundled_actor_files(), *config.actors_files]))
    if as_json:
        import json

        for hit in hits:  # ASCII JSON: every control character escaped
            typer.echo(json.dumps({"doc_id": hit.doc_id, "title": hit.title, "snippet": hit.snippet}))
        raise typer.Exit(0 if hits else 1)
    if not hits:
        console.print("no matches")
        raise typer.Exit(1)
    for hit in hits:
        console.print(Text.assemble((hit.doc_id, "bold"), "  ", for_terminal(hit.title or "(untitled)")))
        console.print(Text("    " + for_terminal(hit.snippet)))


@app.command()
def show(
    doc_id: Annotated[str, typer.Argument(help="Document id (or a unique prefix of it)")],
    db: DbOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Print a document's clean text with its facts highlighted."""
    config = _config(config_file, db=db)
    console = Console(highlight=False)
    with _open_store(config, readonly=True) as store:
        full_id = store.find_document_id(doc_id)
        analysis = store.analysis(full_id) if full_id else None
    if analysis is None:
        _err().print(Text(f"error: no document with id {doc_id!r} (or the prefix is ambiguous); try `sitroom search`", style="red"))
        raise typer.Exit(1)
    doc = analysis.document
    published = f"{doc.published.value} ({doc.published.method or doc.published.provenance})" if doc.published else "date unknown"
    console.print(Text(for_terminal(doc.title or "(untitled)"), style="bold underline"))
    console.print(Text(for_terminal(f"{doc.outlet or 'outlet unknown'} · {published} · {doc.byline or 'no byline'} · {doc.id}"), style="dim"))
    body = Text(for_terminal(doc.text))  # one character for one: the facts' offsets still hold
    for kind in sorted(FACT_KINDS, key=lambda k: k.name != "quote"):  # a quote holds other facts: its colour goes under theirs
        for fact in analysis.facts(kind):
            body.stylize(STYLES[kind.name], fact.span.start, fact.span.end)
    console.print(body)
    legend = Text("legend: ")
    for name, style in STYLES.items():
        legend.append(name + " ", style=style)
    console.print(legend)
    console.print(Text(", ".join(f"{len(analysis.facts(kind))} {kind.label}" for kind in FACT_KINDS), style="dim"))


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Server processes (each opens the store read-only)")] = 1,
    config_file: ConfigOption = None,
) -> None:
    """Serve the store as a read-only HTTP API (documents, events, figures, quotes, stories,
    search, the report, exports; OpenAPI at /docs). With SITROOM_API_TOKEN set, POST
    /api/documents ingests an article sent with that token."""
    config = _config(config_file, db=db)
    _open_store(config, readonly=True).close()  # a missing or foreign store fails here, as one line
    import uvicorn

    from sitroom.api import create_app

    typer.echo(f"serving {config.db} read-only on http://{host}:{port}/api (OpenAPI: http://{host}:{port}/docs)")
    token = os.environ.get("SITROOM_API_TOKEN") or None
    if workers > 1:  # each worker builds its app from the environment
        os.environ["SITROOM_DB"] = str(config.db)
        if config_file:
            os.environ["SITROOM_CONFIG"] = str(config_file)
        uvicorn.run("sitroom.api:app_from_environment", factory=True, host=host, port=port, workers=workers, log_level="warning")
    else:
        uvicorn.run(create_app(config.db, token=token, config=config), host=host, port=port, log_level="warning")


@app.command()
def migrate(
    db: DbOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Upgrade a store written by an earlier sitroom (schema 6 on) in place, keeping a copy."""
    from sitroom.store import schema

    config = _config(config_file, db=db)
    if "://" not in config.db and not Path(config.db).is_file():
        _err().print(Text(f"error: store {config.db} does not exist", style="red"))
        raise typer.Exit(2)
    with _open_store(config) as store:
        if store.upgraded is None:
            typer.echo(f"store {config.db} is already at schema {schema.SCHEMA_VERSION}")


@app.command("datasette-metadata")
def datasette_metadata(
    db: DbOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Print datasette metadata for the store (full-text search, hidden internal tables):
    `datasette STORE -m metadata.json`."""
    import json

    from sitroom.store.datasette import metadata

    config = _config(config_file, db=db)
    if "://" in config.db:
        _err().print(Text("error: datasette serves SQLite files; --db must be a file", style="red"))
        raise typer.Exit(2)
    with _open_store(config, readonly=True):
        pass  # refuses a missing, foreign or old store
    typer.echo(json.dumps(metadata(config.db), indent=2))


@app.command()
def demo(
    examples: Annotated[Path, typer.Option(help="Folder of sample articles")] = Path("examples"),
    db: Annotated[str, typer.Option(help="Store to create")] = "out/demo.db",
    out: Annotated[Path, typer.Option(help="Folder for the reports")] = Path("out"),
    workers: Annotated[Optional[int], typer.Option(help="Worker processes [default: one per core]")] = None,
) -> None:
    """Ingest the sample corpus, write out/report.md and out/report.html, print a summary."""
    from sitroom.ingest import read_paths
    from sitroom.report.sitrep import build_report, render
    from sitroom.runner import ingest as run_ingest

    if not examples.is_dir():
        _err().print(Text(f"error: sample folder {examples} not found; run from the repository root", style="red"))
        raise typer.Exit(2)
    config = Config().replace(db=db, workers=workers)
    with _open_store(config) as store, _user_errors():
        summary = run_ingest(read_paths([str(examples)], max_bytes=config.max_bytes), store, config=config)
        report = build_report(store)
        out.mkdir(parents=True, exist_ok=True)
        (out / "report.md").write_text(render(report, "md"), encoding="utf-8")
        (out / "report.html").write_text(render(report, "html"), encoding="utf-8")
        documents, copies = store.count("documents"), len(store.duplicates())
        counts = ", ".join(f"{store.count(kind.field)} {kind.label}" for kind in FACT_KINDS)
    typer.echo(summary.line())
    typer.echo(f"store {db}: {documents} documents ({copies} near-copies), {counts}")
    typer.echo(f"reports: {out / 'report.md'}, {out / 'report.html'}")
    typer.echo(f"on screen: sitroom serve --db {db}, then open http://127.0.0.1:8000/")


def _remove_if_empty(path: Path | None) -> None:
    """Delete a store file this command created when it holds no document (a failed ingest
    leaves nothing behind); a store with a document in it is kept."""
    if path is None or not path.exists():
        return
    from sitroom.store import Store

    try:
        with Store(path, readonly=True) as store:
            if store.count("documents"):
                return
    except SitroomError:
        return
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(for_terminal(text))  # a report on the terminal: its article titles obey nothing
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    _err().print(f"wrote {output}")


def main() -> None:
    app()
