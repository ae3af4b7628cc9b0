"""The projection: hand-worked accounting, common random numbers, properties, as-of, published ranges."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peninsula.nuclear import (
    SERIES,
    Model,
    Uniforms,
    avoided,
    compare_published,
    earliest_as_of,
    hanoi_curve,
    load,
    month_index,
    option,
    parameters,
    project,
    summarize_published,
    warheads_from_material,
)

PROPERTY = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
MODEL = Model(horizon=2040)


def test_design_mix_by_hand() -> None:
    pu, heu = np.array([45.0]), np.array([180.0])
    p, h = np.array([4.5]), np.array([18.0])
    # Single-material weapons only: 10 + 10.
    assert warheads_from_material(pu, heu, p, h, np.array([0.0]), np.array([0.5]))[0] == pytest.approx(20)
    # Half composite at 0.4 of each design: 11.11 composite cores use 20 kg Pu and 80 kg HEU; the
    # remaining 25 kg and 100 kg make 5.56 weapons each: 22.22 in all, half of them composite.
    got = warheads_from_material(pu, heu, p, h, np.array([0.5]), np.array([0.4]))[0]
    assert got == pytest.approx(200 / 9)
    # No uranium: no composite cores can be made, whatever the wanted share.
    assert warheads_from_material(pu, np.array([0.0]), p, h, np.array([0.5]),
                                  np.array([0.4]))[0] == pytest.approx(10)


def test_plutonium_of_the_1994_core_is_separated_in_2003_by_hand() -> None:
    """The second core (July 1989 - May 1994, 59 months) is reprocessed in the 2003 campaign."""
    u = Uniforms(4, seed=3)
    ops = load("reactor_operations")
    row = int(np.flatnonzero(ops["start"] == "1989-07")[0])
    low, high = ops.loc[row, ["capacity_factor_low", "capacity_factor_high"]].astype(float)
    factor = low + u.get("period", row) * (high - low)
    table = parameters().set_index("id")
    pu_row = table.loc["pu_per_fpy"]
    from peninsula.nuclear import inverse_cdf
    from peninsula.nuclear._projection import SLOTS

    rate = inverse_cdf(pu_row["low"], pu_row["central"], pu_row["high"], "triangular",
                       u.get("parameter", SLOTS.index("pu_per_fpy")))
    losses_row = table.loc["losses_share"]
    losses = inverse_cdf(losses_row["low"], losses_row["central"], losses_row["high"], "triangular",
                         u.get("parameter", SLOTS.index("losses_share")))
    expected = factor * 59 / 12 * rate * (1 - losses)
    result = MODEL.simulate(option("no-agreement"), u)
    jump = result.at("pu_kg", 2003) - result.at("pu_kg", 2002)
    assert jump == pytest.approx(expected)
    # Under the 1994 freeze that core is never separated.
    held = MODEL.simulate(option("1994-freeze-held"), u)
    assert (held.at("pu_kg", 2003) == held.at("pu_kg", 2002)).all()


def test_same_seed_same_answer_and_options_share_their_past() -> None:
    u = Uniforms(500, seed=11)
    base = MODEL.simulate(option("no-agreement"), u)
    again = MODEL.simulate(option("no-agreement"), Uniforms(500, seed=11))
    for name in SERIES:
        assert np.array_equal(base.paths[name], again.paths[name])
    frozen = MODEL.simulate(option("freeze"), u, start=month_index("2028-01"))
    before = base.years < 2028
    for name in SERIES:
        # Common random numbers: run by run, the two arms agree before the freeze.
        assert np.array_equal(frozen.paths[name][before], base.paths[name][before])
    assert (frozen.at("warheads_material", 2040) <= base.at("warheads_material", 2040)).all()
    other = MODEL.simulate(option("no-agreement"), Uniforms(500, seed=12))
    assert not np.array_equal(other.paths["pu_kg"], base.paths["pu_kg"])


@PROPERTY
@given(seed=st.integers(0, 2**31), choice=st.sampled_from(
    ["no-agreement", "freeze", "disablement", "dismantlement", "1994-freeze-held",
     "2007-disablement-held", "hanoi-2019"]),
       start=st.integers(2000 * 12, 2039 * 12), gap=st.one_of(st.none(), st.integers(1, 120)),
       undeclared=st.booleans())
def test_stocks_never_negative_and_percentiles_ordered(seed: int, choice: str, start: int, gap: int | None,
                                                       undeclared: bool) -> None:
    chosen = option(choice)
    kwargs: dict[str, object] = {}
    if not chosen.start:
        kwargs = {"start": start, "collapse": None if gap is None else start + gap}
    result = MODEL.simulate(chosen, Uniforms(64, seed), undeclared=undeclared, **kwargs)  # type: ignore[arg-type]
    for name in SERIES:
        values = result.paths[name]
        assert np.isfinite(values).all() and (values >= 0).all(), name
        p5, p50, p95 = result.percentiles(name)
        assert (p5 <= p50).all() and (p50 <= p95).all()
    assert (result.paths["warheads_assembled"] <= result.paths["warheads_material"] + 1e-9).all()


@PROPERTY
@given(seed=st.integers(0, 2**31), low=st.floats(0.2, 3.0), extra=st.floats(0.0, 2.0),
       choice=st.sampled_from(["no-agreement", "freeze", "hanoi-2019"]))
def test_more_capacity_never_gives_fewer_weapons(seed: int, low: float, extra: float, choice: str) -> None:
    u = Uniforms(64, seed)
    small = MODEL.simulate(option(choice), u, capacity_scale=low)
    large = MODEL.simulate(option(choice), u, capacity_scale=low + extra)
    for name in ("warheads_material", "warheads_assembled", "heu_kg"):
        assert (large.paths[name] >= small.paths[name] - 1e-9).all(), name


@PROPERTY
@given(seed=st.integers(0, 2**31), early=st.integers(1995 * 12, 2039 * 12), delay=st.integers(0, 240),
       kind=st.sampled_from(["freeze", "disablement", "dismantlement"]), undeclared=st.booleans())
def test_an_earlier_agreement_never_gives_more(seed: int, early: int, delay: int, kind: str,
                                               undeclared: bool) -> None:
    u = Uniforms(64, seed)
    first = MODEL.simulate(option(kind), u, start=early, undeclared=undeclared)
    later = MODEL.simulate(option(kind), u, start=early + delay, undeclared=undeclared)
    for name in SERIES:
        assert (first.paths[name] <= later.paths[name] + 1e-9).all(), name


def test_dismantlement_removes_the_declared_stock() -> None:
    u = Uniforms(300, seed=5)
    done = MODEL.simulate(option("dismantlement"), u, start=month_index("2027-01"), undeclared=False)
    assert (done.at("warheads_material", 2040) == 0).all()
    # Hanoi's offer covered no stocks: what was there in 2019 stays.
    hanoi = MODEL.simulate(option("hanoi-2019"), u, undeclared=False)
    base = MODEL.simulate(option("no-agreement"), u, undeclared=False)
    assert (hanoi.at("pu_kg", 2040) > 0).all()
    assert (hanoi.at("pu_kg", 2040) <= base.at("pu_kg", 2040)).all()
    # A collapse before the plant is disabled restarts it after the freeze restart time.
    broken = MODEL.simulate(option("dismantlement"), u, start=month_index("2027-01"),
                            collapse=month_index("2027-03"), undeclared=False)
    assert (broken.at("pu_kg", 2040) > done.at("pu_kg", 2040)).all()


def test_disablement_restarts_slower_than_a_freeze_after_a_collapse() -> None:
    u = Uniforms(2000, seed=8)
    kw = {"start": month_index("2027-01"), "collapse": month_index("2030-01")}
    freeze = MODEL.simulate(option("freeze"), u, **kw)  # type: ignore[arg-type]
    disabled = MODEL.simulate(option("disablement"), u, **kw)  # type: ignore[arg-type]
    gap = disabled.at("warheads_material", 2035) - freeze.at("warheads_material", 2035)
    assert (gap <= 1e-9).all() and np.median(gap) < 0


def test_avoided_and_hanoi_curve() -> None:
    table = avoided(["freeze", "hanoi-2019"], horizon=2035, runs=2000, seed=1)
    assert list(table["option"]) == ["freeze", "hanoi-2019"]
    assert ((table["p5"] <= table["p50"]) & (table["p50"] <= table["p95"])).all()
    assert (table["p5"] >= 0).all() and (table["mc_se"] > 0).all()
    curve = hanoi_curve(shares=(0.0, 0.3, 0.6, 0.9), horizon=2035, runs=2000, seed=1)
    medians = curve["p50"].to_numpy()
    assert (np.diff(medians) < 0).all(), medians      # the more lies outside Yongbyon, the less it buys
    assert curve["share_avoided_p50"].iloc[0] > curve["share_avoided_p50"].iloc[-1]


def test_undeclared_sites_run_from_their_drawn_start() -> None:
    """Uranium from undeclared sites appears only after each run's drawn start, even before 2010."""
    from peninsula.nuclear._projection import SLOTS
    from peninsula.nuclear._sampling import Parameters

    model = Model(as_of=dt.date(2026, 1, 1), horizon=2030)
    u = Uniforms(2000, seed=3)
    with_sites = model.simulate(option("no-agreement"), u)
    without = model.simulate(option("no-agreement"), u, undeclared=False)
    drawn = Parameters(model.table, SLOTS, u)
    start, share = drawn.draw("undeclared_start"), drawn.draw("undeclared_enrichment_share")
    assert start.min() >= 2003.5 and start.max() <= 2014.0
    heu_2008 = with_sites.at("heu_kg", 2008)
    assert (without.at("heu_kg", 2008) == 0).all()          # Yongbyon's plant was shown in 2010
    assert (heu_2008[start >= 2009.0] == 0).all()
    early = (start < 2007.5) & (share > 0.05)
    assert early.sum() > 50 and (heu_2008[early] > 0).all()
    assert (with_sites.at("heu_kg", 2020) >= without.at("heu_kg", 2020) - 1e-9).all()


