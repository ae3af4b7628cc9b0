"""`peninsula crisis`: the issue's JSON shapes, one-line errors."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from .helpers import assert_one_line_error, cli, cli_json


def test_scenarios_and_measures_are_arrays_of_objects() -> None:
    scen = cli_json("crisis", "scenarios")
    assert isinstance(scen, list) and len(scen) >= 8
    assert {"id", "start_rung", "precedents", "description", "sources"} <= set(scen[0])
    meas = cli_json("crisis", "measures")
    assert isinstance(meas, list) and len(meas) >= 8
    assert all(m["effects"] and {"term", "low", "central", "high"} <= set(m["effects"][0]) for m in meas)


def test_compare_json_has_one_object_per_arm() -> None:
    arms = cli_json("crisis", "compare", "--runs", "3000", "--seed", "2")
    assert isinstance(arms, list) and arms[0]["name"] == "status-quo" and len(arms) >= 5
    for arm in arms:
        assert arm["runs"] == 3000
        assert {"name", "runs", "p_war", "p_war_se", "p_peak_at_least", "diff_p_war", "diff_p_war_se"} <= set(arm)
        peaks = [arm["p_peak_at_least"][str(k)] for k in range(11)]
        assert all(a >= b for a, b in itertools.pairwise(peaks))
        assert arm["p_peak_at_least"]["9"] == pytest.approx(arm["p_war"])
    one = cli_json("crisis", "compare", "nll-naval-clash", "--packages", "channels", "--runs", "2000")
    assert isinstance(one, list) and [a["name"] for a in one] == ["status-quo", "channels"]


def test_simulate_json_and_rates(tmp_path: Path) -> None:
    arms = cli_json("crisis", "simulate", "ship-sinking", "--measures", "hotline,mediation", "--posture",
                 "proactive", "--runs", "2000")
    assert isinstance(arms, list) and arms[1]["measures"] == ["hotline", "mediation",
                                                            "proactive-deterrence"]
    rates = cli_json("crisis", "rates", "--store", str(tmp_path / "s.duckdb"), "--as-of", "2011-01-19")
    assert isinstance(rates, list)
    by_id = {r["scenario"]: r for r in rates}
    assert by_id["artillery-on-territory"]["incidents"] == 1 and by_id["nuclear-test"]["incidents"] == 2


@pytest.mark.parametrize("args,needle", [
    (["crisis", "simulate", "invasion"], "unknown scenario"),
    (["crisis", "simulate", "ship-sinking", "--measures", "goodwill"], "unknown measure"),
    (["crisis", "simulate", "ship-sinking", "--posture", "maximal"], "unknown posture"),
    (["crisis", "compare", "--packages", "nothing"], "unknown package"),
    (["crisis", "compare", "--engine", "cloud"], "unknown engine"),
])
def test_errors_are_one_line(args: list[str], needle: str) -> None:
    assert_one_line_error(cli(*args, "--runs", "100"), needle)
