"""``peninsula institutions`` and ``peninsula crises``: mechanisms, their status, crisis cases."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import typer

from peninsula.cli.events import JSON_OPTION, STORE_OPTION, parse_date

app = typer.Typer(help="Conflict-prevention mechanisms, channels and agreements, and their status "
                       "on any date.", no_args_is_help=True)
crises_app = typer.Typer(help="Crisis cases: trigger, events, peak rung, outcome and off-ramp.",
                         no_args_is_help=True)

AS_OF = typer.Option(None, "--as-of", help="Date, YYYY-MM-DD (default: today); nothing later "
                                           "is used.")
# The commands read package data; --store is accepted so every command takes the same options.
STORE = STORE_OPTION


def _day(as_of: str | None) -> dt.date:
    return parse_date(as_of, "--as-of") or dt.date.today()


def _plain(value: Any) -> Any:
    """JSON-ready values: dates as ISO strings, tuples as lists, missing values as null."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or (isinstance(value, float) and value != value):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _echo_json(value: Any) -> None:
    typer.echo(json.dumps(_plain(value), ensure_ascii=False))


def _table(title: str, headers: list[str], rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*headers, title=title)
    for row in rows:
        table.add_row(*row)
    Console().print(table)


@app.command("list")
def list_mechanisms(store: str | None = STORE, as_json: bool = JSON_OPTION) -> None:
    """List every mechanism: id, name, kind, scope, parties and when it was established."""
    from peninsula.institutions import mechanisms

    frame = mechanisms()
    records = [{"id": r["id"], "name": r["name"], "kind": r["kind"], "scope": r["scope"],
                "parties": list(r["parties"]), "operator": r["operator"],
                "provides": r["provides"], "established": r["established"],
                "precision": r["precision"]} for r in frame.to_dict("records")]
    if as_json:
        _echo_json(records)
        return
    _table("Mechanisms", ["id", "kind", "scope", "parties", "established", "name"],
           [[r["id"], r["kind"], r["scope"], ";".join(r["parties"]), r["established"], r["name"]]
            for r in records])


@app.command("status")
def status(as_of: str | None = AS_OF, store: str | None = STORE,
           as_json: bool = JSON_OPTION) -> None:
    """Status of every mechanism established by the date: in force, suspended, withdrawn or
    defunct (the most restrictive of the parties'), since when, with per-party detail."""
    from peninsula.institutions import status_on

    day = _day(as_of)
    frame = status_on(day)
    records = [{k: r[k] for k in ("id", "name", "kind", "scope", "status", "since", "since_label",
                                  "partial", "clause", "note", "parties")}
               for r in frame.to_dict("records")]
    if as_json:
        _echo_json(records)
        return
    _table(f"Status on {day}", ["id", "status", "since", "parties"],
           [[r["id"], r["status"] + (f" ({r['clause']})" if r["partial"] else ""),
             r["since_label"], ", ".join(f"{p['party']}: {p['status']}" for p in r["parties"])]
            for r in records])


@app.command("show")
def show(mechanism_id: str = typer.Argument(..., help="Mechanism id (see `institutions list`)."),
         as_of: str | None = AS_OF, store: str | None = STORE,
         as_json: bool = JSON_OPTION) -> None:
    """One mechanism: what it provides, its sources, provisions and dated status changes."""
    from peninsula.institutions import show as show_mechanism

    record = show_mechanism(mechanism_id, as_of=_day(as_of))
    if as_json:
        _echo_json(record)
        return
    typer.echo(f"{record['name']} ({record['id']})")
    typer.echo(f"  {record['kind']}, {record['scope']}; parties {';'.join(record['parties'])}; "
               f"established {record['established']}")
    typer.echo(f"  provides: {record['provides']}")
    typer.echo(f"  status on {record['as_of']}: {record['status']} since {record['since_label']}")
    for change in record["changes"]:
        clause = f" [{change['clause']}]" if change["clause"] else ""
        typer.echo(f"  {change['date']} {change['party']}: {change['status']}{clause}. "
                   f"{change['note']}")
    for p in record["provisions"]:
        typer.echo(f"  art. {p['article']}: {p['summary']}")
    typer.echo("  sources: " + " | ".join(record["sources"]))


def _crisis_record(row: dict[Any, Any]) -> dict[str, Any]:
    keep = ("id", "name", "start", "end", "ongoing", "trigger_event_id", "member_event_ids",
            "scenario_type", "start_rung", "peak_rung", "outcome", "off_ramp", "channel",
            "china_role", "us_role", "summary", "sources")
    out = {k: row[k] for k in keep}
    if row["ongoing"]:
        out["end"] = None
    out["sources"] = [s.strip() for s in str(row["sources"]).split(" | ") if s.strip()]
    return out


@crises_app.command("list")
def list_crises(as_of: str | None = AS_OF, store: str | None = STORE,
                as_json: bool = JSON_OPTION) -> None:
    """Crisis cases that had started by the date, oldest first (later facts left out)."""
    from peninsula.institutions import crises

    records = [_crisis_record(r) for r in crises(_day(as_of)).to_dict("records")]
    if as_json:
        _echo_json(records)
        return
    _table("Crisis cases", ["id", "start", "end", "peak", "outcome", "off-ramp"],
           [[r["id"], str(r["start"]), str(r["end"] or "ongoing"),
             "" if _plain(r["peak_rung"]) is None else str(r["peak_rung"]),
             str(r["outcome"]), str(r["off_ramp"])[:60]] for r in records])


@crises_app.command("show")
def show_crisis(crisis_id: str = typer.Argument(..., help="Crisis id (see `crises list`)."),
                as_of: str | None = AS_OF, store: str | None = STORE,
                as_json: bool = JSON_OPTION) -> None:
    """One crisis case: trigger, member events, rungs, outcome, off-ramp, channels, roles."""
    from peninsula.institutions import crisis

    record = _crisis_record(crisis(crisis_id, as_of=_day(as_of)))
    if as_json:
        _echo_json(record)
        return
    for key, value in record.items():
        shown = "; ".join(map(str, value)) if isinstance(value, list) else _plain(value)
        typer.echo(f"{key}: {'' if shown is None else shown}")
