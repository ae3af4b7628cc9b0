"""``peninsula nuclear``: enrichment arithmetic (and, later, projections under policy options)."""

from __future__ import annotations

import json

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
