"""``peninsula nuclear``: enrichment arithmetic, parameters, and projections under policy options."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from peninsula.cli.events import AS_OF, JSON_OPTION, parse_date

app = typer.Typer(help="North Korea's fissile material: enrichment arithmetic and projections.",
                  no_args_is_help=True)


@app.command("swu")
def swu(
    feed: float = typer.Option(..., "--feed", help="Feed assay, weight-% U-235 (natural 0.711)."),
    product: float = typer.Option(..., "--product", help="Product assay, weight-% (e.g. 90)."),
    tails: float = typer.Option(..., "--tails", help="Tails assay, weight-% (e.g. 0.3)."),
    kg: float = typer.Option(1.0, "--kg", help="Product mass, kg."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Feed and tails mass and separative work (SWU) for a product of given assay."""
    from peninsula.nuclear import separative_work

    result = separative_work(kg, product=product, feed=feed, tails=tails)
    if as_json:
        typer.echo(json.dumps({"product_kg": result.product_kg, "feed_kg": result.feed_kg,
                               "tails_kg": result.tails_kg, "swu": result.swu}))
        return
    typer.echo(f"{result.product_kg:g} kg at {product:g}% from {feed:g}% feed, {tails:g}% tails:")
    typer.echo(f"  feed   {result.feed_kg:,.2f} kg")
    typer.echo(f"  tails  {result.tails_kg:,.2f} kg")
    typer.echo(f"  work   {result.swu:,.2f} SWU")


