"""``peninsula indicators``: dyad series and the relations-now table."""

from __future__ import annotations

import datetime as dt
import json

import typer

from peninsula.cli.events import AS_OF, JSON_OPTION, STORE_OPTION, open_store, parse_date

app = typer.Typer(help="Dyad series, trends, change points and relations now.",
                  no_args_is_help=True)


def _as_of(es: object, as_of: str | None) -> dt.date:
    from peninsula.briefing.context import last_event_date

    day = parse_date(as_of, "--as-of")
    return day or last_event_date(es)  # type: ignore[arg-type]


@app.command("dyads")
def dyads(
    as_of: str | None = AS_OF, store: str | None = STORE_OPTION, as_json: bool = JSON_OPTION,
) -> None:
    """Relations now: each dyad's last 6 and 12 months against its own 10-year baseline."""
    from peninsula.events import EventQuery
    from peninsula.indicators import relations_now

    with open_store(store) as es:
        day = _as_of(es, as_of)
        events = es.query(EventQuery(canonical=True, as_of=day, end=day))
    table = relations_now(events, day)
    if as_json:
        typer.echo(table.to_json(orient="records"))
        return
    from rich.console import Console
    from rich.table import Table

    out = Table("dyad", "baseline events", "last 12 m", "Goldstein 12 m", "baseline",
                "12 months", "6 months", title=f"Relations as of {day}")
    for row in table.to_dict("records"):
        out.add_row(str(row["dyad"]), str(row["baseline_events"]), str(row["events_12m"]),
                    _fmt(row["goldstein_12m"]), _fmt(row["baseline_goldstein"]),
                    str(row["label_12m"]), str(row["label_6m"]))
    Console().print(out)


def _fmt(value: object) -> str:
    return "" if not isinstance(value, float) or value != value else f"{value:+.1f}"


@app.command("series")
def series(
    dyad: str = typer.Argument(..., help="A dyad such as PRK-KOR, or PRK-* for unilateral acts."),
    freq: str = typer.Option("M", "--freq", help="M (monthly) or Q (quarterly)."),
    since: str | None = typer.Option(None, "--since", help="First date, YYYY-MM-DD."),
    as_of: str | None = AS_OF,
    store: str | None = STORE_OPTION,
    as_json: bool = JSON_OPTION,
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV instead of a table."),
) -> None:
    """One dyad's monthly or quarterly series, with its trend and change points."""
    from peninsula.events import EventQuery
    from peninsula.indicators import change_points, dyad_series, parse_dyad, trend

    label = parse_dyad(dyad)
    if freq not in ("M", "Q"):
        raise ValueError(f"--freq must be M or Q, got {freq!r}")
    start = parse_date(since, "--since") or dt.date(1990, 1, 1)
    with open_store(store) as es:
        day = _as_of(es, as_of)
        events = es.query(EventQuery(canonical=True, as_of=day, end=day))
    frame = dyad_series(events, label, freq=freq, start=start, end=day)  # type: ignore[arg-type]
    band = trend(frame["events"], window=12 if freq == "M" else 4)
    frame = frame.join(band.add_prefix("trend_"))
    cps = set(change_points(frame)) if freq == "M" else set()
    frame["change_point"] = [p in cps for p in frame.index]
    frame.index = frame.index.astype(str)
    if as_csv:
        typer.echo(frame.to_csv(), nl=False)
        return
    if as_json:
        typer.echo(json.dumps(json.loads(frame.reset_index().to_json(orient="records"))))
        return
    from rich.console import Console
    from rich.table import Table

    cols = ["events", "verbal_coop", "material_coop", "verbal_conflict", "material_conflict",
            "goldstein_mean", "max_rung", "trend_rate", "change_point"]
    out = Table("period", *cols, title=f"{label} ({'monthly' if freq == 'M' else 'quarterly'})")
    for period, row in frame[cols].iterrows():
        out.add_row(str(period), *(_cell(v) for v in row))
    Console().print(out)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "" if value != value else f"{value:.2f}"
    return str(value)
