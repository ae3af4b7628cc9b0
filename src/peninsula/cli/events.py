"""``peninsula events``: ingest feeds, list, summarise and export the event store."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from peninsula.events import EventQuery, EventStore
    from peninsula.events._store import ProgressFn

app = typer.Typer(help="Ingest, list, summarise and export events.", no_args_is_help=True)

STORE_OPTION = typer.Option(
    None, "--store", help="Event store file (default: events.duckdb in the data directory)."
)
JSON_OPTION = typer.Option(False, "--json", help="Print JSON for scripts instead of a table.")


@contextmanager
def open_store(store: str | None) -> Iterator[EventStore]:
    """Open (and on first use, create and fill with the shipped data) the event store."""
    from peninsula._paths import default_store_path
    from peninsula.events import EventStore
    from peninsula.events.shipped import load_shipped

    path = Path(store) if store else default_store_path()
    with EventStore(path) as es:
        if es.created:
            with _progress("loading shipped data") as progress:
                load_shipped(es, progress=progress)
        yield es


@contextmanager
def _progress(label: str) -> Iterator[ProgressFn]:
    """A Rich progress bar on stderr when it is a terminal, plain lines on stderr otherwise."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if console.is_terminal:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                      console=console, transient=True) as bar:
            task = bar.add_task(label, total=None)

            def update(batch: int, rows: int) -> None:
                bar.update(task, description=f"{label}: batch {batch}, {rows:,} rows read")

            yield update
    else:
        def plain(batch: int, rows: int) -> None:
            print(f"{label}: parsed batch {batch}, {rows} rows read", file=sys.stderr, flush=True)

        yield plain


def parse_date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} must be a date as YYYY-MM-DD, got {value!r}") from None


@app.command("ingest")
def ingest(
    source: str = typer.Argument(
        ..., help="Feed: curated, csis, cns, gdelt, icews, or native (your own CSV in the "
                  "chronology layout)."),
    paths: list[Path] | None = typer.Argument(None, help="Files to read (curated: none)."),
    store: str | None = STORE_OPTION,
    as_json: bool = JSON_OPTION,
    dataset: str | None = typer.Option(None, "--dataset",
                                       help="Dataset name for native rows (default native)."),
    scope_actors: str | None = typer.Option(
        None, "--scope-actors", help="gdelt/icews: keep rows with any of these actors "
                                     "(default PRK,KOR)."),
    scope_pairs: str | None = typer.Option(
        None, "--scope-pairs", help="gdelt/icews: also keep rows between two of these "
                                    "(default USA,CHN,JPN,RUS)."),
) -> None:
    """Ingest files of a feed; prints read, stored, updated, duplicates, quarantined, filtered."""
    from peninsula.events.scope import Scope
    from peninsula.events.shipped import load_shipped
    from peninsula.events.sources import SOURCES, adapter

    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; choose from {', '.join(SOURCES)}")
    files = list(paths or [])
    if source == "curated" and files:
        raise ValueError("the curated source takes no path: it loads the shipped chronology")
    if source != "curated" and not files:
        raise ValueError(f"source {source!r} needs at least one file")
    if dataset is not None and source != "native":
        raise ValueError("--dataset applies to the native source only")
    for f in files:
        if not f.is_file():
            raise ValueError(f"no such file: {f}")
    feed = adapter(source, scope=Scope.parse(scope_actors, scope_pairs), dataset=dataset)
    with open_store(store) as es, _progress(f"ingesting {source}") as progress:
        if source == "curated":
            reports = load_shipped(es, progress=progress)
        else:
            reports = [es.ingest(feed, f, progress=progress) for f in files]
    keys = ("read", "stored", "updated", "duplicates", "quarantined", "filtered")
    total = {k: sum(getattr(r, k) for r in reports) for k in keys}
    if as_json:
        typer.echo(json.dumps(total))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("file", *keys)
    for r in reports:
        table.add_row(Path(r.file).name, *(str(getattr(r, k)) for k in keys))
    if len(reports) > 1:
        table.add_row("total", *(str(total[k]) for k in keys))
    Console().print(table)


def _query(since: str | None, until: str | None, actor: str | None, dyad: str | None,
           kind: list[str] | None, subtype: list[str] | None, min_rung: int | None,
           max_rung: int | None, dataset: list[str] | None, as_of: str | None,
           canonical: bool, limit: int | None, newest_first: bool) -> EventQuery:
    from peninsula.events import KINDS, EventQuery

    pair = None
    if dyad:
        parts = dyad.upper().replace(",", "-").split("-")
        if len(parts) != 2 or not all(len(p) == 3 for p in parts):
            raise ValueError(f"--dyad must look like PRK-KOR, got {dyad!r}")
        pair = (parts[0], parts[1])
    for k in kind or []:
        if k not in KINDS:
            raise ValueError(f"unknown kind {k!r}")
    if limit is not None and limit < 0:
        raise ValueError("--limit must be zero or more")
    return EventQuery(
        start=parse_date(since, "--since"), end=parse_date(until, "--until"),
        actor=actor.upper() if actor else None, dyad=pair, kinds=tuple(kind or ()),
        subtypes=tuple(subtype or ()), min_rung=min_rung, max_rung=max_rung,
        datasets=tuple(dataset or ()), as_of=parse_date(as_of, "--as-of"), canonical=canonical,
        limit=limit, newest_first=newest_first,
    )


