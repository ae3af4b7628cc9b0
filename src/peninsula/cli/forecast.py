"""``peninsula forecast``: targets, current probabilities, and the rolling-origin backtest."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import typer

from peninsula.cli.events import AS_OF, JSON_OPTION, STORE_OPTION, open_store, parse_date

app = typer.Typer(help="Outlook: what comes next, as probabilities with their track record.",
                  no_args_is_help=True)


def _console() -> Any:
    from rich.console import Console

    console = Console()
    if not console.is_terminal:
        console.width = 120   # piped: do not cut the table to 80 columns
    return console


def _events(store: str | None) -> Any:
    from peninsula.events import EventQuery

    with open_store(store) as es:
        return es.query(EventQuery(canonical=True, newest_first=False))


@app.command("targets")
def targets_cmd(as_json: bool = JSON_OPTION) -> None:
    """The forecast targets: what counts, over how many days, and whether it is scored."""
    from peninsula.forecast import HEADLINE, TARGETS

    rows: list[dict[str, Any]] = [{"name": t.name, "description": t.description, "horizon_days": t.horizon_days,
             "kind": t.kind, "unit": t.unit, "scored": t.scored, "headline_model": HEADLINE.get(t.name)}
            for t in TARGETS.values()]
    if as_json:
        typer.echo(json.dumps(rows))
        return
    from rich.table import Table

    out = Table("name", "horizon", "kind", "scored", "headline", "description", title="Forecast targets")
    for r in rows:
        out.add_row(str(r["name"]), f"{r['horizon_days']} d", str(r["kind"]), "yes" if r["scored"] else "no",
                    str(r["headline_model"]), str(r["description"]))
    _console().print(out)


def _now_rows(events: Any, day: dt.date) -> list[dict[str, Any]]:
    """Each target's headline probability at ``day`` with a 90% interval from the spread of the
    model family (the three climatology windows and the regression)."""
    from peninsula.forecast import HEADLINE, MODELS, TARGETS
    from peninsula.forecast._backtest import _models

    rows = []
    for name, chosen in TARGETS.items():
        probs: dict[str, float] = {}
        for m in MODELS:
            try:
                probs[m] = float(_models()[m](chosen).fit(events, day).predict_proba(day))
            except ValueError:
                continue
        head = HEADLINE[name]
        values = list(probs.values())
        p = probs.get(head, float("nan"))
        rows.append({"target": name, "model": head, "origin": day.isoformat(),
                     "horizon_days": chosen.horizon_days, "prob": p,
                     "prob_lo": min([*values, p]), "prob_hi": max([*values, p])})
    return rows


@app.command("now")
def now_cmd(as_of: str | None = AS_OF, store: str | None = STORE_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Current probabilities: the headline model per target, with the range of the model family."""
    events = _events(store)
    day = parse_date(as_of, "--as-of") or dt.date.today()
    rows = [r for r in _now_rows(events, day) if not math.isnan(r["prob"])]
    if as_json:
        typer.echo(json.dumps(rows))
        return
    from rich.table import Table

    out = Table("target", "model", "P", "range across the model family", title=f"Outlook on {day.isoformat()}")
    for r in rows:
        out.add_row(r["target"], r["model"], f"{r['prob']:.2f}", f"{r['prob_lo']:.2f}-{r['prob_hi']:.2f}")
    _console().print(out)


@app.command("backtest")
def backtest_cmd(
    target: str | None = typer.Option(None, "--target", help="One target (default: all)."),
    model: str | None = typer.Option(None, "--model", help="One model besides climatology-36 (default: all)."),
    start: str = typer.Option("2005-01-01", "--start", help="First origin, YYYY-MM-DD (monthly origins)."),
    engine: str = typer.Option("local", "--engine", help="local or process."),
    store: str | None = STORE_OPTION, as_json: bool = JSON_OPTION,
) -> None:
    """Rolling monthly origins: scores, skill against climatology-36 with 90% block-bootstrap intervals."""
    from peninsula.cli.crisis import _progress
    from peninsula.forecast import backtest, summary

    events = _events(store)
    first = parse_date(start, "--start") or dt.date(2005, 1, 1)
    with _progress("backtest") as progress:
        forecasts = backtest(events, targets=[target] if target else None, models=[model] if model else None,
                             start=first, engine=engine, progress=progress)
    table = summary(forecasts)
    if as_json:
        typer.echo(table.to_json(orient="records", date_format="iso"))
        return
    from rich.table import Table

    out = Table("target", "model", "origins", "score", "skill vs clim-36", "90% interval", title="Backtest")
    for r in table.to_dict("records"):
        skill = "" if math.isnan(r["skill"]) else f"{r['skill']:+.3f}"
        ci = "" if math.isnan(r["skill"]) else f"{r['skill_lo']:+.3f} to {r['skill_hi']:+.3f}"
        mark = " (headline)" if r["headline"] else ""
        out.add_row(str(r["target"]), f"{r['model']}{mark}", str(r["origins"]),
                    f"{r['score_name']} {r['score']:.3f}", skill, ci)
    _console().print(out)
