"""Policy options as data (options.csv, verification_steps.csv, restart.csv) and their timelines.

An option halts the facilities it covers from a month on; if it collapses, they resume after a
restart time that depends on how far it got (a freeze restarts fast, disabled plant slowly,
dismantled plant never). A verified dismantlement follows the steps of verification_steps.csv
and removes the declared stock over its removal step. Times are month indices (year x 12 +
month - 1); ``inf`` means never.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from peninsula.nuclear._params import load
from peninsula.nuclear._sampling import Uniforms, inverse_cdf

FACILITIES = ("reactor_5mwe", "elwr", "reprocessing", "enrichment_yongbyon")
KINDS = ("none", "freeze", "disablement", "dismantlement")
EFFECTS = ("none", "halt", "disable", "remove_stock", "dismantle")
# One draw for both restart times: a run that restarts a frozen plant slowly restarts a disabled one
# slowly too, so disablement never restarts sooner than a freeze in the same run.
_RESTART_SLOT = {"freeze": 100, "disablement": 100}


def month_index(value: str | dt.date) -> int:
    """Months since year 0 of a date or a ``YYYY-MM[-DD]`` string (day ignored)."""
    if isinstance(value, dt.date):
        return value.year * 12 + value.month - 1
    text = str(value).strip()
    year, month = int(text[:4]), int(text[5:7])
    return year * 12 + month - 1


@dataclass(frozen=True)
class Option:
    """One policy option or counterfactual (a row of options.csv)."""

    id: str
    label: str
    kind: str
    start: str | None
    collapse: str | None
    covers: frozenset[str]
    removes_stock: bool
    description: str
    sources: str


def options() -> dict[str, Option]:
    """Every option of options.csv by id, in file order."""
    frame = load("options")
    out: dict[str, Option] = {}
    for row in frame.to_dict("records"):
        covers = frozenset(c.strip() for c in str(row["covers"] or "").split(";") if c.strip()
                           and c.strip() != "nan")
        unknown = covers - set(FACILITIES)
        if unknown or row["kind"] not in KINDS:
            raise ValueError(f"options.csv row {row['id']}: bad kind or facilities {sorted(unknown)}")
        out[str(row["id"])] = Option(
            id=str(row["id"]), label=str(row["label"]), kind=str(row["kind"]),
            start=None if pd.isna(row["start"]) else str(row["start"]),
            collapse=None if pd.isna(row["collapse"]) else str(row["collapse"]),
            covers=covers, removes_stock=str(row["removes_stock"]).strip().lower() == "yes",
            description=str(row["description"]), sources=str(row["sources"]))
    return out


def option(option_id: str) -> Option:
    """The option with this id, or a ValueError naming the choices."""
    table = options()
    if option_id not in table:
        raise ValueError(f"unknown option {option_id!r}; choose from {', '.join(table)}")
    return table[option_id]


@dataclass
class Plan:
    """When covered facilities stop and resume, and when the declared stock leaves, per run."""

    covers: frozenset[str]
    halt: NDArray[np.float64]          # month the covered facilities stop (inf: never)
    resume: NDArray[np.float64]        # month they run again (inf: never)
    removal_start: NDArray[np.float64]
    removal_end: NDArray[np.float64]
    removal_stop: float                # removal stops at a collapse (inf: none)

    def removed_fraction(self, month: float) -> NDArray[np.float64]:
        """Share of the declared stock removed by ``month`` (0 to 1), per run."""
        out = np.zeros(len(self.removal_start))
        live = np.isfinite(self.removal_start)
        if live.any():
            t = min(month, self.removal_stop)
            start, end = self.removal_start[live], self.removal_end[live]
            out[live] = np.clip((t - start) / np.maximum(end - start, 1e-9), 0.0, 1.0)
        return out


def _restart(kind: str, uniforms: Uniforms, as_of: dt.date | None) -> NDArray[np.float64]:
    table = load("restart", as_of=as_of).set_index("id")
    if kind not in table.index:
        raise ValueError(f"no restart time for {kind!r} was published by the as-of date")
    row: dict[Any, Any] = table.loc[kind].to_dict()
    central: float | None = None if pd.isna(row["months_central"]) else float(row["months_central"])
    return inverse_cdf(float(row["months_low"]), central, float(row["months_high"]), "triangular",
                       uniforms.get("step", _RESTART_SLOT[kind]))


def steps(*, as_of: dt.date | None = None) -> pd.DataFrame:
    """The verification steps of a dismantlement, in order."""
    frame = load("verification_steps", as_of=as_of).sort_values("order").reset_index(drop=True)
    bad = set(frame["effect"]) - set(EFFECTS)
    if bad:
        raise ValueError(f"verification_steps.csv: unknown effects {sorted(bad)}")
    return frame


def plan(choice: Option, *, start: int, uniforms: Uniforms, collapse: int | None = None,
         as_of: dt.date | None = None) -> Plan:
    """The per-run timeline of ``choice`` starting in month ``start`` (collapsing in ``collapse``)."""
    runs = uniforms.runs
    never = np.full(runs, np.inf)
    if choice.kind == "none":
        return Plan(frozenset(), never, never.copy(), never.copy(), never.copy(), np.inf)
    end = np.inf if collapse is None else float(collapse)
    if collapse is not None and collapse <= start:
        raise ValueError("the collapse must come after the start of the agreement")
    if choice.kind in ("freeze", "disablement"):
        halt = np.full(runs, float(start))
        resume = never.copy() if collapse is None else end + _restart(choice.kind, uniforms, as_of)
        return Plan(choice.covers, halt, resume, never.copy(), never.copy(), np.inf)
    table = steps(as_of=as_of)
    if table.empty:
        raise ValueError("no verification steps were published by the as-of date")
    t = np.full(runs, float(start))
    marks: dict[str, NDArray[np.float64]] = {}
    removal = (never.copy(), never.copy())
    for row in table.to_dict("records"):
        central = None if pd.isna(row["months_central"]) else float(row["months_central"])
        months = inverse_cdf(float(row["months_low"]), central, float(row["months_high"]), "triangular",
                             uniforms.get("step", int(row["order"])))
        begin, t = t, t + months
        effect = str(row["effect"])
        if effect == "remove_stock":
            if choice.removes_stock:
                removal = (begin, t)
        elif effect != "none":
            marks.setdefault(effect, t)
    halt = marks.get("halt", marks.get("disable", marks.get("dismantle", never)))
    if collapse is None:
        resume = never.copy()
    else:
        freeze_restart = end + _restart("freeze", uniforms, as_of)
        disable_restart = end + _restart("disablement", uniforms, as_of)
        disabled = marks.get("disable", never)
        dismantled = marks.get("dismantle", never)
        resume = np.where(dismantled <= end, np.inf,
                          np.where(disabled <= end, disable_restart, freeze_restart))
        halt = np.where(halt < end, halt, np.inf)
    return Plan(choice.covers, halt, resume, removal[0], removal[1], end)
