"""Section "Nuclear capability and counter-proliferation options": the fan chart of weapons' worth
of material with the published estimates known by ``as_of``, the options compared, the Hanoi curve,
and the assumptions with who holds which end, all as of ``ctx.as_of``.

Projected years are later than ``as_of`` by design; they sit in blocks marked
``data-role="projection"``, and nothing in them is knowledge from after ``as_of``: parameters,
estimates and options are all filtered by their publication or start dates.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pandas as pd

from peninsula.briefing.charts import to_svg
from peninsula.briefing.context import Context
from peninsula.briefing.registry import Section, register
from peninsula.briefing.sections._html import day, figure, table, text
from peninsula.briefing.sections.institutions import mentions_later

TITLE = "Nuclear capability and counter-proliferation options"
RUNS = 20_000  # Monte Carlo runs of every projection here (about 4 s of a briefing); edge error ~ 1/sqrt(runs)
YEARS_AHEAD = 10
WIDTH = 640


def _projection_block(html: str) -> str:
    return f'<div data-role="projection">{html}</div>'


def _fmt(lo: float, mid: float, hi: float) -> str:
    return f"{mid:,.0f} ({lo:,.0f}-{hi:,.0f})"


def _fan(result: object, estimates: pd.DataFrame, as_of: dt.date) -> str:
    import altair as alt

    from peninsula.nuclear import Projection

    assert isinstance(result, Projection)
    rows = []
    for name, label in (("warheads_material", "material would allow"),
                        ("warheads_assembled", "assembled")):
        p = result.percentiles(name)
        for i, year in enumerate(result.years):
            if not np.isnan(p[1, i]):
                rows.append({"year": int(year), "series": label, "p5": p[0, i], "p50": p[1, i],
                             "p95": p[2, i]})
    data = pd.DataFrame(rows)
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d"))
    colours = alt.Scale(domain=["material would allow", "assembled"], range=["#1f5f8b", "#9c3d2a"])
    band = alt.Chart(data).mark_area(opacity=0.18).encode(
        x=x, y=alt.Y("p5:Q", title="warheads"), y2="p95:Q",
        color=alt.Color("series:N", title="model (median, 5-95%)", scale=colours))
    line = alt.Chart(data).mark_line().encode(x=x, y="p50:Q", color=alt.Color("series:N", scale=colours))
    layers = [band, line]
    if len(estimates):
        est = estimates.assign(mid=(estimates["warheads_low"] + estimates["warheads_high"]) / 2)
        est = est[["year", "warheads_low", "warheads_high", "mid", "basis", "estimator"]]
        shapes = alt.Scale(domain=["material", "assembled", "plutonium"],
                           range=["circle", "square", "triangle-up"])
        layers.append(alt.Chart(est).mark_rule(color="#333").encode(x=x, y="warheads_low:Q",
                                                                    y2="warheads_high:Q"))
        layers.append(alt.Chart(est).mark_point(filled=True, color="#333", size=30).encode(
            x=x, y="mid:Q", shape=alt.Shape("basis:N", title="published estimate", scale=shapes)))
    now = pd.DataFrame({"year": [as_of.year + (as_of.timetuple().tm_yday - 1) / 365.25]})
    layers.append(alt.Chart(now).mark_rule(strokeDash=[4, 3], color="#555").encode(x=x))
    chart = alt.layer(*layers).properties(width=WIDTH, height=240)
    return to_svg(chart, "fig-nuclear-fan")


HINDCAST_PANELS = (("material", "warheads_material", "material would allow", "#1f5f8b"),
                   ("assembled", "warheads_assembled", "assembled", "#9c3d2a"),
                   ("plutonium", "warheads_pu", "plutonium alone would allow", "#6b5a1f"))


def _hindcast(result: object, estimates: pd.DataFrame, as_of: dt.date) -> str | None:
    """Each published estimate beside the model's band of its own basis, one panel per basis."""
    import altair as alt

    from peninsula.nuclear import Projection

    assert isinstance(result, Projection)
    shown = estimates[(estimates["year"] >= 2010) & (estimates["year"] <= as_of.year)]
    if shown.empty:
        return None
    first, last = 2010, int(min(shown["year"].max(), result.years[-1]))
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickCount=4), scale=alt.Scale(
        domain=[first, last + 0.5]))
    bands = {}
    for basis, series, _, _ in HINDCAST_PANELS:
        p = result.percentiles(series)
        band = pd.DataFrame([{"year": int(y), "p5": p[0, i], "p50": p[1, i], "p95": p[2, i]}
                             for i, y in enumerate(result.years) if first <= y <= last])
        if not band[["p5", "p95"]].isna().all().all():
            bands[basis] = band
    top = max([float(shown["warheads_high"].max())] + [float(b["p95"].max()) for b in bands.values()])
    scale = alt.Scale(domain=[0, top * 1.05])

    def y(field: str) -> Any:
        return alt.Y(f"{field}:Q", title="warheads", scale=scale)

    charts = []
    for basis, _, label, colour in HINDCAST_PANELS:
        if basis not in bands:
            continue
        band = bands[basis]
        est = shown[shown["basis"] == basis].assign(
            mid=lambda f: (f["warheads_low"] + f["warheads_high"]) / 2)[
            ["year", "warheads_low", "warheads_high", "mid", "estimator"]]
        layers = [alt.Chart(band).mark_area(opacity=0.2, color=colour).encode(x=x, y=y("p5"), y2="p95:Q"),
                  alt.Chart(band).mark_line(color=colour).encode(x=x, y=y("p50"))]
        if len(est):
            layers.append(alt.Chart(est).mark_rule(color="#333").encode(
                x=x, y=y("warheads_low"), y2="warheads_high:Q"))
            layers.append(alt.Chart(est).mark_point(filled=True, color="#333", size=24).encode(
                x=x, y=y("mid")))
        charts.append(alt.layer(*layers).properties(width=190, height=180,
                                                   title=f"{label} ({len(est)} estimates)"))
    return to_svg(alt.hconcat(*charts), "fig-nuclear-hindcast")