def test_as_of_uses_only_what_was_public() -> None:
    day = dt.date(2011, 1, 19)
    model = Model(as_of=day, horizon=2030)
    assert (model.table["published_date"] <= day).all()
    assert [m[1] for m in model.machines] == [month_index("2010-11")]
    assert len(model.tests) == 2
    ops = load("reactor_operations")
    known = ops[ops["published_date"] <= day]
    assert model.future_start == max(month_index(e) + 1 for e in known["end"])
    result = model.simulate(option("no-agreement"), Uniforms(200, seed=2))
    assert not model.table["id"].isin(["elwr_start", "elwr_pu_per_year"]).any()
    later = Model(as_of=dt.date(2026, 1, 1), horizon=2030).simulate(option("no-agreement"),
                                                                   Uniforms(200, seed=2))
    # Before 2003 both see the same history; only the loss range, revised in 2024, scales it, by one
    # factor per run. Later knowledge changes the later years.
    early = (result.years < 2003) & (result.years >= 1992)
    ratio = result.paths["pu_kg"][early] / later.paths["pu_kg"][early]
    assert np.allclose(ratio, ratio[0])
    assert not np.allclose(result.paths["pu_kg"][result.years == 2020], later.paths["pu_kg"][later.years == 2020])
    with pytest.raises(ValueError, match="as-of"):
        Model(as_of=earliest_as_of() - dt.timedelta(days=1))


