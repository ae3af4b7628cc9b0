"""The nuclear data: every row sourced and dated, ranges ordered, publication dates honoured."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pandas as pd
import pytest

from peninsula.nuclear import TABLES, load, parameters


@pytest.mark.parametrize("table", TABLES)
def test_every_row_is_sourced_dated_and_ordered(table: str) -> None:
    frame = load(table)
    assert len(frame) > 0
    assert frame["sources"].notna().all() and (frame["sources"].str.len() > 10).all()
    assert not frame["sources"].str.contains("http").any()
    for low, high in (("low", "high"), ("pu_kg_low", "pu_kg_high"),
                      ("machines_low", "machines_high"), ("warheads_low", "warheads_high"),
                      ("capacity_factor_low", "capacity_factor_high"), ("months_low", "months_high")):
        if low in frame and high in frame:
            both = frame[[low, high]].dropna()
            assert (both[low] <= both[high]).all(), table
    for low, mid, high in (("low", "central", "high"), ("months_low", "months_central", "months_high")):
        if mid in frame:
            rows = frame[[low, mid, high]].dropna()
            assert ((rows[low] <= rows[mid]) & (rows[mid] <= rows[high])).all(), table


def test_every_published_basis_has_a_model_series() -> None:
    from peninsula.nuclear._projection import SERIES
    from peninsula.nuclear._published import BASIS_SERIES

    bases = set(load("published_estimates")["basis"])
    assert bases == set(BASIS_SERIES)
    assert set(BASIS_SERIES.values()) <= set(SERIES)


def test_as_of_drops_what_was_not_yet_published() -> None:
    all_rows = parameters()
    early = parameters(as_of=dt.date(2009, 12, 31))
    assert len(early) < len(all_rows)
    assert (early["published_date"] <= dt.date(2009, 12, 31)).all()
    assert "pu_per_fpy" in set(early["id"])
    estimates = load("published_estimates", as_of=dt.date(2018, 1, 1))
    assert (pd.to_datetime(estimates["published"].str[:7]) <= "2018-01").all()


def test_a_later_range_replaces_an_earlier_one_from_its_date() -> None:
    history = parameters(history=True)
    assert len(history[history["id"] == "pu_per_weapon_kg"]) >= 2
    for _, versions in history.groupby("id"):
        assert versions["published_date"].is_monotonic_increasing
        assert versions["published_date"].is_unique
    for when, low in ((dt.date(2016, 12, 31), 4.0), (dt.date(2017, 2, 9), 2.0)):
        table = parameters(as_of=when)
        assert table["id"].is_unique
        assert table.set_index("id").loc["pu_per_weapon_kg", "low"] == low
    # Every id appears once, in the order of its first row in the file.
    ids = list(dict.fromkeys(history["id"]))
    assert list(parameters()["id"]) == ids


def test_cli_params_json() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from peninsula.cli import main; main()", "nuclear", "params",
         "--json", "--as-of", "2011-01-19"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert rows and all(r["published"] <= "2011-01-19" for r in rows)
    assert {"id", "low", "central", "high", "who", "sources"} <= set(rows[0])