def _hanoi(curve: pd.DataFrame, horizon: int) -> str:
    import altair as alt

    x = alt.X("undeclared_share:Q", title="share of enrichment capacity outside Yongbyon",
              axis=alt.Axis(format="%"))
    band = alt.Chart(curve).mark_area(opacity=0.2, color="#2f6b3a").encode(
        x=x, y=alt.Y("p5:Q", title=f"warheads' worth avoided by {horizon}"), y2="p95:Q")
    line = alt.Chart(curve).mark_line(point=True, color="#2f6b3a").encode(x=x, y="p50:Q")
    return to_svg(alt.layer(band, line).properties(width=WIDTH, height=200), "fig-nuclear-hanoi")


def _assumptions(as_of: dt.date) -> str:
    from peninsula.nuclear import parameters

    frame = parameters(as_of=as_of)
    rows = []
    for r in frame.to_dict("records"):
        central = "" if pd.isna(r["central"]) else f"{r['central']:g}"
        # ``who`` may cite later work beside the source that set the range: keep only what was out.
        who = "; ".join(part for part in re.split(r";\s*", str(r["who"])) if not mentions_later(part, as_of))
        rows.append([text(r["name"]), text(r["unit"]), f"{r['low']:g}", central, f"{r['high']:g}",
                     text(who)])
    return table(["parameter", "unit", "low", "central", "high", "who holds which end"], rows,
                 numeric=(2, 3, 4), cls="assumptions")


