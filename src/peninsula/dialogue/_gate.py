"""The differencing guard: which sets of respondents may have an aggregate shown, given what is shown."""

from __future__ import annotations

from dataclasses import dataclass, field

Variable = tuple[str, int]  # (question key, round number): one answer per respondent


@dataclass(frozen=True)
class Cell:
    """An aggregate over ``members`` of the answers named by ``variables`` (movement spans two rounds)."""

    variables: frozenset[Variable]
    members: frozenset[int]
    min_size: int


@dataclass
class Gate:
    """Admits cells only while no respondent's answer can be isolated by differencing shown cells.

    Rules, for cells that share a variable: every cell has at least its ``min_size`` members (k, or 5 for
    medians); a cell nested in another differs from it by none or at least k members; and a cell minus
    the union of the shown cells nested in it leaves none or at least k members (so an overall pool
    minus the shown delegations cannot reveal a suppressed one).
    """

    k: int
    cells: list[Cell] = field(default_factory=list)

    def _ok_gap(self, gap: int) -> bool:
        return gap == 0 or gap >= self.k

    def _consistent(self, cells: list[Cell]) -> bool:
        for outer in cells:
            inner = [c for c in cells if c is not outer and c.variables & outer.variables
                     and c.members <= outer.members]
            if any(not self._ok_gap(len(outer.members - c.members)) for c in inner):
                return False
            if inner:
                covered = frozenset().union(*(c.members for c in inner))
                if not self._ok_gap(len(outer.members - covered)):
                    return False
        return True

    def admit(self, new: list[Cell]) -> bool:
        """Add all of ``new`` if the shown set stays safe, else none of them; says which."""
        if not new or any(len(c.members) < max(c.min_size, self.k) for c in new):
            return False
        variables = frozenset().union(*(c.variables for c in new))
        related = [c for c in self.cells if c.variables & variables]
        if not self._consistent(related + new):
            return False
        self.cells.extend(new)
        return True
