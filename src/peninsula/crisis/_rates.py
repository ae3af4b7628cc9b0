"""Incident rates by scenario type from the canonical events, and the annual risk they imply.

Rates are Gamma posteriors: a Jeffreys-like prior Gamma(1/2, 0) updated by n incidents in T years
gives Gamma(n + 1/2, T), so a type seen once or never still gets an honest, wide rate. Annual risk
is 1 - exp(-sum over types of rate x P(war | incident)), with the rate and P(war) both drawn.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from peninsula.crisis._data import Scenario, effects, scenarios

PRIOR_SHAPE = 0.5
RATE_SINCE = dt.date(1990, 1, 1)


def _tags(value: object) -> set[str]:
    """Tags of an event: a list from the store, or a ``;``-separated string from a CSV."""
    if isinstance(value, str):
        return {t.strip() for t in value.split(";") if t.strip()}
    if isinstance(value, list | tuple | np.ndarray):
        return {str(t) for t in value}
    return set()


def matches(events: pd.DataFrame, chosen: Scenario) -> pd.Series:
    """Which events are incidents of this type (kind, subtype, any tag, minimum rung)."""
    mask = events["kind"].isin(chosen.rate_kinds) if chosen.rate_kinds else pd.Series(True, events.index)
    if chosen.rate_subtypes:
        mask &= events["subtype"].isin(chosen.rate_subtypes)
    if chosen.rate_tags:
        wanted = set(chosen.rate_tags)
        mask &= events["tags"].map(lambda t: bool(wanted & _tags(t))).astype(bool)
    if chosen.rate_min_rung is not None:
        mask &= events["rung"].fillna(-1) >= chosen.rate_min_rung
    return mask


def incident_rates(events: pd.DataFrame, *, since: dt.date = RATE_SINCE,
                   until: dt.date | None = None) -> pd.DataFrame:
    """Per scenario: incidents counted in [since, until], years, and the Gamma posterior of the
    yearly rate (mean and 90% interval)."""
    from scipy.stats import gamma

    dates = pd.to_datetime(events["date"]).dt.date
    end = until or max(dates)
    window = events[(dates >= since) & (dates <= end)]
    years = (end - since).days / 365.25
    rows = []
    for sid, chosen in scenarios().items():
        n = int(matches(window, chosen).sum())
        shape = n + PRIOR_SHAPE
        lo, hi = gamma.ppf([0.05, 0.95], shape, scale=1.0 / years)
        rows.append({"scenario": sid, "name": chosen.name, "incidents": n, "years": years,
                     "since": since, "until": end, "rate_mean": shape / years, "rate_p5": lo,
                     "rate_p95": hi})
    return pd.DataFrame(rows)


def rate_multiplier(measure_ids: tuple[str, ...], scenario_id: str, u: np.ndarray) -> np.ndarray:
    """1 + the summed ``incident_rate`` effects of the measures on this scenario, at quantiles u
    (one column per effect row; triangular draws)."""
    out = np.ones(u.shape[0])
    for i, r in enumerate(effects().to_dict("records")):
        if r["term"] != "incident_rate" or r["measure"] not in measure_ids:
            continue
        scope = str(r["scenarios"]).strip()
        if scope != "all" and scenario_id not in {s.strip() for s in scope.split(";")}:
            continue
        a, c, b = float(r["low"]), float(r["central"]), float(r["high"])
        x = u[:, i]
        cut = (c - a) / (b - a) if b > a else 2.0
        value = np.where(x < cut, a + np.sqrt(x * (b - a) * (c - a)), b - np.sqrt((1 - x) * (b - a) * (b - c)))
        out = out + value
    return np.maximum(out, 0.0)


def annual_risk(rates: pd.DataFrame, p_war: dict[str, tuple[float, float]], measure_ids: tuple[str, ...],
                *, draws: int = 20_000, seed: int = 0) -> tuple[float, float, float]:
    """Median and 90% interval of 1 - exp(-sum of rate x P(war | incident)) over the scenarios in
    ``p_war`` (scenario -> (p, standard error)), rates from their Gamma posteriors times the
    measures' incident-rate effects. Common draws: the same seed gives every package the same
    rate and effect quantiles."""
    rng = np.random.default_rng(seed)
    hazard = np.zeros(draws)
    n_effects = len(effects())
    for row in rates.to_dict("records"):
        sid = row["scenario"]
        if sid not in p_war:
            continue
        rate = rng.gamma(row["incidents"] + PRIOR_SHAPE, 1.0 / row["years"], size=draws)
        p, se = p_war[sid]
        prob = np.clip(p + se * rng.standard_normal(draws), 0.0, 1.0)
        mult = rate_multiplier(measure_ids, sid, rng.random((draws, n_effects)))
        hazard += rate * mult * prob
    risk = 1.0 - np.exp(-hazard)
    lo, mid, hi = np.percentile(risk, [5, 50, 95])
    return float(mid), float(lo), float(hi)
