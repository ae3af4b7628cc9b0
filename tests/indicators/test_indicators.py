"""Indicators: the monthly series by hand, the trend band, change points, relations now."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from peninsula.events import EventQuery, EventStore
from peninsula.indicators import (
    change_points,
    detect,
    dyad_label,
    dyad_series,
    parse_dyad,
    poisson_interval,
    relations_now,
    trend,
)
from peninsula.indicators._changepoints import detect_with_ruptures


def _events(rows: list[tuple[str, str, str | None, str, int | None, float | None, int | None]]
            ) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["date", "actor1", "actor2", "kind", "quad_class",
                                       "goldstein", "rung"])


def test_monthly_series_by_hand() -> None:
    ev = _events([
        ("2010-03-26", "PRK", "KOR", "attack", 4, -9.0, 6),
        ("2010-03-30", "KOR", "PRK", "statement", 1, 0.0, None),
        ("2010-05-24", "KOR", "PRK", "sanction", 4, -8.0, None),
        ("2010-05-20", "PRK", None, "missile_launch", 4, -7.2, 2),   # unilateral: not PRK-KOR
        ("2010-05-21", "USA", "CHN", "talks", 1, 7.0, None),        # another dyad
    ])
    s = dyad_series(ev, "PRK-KOR", start=dt.date(2010, 3, 1), end=dt.date(2010, 6, 30))
    assert list(s.index.astype(str)) == ["2010-03", "2010-04", "2010-05", "2010-06"]
    assert list(s["events"]) == [2, 0, 1, 0]
    assert list(s["material_conflict"]) == [1, 0, 1, 0]
    assert list(s["verbal_coop"]) == [1, 0, 0, 0]
    assert s.loc["2010-03", "goldstein_mean"] == pytest.approx(-4.5)
    assert s.loc["2010-03", "conflict_share"] == pytest.approx(0.5)
    assert s.loc["2010-05", "conflict_share"] == pytest.approx(1.0)
    assert np.isnan(s.loc["2010-04", "conflict_share"])
    assert s.loc["2010-03", "max_rung"] == 6 and np.isnan(s.loc["2010-05", "max_rung"])
    assert s.loc["2010-05", "kind_sanction"] == 1
    q = dyad_series(ev, "PRK-KOR", freq="Q", start=dt.date(2010, 1, 1), end=dt.date(2010, 6, 30))
    assert list(q["events"]) == [2, 1]
    uni = dyad_series(ev, "PRK-*", start=dt.date(2010, 5, 1), end=dt.date(2010, 5, 31))
    assert list(uni["kind_missile_launch"]) == [1]


def test_dyad_labels() -> None:
    assert dyad_label("KOR", "PRK") == "PRK-KOR"
    assert dyad_label("CHN", "USA") == "USA-CHN"
    assert dyad_label("PRK", None) == "PRK-*"
    assert dyad_label("UNO", "PRK") is None
    assert parse_dyad("kor-prk") == "PRK-KOR"
    with pytest.raises(ValueError):
        parse_dyad("north-south")


def test_poisson_band_covers_known_values() -> None:
    low, high = poisson_interval(np.array([0, 10]))
    assert low[0] == 0 and high[0] == pytest.approx(3.689, abs=1e-3)
    assert low[1] == pytest.approx(4.795, abs=1e-3) and high[1] == pytest.approx(18.390, abs=1e-3)
    band = trend(pd.Series([1] * 24), window=12)
    assert band["rate"].iloc[12] == pytest.approx(1.0)
    assert (band["low"] <= band["rate"]).all() and (band["rate"] <= band["high"]).all()


def test_fast_solver_matches_ruptures() -> None:
    rng = np.random.default_rng(7)
    for _ in range(8):
        n = int(rng.integers(24, 160))
        k = int(rng.integers(1, 5))
        sizes = np.diff(np.sort(np.r_[0, rng.choice(np.arange(4, n - 4), k - 1, False), n]))
        rates = np.repeat(rng.gamma(1.0, 2.0, size=(k, 2)), sizes, axis=0)
        x = rng.poisson(rates)
        assert detect(x) == detect_with_ruptures(x)


def test_detects_a_planted_change_and_not_noise() -> None:
    rng = np.random.default_rng(3)
    steady = rng.poisson(1.0, size=(240, 2))
    assert detect(steady) == []
    shifted = np.vstack([rng.poisson(0.3, size=(120, 2)), rng.poisson(3.0, size=(120, 2))])
    found = detect(shifted)
    assert len(found) == 1 and abs(found[0] - 120) <= 3


@pytest.fixture(scope="module")
def shipped_events(shipped_store: Path) -> pd.DataFrame:
    with EventStore(shipped_store, read_only=True) as es:
        return es.query(EventQuery(canonical=True, newest_first=False))


def test_change_points_on_shipped_data(shipped_events: pd.DataFrame) -> None:
    targets = [pd.Period("2010-03", "M"), pd.Period("2017-07", "M"), pd.Period("2018-04", "M")]
    found = {}
    for dyad in ("PRK-KOR", "PRK-USA"):
        series = dyad_series(shipped_events, dyad, start=dt.date(1990, 1, 1),
                             end=dt.date(2024, 12, 31))
        found[dyad] = change_points(series)
        print(dyad, [str(p) for p in found[dyad]])

    def distinct_matches(cps: list[pd.Period]) -> bool:
        """Each target month has its own change point within 9 months."""
        return any(all(abs((c - t).n) <= 9 for c, t in zip(combo, targets, strict=True))
                   for combo in itertools.permutations(cps, len(targets)))

    in_range = {d: [c for c in cps if c.year <= 2024] for d, cps in found.items()}
    ok = [distinct_matches(cps) and len(cps) <= 12 for cps in in_range.values()]
    assert any(ok), found


def test_placebo_shuffled_months_find_few(shipped_events: pd.DataFrame) -> None:
    rng = np.random.default_rng(11)
    counts = []
    for dyad in ("PRK-KOR", "PRK-USA"):
        s = dyad_series(shipped_events, dyad, start=dt.date(1990, 1, 1),
                        end=dt.date(2024, 12, 31))
        signal = np.column_stack([s["verbal_conflict"] + s["material_conflict"],
                                  s["verbal_coop"] + s["material_coop"]])
        counts += [len(detect(signal[rng.permutation(len(signal))])) for _ in range(20)]
    print("change points in shuffled series:", counts)
    assert np.mean(counts) <= 1.0


def test_relations_now_is_volume_free() -> None:
    rows = []
    for year in range(2000, 2011):
        for i in range(12):
            rows.append((f"{year}-{i + 1:02d}-15", "PRK", "KOR", "talks", 1, 3.0, None))
            rows.append((f"{year}-{i + 1:02d}-16", "PRK", "KOR", "threat", 3, -5.0, 1))
    ev = _events(rows)
    doubled = pd.concat([ev, ev])  # twice the reporting, same relations
    a = relations_now(ev, dt.date(2010, 12, 31), ["PRK-KOR"]).iloc[0]
    b = relations_now(doubled, dt.date(2010, 12, 31), ["PRK-KOR"]).iloc[0]
    assert a["label_12m"] == b["label_12m"] == "as usual"
    worse = pd.concat([ev, _events([(f"2010-{m:02d}-20", "PRK", "KOR", "attack", 4, -10.0, 6)
                                    for m in range(1, 13)] * 3)])
    assert relations_now(worse, dt.date(2010, 12, 31), ["PRK-KOR"]).iloc[0]["label_12m"] in (
        "worse", "much worse")
