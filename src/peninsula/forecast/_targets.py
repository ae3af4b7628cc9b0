"""Forecast targets: functions of (canonical events, origin, horizon) with a fixed event rule.

A target counts qualifying units (events, or distinct days for launch days) in the window
(origin, origin + horizon]. Models may use only events whose ``known_date`` (else ``date``) is
before the origin; outcomes use what actually happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

BALLISTIC = ("SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "HGV")


@dataclass(frozen=True)
class Target:
    """A forecast target: which events count, over how many days, binary or a count."""

    name: str
    description: str
    horizon_days: int
    kind: str                                   # "binary" (at least one) or "count"
    select: Callable[[pd.DataFrame], pd.Series]
    unit: str = "event"                         # "event", or "day": distinct days with an event
    scored: bool = True                         # rare targets are reported, not scored for skill


def _ballistic(events: pd.DataFrame) -> pd.Series:
    return ((events["kind"] == "missile_launch") & events["subtype"].isin(BALLISTIC)
            & (events["actor1"] == "PRK"))


def _rung4(events: pd.DataFrame) -> pd.Series:
    return events["rung"].fillna(-1) >= 4


def _nuclear(events: pd.DataFrame) -> pd.Series:
    return (events["kind"] == "nuclear_test") & (events["actor1"] == "PRK")


TARGETS: dict[str, Target] = {t.name: t for t in (
    Target("missile_30d", "At least one DPRK ballistic-missile launch day in the next 30 days", 30,
           "binary", _ballistic, unit="day"),
    Target("rung4_90d", "An incident at rung 4 or above in the next 90 days", 90, "binary", _rung4),
    Target("launch_days_30d", "Number of DPRK ballistic-missile launch days in the next 30 days", 30,
           "count", _ballistic, unit="day"),
    Target("nuclear_test_365d", "A DPRK nuclear test in the next 365 days (descriptive, with a floor)",
           365, "binary", _nuclear, scored=False),
)}


def target(name: str) -> Target:
    """A built-in target, or a ValueError naming the choices."""
    if name not in TARGETS:
        raise ValueError(f"unknown target {name!r}; choose from {', '.join(TARGETS)}")
    return TARGETS[name]


def known_before(events: pd.DataFrame, origin: dt.date) -> pd.DataFrame:
    """Events public before ``origin`` (``known_date``, else ``date``): all a model may see."""
    known = pd.to_datetime(events["known_date"].fillna(events["date"])).dt.date
    return events[known < origin]


def daily_counts(events: pd.DataFrame, chosen: Target, start: dt.date, end: dt.date) -> pd.Series:
    """Qualifying units per day from ``start`` to ``end`` (inclusive), by event date."""
    rows = events[chosen.select(events)]
    days = pd.to_datetime(rows["date"]).dt.date
    days = days[(days >= start) & (days <= end)]
    per_day = days.value_counts()
    if chosen.unit == "day":
        per_day = (per_day > 0).astype(int)
    index = pd.date_range(start, end, freq="D").date
    return per_day.reindex(index, fill_value=0).astype(int)


def outcome(events: pd.DataFrame, chosen: Target, origin: dt.date) -> int:
    """What happened: units in (origin, origin + horizon] (1/0 for a binary target)."""
    first = origin + dt.timedelta(days=1)
    last = origin + dt.timedelta(days=chosen.horizon_days)
    n = int(daily_counts(events, chosen, first, last).sum())
    return int(n > 0) if chosen.kind == "binary" else n


def window_outcomes(counts: pd.Series, horizon: int) -> np.ndarray:
    """For each day t of a daily count series, the units in (t, t + horizon], where complete."""
    values = counts.to_numpy()
    cum = np.concatenate([[0], np.cumsum(values)])
    n = len(values)
    idx = np.arange(n - horizon)
    out: np.ndarray = cum[idx + 1 + horizon] - cum[idx + 1]
    return out
