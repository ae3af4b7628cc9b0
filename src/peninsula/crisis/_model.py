"""The escalation engine: arms of a batch on common random numbers, and their summaries.

A crisis starts at its scenario's rung. The allied side (the ROK, or the US once the rung reaches
the US's join rung) and the DPRK move in turn. A mover reads the rung with error (uniform noise of
standard deviation ``misperception_sd``; the DPRK's threat bias adds to its escalation) and picks
one of settle, hold, match, escalate by one, escalate by two or (the US, where the scenario
allows) a preventive strike, by a multinomial logit of base utilities, the perceived rung and the
measures in force. The per-trajectory loop is compiled (``_kernel.py``).
China mediates from its mediation rung (adding to settle) and becomes a party from its own
threshold (emboldening the DPRK). Settle ends the crisis settled; ``freeze_after`` quiet moves in
a row, or ``max_moves`` moves, end it frozen; rung 9 or more is war, which is absorbing.

Every random number is indexed by (trajectory, move), drawn from the batch's seed the same way for
every arm, so two arms differ only by their measures; only live trajectories step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from peninsula.crisis._data import Scenario, effects, priors

MOVES = ("settle", "hold", "match", "escalate1", "escalate2", "strike")
SETTLE, HOLD, MATCH, ESC1, ESC2, STRIKE = range(6)
PRK, KOR, USA = 0, 1, 2
LIVE, SETTLED, FROZEN, WAR = 0, 1, 2, 3
OUTCOMES = ("settled", "frozen", "war")
WAR_RUNG = 9
TOP_RUNG = 10


@cache
def _bounds(name: str) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """(low, central, high) of priors.csv or measure_effects.csv as arrays, read once."""
    table = priors() if name == "priors" else effects()
    low, mid, high = (table[c].to_numpy(dtype=float) for c in ("low", "central", "high"))
    return low, mid, high


def _draw(name: str, key: np.uint64, n: int, rows: slice = slice(None)) -> NDArray[np.float64]:
    """Rows ``rows`` of ``name`` (priors or effects; triangular low, central, high) drawn for n
    trajectories, row j from stream j of ``key``: a (trajectory, row) array."""
    from peninsula.crisis._kernel import triangular_draws

    low, mid, high = (a[rows] for a in _bounds(name))
    first = rows.start or 0
    out: NDArray[np.float64] = triangular_draws(key, n, low, mid, high, first)
    return out


@dataclass
class ArmResult:
    """Counts for one arm over a batch: outcomes, peak rungs, live moves, and war flags."""

    runs: int
    outcomes: NDArray[np.int64]            # settled, frozen, war
    peaks: NDArray[np.int64]               # trajectories whose peak rung is k, k = 0..10
    moves: int                             # live moves stepped
    war: NDArray[np.bool_] = field(repr=False)
    status: NDArray[np.int8] | None = field(default=None, repr=False)   # per trajectory (dropped in batches)
    peak: NDArray[np.int64] | None = field(default=None, repr=False)


class Streams:
    """A batch's random numbers, shared by every arm (common random numbers).

    Four keys come from the batch's ``SeedSequence``: parameter draws, effect draws, start draws
    and moves. Each uniform is a counter-based hash of (key, trajectory, index), so the number for
    (trajectory i, move k) is the same in every arm however the trajectories before it went.
    """

    def __init__(self, size: int, seq: np.random.SeedSequence) -> None:
        self.size = size
        keys = seq.generate_state(4, np.uint64)
        self.priors = _draw("priors", np.uint64(keys[0]), size)        # (trajectory, prior row)
        self.effect_key = np.uint64(keys[1])
        self._effects: dict[int, NDArray[np.float64]] = {}
        self.start_key = np.uint64(keys[2])
        self.move_key = np.uint64(keys[3])

    def effect(self, row: int) -> NDArray[np.float64]:
        """Draws of row ``row`` of measure_effects.csv, made on first use (stream ``row``)."""
        from peninsula.crisis._kernel import triangular_column

        if row not in self._effects:
            low, mid, high = (float(a[row]) for a in _bounds("effects"))
            self._effects[row] = triangular_column(self.effect_key, self.size, low, mid, high, row)
        return self._effects[row]

    def effect_sums(self, measures: tuple[str, ...], scenario_id: str) -> NDArray[np.float64]:
        """(trajectory, term) summed effects of the measures in force, terms in ``TERM_ORDER``."""
        from peninsula.crisis._kernel import TERM_ORDER

        out = np.zeros((self.size, len(TERM_ORDER)))
        for i, (measure, term, scope) in enumerate(_effect_rows()):
            if measure in measures and term in TERM_ORDER and (scope is None or scenario_id in scope):
                out[:, TERM_ORDER.index(term)] += self.effect(i)
        return out


@cache
def _effect_rows() -> list[tuple[str, str, frozenset[str] | None]]:
    """(measure, term, scenarios or None for all) per row of measure_effects.csv."""
    rows = []
    for r in effects().to_dict("records"):
        scope = str(r["scenarios"]).strip()
        rows.append((str(r["measure"]), str(r["term"]),
                     None if scope == "all" else frozenset(x.strip() for x in scope.split(";"))))
    return rows


@cache
def _prior_index() -> NDArray[np.int64]:
    from peninsula.crisis._kernel import PRIOR_ORDER

    ids = list(priors()["id"])
    missing = [p for p in PRIOR_ORDER if p not in ids]
    if missing:
        raise ValueError(f"priors.csv lacks {', '.join(missing)}")
    return np.array([ids.index(p) for p in PRIOR_ORDER], dtype=np.int64)


@cache
def _max_moves() -> int:
    table = priors()
    return int(table.loc[table["id"] == "max_moves", "high"].iloc[0])


def simulate_arm(scenario: Scenario, measures: tuple[str, ...], streams: Streams, *,
                 max_moves: int | None = None) -> ArmResult:
    """Step every trajectory of the batch to its end under ``measures`` (``max_moves`` overrides the
    prior's cap, for tests that look at the first moves only)."""
    from peninsula.crisis._kernel import run_trajectories

    n = streams.size
    status = np.zeros(n, dtype=np.int8)
    peak = np.zeros(n, dtype=np.int64)
    moves = run_trajectories(streams.move_key, streams.start_key, scenario.start_rung, scenario.maritime,
                             scenario.preventive_strike, streams.priors, _prior_index(),
                             streams.effect_sums(measures, scenario.id), max_moves or _max_moves(), status, peak)
    outcomes = np.array([(status == SETTLED).sum(), (status == FROZEN).sum(), (status == WAR).sum()])
    peaks = np.bincount(peak, minlength=TOP_RUNG + 1)[: TOP_RUNG + 1]
    return ArmResult(runs=n, outcomes=outcomes, peaks=peaks, moves=int(moves), war=status == WAR,
                     status=status, peak=peak)


@dataclass
class BatchResult:
    """Per-arm counts for one batch, plus paired war counts against the first arm."""

    arms: list[ArmResult]
    worse: NDArray[np.int64]     # per arm: war here, not in the reference arm
    better: NDArray[np.int64]    # per arm: war in the reference arm, not here


def simulate_batch(size: int, seq: np.random.SeedSequence, scenario: Scenario,
                   arms: tuple[tuple[str, ...], ...]) -> BatchResult:
    """Every arm on one batch's common random numbers; the first arm is the reference."""
    streams = Streams(size, seq)
    results = [simulate_arm(scenario, measures, streams) for measures in arms]
    ref = results[0].war
    worse = np.array([int((r.war & ~ref).sum()) for r in results])
    better = np.array([int((ref & ~r.war).sum()) for r in results])
    for r in results:   # drop per-trajectory arrays before the result crosses processes
        r.war, r.status, r.peak = np.zeros(0, dtype=bool), None, None
    return BatchResult(results, worse, better)


def summarize(batches: list[BatchResult], names: list[str]) -> pd.DataFrame:
    """One row per arm: runs, P(war) with its binomial standard error, P(peak >= k), outcome shares,
    live moves, and the paired difference in P(war) from the first arm with its standard error."""
    rows = []
    for j, name in enumerate(names):
        runs = sum(b.arms[j].runs for b in batches)
        outcomes = np.sum([b.arms[j].outcomes for b in batches], axis=0)
        peaks = np.sum([b.arms[j].peaks for b in batches], axis=0)
        moves = sum(b.arms[j].moves for b in batches)
        worse = sum(int(b.worse[j]) for b in batches)
        better = sum(int(b.better[j]) for b in batches)
        p_war = outcomes[2] / runs
        diff = (worse - better) / runs
        # Paired differences d in {-1, 0, 1}: var = E[d^2] - E[d]^2.
        var = (worse + better) / runs - diff ** 2
        at_least = np.cumsum(peaks[::-1])[::-1] / runs
        row: dict[str, object] = {
            "name": name, "runs": int(runs), "p_war": float(p_war),
            "p_war_se": float(np.sqrt(p_war * (1 - p_war) / runs)),
            "p_settled": float(outcomes[0] / runs), "p_frozen": float(outcomes[1] / runs),
            "p_peak_at_least": {str(k): float(at_least[k]) for k in range(TOP_RUNG + 1)},
            "diff_p_war": float(diff), "diff_p_war_se": float(np.sqrt(max(var, 0.0) / runs)),
            "live_moves": int(moves),
        }
        rows.append(row)
    return pd.DataFrame(rows)
