"""Crisis management: the escalation engine, incident scenarios, confidence-building measures.

A prior model: every parameter is a distribution in data/crisis/ with its rationale; calibration to
the crisis cases comes later. See ``_model.py`` for the rules of a crisis.
"""

from peninsula.crisis._data import (
    TERMS,
    Scenario,
    effects,
    measures,
    package_table,
    packages,
    priors,
    resolve_measures,
    scenario,
    scenarios,
)
from peninsula.crisis._model import MOVES, OUTCOMES, WAR_RUNG, simulate_batch, summarize
from peninsula.crisis._rates import annual_risk, incident_rates, matches
from peninsula.crisis._simulate import (
    DEFAULT_SCENARIO,
    POSTURES,
    REFERENCE,
    compare,
    posture_measures,
    run_arms,
    simulate,
)

__all__ = [
    "DEFAULT_SCENARIO",
    "MOVES",
    "OUTCOMES",
    "POSTURES",
    "REFERENCE",
    "TERMS",
    "WAR_RUNG",
    "Scenario",
    "annual_risk",
    "compare",
    "effects",
    "incident_rates",
    "matches",
    "measures",
    "package_table",
    "packages",
    "posture_measures",
    "priors",
    "resolve_measures",
    "run_arms",
    "scenario",
    "scenarios",
    "simulate",
    "simulate_batch",
    "summarize",
]
