"""The differencing guard on hand-built cells: nested cells, unions of delegations, movement panels."""

from __future__ import annotations

import pytest

from peninsula.dialogue._gate import Cell, Gate

pytestmark = pytest.mark.timeout(30)


def cell(members: range | set[int], *rounds: int, q: str = "q", min_size: int = 3) -> Cell:
    return Cell(frozenset((q, r) for r in rounds), frozenset(members), min_size)


def test_small_cells_are_refused() -> None:
    gate = Gate(k=3)
    assert not gate.admit([cell({1, 2}, 1)])
    assert not gate.admit([cell(range(4), 1, min_size=5)])  # a median needs 5
    assert gate.admit([cell(range(5), 1, min_size=5)])


def test_nested_cells_must_differ_by_k_or_nothing() -> None:
    gate = Gate(k=3)
    assert gate.admit([cell(range(10), 1)])
    assert not gate.admit([cell(range(9), 1)])   # 10 - 9 = 1 person isolated
    assert not gate.admit([cell(range(8), 1)])   # 2 people
    assert gate.admit([cell(range(7), 1)])       # 3 people: as private as any shown cell
    assert gate.admit([cell(range(10), 1)])      # the same set again reveals nothing new


def test_overall_minus_shown_delegations_cannot_reveal_a_suppressed_one() -> None:
    gate = Gate(k=3)
    overall = cell(range(8), 1)
    assert gate.admit([overall])
    usa, kor, chn = set(range(0, 4)), set(range(4, 7)), {7}
    # CHN has one respondent: showing USA and KOR would let overall - USA - KOR reveal that person.
    assert not gate.admit([cell(usa, 1), cell(kor, 1)])
    assert not gate.admit([cell(usa, 1), cell(kor, 1), cell(chn, 1)])
    assert gate.cells == [overall]  # all or nothing: a refused batch leaves nothing behind


def test_every_delegation_shown_is_fine_when_each_has_k() -> None:
    gate = Gate(k=3)
    assert gate.admit([cell(range(9), 1)])
    assert gate.admit([cell(set(range(0, 3)), 1), cell(set(range(3, 6)), 1), cell(set(range(6, 9)), 1)])


def test_movement_panel_must_not_isolate_a_dropout() -> None:
    gate = Gate(k=3)
    assert gate.admit([cell(range(6), 1)])        # round 1: people 0-5
    assert gate.admit([cell(range(5), 2)])        # round 2: people 0-4 (different variable, no clash)
    # Panel 0-4 is nested in round 1 with a gap of one person: round 1, round 2 and the panel's
    # mean change would give person 5's round-1 answer.
    assert not gate.admit([cell(range(5), 1, 2)])
    other = Gate(k=3)
    assert other.admit([cell(range(8), 1)])
    assert other.admit([cell(range(8), 2)])
    assert other.admit([cell(range(8), 1, 2)])


def test_cells_of_other_questions_do_not_interact() -> None:
    gate = Gate(k=3)
    assert gate.admit([cell(range(10), 1, q="a")])
    assert gate.admit([cell(range(9), 1, q="b")])