@app.command("params")
def params(as_of: str | None = AS_OF, as_json: bool = JSON_OPTION) -> None:
    """The cited parameters (low, central, high, who holds which end), as known on --as-of."""
    from peninsula.nuclear import parameters

    table = parameters(as_of=parse_date(as_of, "--as-of"))
    cols = ["id", "name", "unit", "low", "central", "high", "distribution", "published", "who",
            "sources"]
    if as_json:
        typer.echo(table[cols].to_json(orient="records", force_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    out = Table("id", "unit", "low", "central", "high", "published", "who",
                title="Nuclear parameters")
    for row in table.to_dict("records"):
        out.add_row(*(("" if v != v else str(v)) for v in (
            row["id"], row["unit"], row["low"], row["central"], row["high"], row["published"],
            row["who"])))
    Console().print(out)


HORIZON = typer.Option(2035, "--horizon", help="Last year projected (up to 2100).")
RUNS = typer.Option(10_000, "--runs", min=1, help="Monte Carlo runs.")
SEED = typer.Option(0, "--seed", help="Seed; the same seed gives the same draws to every option.")
UNDECLARED = typer.Option(True, "--undeclared/--no-undeclared",
                          help="Assume undeclared enrichment sites (their share is drawn from its range).")


@contextmanager
def _working(label: str) -> Iterator[None]:
    """A spinner on stderr while a simulation runs (terminals only)."""
    from rich.console import Console

    console = Console(stderr=True)
    if console.is_terminal:
        with console.status(label):
            yield
    else:
        yield


def _month(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    text = value.strip()
    try:
        dt.date.fromisoformat(text if len(text) > 7 else text + "-01")
    except ValueError:
        raise ValueError(f"{name} must be YYYY-MM or YYYY-MM-DD, got {value!r}") from None
    return text[:7]


@app.command("options")
def list_options(as_json: bool = JSON_OPTION) -> None:
    """The policy options and counterfactuals a projection can run."""
    from peninsula.nuclear import options

    rows = [{"id": o.id, "label": o.label, "kind": o.kind, "start": o.start, "collapse": o.collapse,
             "covers": sorted(o.covers), "removes_stock": o.removes_stock, "description": o.description,
             "sources": o.sources} for o in options().values()]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    out = Table("id", "kind", "start", "covers", "description", title="Nuclear policy options")
    for o in options().values():
        out.add_row(o.id, o.kind, o.start or "after as-of", ", ".join(sorted(o.covers)), o.description)
    Console().print(out)


@app.command("project")
def project_cmd(
    option: str = typer.Option("no-agreement", "--option", help="Option id (see `nuclear options`)."),
    horizon: int = HORIZON, runs: int = RUNS, seed: int = SEED, as_of: str | None = AS_OF,
    start: str | None = typer.Option(None, "--from", help="Start of the option, YYYY-MM (default: "
                                     "its own date, or the month after --as-of)."),
    collapse: str | None = typer.Option(None, "--collapse", help="Month the agreement collapses, YYYY-MM "
                                        "(default: it holds)."),
    undeclared: bool = UNDECLARED, as_json: bool = JSON_OPTION,
) -> None:
    """Yearly plutonium, weapon-grade uranium and warheads (5th, 50th, 95th percentiles) from 1990."""
    from peninsula.nuclear import project

    with _working(f"projecting {runs:,} runs"):
        result = project(option, horizon=horizon, runs=runs, seed=seed, as_of=parse_date(as_of, "--as-of"),
                         start=_month(start, "--from"), collapse=_month(collapse, "--collapse"),
                         undeclared=undeclared)
        payload = result.as_json()
    if as_json:
        typer.echo(json.dumps(payload))
        return
    from rich.console import Console
    from rich.table import Table

    series = payload["series"]
    assert isinstance(series, dict)
    out = Table("year", "warheads (material)", "assembled", "Pu kg", "WGU kg",
                title=f"{option}: 5th / 50th / 95th percentiles, {runs:,} runs, seed {seed}, "
                      f"as of {result.as_of}")

    def cell(name: str, i: int) -> str:
        p = series[name]
        if p["p50"][i] is None:
            return "n/a"
        return f"{p['p5'][i]:,.0f} / {p['p50'][i]:,.0f} / {p['p95'][i]:,.0f}"

    for i, year in enumerate(result.years):
        out.add_row(str(year), *(cell(n, i) for n in ("warheads_material", "warheads_assembled", "pu_kg",
                                                       "heu_kg")))
    console = Console()
    console.print(out)
    for note in result.notes:
        console.print(f"note: {note}")


@app.command("compare")
def compare_cmd(
    options_: str | None = typer.Option(None, "--options", help="Comma-separated option ids "
                                        "(default: every option)."),
    horizon: int = HORIZON, runs: int = RUNS, seed: int = SEED, as_of: str | None = AS_OF,
    collapse: str | None = typer.Option(None, "--collapse", help="Month the generic options collapse, "
                                        "YYYY-MM (default: they hold)."),
    undeclared: bool = UNDECLARED, as_json: bool = JSON_OPTION,
) -> None:
    """Warheads' worth of material avoided by the horizon year against no agreement, per option."""
    from peninsula.nuclear import avoided

    ids = [o.strip() for o in options_.split(",") if o.strip()] if options_ else None
    with _working(f"comparing options over {runs:,} runs"):
        table = avoided(ids, horizon=horizon, runs=runs, seed=seed, as_of=parse_date(as_of, "--as-of"),
                        undeclared=undeclared, collapse=_month(collapse, "--collapse"))
    if as_json:
        typer.echo(table.to_json(orient="records"))
        return
    from rich.console import Console
    from rich.table import Table

    out = Table("option", "avoided p5", "median", "p95", "MC s.e.", "left p5 / median / p95",
                title=f"Warheads' worth avoided by {horizon} ({'with' if undeclared else 'without'} "
                      f"undeclared sites; {runs:,} runs, seed {seed})")
    for row in table.to_dict("records"):
        out.add_row(row["option"], f"{row['p5']:,.1f}", f"{row['p50']:,.1f}", f"{row['p95']:,.1f}",
                    f"{row['mc_se']:.2f}", f"{row['remaining_p5']:,.0f} / {row['remaining_p50']:,.0f} / "
                    f"{row['remaining_p95']:,.0f}")
    Console().print(out)


@app.command("hanoi")
def hanoi_cmd(horizon: int = HORIZON, runs: int = RUNS, seed: int = SEED, as_json: bool = JSON_OPTION) -> None:
    """Warheads avoided had the 2019 Hanoi offer been taken, over the share of enrichment outside Yongbyon."""
    from peninsula.nuclear import hanoi_curve

    with _working(f"simulating {runs:,} runs per share"):
        table = hanoi_curve(horizon=horizon, runs=runs, seed=seed)
    if as_json:
        typer.echo(table.to_json(orient="records"))
        return
    from rich.console import Console
    from rich.table import Table

    out = Table("share outside Yongbyon", "p5", "median", "p95", "median share avoided",
                title=f"Hanoi offer taken: warheads' worth avoided by {horizon}")
    for row in table.to_dict("records"):
        out.add_row(f"{row['undeclared_share']:.1f}", f"{row['p5']:,.1f}", f"{row['p50']:,.1f}",
                    f"{row['p95']:,.1f}", f"{row['share_avoided_p50']:.0%}")
    Console().print(out)


@app.command("hindcast")
def hindcast_cmd(
    runs: int = typer.Option(100_000, "--runs", min=1, help="Monte Carlo runs."),
    seed: int = SEED, as_of: str | None = AS_OF, undeclared: bool = UNDECLARED,
    as_json: bool = JSON_OPTION,
) -> None:
    """The published estimates for 2013-2023 beside the model's 5-95% bands (material, own basis)."""
    from peninsula.nuclear import compare_published, project, summarize_published

    with _working(f"projecting {runs:,} runs"):
        result = project(runs=runs, seed=seed, as_of=parse_date(as_of, "--as-of"), undeclared=undeclared)
        table = compare_published(result)
    counts = summarize_published(table)
    summary: dict[str, object] = {"as_of": result.as_of.isoformat(), "runs": runs, "seed": seed,
                                  "undeclared": undeclared, **counts}
    if as_json:
        rows = json.loads(table.to_json(orient="records"))
        typer.echo(json.dumps({"summary": summary, "estimates": rows}, ensure_ascii=False))
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table

    def span(lo: float, hi: float) -> str:
        return "n/a" if lo != lo else (f"{lo:,.0f}" if round(lo) == round(hi) else f"{lo:,.0f}-{hi:,.0f}")

    def meets(hit: bool, edge: bool = False) -> str:
        return ("yes" if hit else "no") + (" ~" if edge else "")

    out = Table(title=f"Published estimates beside the model's 5-95% bands ({runs:,} runs, seed {seed}, "
                      f"as of {result.as_of}, {'with' if undeclared else 'without'} undeclared sites)",
                caption="~ within two Monte Carlo standard errors of the band's edge",
                box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), pad_edge=False)
    out.add_column("year")
    out.add_column("estimate (published)")
    out.add_column("basis", no_wrap=True)
    for name in ("range", "material\nband", "meets", "own basis\nband", "meets"):
        out.add_column(name, justify="right", no_wrap=True)
    for row in table.sort_values("year", kind="stable").to_dict("records"):
        out.add_row(str(row["year"]), f"{row['estimator']} ({row['published'][:7]})", row["basis"],
                    span(row["low"], row["high"]), span(row["model_p5"], row["model_p95"]),
                    meets(row["overlap"], row["near_edge"]),
                    span(row["matched_p5"], row["matched_p95"]), meets(row["matched"]))
    console = Console()
    console.print(out)
    console.print(f"material band meets {counts['material_band']} of {counts['estimates']}; "
                  f"each against its own basis {counts['own_band']} of {counts['estimates']}; "
                  f"{counts['near_edge']} material-band verdicts lie within two Monte Carlo standard "
                  "errors of the band's edge")
    for basis, n in counts["by_basis"].items():
        console.print(f"  {basis}: {n['estimates']} estimates, material band {n['material_band']}, "
                      f"own band {n['own_band']}")
