"""The ladder rule reproduces DESIGN's historical examples."""

from __future__ import annotations

import pytest

from peninsula.events import rung


@pytest.mark.parametrize(
    ("name", "kwargs", "expected"),
    [
        ("sea of fire threat, 1994", {"kind": "threat"}, 1),
        ("missile test", {"kind": "missile_launch", "subtype": "ICBM"}, 2),
        ("nuclear test", {"kind": "nuclear_test"}, 2),
        ("large exercise", {"kind": "military_exercise"}, 2),
        ("2022 drones", {"kind": "airspace_violation", "subtype": "drone"}, 3),
        ("balloons", {"kind": "airspace_violation", "subtype": "balloon"}, 3),
        ("August 2015 artillery exchange",
         {"kind": "artillery_fire", "deaths_military": 0, "deaths_civilian": 0, "injured": 0}, 4),
        ("1999 West Sea battle (DPRK dead, ROK injured)",
         {"kind": "naval_clash", "deaths_military": 0, "injured": 9, "deaths_initiator": 20}, 5),
        ("2009 Daecheong (initiator's losses only)",
         {"kind": "naval_clash", "deaths_military": 0, "deaths_initiator": 1}, 5),
        ("2015 DMZ mine, two soldiers maimed", {"kind": "attack", "subtype": "mine",
                                               "deaths_military": 0, "injured": 2}, 5),
        ("2002 West Sea battle", {"kind": "naval_clash", "deaths_military": 6}, 6),
        ("Cheonan", {"kind": "attack", "subtype": "torpedo", "deaths_military": 46}, 6),
        ("Yeonpyeong", {"kind": "artillery_fire", "deaths_military": 2, "deaths_civilian": 2,
                        "tags": ["territory"]}, 7),
        ("deep strike", {"kind": "attack", "tags": ["deep_strike"]}, 8),
        ("1950 war", {"kind": "armed_clash", "subtype": "war", "tags": ["war"]}, 9),
        ("nuclear use", {"kind": "attack", "subtype": "nuclear"}, 10),
        ("talks are off the ladder", {"kind": "talks"}, None),
        ("sanctions are off the ladder", {"kind": "sanction"}, None),
    ],
)
def test_rule_reproduces_examples(name: str, kwargs: dict, expected: int | None) -> None:
    kind = kwargs.pop("kind")
    assert rung(kind, **kwargs) == expected, name


def test_casualties_of_unknown_count_still_count() -> None:
    # 1999: several ROK sailors wounded, count not recorded; DPRK losses undisclosed.
    assert rung("naval_clash", deaths_military=0, casualties_side="both") == 5
    assert rung("naval_clash", deaths_military=0, casualties_side=None) == 4


def test_unknown_casualties_do_not_raise_the_rung() -> None:
    assert rung("artillery_fire", deaths_military=None, deaths_civilian=None) == 4
    assert rung("infiltration") == 3
