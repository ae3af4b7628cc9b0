"""Section "Crisis management and risk reduction": measures and packages ranked by the risk of war
they remove after an incident, P(peak >= k) curves, annual risk from the incident rates known on
``as_of``, and the model's assumptions in plain words. A prior model until calibration lands.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from peninsula.briefing.charts import to_svg
from peninsula.briefing.context import Context
from peninsula.briefing.registry import Section, register
from peninsula.briefing.sections._html import day, figure, table, text
from peninsula.briefing.sections.institutions import mentions_later

TITLE = "Crisis management and risk reduction"
RUNS_DEFAULT = 200_000
RUNS_SCENARIO = 40_000
WIDTH = 640


def _label(measure_id: str) -> str:
    return measure_id.replace("-", " ").capitalize()


def _pct(p: float) -> str:
    return f"{100 * p:.2f}%"


def _interval(diff: float, se: float) -> str:
    return f"{100 * diff:+.2f} ({100 * (diff - 1.96 * se):+.2f} to {100 * (diff + 1.96 * se):+.2f})"


def _curves(frame: pd.DataFrame, start: int) -> str:
    import altair as alt

    rows = []
    for r in frame.to_dict("records"):
        for k in range(start, 11):
            value = r["p_peak_at_least"][str(k)]
            if value > 0:
                rows.append({"arm": r["label"], "rung": k, "p": value})
    data = pd.DataFrame(rows)
    chart = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("rung:Q", title="peak rung at least", scale=alt.Scale(domain=[start, 10]),
                axis=alt.Axis(values=list(range(start, 11)), format="d")),
        y=alt.Y("p:Q", title="probability", scale=alt.Scale(type="log")),
        color=alt.Color("arm:N", title=None, scale=alt.Scale(scheme="tableau10"),
                        legend=alt.Legend(labelLimit=320, orient="bottom", columns=2)))
    return to_svg(chart.properties(width=WIDTH, height=220), "fig-crisis-peaks")


def _known(value: object, as_of: dt.date) -> str:
    """The clauses of a text that name no date after ``as_of`` (escaped)."""
    parts = re.split(r"(?<=[.;])\s+|\s+(?=\()", str(value))
    kept = [p for p in parts if p.strip() and not mentions_later(p, as_of)]
    return text(" ".join(kept))


def _tradeoff(rates: pd.DataFrame, with_posture: dict[str, tuple[float, float]],
              without: dict[str, tuple[float, float]]) -> str:
    """Does proactive deterrence pay? Yearly war hazard with the posture, as a function of how much
    it cuts the incident rate (an elasticity the data cannot estimate), against the hazard without
    it; the break-even elasticity is where the two meet. Mean rates, no other rate effects."""
    h_with = sum(r["rate_mean"] * with_posture[r["scenario"]][0] for r in rates.to_dict("records"))
    h_without = sum(r["rate_mean"] * without[r["scenario"]][0] for r in rates.to_dict("records"))
    rows = []
    for cut in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5):
        rows.append([f"{cut:.0%}", _pct(1 - np.exp(-h_with * (1 - cut))), _pct(1 - np.exp(-h_without))])
    grid = table(["incidents cut by the posture", "annual risk with proactive deterrence",
                  "annual risk without it"], rows, numeric=(0, 1, 2), cls="tradeoff")
    if h_with <= h_without:
        verdict = ("In this prior model the posture lowers the risk per incident as well, so it pays at "
                   "any elasticity.")
    else:
        verdict = (f"The posture makes each incident more dangerous; it lowers the annual risk only if it "
                   f"cuts incidents by more than <strong>{1 - h_without / h_with:.0%}</strong> (the "
                   "break-even elasticity), a figure the record cannot pin down.")
    return (f"<h3>Rarer but more dangerous? The deterrence trade-off</h3><p>{verdict}</p>{grid}")


def _assumptions(as_of: dt.date) -> str:
    from peninsula.crisis import effects, priors

    rows = [[text(r["id"]), f"{r['low']:g} / {r['central']:g} / {r['high']:g}",
             _known(r["rationale"], as_of), _known(r["source"], as_of)] for r in priors().to_dict("records")]
    prior_html = table(["parameter", "low / central / high", "why", "source"], rows, cls="assumptions")
    rows = [[text(_label(r["measure"])), text(r["term"]), text(r["direction"]),
             f"{r['low']:+g} / {r['central']:+g} / {r['high']:+g}", _known(r["rationale"], as_of)]
            for r in effects().to_dict("records")]
    effect_html = table(["measure", "acts on", "direction", "low / central / high", "why"], rows,
                        cls="assumptions")
    return (f"<h3>Assumptions: the priors</h3>{prior_html}"
            f"<h3>Assumptions: what each measure does in the model</h3>{effect_html}")


@register("crisis", TITLE, order=25)
def render(ctx: Context) -> Section:
    """Rankings, curves and annual risk from the prior model; rates from events known on ``as_of``."""
    from peninsula.crisis import (
        DEFAULT_SCENARIO,
        REFERENCE,
        annual_risk,
        incident_rates,
        measures,
        package_table,
        packages,
        run_arms,
        scenario,
        scenarios,
    )

    as_of = ctx.as_of
    ref = packages()[REFERENCE]
    cbms = [m for m in measures().loc[measures()["kind"] == "cbm", "id"]]
    postures = [m for m in measures().loc[measures()["kind"] == "posture", "id"]]
    arms: dict[str, tuple[str, ...]] = {"reference": ref}
    for m in cbms:
        arms[f"+ {_label(m)}"] = (*ref, m)
    for m in postures:
        arms[f"without {_label(m).lower()}"] = tuple(x for x in ref if x != m)
    default = run_arms(DEFAULT_SCENARIO, arms, runs=RUNS_DEFAULT, seed=ctx.seed)
    default["label"] = default["name"]
    ranked = default.iloc[1:].sort_values("diff_p_war")
    base = default.iloc[0]
    rows = [[text(r["label"]), _pct(r["p_war"]), _interval(r["diff_p_war"], r["diff_p_war_se"])]
            for r in ranked.to_dict("records")]
    ranking = table(["change to the reference", "P(war | incident)",
                     "difference, points (95% interval)"], rows, numeric=(1, 2), cls="ranking")

    names = dict(zip(package_table()["id"], package_table()["name"], strict=True))
    shown = {pid: ms for pid, ms in packages().items()
             if pid != REFERENCE and not mentions_later(names[pid], as_of)}
    package_arms = {"reference": ref, **{names[p]: ms for p, ms in shown.items()}}
    pk = run_arms(DEFAULT_SCENARIO, package_arms, runs=RUNS_DEFAULT, seed=ctx.seed)
    pk["label"] = pk["name"]
    curves = figure(_curves(pk, scenario(DEFAULT_SCENARIO).start_rung),
                    f"After an artillery attack on populated territory: probability that the crisis "
                    f"reaches at least each rung (9 is war), reference and packages, {RUNS_DEFAULT:,} "
                    f"trajectories each on common random numbers (seed {ctx.seed}).")

    events = ctx.events()
    rates = incident_rates(events, until=as_of)
    without = "reference without proactive deterrence"
    scenario_arms = {**package_arms, without: tuple(m for m in ref if m != "proactive-deterrence")}
    per_scenario: dict[str, dict[str, tuple[float, float]]] = {name: {} for name in scenario_arms}
    for sid in scenarios():
        frame = run_arms(sid, scenario_arms, runs=RUNS_SCENARIO, seed=ctx.seed)
        for r in frame.to_dict("records"):
            per_scenario[r["name"]][sid] = (r["p_war"], r["p_war_se"])
    risk_rows, risks = [], {}
    for name, ms in package_arms.items():
        mid, lo, hi = annual_risk(rates, per_scenario[name], ms, seed=ctx.seed)
        risks[name] = (mid, lo, hi)
        risk_rows.append([text(name), _pct(mid), f"{_pct(lo)} to {_pct(hi)}"])
    risk_html = table(["arm", "annual risk of war from incidents (median)", "90% interval"], risk_rows,
                      numeric=(1, 2), cls="risk")
    rate_rows = [[text(scenarios()[r["scenario"]].name), str(r["incidents"]), f"{r['rate_mean']:.3f}",
                  f"{r['rate_p5']:.3f}-{r['rate_p95']:.3f}",
                  _pct(per_scenario["reference"][r["scenario"]][0])] for r in rates.to_dict("records")]
    rate_html = table(["incident type", f"incidents since 1990 to {day(as_of)}", "per year",
                       "90% interval", "P(war | incident), reference"], rate_rows, numeric=(1, 2, 3, 4))

    trade = _tradeoff(rates, per_scenario["reference"], per_scenario[without])

    parts = [
        "<p class=\"note\"><strong>A prior model.</strong> Every parameter is a stated prior "
        "(listed below with its reason), not yet calibrated to the crisis cases; read the numbers as "
        "what these assumptions imply, and the rankings as the robust part. The reference arm has the "
        "ROK's proactive-deterrence posture and US extended-deterrence signalling in force and no "
        "channels; each row adds or removes one measure on the same random draws, so differences "
        "are paired.</p>",
        f"<h3>Which measure lowers the risk of war after an artillery attack on populated territory</h3>"
        f"<p>Reference P(war | incident): {_pct(base['p_war'])} (Monte Carlo s.e. "
        f"{_pct(base['p_war_se'])}), {RUNS_DEFAULT:,} trajectories per arm. A measure that acts only "
        f"at lower rungs (the incidents-at-sea rules) cannot change a crisis that starts at rung "
        f"{scenario(DEFAULT_SCENARIO).start_rung}.</p>{ranking}",
        curves,
        f"<h3>Incident rates and annual risk, {day(as_of)}</h3>{rate_html}{risk_html}"
        "<p>Annual risk is 1 - exp(-sum of rate x P(war | incident)) over the incident types, with "
        "rates drawn from Gamma posteriors and each package's effect on incident rates "
        "(deterrence elasticities the data cannot estimate are priors here).</p>",
        trade,
        _assumptions(as_of),
    ]
    best = ranked.iloc[0]
    ref_risk = risks["reference"]
    judgments = [
        f"Crisis risk (prior model, uncalibrated): after an artillery attack on populated territory "
        f"the model puts P(war) at {_pct(base['p_war'])}; of single measures, "
        f"{best['label'].lstrip('+ ').lower()} changes it most, by "
        f"{_interval(best['diff_p_war'], best['diff_p_war_se'])} points; annual risk of war from "
        f"incidents {_pct(ref_risk[0])} ({_pct(ref_risk[1])} to {_pct(ref_risk[2])})."
    ]
    return Section("crisis", TITLE, "\n".join(parts), tuple(judgments))


__all__ = ["render"]