SINCE = typer.Option(None, "--since", help="First date, YYYY-MM-DD (local date in Korea).")
UNTIL = typer.Option(None, "--until", help="Last date, YYYY-MM-DD.")
ACTOR = typer.Option(None, "--actor", help="Either actor, e.g. PRK.")
DYAD = typer.Option(None, "--dyad", help="Undirected pair of actors, e.g. PRK-KOR.")
KIND = typer.Option(None, "--kind", help="Kind (repeatable), e.g. missile_launch.")
SUBTYPE = typer.Option(None, "--subtype", help="Subtype (repeatable), e.g. ICBM.")
MIN_RUNG = typer.Option(None, "--min-rung", min=0, max=10, help="Lowest escalation rung.")
MAX_RUNG = typer.Option(None, "--max-rung", min=0, max=10, help="Highest escalation rung.")
DATASET = typer.Option(None, "--dataset", help="Dataset (repeatable): curated, derived, csis, cns.")
AS_OF = typer.Option(None, "--as-of", help="Only events public by this date (known_date).")
CANONICAL = typer.Option(False, "--canonical", help="One row per canonical event.")


@app.command("list")
def list_events(
    since: str | None = SINCE, until: str | None = UNTIL, actor: str | None = ACTOR,
    dyad: str | None = DYAD, kind: list[str] | None = KIND, subtype: list[str] | None = SUBTYPE,
    min_rung: int | None = MIN_RUNG, max_rung: int | None = MAX_RUNG,
    dataset: list[str] | None = DATASET, as_of: str | None = AS_OF, canonical: bool = CANONICAL,
    limit: int = typer.Option(50, "--limit", help="Most rows to show (newest first)."),
    store: str | None = STORE_OPTION, as_json: bool = JSON_OPTION,
) -> None:
    """List events, newest first."""
    from peninsula.events import records_json

    q = _query(since, until, actor, dyad, kind, subtype, min_rung, max_rung, dataset, as_of,
               canonical, limit, True)
    with open_store(store) as es:
        frame = es.query(q)
    if as_json:
        typer.echo(records_json(frame))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("date", "actors", "kind", "subtype", "rung", "dataset", "summary")
    for row in frame.to_dict("records"):
        actor2 = row["actor2"] if isinstance(row["actor2"], str) else ""
        rung = row["rung"]
        shown = "" if rung is None or rung != rung else str(int(rung))
        summary = row["summary"] if isinstance(row["summary"], str) else ""
        table.add_row(str(row["date"])[:10], "-".join(a for a in (row["actor1"], actor2) if a),
                      str(row["kind"]), row["subtype"] if isinstance(row["subtype"], str) else "", shown,
                      str(row.get("dataset", "")), summary[:90])
    Console().print(table)


@app.command("stats")
def stats(store: str | None = STORE_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Summarise the store: events by dataset, kind and rung, and the quarantine."""
    with open_store(store) as es:
        tables = es.stats()
        n_events, n_canon = es.count(), es.count(canonical=True)
    if as_json:
        out = {"events": n_events, "canonical_events": n_canon}
        out.update({k: json.loads(v.to_json(orient="records", date_format="iso"))
                    for k, v in tables.items()})
        typer.echo(json.dumps(out))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"{n_events} events stored, {n_canon} canonical events")
    for name, frame in tables.items():
        table = Table(*map(str, frame.columns), title=name)
        for rec in frame.itertuples(index=False):
            table.add_row(*(str(v)[:10] if isinstance(v, dt.date) else str(v) for v in rec))
        console.print(table)


@app.command("export")
def export(
    out: Path = typer.Argument(..., help="File to write."),
    fmt: str = typer.Option("csv", "--format", help="csv, parquet or json."),
    since: str | None = SINCE, until: str | None = UNTIL, actor: str | None = ACTOR,
    dyad: str | None = DYAD, kind: list[str] | None = KIND, subtype: list[str] | None = SUBTYPE,
    min_rung: int | None = MIN_RUNG, max_rung: int | None = MAX_RUNG,
    dataset: list[str] | None = DATASET, as_of: str | None = AS_OF, canonical: bool = CANONICAL,
    store: str | None = STORE_OPTION,
) -> None:
    """Export events (oldest first) to CSV, Parquet or JSON."""
    from peninsula.events import EXPORT_FORMATS

    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"--format must be one of {', '.join(EXPORT_FORMATS)}, got {fmt!r}")
    q = _query(since, until, actor, dyad, kind, subtype, min_rung, max_rung, dataset, as_of,
               canonical, None, False)
    with open_store(store) as es:
        n = es.export(out, fmt, q)
    print(f"wrote {n} events to {out}", file=sys.stderr)
