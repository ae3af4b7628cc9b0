"""Poisson regression on monthly counts with covariates known before the origin.

The target's units are counted per calendar month from events known before the origin; a Poisson
GLM (statsmodels) explains each month's count by covariates known in advance: the allied exercise
seasons as announced every year (March-April and August-September), months holding a DPRK
anniversary and those holding a round one (a multiple of five years), and months with a ROK or
US national election in them or the next month (only elections whose date was announced before
the origin: two ROK presidential elections were early); and by the previous month's count, the
mean of the previous 12 months and a slow trend. Dates are in data/forecast/calendar.csv.
The forecast for the next ``horizon`` days is the fitted mean of the coming month scaled to the
horizon; a binary target takes P(at least one) = 1 - exp(-mean), a count target the Poisson
distribution.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from peninsula._paths import package_data
from peninsula.forecast._targets import Target, daily_counts, known_before

FLOOR = 0.01
EXERCISE_MONTHS = (3, 4, 8, 9)   # the spring and late-summer allied exercise seasons


@cache
def calendar() -> pd.DataFrame:
    """Anniversaries and elections (date, kind, country, name, announced, source)."""
    with package_data("forecast", "calendar.csv").open(encoding="utf-8") as fh:
        frame = pd.read_csv(fh, dtype=str)
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    frame["announced"] = pd.to_datetime(frame["announced"]).dt.date
    return frame


def _calendar_flags(idx: pd.PeriodIndex, known_by: dt.date) -> pd.DataFrame:
    """Anniversary, round-anniversary and election-window flags per month."""
    cal = calendar()
    anniversaries = cal[cal["kind"] == "anniversary"]
    elections = cal[(cal["kind"] == "election") & (cal["announced"] < known_by)]
    election_months = {pd.Period(d, "M") for d in elections["date"]}
    flags = pd.DataFrame(index=idx)
    months = np.array([p.month for p in idx])
    years = np.array([p.year for p in idx])
    flags["anniversary"] = np.isin(months, [d.month for d in anniversaries["date"]]).astype(float)
    round_ = np.zeros(len(idx))
    for d in anniversaries["date"]:
        round_ += ((months == d.month) & ((years - d.year) % 5 == 0) & (years > d.year)).astype(float)
    flags["round_anniversary"] = np.minimum(round_, 1.0)
    flags["election_window"] = [float(p in election_months or (p + 1) in election_months) for p in idx]
    return flags


def _design(counts: pd.Series, anchor: int, known_by: dt.date) -> pd.DataFrame:
    """Covariates per month: season, calendar flags, last month's count, last 12 months' mean, and
    a trend in decades counted from month ``anchor`` (the first month after the fitted ones)."""
    idx = counts.index
    months = np.array([p.month for p in idx])
    frame = pd.DataFrame(index=idx)
    frame["const"] = 1.0
    frame["exercise_season"] = np.isin(months, EXERCISE_MONTHS).astype(float)
    frame = frame.join(_calendar_flags(pd.PeriodIndex(idx), known_by))
    frame["last_month"] = np.log1p(counts.shift(1).fillna(0.0).to_numpy())
    frame["last_year"] = np.log1p(counts.shift(1).rolling(12, min_periods=1).mean().fillna(0.0).to_numpy())
    frame["trend"] = (np.arange(len(idx)) - anchor) / 120.0
    return frame


class PoissonRegression:
    """``PoissonRegression(target=..., history_months=240).fit(events, until)``, scikit-learn-shaped."""

    def __init__(self, *, target: Target, history_months: int = 240, floor: float = FLOOR) -> None:
        self.target = target
        self.history_months = history_months
        self.floor = floor

    def fit(self, events: pd.DataFrame, until: dt.date) -> PoissonRegression:
        """Fit on the monthly counts of events known before ``until`` (complete months only)."""
        import statsmodels.api as sm

        seen = known_before(events, until)
        last_month = pd.Period(until, "M") - 1
        first = last_month - self.history_months + 1
        daily = daily_counts(seen, self.target, first.start_time.date(), last_month.end_time.date())
        stamps = pd.DatetimeIndex(pd.to_datetime(daily.index))
        monthly = pd.Series(daily.to_numpy(dtype=float), index=stamps).resample("MS").sum()
        monthly.index = pd.DatetimeIndex(monthly.index).to_period("M")
        design = _design(monthly, len(monthly), until)
        y = monthly.to_numpy()
        self.coef_: NDArray[np.float64]
        if y.sum() == 0:
            self.coef_ = np.zeros(design.shape[1])
            self.coef_[0] = np.log(0.5 / max(len(y), 1))
        else:
            model = sm.GLM(y, design.to_numpy(), family=sm.families.Poisson())
            result = model.fit_regularized(alpha=1e-4, L1_wt=0.0, maxiter=200)
            self.coef_ = np.asarray(result.params, dtype=float)
        self.columns_ = list(design.columns)
        self.monthly_ = monthly
        self.until_ = until
        return self

    def mean(self, origin: dt.date) -> float:
        """Expected units in the next ``horizon_days`` from ``origin``."""
        if not hasattr(self, "coef_"):
            raise RuntimeError("fit the model first")
        if origin < self.until_:
            raise ValueError("origin precedes the fitted data date")
        upcoming = pd.Period(origin, "M")
        extended = pd.concat([self.monthly_, pd.Series([0.0], index=[upcoming])])
        row = _design(extended, len(self.monthly_), self.until_).iloc[-1].to_numpy()
        per_month = float(np.exp(np.clip(row @ self.coef_, -20, 5)))
        return per_month * self.target.horizon_days / 30.4375

    def predict_proba(self, origin: dt.date, horizon: int | None = None) -> float:
        """P(at least one unit in the horizon), floored."""
        if horizon is not None and horizon != self.target.horizon_days:
            raise ValueError(f"this target's horizon is {self.target.horizon_days} days")
        p = 1.0 - np.exp(-self.mean(origin))
        return float(np.clip(p, self.floor, 1.0 - self.floor))

    def predict_distribution(self, origin: dt.date, max_count: int = 10) -> NDArray[np.float64]:
        """P(count = k) for k = 0..max_count (the last bin holds max_count or more)."""
        from scipy.stats import poisson

        mu = self.mean(origin)
        dist = poisson.pmf(np.arange(max_count + 1), mu)
        dist[-1] += poisson.sf(max_count, mu)
        dist = (dist + self.floor / (max_count + 1)) / (1 + self.floor)
        out: NDArray[np.float64] = dist / dist.sum()
        return out