def test_default_band_beside_the_published_estimates() -> None:
    """The README's comparison: the 5-95% band against every published range for 2013-2023."""
    table = compare_published(project(runs=20_000, seed=0))
    with pd.option_context("display.width", 200):
        print(table[["estimator", "year", "basis", "low", "high", "model_p5", "model_p95", "overlap",
                     "matched"]].round(1).to_string())
    literal, matched = table["overlap"].mean(), table["matched"].mean()
    print(f"material band overlaps {literal:.0%}; each basis against its own band {matched:.0%}")
    assert len(table) >= 50
    # Measured 71% (40 of 56) and 95% (53 of 56) at 100,000 runs; a change in data or model that
    # moves these should be looked at, and the README updated.
    assert literal >= 0.65 and matched >= 0.9
    # An edge verdict is one whose margin is small; most verdicts are far from the edge.
    margin = np.minimum(table["high"] - table["model_p5"], table["model_p95"] - table["low"]).abs()
    assert table["near_edge"].sum() < len(table) / 4
    assert (margin[table["near_edge"]] < 2.0).all()


def test_fewer_runs_put_more_verdicts_on_the_edge() -> None:
    """The Monte Carlo error of the band's edges shrinks with runs, and with it the edge verdicts."""
    few = compare_published(project(runs=400, seed=0))
    many = compare_published(project(runs=20_000, seed=0))
    assert few["near_edge"].sum() > many["near_edge"].sum()


def test_summary_counts_by_hand() -> None:
    table = pd.DataFrame({"basis": ["material", "material", "assembled", "plutonium"],
                          "overlap": [True, False, False, False], "matched": [True, False, True, True],
                          "near_edge": [False, True, False, False]})
    summary = summarize_published(table)
    assert (summary["estimates"], summary["material_band"], summary["own_band"]) == (4, 1, 3)
    assert summary["near_edge"] == 1
    assert summary["by_basis"] == {"assembled": {"estimates": 1, "material_band": 0, "own_band": 1},
                                   "material": {"estimates": 2, "material_band": 1, "own_band": 1},
                                   "plutonium": {"estimates": 1, "material_band": 0, "own_band": 1}}
