"""Section "Outlook": the probabilities of the forecast targets at ``as_of``, with the range of the
model family, and each headline model's track record in a reduced backtest (quarterly origins over
the eight years before ``as_of``): skill against climatology with its interval, and reliability.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from peninsula.briefing.charts import to_svg
from peninsula.briefing.context import Context
from peninsula.briefing.registry import Section, register
from peninsula.briefing.sections._html import day, figure, table, text

TITLE = "Outlook"
YEARS = 8
WIDTH = 300


def _origins(as_of: dt.date, horizon: int) -> list[dt.date]:
    first = pd.Period(as_of, "Q") - 4 * YEARS
    out = []
    for q in range(4 * YEARS):
        start = (first + q).start_time.date()
        if start + dt.timedelta(days=horizon) < as_of:
            out.append(start)
    return out


def _track(events: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Forecasts of the headline and reference models at quarterly origins, outcomes known by as_of."""
    from peninsula.forecast import HEADLINE, REFERENCE, TARGETS, outcome
    from peninsula.forecast._backtest import _models

    seen = events[pd.to_datetime(events["known_date"].fillna(events["date"])).dt.date <= as_of]
    makers = _models()
    rows = []
    for name, chosen in TARGETS.items():
        if not chosen.scored or chosen.kind != "binary":
            continue
        for origin in _origins(as_of, chosen.horizon_days):
            observed = outcome(seen, chosen, origin)
            for mname in dict.fromkeys((HEADLINE[name], REFERENCE)):
                try:
                    p = makers[mname](chosen).fit(seen, origin).predict_proba(origin)
                except ValueError:
                    continue
                rows.append({"target": name, "model": mname, "origin": origin, "prob": p,
                             "outcome": int(observed > 0)})
    return pd.DataFrame(rows)


def _reliability_chart(frame: pd.DataFrame, name: str) -> str:
    import altair as alt

    from peninsula.forecast import reliability

    bins = reliability(frame, bins=5)
    diagonal = pd.DataFrame({"x": [0.0, 1.0], "y": [0.0, 1.0]})
    line = alt.Chart(diagonal).mark_line(strokeDash=[4, 3], color="#888").encode(x="x:Q", y="y:Q")
    points = alt.Chart(bins).mark_circle(color="#1f5f8b").encode(
        x=alt.X("forecast:Q", title="forecast probability", scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("observed:Q", title="observed frequency", scale=alt.Scale(domain=[0, 1])),
        size=alt.Size("n:Q", title="origins", legend=None))
    return to_svg((line + points).properties(width=WIDTH, height=WIDTH), f"fig-reliability-{name}")


@register("outlook", TITLE, order=15)
def render(ctx: Context) -> Section:
    """Current probabilities and the headline models' track records, as of ``ctx.as_of``."""
    from peninsula.forecast import HEADLINE, MODELS, REFERENCE, TARGETS, brier, moving_block_bootstrap, skill
    from peninsula.forecast._backtest import _models

    as_of = ctx.as_of
    events = ctx.events()
    rows, judgments = [], []
    for name, chosen in TARGETS.items():
        if chosen.kind != "binary":
            continue   # the count target's P(at least one) repeats a binary one; see the CLI backtest
        probs = {}
        for m in MODELS:
            try:
                probs[m] = _models()[m](chosen).fit(events, as_of).predict_proba(as_of)
            except ValueError:
                continue
        head = HEADLINE[name]
        if head not in probs:
            continue
        lo, hi = min(probs.values()), max(probs.values())
        rows.append([text(chosen.description), text(head), f"{probs[head]:.0%}", f"{lo:.0%}-{hi:.0%}",
                     "yes" if chosen.scored else "no (descriptive, floor 1%)"])
        if name in ("missile_30d", "rung4_90d"):
            judgments.append(f"Outlook from {day(as_of)}: {chosen.description[0].lower()}"
                             f"{chosen.description[1:]}: {probs[head]:.0%} (models range {lo:.0%}-{hi:.0%}).")
    now = table(["target", "headline model", "probability", "range across models", "scored"], rows,
                numeric=(2, 3))
    track = _track(events, as_of)
    record_rows, figures = [], []
    for name, chosen in TARGETS.items():
        if not chosen.scored or chosen.kind != "binary" or track.empty:
            continue
        mine = track[(track["target"] == name) & (track["model"] == HEADLINE[name])].sort_values("origin")
        ref = track[(track["target"] == name) & (track["model"] == REFERENCE)].sort_values("origin")
        if len(mine) < 8 or len(mine) != len(ref):
            continue
        a = ((mine["prob"] - mine["outcome"]) ** 2).to_numpy()
        b = ((ref["prob"] - ref["outcome"]) ** 2).to_numpy()
        s = skill(a, b) if b.mean() > 0 else math.nan
        block = max(2, math.ceil(chosen.horizon_days / 91))
        def stat(idx: np.ndarray, a: np.ndarray = a, b: np.ndarray = b) -> float:
            return skill(a[idx], b[idx])

        lo, hi = moving_block_bootstrap(stat, len(a), block, draws=500, seed=ctx.seed)
        record_rows.append([text(chosen.description), str(len(a)), f"{brier(mine['prob'], mine['outcome']):.3f}",
                            f"{s:+.2f}", f"{lo:+.2f} to {hi:+.2f}"])
        verdict = ("beat" if lo > 0 else "did not beat") + " climatology"
        judgments.append(f"Track record ({HEADLINE[name]}, {name}): over {len(a)} quarterly origins it "
                         f"{verdict} (skill {s:+.2f}, 90% interval {lo:+.2f} to {hi:+.2f}).")
        figures.append(figure(_reliability_chart(mine, name),
                              f"Reliability of the headline model for '{chosen.description}': forecast "
                              f"probability against observed frequency, dot size the number of origins."))
    record = table(["target", "origins", "Brier", "skill vs 36-month climatology", "90% interval"],
                   record_rows, numeric=(1, 2, 3, 4))
    parts = [
        f"<p>Probabilities on {day(as_of)} from events known by then. The headline model per target "
        "was named before any backtest; the range is the spread of the model family (three "
        "climatology windows and a Poisson regression on exercise seasons and recent counts).</p>",
        now,
        f"<h3>Track record, {YEARS} years before {day(as_of)}</h3>",
        "<p>Quarterly origins, each model fitted only on what was known before its origin; skill is "
        "1 - Brier(model) / Brier(climatology), with a moving-block bootstrap interval. An interval "
        "that includes zero means the model has not shown it beats the base rate.</p>",
        record, *figures,
    ]
    return Section("outlook", TITLE, "\n".join(parts), tuple(judgments))


__all__ = ["render"]
