"""The escalation engine: reproducibility, executors, Monte Carlo error, absorbing war, measures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from peninsula.crisis import compare, effects, measures, packages, run_arms, scenario, scenarios, simulate
from peninsula.crisis._model import FROZEN, SETTLED, WAR, Streams, simulate_arm
from peninsula.engine import BATCH_SIZE, layout

COLUMNS = ["name", "runs", "p_war", "p_war_se", "p_settled", "p_frozen", "diff_p_war", "diff_p_war_se",
           "live_moves"]


def test_same_seed_same_answer() -> None:
    first = compare("nll-naval-clash", runs=20_000, seed=3)
    again = compare("nll-naval-clash", runs=20_000, seed=3)
    pd.testing.assert_frame_equal(first, again)
    other = compare("nll-naval-clash", runs=20_000, seed=4)
    assert not first[["p_war", "live_moves"]].equals(other[["p_war", "live_moves"]])


@pytest.mark.timeout(300)
def test_in_process_and_two_processes_agree() -> None:
    runs = BATCH_SIZE + 5_000            # two batches
    assert layout(runs) == [BATCH_SIZE, 5_000]
    arms = {"status-quo": packages()["status-quo"], "full-cbm": packages()["full-cbm"]}
    local = run_arms("artillery-on-territory", arms, runs=runs, seed=11)
    pooled = run_arms("artillery-on-territory", arms, runs=runs, seed=11, engine="process", workers=2)
    pd.testing.assert_frame_equal(local, pooled)


def test_monte_carlo_error_shrinks_as_one_over_root_n() -> None:
    small = [run_arms("artillery-on-territory", {"sq": packages()["status-quo"]}, runs=4_000, seed=s)
             for s in range(12)]
    large = [run_arms("artillery-on-territory", {"sq": packages()["status-quo"]}, runs=16_000, seed=s)
             for s in range(12)]
    se_small = float(small[0]["p_war_se"].iloc[0])
    se_large = float(large[0]["p_war_se"].iloc[0])
    assert se_small / se_large == pytest.approx(2.0, rel=0.15)
    spread_small = np.std([float(f["p_war"].iloc[0]) for f in small], ddof=1)
    spread_large = np.std([float(f["p_war"].iloc[0]) for f in large], ddof=1)
    # Across seeds the estimates scatter about as the reported standard error says.
    assert 0.5 * se_small < spread_small < 1.6 * se_small
    assert 1.2 < spread_small / spread_large < 3.5


@pytest.mark.parametrize("sid", sorted(scenarios()))
def test_war_is_absorbing_and_outcomes_add_up(sid: str) -> None:
    streams = Streams(20_000, np.random.SeedSequence(7))
    arm = simulate_arm(scenario(sid), packages()["status-quo"], streams)
    assert arm.status is not None and arm.peak is not None
    war = arm.status == WAR
    # A trajectory is at war exactly when its peak reached rung 9; nothing comes back from it.
    assert np.array_equal(war, arm.peak >= 9)
    assert set(np.unique(arm.status)) <= {SETTLED, FROZEN, WAR}
    assert arm.outcomes.sum() == arm.runs and arm.peaks.sum() == arm.runs
    assert (arm.peak >= scenario(sid).start_rung - 1).all()


def _first_moves(sid: str, chosen: tuple[str, ...], moves: int) -> tuple[np.ndarray, np.ndarray]:
    streams = Streams(30_000, np.random.SeedSequence(5))
    arm = simulate_arm(scenario(sid), chosen, streams, max_moves=moves)
    assert arm.status is not None and arm.peak is not None
    return arm.status, arm.peak


@pytest.mark.parametrize("measure,sid,moves,check", [
    ("hotline", "nll-naval-clash", 1, "settles_more"),
    ("mac-channel", "nll-naval-clash", 1, "settles_more"),
    ("mediation", "artillery-on-territory", 1, "settles_more"),
    ("proactive-deterrence", "drone-incursion", 1, "escalates_more"),
    ("incidents-at-sea", "nll-naval-clash", 1, "escalates_less"),
    ("buffer-zones", "nll-naval-clash", 1, "starts_lower"),
    ("exercise-notification", "nuclear-test", 2, "escalates_less"),
    ("extended-deterrence", "artillery-on-territory", 2, "escalates_less_at_dprk_move"),
])
def test_each_measure_moves_its_term_in_its_documented_direction(measure: str, sid: str, moves: int,
                                                                  check: str) -> None:
    """On common random numbers, trajectory by trajectory, over the first moves only."""
    without_s, without_p = _first_moves(sid, (), moves)
    with_s, with_p = _first_moves(sid, (measure,), moves)
    start = scenario(sid).start_rung
    if check == "settles_more":
        terms = set(effects().loc[effects()["measure"] == measure, "term"])
        if terms <= {"settle", "settle_high"}:
            # Only the settle utility moves: trajectory by trajectory, nothing settles less.
            assert ((without_s == SETTLED) <= (with_s == SETTLED)).all()
        # A measure that also sharpens perception moves some readings down and some up.
        assert (with_s == SETTLED).sum() > (without_s == SETTLED).sum()
    elif check == "escalates_more":
        assert (with_p >= without_p).all() and (with_p > start).sum() > (without_p > start).sum()
    elif check == "escalates_less":
        assert (with_p <= without_p).all() and (with_p > start).sum() < (without_p > start).sum()
    elif check == "escalates_less_at_dprk_move":
        assert (with_p > start).sum() < (without_p > start).sum()
    elif check == "starts_lower":
        assert (with_p < start).sum() > 0 and (without_p < start).sum() == 0


def test_effect_terms_match_their_documented_direction() -> None:
    streams = Streams(5_000, np.random.SeedSequence(2))
    from peninsula.crisis._kernel import TERM_ORDER

    for row in effects().to_dict("records"):
        if row["term"] not in TERM_ORDER:
            assert row["term"] == "incident_rate" and row["direction"] == "lowers"
            continue
        sid = "nll-naval-clash" if row["scenarios"] == "all" else row["scenarios"].split(";")[0]
        delta = (streams.effect_sums((row["measure"],), sid) - streams.effect_sums((), sid))
        values = delta[:, TERM_ORDER.index(row["term"])]
        if row["direction"] == "raises":
            assert (values >= 0).all() and values.max() > 0, row
        else:
            assert (values <= 0).all() and values.min() < 0, row


def test_paired_differences_have_standard_errors_below_the_unpaired_ones() -> None:
    frame = compare("artillery-on-territory", runs=50_000, seed=1)
    ref = frame.iloc[0]
    assert ref["name"] == "status-quo" and ref["diff_p_war"] == 0 and ref["diff_p_war_se"] == 0
    for _, row in frame.iloc[1:].iterrows():
        unpaired = np.sqrt(row["p_war_se"] ** 2 + ref["p_war_se"] ** 2)
        assert 0 < row["diff_p_war_se"] < unpaired
        assert row["diff_p_war"] == pytest.approx(row["p_war"] - ref["p_war"], abs=1e-12)
        print(f"{row['name']}: {row['diff_p_war']:+.4f} +/- {row['diff_p_war_se']:.4f} "
              f"(unpaired s.e. {unpaired:.4f})")


def test_simulate_adds_the_posture_and_checks_names() -> None:
    frame = simulate("drone-incursion", ("hotline",), posture="none", runs=5_000)
    assert list(frame["name"]) == ["status-quo", "this"] and frame.iloc[1]["measures"] == ["hotline"]
    with pytest.raises(ValueError, match="unknown posture"):
        simulate("drone-incursion", posture="maximal", runs=10)
    with pytest.raises(ValueError, match="unknown measure"):
        simulate("drone-incursion", ("goodwill",), runs=10)
    with pytest.raises(ValueError, match="unknown scenario"):
        simulate("invasion", runs=10)


def test_data_is_complete_and_sourced() -> None:
    assert len(scenarios()) >= 8 and len(measures()) >= 8
    assert {"cbm", "posture"} == set(measures()["kind"])
    from peninsula.crisis import priors

    table = priors()
    assert table["rationale"].str.len().gt(20).all() and table["source"].notna().all()
    assert not pd.concat([table["source"], measures()["sources"]]).str.contains("http").any()
    assert set(effects()["measure"]) == set(measures()["id"])
