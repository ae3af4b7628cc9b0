"""The backtest: rolling monthly origins, each model fitted only on what was known before the
origin, scored against what happened, with skill against climatology and block-bootstrap intervals.

The headline model per target is named here, in code, before any backtest was run.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from peninsula.engine import run_items
from peninsula.forecast._climatology import Climatology
from peninsula.forecast._poisson import PoissonRegression
from peninsula.forecast._scores import brier, log_score, moving_block_bootstrap, rps, skill
from peninsula.forecast._targets import TARGETS, Target, outcome

MAX_COUNT = 10
START = dt.date(2005, 1, 1)
REFERENCE = "climatology-36"
# Named before the first backtest (see the module docstring); the README says which.
HEADLINE = {"missile_30d": "poisson", "rung4_90d": "poisson", "launch_days_30d": "poisson",
            "nuclear_test_365d": "climatology-36"}


def _models() -> dict[str, Callable[[Target], Any]]:
    return {
        "climatology-12": lambda t: Climatology(target=t, window_months=12),
        "climatology-36": lambda t: Climatology(target=t, window_months=36),
        "climatology-120": lambda t: Climatology(target=t, window_months=120),
        "poisson": lambda t: PoissonRegression(target=t),
    }


MODELS = tuple(_models())


def origins(events: pd.DataFrame, horizon: int, *, start: dt.date = START) -> list[dt.date]:
    """First days of months from ``start`` whose horizon ends by the last event date."""
    last = pd.to_datetime(events["date"]).max().date()
    out: list[dt.date] = []
    month = pd.Period(start, "M")
    while True:
        day = month.start_time.date()
        if day + dt.timedelta(days=horizon) > last:
            return out
        out.append(day)
        month += 1


def _fold(part: list[dt.date], *, events: pd.DataFrame, target_names: tuple[str, ...],
          model_names: tuple[str, ...]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    makers = _models()
    for origin in part:
        for tname in target_names:
            chosen = TARGETS[tname]
            if origin + dt.timedelta(days=chosen.horizon_days) > pd.to_datetime(events["date"]).max().date():
                continue
            observed = outcome(events, chosen, origin)
            for mname in model_names:
                try:
                    model = makers[mname](chosen).fit(events, origin)
                except ValueError:
                    continue   # e.g. a window shorter than the horizon
                row: dict[str, Any] = {"target": tname, "model": mname, "origin": origin,
                                       "outcome": observed, "prob": model.predict_proba(origin)}
                if chosen.kind == "count":
                    row["dist"] = model.predict_distribution(origin, MAX_COUNT)
                rows.append(row)
    return rows


def backtest(events: pd.DataFrame, *, targets: list[str] | None = None, models: list[str] | None = None,
             start: dt.date = START, engine: str = "local", workers: int | None = None,
             progress: Callable[[int, int], None] | None = None) -> pd.DataFrame:
    """One row per (target, model, origin): the forecast and what happened."""
    tnames = tuple(targets or TARGETS)
    for t in tnames:
        if t not in TARGETS:
            raise ValueError(f"unknown target {t!r}; choose from {', '.join(TARGETS)}")
    mnames = tuple(models or MODELS)
    for m in mnames:
        if m not in MODELS:
            raise ValueError(f"unknown model {m!r}; choose from {', '.join(MODELS)}")
    if REFERENCE not in mnames:
        mnames = (*mnames, REFERENCE)
    shortest = min(TARGETS[t].horizon_days for t in tnames)
    days = origins(events, shortest, start=start)
    task = partial(_fold, events=events, target_names=tnames, model_names=mnames)
    rows = run_items(task, days, engine=engine, workers=workers, chunk=12, progress=progress)
    return pd.DataFrame(rows)


def _losses(frame: pd.DataFrame, chosen: Target) -> np.ndarray:
    if chosen.kind == "count":
        return np.array([rps([d], [y]) for d, y in zip(frame["dist"], frame["outcome"], strict=True)])
    p = frame["prob"].to_numpy(dtype=float)
    y = frame["outcome"].to_numpy(dtype=float)
    out: np.ndarray = (p - y) ** 2
    return out


def reliability(frame: pd.DataFrame, bins: int = 10) -> pd.DataFrame:
    """Forecast probability bins with counts, mean forecast and observed frequency."""
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(frame["prob"], edges) - 1, 0, bins - 1)
    y = (frame["outcome"] > 0).astype(float)
    rows = []
    for b in range(bins):
        mask = which == b
        if mask.any():
            rows.append({"bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}", "n": int(mask.sum()),
                         "forecast": float(frame.loc[mask, "prob"].mean()),
                         "observed": float(y[mask].mean())})
    return pd.DataFrame(rows)


def summary(forecasts: pd.DataFrame, *, draws: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Per target and model: origins, Brier (binary) or RPS (count), log score, sharpness, and
    skill against climatology-36 with a 90% moving-block bootstrap interval (blocks at least as
    long as the horizon, in monthly origins)."""
    rows = []
    for (tname, mname), group in forecasts.groupby(["target", "model"], sort=False):
        chosen = TARGETS[str(tname)]
        group = group.sort_values("origin")
        ref = forecasts[(forecasts["target"] == tname) & (forecasts["model"] == REFERENCE)]
        ref = ref.set_index("origin").reindex(group["origin"])
        ok = ref["prob"].notna().to_numpy()
        g, r = group[ok], ref[ok].reset_index()
        mine, theirs = _losses(g, chosen), _losses(r, chosen)
        block = max(3, math.ceil(chosen.horizon_days / 30))
        row: dict[str, Any] = {
            "target": tname, "model": mname, "headline": HEADLINE.get(str(tname)) == mname,
            "scored": chosen.scored, "origins": len(g), "first": g["origin"].min(), "last": g["origin"].max(),
            "score_name": "rps" if chosen.kind == "count" else "brier", "score": float(mine.mean()),
            "log_score": float(log_score(g["prob"], g["outcome"] > 0)),
            "sharpness": float(np.std(g["prob"])), "base_rate": float((g["outcome"] > 0).mean()),
        }
        if mname != REFERENCE and len(g) >= 2 * block and theirs.mean() > 0:
            row["skill"] = skill(mine, theirs)
            def stat(idx: np.ndarray, a: np.ndarray = mine, b: np.ndarray = theirs) -> float:
                return skill(a[idx], b[idx])

            row["skill_lo"], row["skill_hi"] = moving_block_bootstrap(stat, len(g), block, draws=draws,
                                                                      seed=seed)
        else:
            row["skill"] = row["skill_lo"] = row["skill_hi"] = float("nan")
        rows.append(row)
    return pd.DataFrame(rows)


__all__ = ["HEADLINE", "MODELS", "REFERENCE", "backtest", "brier", "origins", "reliability", "summary"]
