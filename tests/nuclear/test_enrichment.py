"""Separative work against published worked examples, and its properties."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peninsula.nuclear import product_per_year, separative_work, topping_up, value


def test_weapon_grade_from_natural_uranium() -> None:
    s = separative_work(1.0, product=90.0, feed=0.711, tails=0.3)
    assert s.feed_kg == pytest.approx(218.25, abs=0.01)
    assert s.swu == pytest.approx(192.94, abs=0.01)
    assert s.tails_kg == pytest.approx(s.feed_kg - 1.0)


def test_urenco_reactor_fuel_example() -> None:
    # URENCO: 25 t of 3.75% product at 0.3% tails needs "about 210 t" feed and "about 120 t SW".
    s = separative_work(25_000.0, product=3.75, feed=0.711, tails=0.3)
    assert s.feed_kg / 1000 == pytest.approx(209.85, abs=0.01)
    assert s.swu / 1000 == pytest.approx(120.1, abs=0.05)


def test_two_thousand_centrifuges() -> None:
    # 2,000 machines at 4 SWU per machine-year: about 41.5 kg of 90% uranium a year.
    assert float(product_per_year(2000, 4.0)) == pytest.approx(41.5, abs=0.1)


def test_value_function_is_zero_at_half() -> None:
    assert float(value(50.0)) == pytest.approx(0.0)


@pytest.mark.parametrize(("feed", "product", "tails"), [(0.711, 0.5, 0.3), (0.711, 90, 0.8),
                                                        (0.711, 100, 0.3), (0.711, 90, 0)])
def test_impossible_assays_are_errors(feed: float, product: float, tails: float) -> None:
    with pytest.raises(ValueError):
        separative_work(1.0, product=product, feed=feed, tails=tails)


@settings(max_examples=100)
@given(product=st.floats(1.0, 95.0), tails=st.floats(0.1, 0.6), kg=st.floats(0.0, 1e4))
def test_mass_balance_and_positive_work(product: float, tails: float, kg: float) -> None:
    s = separative_work(kg, product=product, feed=0.711, tails=tails)
    assert s.feed_kg == pytest.approx(s.product_kg + s.tails_kg)
    # U-235 is conserved: feed = product + tails, by isotope.
    assert s.feed_kg * 0.711 == pytest.approx(kg * product + s.tails_kg * tails, rel=1e-9, abs=1e-9)
    assert s.swu >= 0


@settings(max_examples=100)
@given(leu=st.floats(2.0, 20.0))
def test_topping_up_with_natural_tails_costs_the_same_work(leu: float) -> None:
    first, second = topping_up(1.0, leu=leu)
    direct = separative_work(1.0, product=90.0, feed=0.711, tails=0.3)
    assert first.swu + second.swu == pytest.approx(direct.swu, rel=1e-9)


def test_cli_swu_json() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from peninsula.cli import main; main()", "nuclear", "swu",
         "--feed", "0.711", "--product", "90", "--tails", "0.3", "--json"],
        capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert {"feed_kg", "tails_kg", "swu"} <= set(out)
    assert out["swu"] == pytest.approx(192.94, abs=0.01)
    bad = subprocess.run(
        [sys.executable, "-c", "from peninsula.cli import main; main()", "nuclear", "swu",
         "--feed", "0.711", "--product", "0.5", "--tails", "0.3"],
        capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "tails < feed < product" in bad.stderr