@register("nuclear", TITLE, order=30)
def render(ctx: Context) -> Section:
    """Projection, options and assumptions as known on ``as_of`` (seeded by ``ctx.seed``)."""
    from peninsula.nuclear import (
        Model,
        Uniforms,
        compare_published,
        earliest_as_of,
        load,
        options,
        summarize_published,
    )

    as_of = ctx.as_of
    first = earliest_as_of()
    if as_of < first:
        return Section("nuclear", TITLE, f"<p>The projection needs parameters first published on "
                       f"{day(first)}; nothing is projected for {day(as_of)}.</p>")
    horizon = as_of.year + YEARS_AHEAD
    model = Model(as_of=as_of, horizon=horizon)
    uniforms = Uniforms(RUNS, ctx.seed)
    table_of = options()
    base = model.simulate(table_of["no-agreement"], uniforms)
    estimates = load("published_estimates", as_of=as_of)
    estimates = estimates[~estimates["note"].str.contains("PROJECTION", na=False)]
    fan = figure(_fan(base, estimates, as_of),
                 f"Warheads' worth of separated plutonium and weapon-grade uranium with no agreement: "
                 f"median and 5-95% band of {RUNS:,} runs (seed {ctx.seed}), hindcast to the dashed "
                 f"line ({day(as_of)}) and projection after it; black bars are the published estimates "
                 "known on that date (circles: material basis, squares: assembled, triangles: "
                 "plutonium only).")
    now_year = min(as_of.year, int(base.years[-1]))
    mat = np.percentile(base.at("warheads_material", now_year), [5, 50, 95])
    ahead = np.percentile(base.at("warheads_material", horizon), [5, 50, 95])
    assembled = base.at("warheads_assembled", now_year)

    rows, judgments = [], []
    for oid, choice in table_of.items():
        if oid == "no-agreement" or (choice.start and choice.start > f"{as_of:%Y-%m}"):
            continue   # a counterfactual about a later offer is not known yet
        got = model.simulate(choice, uniforms)
        diff = base.at("warheads_material", horizon) - got.at("warheads_material", horizon)
        left = got.at("warheads_material", horizon)
        a5, a50, a95 = np.percentile(diff, [5, 50, 95])
        l5, l50, l95 = np.percentile(left, [5, 50, 95])
        rows.append([text(choice.label), text(choice.start or "month after the data date"),
                     _fmt(a5, a50, a95), _fmt(l5, l50, l95)])
        if oid == "freeze":
            judgments.append(
                f"Nuclear options: a freeze of the Yongbyon facilities from the month after {day(as_of)} "
                f"would avoid a median {a50:,.0f} weapons' worth of material in ten years (5-95%: "
                f"{a5:,.0f}-{a95:,.0f}); undeclared enrichment, which no Yongbyon deal covers, would "
                f"still leave {l50:,.0f} ({l5:,.0f}-{l95:,.0f}).")
    options_html = table(["option", "from", f"weapons' worth avoided by {horizon}, median (5-95%)",
                          f"left in {horizon}, median (5-95%)"], rows, cls="options")
    parts = [
        f"<p>Separated plutonium and weapon-grade uranium, and the weapons they allow, from the cited "
        f"ranges in the package data as published by {day(as_of)}. Every output is a range: each run "
        "draws every parameter, and every option is run on the same draws.</p>",
        _projection_block(fan),
        _projection_block(f"<h3>Options compared over ten years</h3>{options_html}"
                          "<p>Generic options start the month after the data date and hold; "
                          "undeclared enrichment sites are assumed (their share and start drawn from "
                          "their ranges) and are covered by no option.</p>"),
    ]
    if as_of >= dt.date(2019, 3, 1) and "hanoi-2019" in table_of:
        from peninsula.nuclear import hanoi_curve

        curve = hanoi_curve(horizon=horizon, runs=RUNS // 2, seed=ctx.seed, as_of=as_of)
        parts.append(_projection_block(figure(
            _hanoi(curve, horizon),
            "Had the February 2019 Hanoi offer on Yongbyon been taken: weapons' worth avoided by "
            f"{horizon} against the share of enrichment capacity outside Yongbyon (median and 5-95%), "
            "the assumption that decides the answer.")))
    compared = compare_published(base)
    hindcast = _hindcast(base, estimates, as_of)
    if hindcast is not None:
        parts.append(figure(hindcast, "Hindcast: each published estimate known on "
                            f"{day(as_of)} beside the model's 5-95% band of its own basis, weapons' worth "
                            "of the material, weapons assembled, or weapons' worth of the plutonium alone "
                            "(the basis of counts that leave uranium out)."))
    if len(compared):
        counts = summarize_published(compared)
        own = counts["by_basis"].get("material", {"estimates": 0, "material_band": 0, "own_band": 0})
        parts.append(f"<p>Hindcast: the model's 5-95% band of weapons' worth of material meets "
                     f"{counts['material_band']} of {counts['estimates']} published estimates for 2013 "
                     f"to {min(2023, as_of.year)} known on {day(as_of)}, and {own['material_band']} "
                     f"of the {own['estimates']} that estimate material; set against the band of its own "
                     f"basis (assembled weapons, plutonium only or material), each estimate is met "
                     f"{counts['own_band']} times in {counts['estimates']}. With {RUNS:,} runs, "
                     f"{counts['near_edge']} of the material-band verdicts lie within two Monte Carlo "
                     "standard errors of the band's edge and could go either way.</p>")
    parts.append("<h3>Key assumptions and where analysts differ</h3>")
    parts.append(_assumptions(as_of))
    judgments.insert(0, (
        f"Nuclear material: by the end of {now_year} the material would allow a median "
        f"{mat[1]:,.0f} weapons (5-95%: {mat[0]:,.0f}-{mat[2]:,.0f})"
        + ("" if np.isnan(assembled).all() else
           f", of which about {np.median(assembled):,.0f} assembled")
        + f"; with no agreement, {ahead[1]:,.0f} ({ahead[0]:,.0f}-{ahead[2]:,.0f}) in ten years."))
    return Section("nuclear", TITLE, "\n".join(parts), tuple(judgments))


__all__ = ["render"]
