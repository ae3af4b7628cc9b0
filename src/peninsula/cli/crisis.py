"""``peninsula crisis``: the escalation engine's scenarios, measures, simulations and comparisons."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import typer

from peninsula.cli.events import AS_OF, JSON_OPTION, STORE_OPTION, open_store, parse_date

app = typer.Typer(help="Crisis escalation engine (a prior model): incident scenarios, confidence-building "
                       "measures, simulations and package comparisons.", no_args_is_help=True)

RUNS = typer.Option(100_000, "--runs", min=1, help="Trajectories per arm.")
SEED = typer.Option(0, "--seed", help="Seed; every arm gets the same draws (common random numbers).")
ENGINE = typer.Option("local", "--engine", help="Where batches run: local (this process) or process "
                                               "(local worker processes); the answer is the same.")
WORKERS = typer.Option(None, "--workers", min=1, help="Worker processes for --engine process "
                                                     "(default: CPU count).")


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar over batches on stderr (terminals only)."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda done, total: None
        return
    with Progress(TextColumn(label), BarColumn(), TextColumn("{task.completed}/{task.total} batches"),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _records(frame: Any) -> list[dict[str, Any]]:
    out = []
    for row in frame.to_dict("records"):
        clean = {}
        for k, v in row.items():
            clean[str(k)] = v.item() if hasattr(v, "item") else v
        out.append(clean)
    return out


def _arm_json(frame: Any) -> str:
    rows = []
    for r in _records(frame):
        rows.append({"name": r["name"], "label": r.get("label", r["name"]), "scenario": r["scenario"],
                     "measures": r["measures"], "runs": r["runs"], "p_war": r["p_war"],
                     "p_war_se": r["p_war_se"], "p_peak_at_least": r["p_peak_at_least"],
                     "p_settled": r["p_settled"], "p_frozen": r["p_frozen"],
                     "diff_p_war": r["diff_p_war"], "diff_p_war_se": r["diff_p_war_se"],
                     "reference": r["reference"], "live_moves": r["live_moves"]})
    return json.dumps(rows)


def _arm_table(frame: Any, title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    out = Table("arm", "P(war)", "s.e.", "diff", "s.e.", "peak>=7", "peak>=8", "settled", "frozen",
                title=title)
    for r in _records(frame):
        peaks = r["p_peak_at_least"]
        out.add_row(str(r["name"]), f"{r['p_war']:.4f}", f"{r['p_war_se']:.4f}",
                    f"{r['diff_p_war']:+.4f}", f"{r['diff_p_war_se']:.4f}", f"{peaks['7']:.3f}",
                    f"{peaks['8']:.3f}", f"{r['p_settled']:.3f}", f"{r['p_frozen']:.3f}")
    console = Console()
    if not console.is_terminal:
        console.width = 120   # piped: do not cut the table to 80 columns
    console.print(out)
    console.print("diff: P(war) minus the status quo's, paired on common random numbers; s.e.: Monte "
                  "Carlo standard error. A prior model, not yet calibrated to the crisis cases.")


@app.command("scenarios")
def scenarios_cmd(as_json: bool = JSON_OPTION) -> None:
    """Incident types: starting rung, branches that apply, precedents in the chronology."""
    from dataclasses import asdict

    from peninsula.crisis import scenarios

    rows = [asdict(s) for s in scenarios().values()]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    out = Table("id", "start rung", "maritime", "strike branch", "precedents", "description",
                title="Incident scenarios")
    for s in scenarios().values():
        out.add_row(s.id, str(s.start_rung), "yes" if s.maritime else "", "yes" if s.preventive_strike else "",
                    str(len(s.precedents)), s.description)
    Console().print(out)


@app.command("measures")
def measures_cmd(as_json: bool = JSON_OPTION) -> None:
    """Confidence-building measures and postures, the model terms each acts on, and their history."""
    from peninsula.crisis import effects, measures

    table = measures()
    eff = effects()
    rows = []
    for m in table.to_dict("records"):
        acts = [{"term": e["term"], "scenarios": e["scenarios"], "low": e["low"], "central": e["central"],
                 "high": e["high"], "rationale": e["rationale"]}
                for e in eff[eff["measure"] == m["id"]].to_dict("records")]
        rows.append({**{k: m[k] for k in ("id", "name", "kind", "description", "history", "status",
                                          "sources")}, "effects": acts})
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    out = Table("id", "kind", "acts on", "status", "description", title="Measures")
    for r in rows:
        terms = "; ".join(f"{a['term']} {a['low']:+g}..{a['high']:+g}" for a in r["effects"])
        out.add_row(str(r["id"]), str(r["kind"]), terms, str(r["status"]), str(r["description"]))
    Console().print(out)


@app.command("simulate")
def simulate_cmd(
    scenario: str = typer.Argument(..., help="Scenario id (see `crisis scenarios`)."),
    measures_: str | None = typer.Option(None, "--measures", help="Comma-separated measure or package ids."),
    posture: str = typer.Option("both", "--posture", help="Deterrence posture: both (the status quo), "
                                "proactive, extended or none."),
    runs: int = RUNS, seed: int = SEED, engine: str = ENGINE, workers: int | None = WORKERS,
    as_json: bool = JSON_OPTION,
) -> None:
    """One arm beside the status quo on the same draws: P(war), P(peak >= k), paired difference."""
    from peninsula.crisis import simulate

    ids = tuple(m.strip() for m in measures_.split(",") if m.strip()) if measures_ else ()
    with _progress(f"simulating {scenario}") as progress:
        frame = simulate(scenario, ids, posture=posture, runs=runs, seed=seed, engine=engine,
                         workers=workers, progress=progress)
    if as_json:
        typer.echo(_arm_json(frame))
        return
    _arm_table(frame, f"{scenario}: {runs:,} trajectories per arm, seed {seed}")


@app.command("compare")
def compare_cmd(
    scenario: str | None = typer.Argument(None, help="Scenario id (default: artillery-on-territory)."),
    packages_: str | None = typer.Option(None, "--packages", help="Comma-separated package ids "
                                         "(default: every shipped package)."),
    runs: int = RUNS, seed: int = SEED, engine: str = ENGINE, workers: int | None = WORKERS,
    as_json: bool = JSON_OPTION,
) -> None:
    """The status quo and each package on the same draws: P(war), P(peak >= k), paired differences."""
    from peninsula.crisis import DEFAULT_SCENARIO, compare

    chosen = scenario or DEFAULT_SCENARIO
    ids = [p.strip() for p in packages_.split(",") if p.strip()] if packages_ else None
    with _progress(f"comparing packages on {chosen}") as progress:
        frame = compare(chosen, ids, runs=runs, seed=seed, engine=engine, workers=workers, progress=progress)
    if as_json:
        typer.echo(_arm_json(frame))
        return
    _arm_table(frame, f"{chosen}: {runs:,} trajectories per arm, seed {seed}")


@app.command("rates")
def rates_cmd(store: str | None = STORE_OPTION, as_of: str | None = AS_OF,
              as_json: bool = JSON_OPTION) -> None:
    """Incidents per year by scenario type from the canonical events since 1990 (Gamma posterior)."""
    from peninsula.crisis import incident_rates
    from peninsula.events import EventQuery

    day = parse_date(as_of, "--as-of")
    with open_store(store) as es:
        events = es.query(EventQuery(canonical=True, as_of=day, end=day, newest_first=False))
    if events.empty:
        print("error: no events in the store", file=sys.stderr)
        raise typer.Exit(1)
    table = incident_rates(events, until=day)
    if as_json:
        typer.echo(table.to_json(orient="records", date_format="iso"))
        return
    from rich.console import Console
    from rich.table import Table

    out = Table("scenario", "incidents", "years", "per year (mean)", "90% interval",
                title="Incident rates (Gamma posterior, prior shape 1/2)")
    for r in table.to_dict("records"):
        out.add_row(r["scenario"], str(r["incidents"]), f"{r['years']:.1f}", f"{r['rate_mean']:.3f}",
                    f"{r['rate_p5']:.3f}-{r['rate_p95']:.3f}")
    Console().print(out)
