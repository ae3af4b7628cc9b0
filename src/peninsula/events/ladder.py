"""The escalation ladder (rungs 0-10) and the one rule that assigns a rung to an event.

Rungs follow from kind, subtype, tags and casualties, never from judgment per event
(../shared/DESIGN.md, "The escalation ladder"):

* threat -> 1; missile_launch, nuclear_test, military_exercise (strategic signals) -> 2;
* kinetic and territorial kinds (artillery_fire, armed_clash, naval_clash, attack, seizure,
  infiltration, border_incursion, airspace_violation) climb from 3:
  - subtype ``nuclear`` -> 10; subtype ``war`` or tag ``war`` -> 9; tag ``deep_strike`` -> 8;
  - civilian deaths on the side attacked -> 7; military deaths on the side attacked -> 6;
  - other casualties (injured on the side attacked, deaths on the initiator's side, or a
    ``casualties_side`` that records casualties whose count is unknown) -> 5;
  - fire without casualties (artillery_fire, armed_clash, naval_clash, attack, seizure) -> 4;
  - a crossing without fire (infiltration, border_incursion, airspace_violation) -> 3;
* every other kind has no rung (null).

Counter-battery fire at the origin of an attack is part of the incident, so it never adds a rung.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

RUNG_NAMES: Final[dict[int, str]] = {
    0: "peacetime",
    1: "verbal threat",
    2: "show of force / strategic signal",
    3: "grey-zone incursion",
    4: "warning fire / non-lethal exchange",
    5: "clash or attack with casualties, no deaths on the target side",
    6: "deadly attack on a military unit",
    7: "attack on territory with civilian casualties",
    8: "deliberate strikes beyond the firing positions",
    9: "major conventional war",
    10: "nuclear use",
}

SIGNAL_KINDS: Final[frozenset[str]] = frozenset({"missile_launch", "nuclear_test", "military_exercise"})
FIRE_KINDS: Final[frozenset[str]] = frozenset(
    {"artillery_fire", "armed_clash", "naval_clash", "attack", "seizure"}
)
CROSSING_KINDS: Final[frozenset[str]] = frozenset(
    {"infiltration", "border_incursion", "airspace_violation"}
)
KINETIC_KINDS: Final[frozenset[str]] = FIRE_KINDS | CROSSING_KINDS


def _positive(value: int | float | None) -> bool:
    return value is not None and value == value and value > 0  # NaN-safe


def rung(
    kind: str,
    subtype: str | None = None,
    tags: Iterable[str] = (),
    *,
    deaths_military: int | None = None,
    deaths_civilian: int | None = None,
    injured: int | None = None,
    deaths_initiator: int | None = None,
    casualties_side: str | None = None,
) -> int | None:
    """The rung of one event by the ladder rule; None for kinds off the ladder.

    Casualty counts are those of the side attacked (actor2's side), except ``deaths_initiator``.
    """
    if kind == "threat":
        return 1
    if kind in SIGNAL_KINDS:
        return 2
    if kind not in KINETIC_KINDS:
        return None
    tagset = set(tags)
    if subtype == "nuclear":
        return 10
    if subtype == "war" or "war" in tagset:
        return 9
    if "deep_strike" in tagset:
        return 8
    if _positive(deaths_civilian):
        return 7
    if _positive(deaths_military):
        return 6
    if _positive(injured) or _positive(deaths_initiator) or casualties_side in (
            "target", "initiator", "both"):
        return 5
    if kind in FIRE_KINDS:
        return 4
    return 3
