"""The backtest on the shipped data (reduced: origins from 2018), engines, and the forecast CLI."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pandas as pd
import pytest

from peninsula.events import EventQuery, EventStore
from peninsula.forecast import HEADLINE, REFERENCE, TARGETS, backtest, reliability, summary

from ..cli.helpers import cli


@pytest.fixture(scope="module")
def events(shipped_store: Path) -> pd.DataFrame:
    with EventStore(shipped_store, read_only=True) as es:
        return es.query(EventQuery(canonical=True, newest_first=False))


@pytest.mark.timeout(600)
def test_reduced_backtest_same_on_every_engine(events: pd.DataFrame) -> None:
    kw = {"targets": ["missile_30d", "launch_days_30d"], "models": ["poisson"], "start": dt.date(2018, 1, 1)}
    local = backtest(events, **kw)  # type: ignore[arg-type]
    pooled = backtest(events, engine="process", workers=2, **kw)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(local.drop(columns=["dist"]), pooled.drop(columns=["dist"]))
    assert set(local["model"]) == {"poisson", REFERENCE}
    assert local["origin"].min() == dt.date(2018, 1, 1)
    table = summary(local, draws=200)
    row = table[(table["target"] == "missile_30d") & (table["model"] == "poisson")].iloc[0]
    assert row["headline"] and row["score_name"] == "brier" and row["origins"] > 80
    assert row["skill_lo"] <= row["skill"] <= row["skill_hi"]
    counts = table[(table["target"] == "launch_days_30d")].iloc[0]
    assert counts["score_name"] == "rps"
    bins = reliability(local[(local["target"] == "missile_30d") & (local["model"] == "poisson")])
    assert bins["n"].sum() == row["origins"] and bins["observed"].between(0, 1).all()


def test_headline_named_for_every_target() -> None:
    assert set(HEADLINE) == set(TARGETS)



def test_forecast_now_json(shipped_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "copy.duckdb"
    store.write_bytes(shipped_store.read_bytes())
    proc = cli("forecast", "now", "--as-of", "2017-06-01", "--store", str(store), "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert {r["target"] for r in rows} == set(TARGETS)
    for r in rows:
        assert set(r) == {"target", "model", "origin", "horizon_days", "prob", "prob_lo", "prob_hi"}
        assert 0 <= r["prob_lo"] <= r["prob"] <= r["prob_hi"] <= 1 and not math.isnan(r["prob"])
    targets = json.loads(cli("forecast", "targets", "--json").stdout)
    assert {t["name"] for t in targets} == set(TARGETS)
    bad = cli("forecast", "backtest", "--target", "weather", "--store", str(store))
    assert bad.returncode != 0 and bad.stderr.strip().startswith("error: unknown target")
