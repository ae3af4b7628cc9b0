"""Running arms through the engine: one scenario, several sets of measures, common random numbers."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd

from peninsula.crisis._data import measures, package_table, packages, resolve_measures, scenario
from peninsula.crisis._model import simulate_batch, summarize
from peninsula.engine import run_batches

DEFAULT_SCENARIO = "artillery-on-territory"
REFERENCE = "status-quo"
POSTURES = {
    "both": ("proactive-deterrence", "extended-deterrence"),
    "none": (),
    "proactive": ("proactive-deterrence",),
    "extended": ("extended-deterrence",),
}


def posture_measures(posture: str) -> tuple[str, ...]:
    """The posture measures of a named posture (``both`` is the status quo's)."""
    if posture not in POSTURES:
        raise ValueError(f"unknown posture {posture!r}; choose from {', '.join(POSTURES)}")
    return POSTURES[posture]


def run_arms(scenario_id: str, arms: dict[str, tuple[str, ...]], *, runs: int = 100_000, seed: int = 0,
             engine: str = "local", workers: int | None = None,
             progress: Callable[[int, int], None] | None = None) -> pd.DataFrame:
    """Simulate each arm (name -> measures) on the same draws; the first arm is the reference of
    the paired differences. One row per arm (see ``summarize``)."""
    if not arms:
        raise ValueError("no arms to simulate")
    chosen = scenario(scenario_id)
    names = list(arms)
    task = partial(simulate_batch, scenario=chosen, arms=tuple(arms[n] for n in names))
    batches = run_batches(task, runs, seed, engine=engine, workers=workers, progress=progress)
    frame = summarize(batches, names)
    frame.insert(1, "scenario", scenario_id)
    frame.insert(2, "measures", [list(arms[n]) for n in names])
    frame["reference"] = names[0]
    return frame


def simulate(scenario_id: str, measure_ids: tuple[str, ...] = (), *, posture: str = "both",
             runs: int = 100_000, seed: int = 0, engine: str = "local", workers: int | None = None,
             progress: Callable[[int, int], None] | None = None) -> pd.DataFrame:
    """One arm: the scenario under ``measure_ids`` plus the posture's measures, beside the status
    quo on the same draws (first row), so the difference is paired."""
    chosen = resolve_measures(list(measure_ids))
    postures = set(measures().loc[measures()["kind"] == "posture", "id"])
    arm = tuple(m for m in chosen if m not in postures) + posture_measures(posture)
    return run_arms(scenario_id, {REFERENCE: packages()[REFERENCE], "this": arm}, runs=runs, seed=seed,
                    engine=engine, workers=workers, progress=progress)


def compare(scenario_id: str = DEFAULT_SCENARIO, package_ids: list[str] | None = None, *,
            runs: int = 100_000, seed: int = 0, engine: str = "local", workers: int | None = None,
            progress: Callable[[int, int], None] | None = None) -> pd.DataFrame:
    """The status quo and each package (default: every shipped package) on the same draws."""
    table = packages()
    ids = package_ids or [p for p in table if p != REFERENCE]
    unknown = [p for p in ids if p not in table]
    if unknown:
        raise ValueError(f"unknown package {unknown[0]!r}; choose from {', '.join(table)}")
    arms = {REFERENCE: table[REFERENCE], **{p: table[p] for p in ids if p != REFERENCE}}
    frame = run_arms(scenario_id, arms, runs=runs, seed=seed, engine=engine, workers=workers,
                     progress=progress)
    labels = dict(zip(package_table()["id"], package_table()["name"], strict=True))
    frame.insert(1, "label", [labels.get(n, n) for n in frame["name"]])
    return frame
