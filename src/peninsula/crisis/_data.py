"""The crisis model's package data (data/crisis/): priors, scenarios, measures, effects, packages.

Every number the engine uses comes from these files: a prior per model parameter (low, central,
high, rationale, source or "assumption"), the incident types with their starting rungs and the
event filters that count them, the measures with the model terms they act on, and the packages.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from peninsula._paths import package_data

# Terms a measure may act on, and what a value on each does (the engine reads exactly these).
TERMS = {
    "settle": "added to every mover's settle utility (logit units)",
    "settle_high": "added to every mover's settle utility at rung 6 and above (logit units)",
    "misperception": "fractional change of the misperception standard deviation",
    "escalate_low_maritime": "added to escalation utilities at rung 5 and below in maritime scenarios",
    "threat_bias": "added to the DPRK's threat bias (logit units on its escalation utilities)",
    "start_lower": "chance that the incident starts one rung lower",
    "incident_rate": "fractional change of the scenario's incident rate",
    "escalate_rok": "added to the ROK's escalation utilities (logit units)",
    "escalate_high_dprk": "added to the DPRK's escalation utilities at rung 6 and above (logit units)",
}
# The direction each term moves risk-relevant behaviour in when a value is positive, for the docs.
PARTIES = ("PRK", "KOR", "USA")


def _csv(name: str) -> pd.DataFrame:
    with package_data("crisis", f"{name}.csv").open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype={"id": str})


@cache
def priors() -> pd.DataFrame:
    """One row per model parameter: id, party, term, low, central, high, rationale, source."""
    frame = _csv("priors")
    bad = frame[~((frame["low"] <= frame["central"]) & (frame["central"] <= frame["high"]))]
    if len(bad):
        raise ValueError(f"priors.csv: low <= central <= high fails for {', '.join(bad['id'])}")
    return frame


@dataclass(frozen=True)
class Scenario:
    """An incident type: its starting rung, flags for the branches, and how to count it."""

    id: str
    name: str
    start_rung: int
    maritime: bool
    show_of_force: bool
    preventive_strike: bool
    rate_kinds: tuple[str, ...]
    rate_subtypes: tuple[str, ...]
    rate_tags: tuple[str, ...]
    rate_min_rung: int | None
    precedents: tuple[str, ...]
    description: str
    sources: str


def _split(value: object) -> tuple[str, ...]:
    if value is None or (isinstance(value, float) and value != value):
        return ()
    return tuple(v.strip() for v in str(value).split(";") if v.strip())


def _yes(value: object) -> bool:
    return str(value).strip().lower() in ("yes", "true", "1")


@cache
def scenarios() -> dict[str, Scenario]:
    """The incident types of scenarios.csv by id, in file order."""
    out: dict[str, Scenario] = {}
    for r in _csv("scenarios").to_dict("records"):
        rung = int(r["start_rung"])
        if not 0 <= rung <= 8:
            raise ValueError(f"scenarios.csv {r['id']}: start_rung must be 0-8, got {rung}")
        out[str(r["id"])] = Scenario(
            id=str(r["id"]), name=str(r["name"]), start_rung=rung, maritime=_yes(r["maritime"]),
            show_of_force=_yes(r["show_of_force"]), preventive_strike=_yes(r["preventive_strike"]),
            rate_kinds=_split(r["rate_kinds"]), rate_subtypes=_split(r["rate_subtypes"]),
            rate_tags=_split(r["rate_tags"]),
            rate_min_rung=None if pd.isna(r["rate_min_rung"]) else int(r["rate_min_rung"]),
            precedents=_split(r["precedents"]), description=str(r["description"]),
            sources=str(r["sources"]))
    return out


def scenario(scenario_id: str) -> Scenario:
    """One scenario, or a ValueError naming the choices."""
    table = scenarios()
    if scenario_id not in table:
        raise ValueError(f"unknown scenario {scenario_id!r}; choose from {', '.join(table)}")
    return table[scenario_id]


@cache
def measures() -> pd.DataFrame:
    """The measures (id, name, kind cbm or posture, description, history, status, sources)."""
    return _csv("measures")


@cache
def effects() -> pd.DataFrame:
    """Measure effects: measure, term, scenarios (``all`` or a list), low, central, high, rationale."""
    frame = _csv("measure_effects")
    unknown = set(frame["term"]) - set(TERMS)
    if unknown:
        raise ValueError(f"measure_effects.csv: unknown terms {sorted(unknown)}")
    missing = set(frame["measure"]) - set(measures()["id"])
    if missing:
        raise ValueError(f"measure_effects.csv: measures not in measures.csv: {sorted(missing)}")
    return frame


@cache
def packages() -> dict[str, tuple[str, ...]]:
    """Packages by id: the measures each combines (``status-quo`` is the reference arm)."""
    frame = _csv("packages")
    out = {str(r["id"]): _split(r["measures"]) for r in frame.to_dict("records")}
    known = set(measures()["id"])
    for pid, ms in out.items():
        if set(ms) - known:
            raise ValueError(f"packages.csv {pid}: unknown measures {sorted(set(ms) - known)}")
    return out


def package_table() -> pd.DataFrame:
    """packages.csv as a table (id, name, measures, description)."""
    return _csv("packages")


def resolve_measures(names: list[str]) -> tuple[str, ...]:
    """Measure ids, checked against measures.csv (a package id expands to its measures)."""
    known = set(measures()["id"])
    out: list[str] = []
    for name in names:
        if name in packages():
            out.extend(packages()[name])
        elif name in known:
            out.append(name)
        else:
            raise ValueError(f"unknown measure or package {name!r}; measures: {', '.join(sorted(known))}")
    return tuple(dict.fromkeys(out))
