"""Dialogue aggregation: hand-worked pooling, ratings, Borda and Kemeny, permutation divergence,
movement and opinion groups, plus properties that must hold for any input."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peninsula.dialogue.aggregate import (
    DEFAULT_EPS,
    Divergence,
    Movement,
    RatingSummary,
    borda,
    clip_probabilities,
    divergence,
    kemeny,
    movement,
    opinion_groups,
    pool_log_odds,
    summarize_ratings,
)

pytestmark = pytest.mark.timeout(60)


# --- clipping and pooling ------------------------------------------------------------------------


def test_clip_probabilities_bounds_and_errors() -> None:
    np.testing.assert_allclose(clip_probabilities([0.0, 0.5, 1.0]), [0.01, 0.5, 0.99])
    np.testing.assert_allclose(clip_probabilities([0.0, 1.0], eps=0.05), [0.05, 0.95])
    for bad in ([1.2], [-0.1], [math.nan]):
        with pytest.raises(ValueError):
            clip_probabilities(bad)
    for eps in (0.0, 0.5, -0.1, math.nan):
        with pytest.raises(ValueError):
            clip_probabilities([0.5], eps=eps)


def test_pool_log_odds_hand_worked() -> None:
    # logit(0.5) = 0, logit(0.9) = ln 9; mean = ln 9 / 2 = ln 3; logistic(ln 3) = 3 / 4
    assert pool_log_odds([0.5, 0.9]) == pytest.approx(0.75, abs=1e-12)


def test_pool_log_odds_weights_delegations_equally() -> None:
    p, groups = [0.9, 0.9, 0.9, 0.5], ["A", "A", "A", "B"]
    # by delegation: A's mean logit ln 9, B's 0; mean of the two = ln 3 -> 0.75
    assert pool_log_odds(p, groups) == pytest.approx(0.75, abs=1e-12)
    # ungrouped: (3 ln 9 + 0) / 4 = 0.75 ln 9 -> 9^0.75 / (1 + 9^0.75) ≈ 0.8388
    assert pool_log_odds(p) == pytest.approx(9**0.75 / (1 + 9**0.75), abs=1e-12)
    assert pool_log_odds(p) > 0.83


def test_pool_log_odds_clipping_and_extremizing() -> None:
    # 0 and 1 clip to 0.01 and 0.99, whose logits cancel -> 0.5
    assert pool_log_odds([0.0, 1.0]) == pytest.approx(0.5, abs=1e-12)
    assert pool_log_odds([1.0]) == pytest.approx(0.99, abs=1e-12)
    assert pool_log_odds([1.0], eps=0.1) == pytest.approx(0.9, abs=1e-12)
    # logit(0.75) = ln 3; doubled = ln 9 -> 9 / 10
    assert pool_log_odds([0.75], extremize=2.0) == pytest.approx(0.9, abs=1e-12)
    assert DEFAULT_EPS == 0.01


def test_pool_log_odds_errors() -> None:
    with pytest.raises(ValueError):
        pool_log_odds([])
    with pytest.raises(ValueError):
        pool_log_odds([0.2, 0.3], ["A"])
    with pytest.raises(ValueError):
        pool_log_odds([0.2], extremize=0.0)
    with pytest.raises(ValueError):
        pool_log_odds([0.2, 0.3], np.array(["A", None], dtype=object))


@st.composite
def _probabilities_with_groups(draw: st.DrawFn) -> tuple[list[float], list[str]]:
    p = draw(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=20))
    groups = draw(st.lists(st.sampled_from(["USA", "KOR", "CHN"]), min_size=len(p), max_size=len(p)))
    return p, groups


@settings(deadline=None, max_examples=100)
@given(_probabilities_with_groups(), st.booleans())
def test_pool_within_clipped_range(data: tuple[list[float], list[str]], grouped: bool) -> None:
    p, groups = data
    clipped = clip_probabilities(p)
    pooled = pool_log_odds(p, groups if grouped else None)
    assert clipped.min() - 1e-12 <= pooled <= clipped.max() + 1e-12


@settings(deadline=None, max_examples=100)
@given(_probabilities_with_groups(), st.booleans())
def test_pool_symmetric(data: tuple[list[float], list[str]], grouped: bool) -> None:
    p, groups = data
    g = groups if grouped else None
    flipped = pool_log_odds([1.0 - x for x in p], g)
    assert flipped == pytest.approx(1.0 - pool_log_odds(p, g), abs=1e-9)


@settings(deadline=None, max_examples=100)
@given(_probabilities_with_groups(), st.data())
def test_pool_order_invariant(data: tuple[list[float], list[str]], draw: st.DataObject) -> None:
    p, groups = data
    order = draw.draw(st.permutations(range(len(p))))
    shuffled_p, shuffled_g = [p[i] for i in order], [groups[i] for i in order]
    assert pool_log_odds(shuffled_p, shuffled_g) == pytest.approx(pool_log_odds(p, groups), abs=1e-12)
    assert pool_log_odds(shuffled_p) == pytest.approx(pool_log_odds(p), abs=1e-12)


# --- ratings -------------------------------------------------------------------------------------


def test_summarize_ratings_hand_worked() -> None:
    assert summarize_ratings([1, 2, 3, 4, 5]) == RatingSummary(n=5, median=3.0, q1=2.0, q3=4.0)
    # [1, 2, 4, 5] linear: positions 0.75, 1.5, 2.25 -> 1.75, 3, 4.25; NaN (unanswered) is skipped
    assert summarize_ratings([5, math.nan, 1, 4, 2]) == RatingSummary(n=4, median=3.0, q1=1.75, q3=4.25)
    with pytest.raises(ValueError):
        summarize_ratings([])
    with pytest.raises(ValueError):
        summarize_ratings([math.nan])


# --- Borda ---------------------------------------------------------------------------------------


def test_borda_hand_worked() -> None:
    rankings = [["B", "C", "A"], ["C", "B", "A"], ["A", "B", "C"]]
    # B: 2 + 1 + 1 = 4; C: 1 + 2 + 0 = 3; A: 0 + 0 + 2 = 2
    result = borda(rankings, ["A", "B", "C"])
    assert list(result.index) == ["B", "C", "A"]
    assert list(result) == [4.0, 3.0, 2.0]
    assert result.name == "borda"


def test_borda_partial_rankings_share_leftover_points() -> None:
    options = ["A", "B", "C", "D"]
    rankings = [["B"], ["A", "C"], ["D", "C", "B", "A"]]
    # ["B"]: B 3; A, C, D share {2, 1, 0} -> 1 each
    # ["A", "C"]: A 3, C 2; B, D share {1, 0} -> 0.5 each
    # full: D 3, C 2, B 1, A 0
    # A = 1 + 3 + 0 = 4; B = 3 + 0.5 + 1 = 4.5; C = 1 + 2 + 2 = 5; D = 1 + 0.5 + 3 = 4.5
    # (D ties with B and stays after it, as in options)
    result = borda(rankings, options)
    assert list(result.index) == ["C", "B", "D", "A"]
    assert list(result) == [5.0, 4.5, 4.5, 4.0]
    assert result.sum() == 3 * 4 * 3 / 2


def test_borda_ties_keep_options_order() -> None:
    result = borda([["A", "B"], ["B", "A"]], ["B", "A"])
    assert list(result.index) == ["B", "A"]


def test_borda_errors() -> None:
    with pytest.raises(ValueError, match="unknown"):
        borda([["A", "X"]], ["A", "B"])
    with pytest.raises(ValueError, match="repeats"):
        borda([["A", "A"]], ["A", "B"])


@settings(deadline=None, max_examples=100)
@given(st.integers(2, 6), st.data())
def test_borda_total_points(m: int, data: st.DataObject) -> None:
    options = [f"o{i}" for i in range(m)]
    rankings = data.draw(st.lists(st.permutations(options), min_size=1, max_size=10))
    result = borda(rankings, options)
    assert result.sum() == pytest.approx(len(rankings) * m * (m - 1) / 2)
    assert sorted(result.index) == sorted(options)
    assert list(result) == sorted(result, reverse=True)


# --- Kemeny --------------------------------------------------------------------------------------


def test_kemeny_differs_from_borda() -> None:
    options = ["A", "B", "C"]
    rankings = [["A", "B", "C"]] * 3 + [["B", "C", "A"]] * 2
    # Borda: A = 3*2 + 2*0 = 6, B = 3*1 + 2*2 = 7, C = 0 + 2*1 = 2 -> B, A, C
    assert list(borda(rankings, options).index) == ["B", "A", "C"]
    # pairwise: A beats B 3-2, A beats C 3-2, B beats C 5-0 (A is the Condorcet winner)
    # A, B, C disagrees on A-B twice and A-C twice: 4; B, A, C costs 3 + 2 = 5
    assert kemeny(rankings, options) == (["A", "B", "C"], 4)


def test_kemeny_condorcet_winner_first() -> None:
    options = ["A", "B", "C", "D"]
    rankings = [["C", "A", "B", "D"], ["C", "B", "D", "A"], ["A", "D", "C", "B"]]
    # majorities: C>A 2-1, C>B 3-0, C>D 2-1, A>B 2-1, A>D 2-1, B>D 2-1: transitive C>A>B>D,
    # so Kemeny is that order and its distance is the sum of the minorities: 1+0+1+1+1+1 = 5
    assert kemeny(rankings, options) == (["C", "A", "B", "D"], 5)


def test_kemeny_ties_follow_permutation_order() -> None:
    cycle = [["A", "B", "C"], ["B", "C", "A"], ["C", "A", "B"]]
    # every rotation of the cycle disagrees 4 times (A, B, C: B>A once, C>A twice, C>B once);
    # the first in itertools.permutations(options) order wins
    assert kemeny(cycle, ["A", "B", "C"]) == (["A", "B", "C"], 4)
    assert kemeny(cycle, ["C", "A", "B"]) == (["C", "A", "B"], 4)
    assert kemeny(cycle, ["B", "A", "C"]) == (["B", "C", "A"], 4)


def test_kemeny_partial_ranking() -> None:
    # "B" alone: B above A and C, A and C tied (no disagreement either way); first such order wins
    assert kemeny([["B"]], ["A", "B", "C"]) == (["B", "A", "C"], 0)
    # B>A, B>C from the first; A>B, A>C, B>C from the second: A,B,C costs 1 (B>A), B,A,C costs 1 (A>B)
    assert kemeny([["B"], ["A", "B", "C"]], ["A", "B", "C"]) == (["A", "B", "C"], 1)


def test_kemeny_errors() -> None:
    with pytest.raises(ValueError, match="max_options"):
        kemeny([], [str(i) for i in range(9)])
    with pytest.raises(ValueError):
        kemeny([["A", "Z"]], ["A", "B"])


def _disagreements(order: tuple[str, ...], rankings: list[list[str]]) -> int:
    """Reference count: pairs the order puts one way and a ranking the other (unranked = bottom, tied)."""
    total = 0
    for ranking in rankings:
        pos = {o: i for i, o in enumerate(ranking)}
        for i, a in enumerate(order):
            for b in order[i + 1:]:
                ra, rb = pos.get(a, len(ranking)), pos.get(b, len(ranking))
                total += rb < ra
    return total


@settings(deadline=None, max_examples=100)
@given(st.integers(1, 4), st.data())
def test_kemeny_is_minimal(m: int, data: st.DataObject) -> None:
    options = [f"o{i}" for i in range(m)]
    rankings = data.draw(st.lists(
        st.permutations(options).flatmap(lambda r: st.integers(0, len(r)).map(lambda j: list(r[:j]))),
        max_size=6))
    order, distance = kemeny(rankings, options)
    costs = [_disagreements(p, rankings) for p in itertools.permutations(options)]
    assert distance == min(costs) == _disagreements(tuple(order), rankings)
    assert tuple(order) == list(itertools.permutations(options))[costs.index(min(costs))]


# --- divergence ----------------------------------------------------------------------------------


def test_divergence_exact_separated() -> None:
    # 4!/(2!2!) = 6 assignments; {0,0}|{1,1} and its mirror have zero within spread (F = inf),
    # the 4 mixed ones have equal means (F = 0) -> p = 2/6
    result = divergence([0, 0, 1, 1], ["a", "a", "b", "b"])
    assert result == Divergence(statistic=math.inf, between=1.0, within=0.0, p_value=2 / 6,
                                permutations=6, exact=True)


def test_divergence_exact_no_difference() -> None:
    # means equal (0.5 and 0.5): between 0; within SS = 4 * 0.25 = 1 over n - g = 2 -> 0.5; every F >= 0
    result = divergence([0, 1, 0, 1], ["a", "a", "b", "b"])
    assert result.statistic == 0.0
    assert result.between == 0.0
    assert result.within == pytest.approx(0.5)
    assert result.p_value == 1.0
    assert result.exact
    # identical answers (0.1 is inexact in binary, so centring leaves rounding dust): no divergence at all
    flat = divergence([0.1] * 6, ["a", "a", "a", "b", "b", "b"])
    assert (flat.statistic, flat.between, flat.within, flat.p_value) == (0.0, 0.0, 0.0, 1.0)


def test_divergence_exact_finite_f() -> None:
    # means 2 and 5 around 3.5: SS_b = 6 * 1.5^2 = 13.5 on 1 df; SS_w = 2 + 2 = 4 on 4 df -> F = 13.5 / 1 = 13.5
    # of the 6!/(3!3!) = 20 splits only {1,2,3}|{4,5,6} and its mirror reach it -> p = 2/20
    result = divergence([1, 2, 3, 4, 5, 6], ["x", "x", "x", "y", "y", "y"])
    assert result.statistic == pytest.approx(13.5)
    assert result.between == pytest.approx(13.5)
    assert result.within == pytest.approx(1.0)
    assert result.p_value == pytest.approx(0.1)
    assert result.permutations == 20


def test_divergence_monte_carlo_separated() -> None:
    noise = np.linspace(-1.0, 1.0, 8)
    values = np.concatenate([noise, 10 + noise, 20 + noise])
    groups = ["USA"] * 8 + ["KOR"] * 8 + ["CHN"] * 8
    # 24!/(8!)^3 ≈ 9.4e9 assignments > exact_limit -> Monte Carlo; no shuffle beats the observed split
    result = divergence(values, groups, permutations=999, seed=3)
    assert not result.exact
    assert result.permutations == 999
    assert result.p_value == pytest.approx(1 / 1000)
    assert result.statistic > 100


def test_divergence_monte_carlo_agrees_with_exact_and_is_seeded() -> None:
    rng = np.random.default_rng(11)
    values = np.concatenate([rng.normal(0.0, 1.0, 7), rng.normal(0.8, 1.0, 7)])
    groups = ["a"] * 7 + ["b"] * 7
    exact = divergence(values, groups)  # 14!/(7!7!) = 3432 assignments
    assert exact.exact and exact.permutations == 3432
    sampled = divergence(values, groups, exact_limit=0, permutations=9999, seed=5)
    assert not sampled.exact
    assert sampled.statistic == pytest.approx(exact.statistic)
    assert sampled.p_value == pytest.approx(exact.p_value, abs=0.01)
    assert divergence(values, groups, exact_limit=0, permutations=9999, seed=5) == sampled


def test_divergence_errors() -> None:
    with pytest.raises(ValueError):
        divergence([1, 2, 3], ["a", "a", "a"])
    with pytest.raises(ValueError):
        divergence([1, 2], ["a", "b"])
    with pytest.raises(ValueError):
        divergence([1, 2, 3], ["a", "b"])
    with pytest.raises(ValueError):
        divergence([1, math.nan, 3], ["a", "b", "b"])


@st.composite
def _values_with_groups(draw: st.DrawFn) -> tuple[list[float], list[str]]:
    n = draw(st.integers(3, 12))
    values = draw(st.lists(st.floats(-10, 10), min_size=n, max_size=n))
    groups = draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=n, max_size=n)
                  .filter(lambda g: 2 <= len(set(g)) < len(g)))
    return values, groups


@settings(deadline=None, max_examples=100)
@given(_values_with_groups(), st.integers(0, 2**31))
def test_divergence_p_value_in_unit_interval(data: tuple[list[float], list[str]], seed: int) -> None:
    values, groups = data
    result = divergence(values, groups, permutations=99, seed=seed, exact_limit=200)
    assert 0.0 < result.p_value <= 1.0
    assert result.statistic >= 0.0
    if result.exact:
        assert result.p_value >= 1 / result.permutations
    else:
        assert result.p_value >= 1 / 100


# --- movement ------------------------------------------------------------------------------------


def test_movement_hand_worked() -> None:
    before = [3, 4, 2, math.nan, 5]
    after = [4, 4, 5, 2, math.nan]
    # answered both: the first three; changes +1, 0, +3 -> mean 4/3, median 1, two moved
    result = movement(before, after)
    assert result == Movement(n=3, mean_change=result.mean_change, median_change=1.0, moved=2)
    assert result.mean_change == pytest.approx(4 / 3)


def test_movement_errors() -> None:
    with pytest.raises(ValueError):
        movement([1, 2], [1])
    with pytest.raises(ValueError):
        movement([math.nan], [1])


# --- opinion groups ------------------------------------------------------------------------------


def _two_camps(first_size: int, second_size: int) -> np.ndarray:
    """Respondents x 6 questions: the first camp answers ~(1,1,5,5), the second ~(5,5,1,1); column 5 is
    constant and column 6 never answered."""
    rng = np.random.default_rng(42)
    base = np.array([[1.0, 1.0, 5.0, 5.0]] * first_size + [[5.0, 5.0, 1.0, 1.0]] * second_size)
    answers = base + rng.uniform(-0.3, 0.3, base.shape)
    answers[1, 2] = math.nan
    answers[-1, 0] = math.nan
    n = first_size + second_size
    return np.column_stack([answers, np.full(n, 3.0), np.full(n, math.nan)])


def test_opinion_groups_finds_mixed_camps() -> None:
    matrix = _two_camps(5, 7)
    delegations = (["USA", "KOR", "CHN"] * 4)  # both camps hold all three delegations
    result = opinion_groups(matrix, delegations, k=3)
    assert result is not None
    # the larger camp (rows 5..11) is group 0
    assert list(result.labels) == [1] * 5 + [0] * 7
    assert result.sizes == (7, 5)
    assert result.coordinates.shape == (12, 2)
    assert result.explained[0] > 0.8
    assert sum(result.explained) <= 1.0 + 1e-12
    assert result.centers.shape == (2, 6)
    np.testing.assert_allclose(result.centers[0, :5], [5, 5, 1, 1, 3], atol=0.35)
    # centres average the imputed answers: row 1's gap in column 2 holds the column mean (about 3.3)
    imputed = np.where(np.isnan(matrix[:, :5]), np.nanmean(matrix[:, :5], axis=0), matrix[:, :5])
    np.testing.assert_allclose(result.centers[1, :5], imputed[:5].mean(axis=0))
    np.testing.assert_allclose(result.centers[1, [0, 1, 3, 4]], [1, 1, 5, 3], atol=0.35)
    assert 4.3 < result.centers[1, 2] < 4.8
    assert np.isnan(result.centers[:, 5]).all()


def test_opinion_groups_deterministic() -> None:
    matrix = _two_camps(6, 6)
    delegations = ["USA", "KOR", "CHN"] * 4
    first = opinion_groups(matrix, delegations, k=3, seed=9)
    second = opinion_groups(matrix, delegations, k=3, seed=9)
    assert first is not None and second is not None
    np.testing.assert_array_equal(first.labels, second.labels)
    np.testing.assert_array_equal(first.coordinates, second.coordinates)
    np.testing.assert_array_equal(first.centers, second.centers)
    assert first.sizes == second.sizes == (6, 6)
    assert first.labels[0] == 0  # equal sizes: the group of the first respondent comes first


def test_opinion_groups_none_when_camps_are_delegations() -> None:
    # each camp is a single delegation: naming a group would name a delegation
    assert opinion_groups(_two_camps(6, 6), ["USA"] * 6 + ["CHN"] * 6, k=3) is None


def test_opinion_groups_none_when_too_few() -> None:
    matrix = _two_camps(3, 2)
    assert opinion_groups(matrix, ["USA", "KOR", "CHN", "USA", "KOR"], k=3) is None  # 5 < 2k = 6
    assert opinion_groups(np.full((8, 2), 2.0), ["USA", "KOR"] * 4, k=2) is None  # nothing varies


def test_opinion_groups_errors() -> None:
    with pytest.raises(ValueError):
        opinion_groups(np.zeros((4, 2)), ["USA", "KOR"], k=1)
    with pytest.raises(ValueError):
        opinion_groups(np.zeros(4), ["USA", "KOR"] * 2, k=1)
