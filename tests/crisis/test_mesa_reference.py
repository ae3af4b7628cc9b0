"""The engine against the same model written independently in Mesa 3 (benchmarks/_crisis_mesa.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from peninsula.crisis import packages, run_arms, scenario

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from _crisis_mesa import CrisisModel


@pytest.mark.parametrize("sid,package", [("artillery-on-territory", "status-quo"),
                                         ("nuclear-test", "full-cbm"), ("nll-naval-clash", "restraint")])
def test_engine_and_mesa_agree_within_monte_carlo_error(sid: str, package: str) -> None:
    measures = packages()[package]
    ours = run_arms(sid, {package: measures}, runs=100_000, seed=1).iloc[0]
    model = CrisisModel(scenario(sid), measures, 6_000, seed=2)
    model.run()
    peaks = np.array([a.peak for a in model.agents])
    moves = np.array([a.moves for a in model.agents])
    for k in range(11):
        a, b = ours["p_peak_at_least"][str(k)], float((peaks >= k).mean())
        se = np.sqrt(a * (1 - a) / 100_000 + b * (1 - b) / len(peaks))
        assert abs(a - b) <= 4 * max(se, 1e-9), (k, a, b, se)
    mean_ours = ours["live_moves"] / 100_000
    assert abs(mean_ours - moves.mean()) <= 4 * moves.std(ddof=1) / np.sqrt(len(moves))
