"""Climatology: the target's own frequency over a trailing window fixed in advance (36 months).

For a binary target it is the share of days in the window whose following horizon held at least
one qualifying unit; for a count target, the empirical distribution of those horizon counts. Only
events known before the origin are used, and only windows that had closed by then.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from peninsula.forecast._targets import Target, daily_counts, known_before, window_outcomes

FLOOR = 0.01   # no probability below 1% or above 99%: a short window cannot rule an event out


class Climatology:
    """scikit-learn-shaped baseline: ``Climatology(target=..., window_months=36).fit(events, until)``."""

    def __init__(self, *, target: Target, window_months: int = 36, floor: float = FLOOR) -> None:
        self.target = target
        self.window_months = window_months
        self.floor = floor

    def fit(self, events: pd.DataFrame, until: dt.date) -> Climatology:
        """Learn the frequency from events known before ``until`` over the trailing window."""
        if self.window_months < 1:
            raise ValueError("window_months must be at least 1")
        seen = known_before(events, until)
        start = (pd.Timestamp(until) - pd.DateOffset(months=self.window_months)).date()
        end = until - dt.timedelta(days=1)
        counts = daily_counts(seen, self.target, start, end)
        outcomes = window_outcomes(counts, self.target.horizon_days)
        if len(outcomes) == 0:
            raise ValueError("the window is shorter than the target's horizon")
        self.outcomes_ = outcomes
        self.until_ = until
        self.p_ = float(np.mean(outcomes > 0))
        return self

    def predict_proba(self, origin: dt.date, horizon: int | None = None) -> float:
        """P(at least one unit in the horizon) at ``origin`` (the fitted frequency, floored)."""
        self._check(origin, horizon)
        return float(np.clip(self.p_, self.floor, 1.0 - self.floor))

    def predict_distribution(self, origin: dt.date, max_count: int = 10) -> NDArray[np.float64]:
        """P(count = k) for k = 0..max_count (the last bin holds max_count or more)."""
        self._check(origin, None)
        clipped = np.minimum(self.outcomes_, max_count)
        dist = np.bincount(clipped, minlength=max_count + 1).astype(float)
        dist = (dist + self.floor) / (dist + self.floor).sum()
        out: NDArray[np.float64] = dist
        return out

    def _check(self, origin: dt.date, horizon: int | None) -> None:
        if not hasattr(self, "p_"):
            raise RuntimeError("fit the model first")
        if origin < self.until_:
            raise ValueError("origin precedes the fitted data date")
        if horizon is not None and horizon != self.target.horizon_days:
            raise ValueError(f"this target's horizon is {self.target.horizon_days} days")
