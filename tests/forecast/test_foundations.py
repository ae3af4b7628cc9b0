"""Forecast foundations: hand-worked scores, the bootstrap on known series, leakage, conformance."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from peninsula.forecast import (
    TARGETS,
    Climatology,
    PoissonRegression,
    brier,
    log_score,
    moving_block_bootstrap,
    outcome,
    rps,
    skill,
    target,
)


def _events(rows: list[tuple[str, str | None, str, str | None, int | None]]) -> pd.DataFrame:
    """(date, known_date, kind, subtype, rung) rows with DPRK as actor1."""
    return pd.DataFrame([{"date": pd.Timestamp(d).date(),
                          "known_date": None if k is None else pd.Timestamp(k).date(),
                          "kind": kind, "subtype": sub, "rung": rung, "actor1": "PRK", "actor2": None}
                         for d, k, kind, sub, rung in rows])


def test_scores_by_hand() -> None:
    assert brier([0.8, 0.3], [1, 0]) == pytest.approx((0.04 + 0.09) / 2)
    assert log_score([0.8, 0.3], [1, 0]) == pytest.approx(-(np.log(0.8) + np.log(0.7)) / 2)
    # Categories 0, 1, 2; forecast (0.5, 0.3, 0.2), observed 1: CDF (0.5, 0.8, 1.0) against
    # (0, 1, 1): 0.25 + 0.04 + 0 = 0.29.
    assert rps([[0.5, 0.3, 0.2]], [1]) == pytest.approx(0.29)
    assert rps([[0.0, 1.0, 0.0]], [1]) == pytest.approx(0.0)
    assert skill([0.1, 0.1], [0.2, 0.2]) == pytest.approx(0.5)


def test_bootstrap_reproduces_known_intervals() -> None:
    rng = np.random.default_rng(0)
    n = 2000
    iid = rng.normal(0, 1, n)
    lo, hi = moving_block_bootstrap(lambda idx: float(iid[idx].mean()), n, 1, draws=3000, seed=1)
    half = 1.645 / np.sqrt(n)                       # 90% normal interval of the mean
    assert (hi - lo) / 2 == pytest.approx(half, rel=0.1)
    # AR(1) with phi 0.6: the mean's variance is about sigma^2 / (n (1 - phi)^2) for unit innovations.
    phi, x = 0.6, np.zeros(n)
    e = rng.normal(0, 1, n)
    for t in range(1, n):
        x[t] = phi * x[t - 1] + e[t]
    lo, hi = moving_block_bootstrap(lambda idx: float(x[idx].mean()), n, 50, draws=3000, seed=2)
    theory = 1.645 / ((1 - phi) * np.sqrt(n))
    assert (hi - lo) / 2 == pytest.approx(theory, rel=0.2)
    naive_lo, naive_hi = moving_block_bootstrap(lambda idx: float(x[idx].mean()), n, 1, seed=3)
    assert naive_hi - naive_lo < 0.7 * (hi - lo)       # blocks matter when outcomes are dependent


def test_outcome_counts_days_for_launch_targets() -> None:
    ev = _events([("2017-03-06", None, "missile_launch", "MRBM", 2),
                  ("2017-03-06", None, "missile_launch", "SRBM", 2),
                  ("2017-03-22", None, "missile_launch", "MRBM", 2),
                  ("2017-03-10", None, "missile_launch", "SLV", 2)])
    assert outcome(ev, target("launch_days_30d"), dt.date(2017, 3, 1)) == 2
    assert outcome(ev, target("missile_30d"), dt.date(2017, 3, 1)) == 1
    assert outcome(ev, target("missile_30d"), dt.date(2017, 3, 22)) == 0


def test_a_planted_event_known_after_the_origin_changes_nothing() -> None:
    base = _events([(f"2016-{m:02d}-15", None, "missile_launch", "MRBM", 2) for m in (1, 4, 7, 10)])
    origin = dt.date(2017, 1, 1)
    planted = pd.concat([base, _events([("2016-12-20", "2017-01-05", "missile_launch", "ICBM", 2)])])
    for name in ("missile_30d", "launch_days_30d"):
        a = Climatology(target=target(name)).fit(base, origin)
        b = Climatology(target=target(name)).fit(planted, origin)
        assert a.predict_proba(origin) == b.predict_proba(origin)
        assert np.array_equal(a.predict_distribution(origin), b.predict_distribution(origin))
    seen = _events([("2016-11-25", "2016-11-26", "missile_launch", "ICBM", 2)])
    # The control: an event known in time does change it.
    c = Climatology(target=target("missile_30d")).fit(pd.concat([base, seen]), origin)
    plain = Climatology(target=target("missile_30d")).fit(base, origin)
    assert c.predict_proba(origin) > plain.predict_proba(origin)


@pytest.mark.parametrize("name", sorted(TARGETS))
@pytest.mark.parametrize("cls", [Climatology, PoissonRegression])
def test_every_model_conforms_to_the_estimator_contract(name: str, cls: type) -> None:
    """keyword-only hyper-parameters, nothing learned in __init__, fit returns self, state ends in _."""
    import inspect

    params = inspect.signature(cls.__init__).parameters
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for n, p in params.items() if n != "self")
    model = cls(target=target(name))
    assert not [k for k in vars(model) if k.endswith("_")]
    with pytest.raises(RuntimeError):
        model.predict_proba(dt.date(2020, 1, 1))
    ev = _events([(f"201{y}-0{m}-10", None, "missile_launch", "SRBM", 4) for y in range(5, 10)
                  for m in (3, 6, 9)])
    assert model.fit(ev, dt.date(2020, 1, 1)) is model
    learned = [k for k in vars(model) if k.endswith("_")]
    assert learned and 0 < model.predict_proba(dt.date(2020, 1, 1)) < 1
    dist = model.predict_distribution(dt.date(2020, 1, 1))
    assert dist.sum() == pytest.approx(1.0) and (dist > 0).all()
    with pytest.raises(ValueError):
        model.predict_proba(dt.date(2019, 12, 1))


def test_calendar_covariates_use_only_announced_elections() -> None:
    from peninsula.forecast._poisson import _calendar_flags, calendar

    assert calendar()["source"].str.len().gt(10).all()
    months = pd.period_range("2017-01", "2017-12", freq="M")
    before = _calendar_flags(months, dt.date(2017, 3, 1))       # the early election not yet called
    after = _calendar_flags(months, dt.date(2017, 3, 20))
    assert before["election_window"].sum() == 0
    assert after.loc[pd.Period("2017-05", "M"), "election_window"] == 1
    assert after.loc[pd.Period("2017-04", "M"), "round_anniversary"] == 1   # 105 years since 1912
    assert after.loc[pd.Period("2017-07", "M"), "anniversary"] == 1
