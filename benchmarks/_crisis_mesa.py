"""The crisis model written the way a modeller would in Mesa 3: one Model holds every trajectory as
an agent, ``AgentSet.do("step")`` steps them, no DataCollector. Same rules, priors and measure
effects as peninsula's engine (``peninsula.crisis._model`` and ``_kernel``), read from the same
package data; Mesa's own ``random`` drives it, so the two agree in distribution, not draw by draw.
"""

from __future__ import annotations

import math

import mesa

from peninsula.crisis import Scenario, effects, priors

PRK, KOR, USA = 0, 1, 2
KEYS = {PRK: "dprk", KOR: "rok", USA: "usa"}


def _draw(rng: object, low: float, mode: float, high: float) -> float:
    if high <= low:
        return low
    return rng.triangular(low, high, mode)  # type: ignore[attr-defined, no-any-return]


class Trajectory(mesa.Agent):  # type: ignore[misc]
    """One crisis: its parameters (drawn from the priors) and its state."""

    def __init__(self, model: CrisisModel) -> None:
        super().__init__(model)
        rng = model.random
        p = {row["id"]: _draw(rng, row["low"], row["central"], row["high"]) for row in model.prior_rows}
        e: dict[str, float] = {}
        for row in model.effect_rows:
            e[row["term"]] = e.get(row["term"], 0.0) + _draw(rng, row["low"], row["central"], row["high"])
        self.p, self.e = p, e
        sc = model.scenario
        self.rung = sc.start_rung
        if rng.random() < e.get("start_lower", 0.0):
            self.rung = max(sc.start_rung - 1, 1)
        self.peak = self.rung
        self.quiet = 0
        self.china = False
        self.moves = 0
        self.status = "live"

    def utilities(self, mover: int, perceived: float) -> list[float]:
        p, e, r = self.p, self.e, self.rung
        key = KEYS[mover]
        settle = p[f"settle_{key}"] + e.get("settle", 0.0) + p["settle_slope"] * perceived
        if r >= 6:
            settle += e.get("settle_high", 0.0)
        if r >= math.floor(p["china_mediate_rung"]) and not self.china:
            settle += p["china_mediation_settle"]
        if self.china and mover != PRK:
            settle -= p["china_party_esc"]
        esc = p["esc_slope"] * perceived
        if r <= 5 and self.model.scenario.maritime:
            esc += e.get("escalate_low_maritime", 0.0)
        if mover == PRK:
            esc += p["dprk_threat_bias"] + e.get("threat_bias", 0.0)
            if r >= 6:
                esc += e.get("escalate_high_dprk", 0.0)
            if self.china:
                esc += p["china_party_esc"]
        rok = e.get("escalate_rok", 0.0) if mover == KOR else 0.0
        out = [settle, 0.0, p[f"match_{key}"], p[f"esc1_{key}"] + rok + esc, p[f"esc2_{key}"] + rok + esc]
        if mover == USA and self.model.scenario.preventive_strike:
            out.append(p["us_strike"] + p["us_strike_slope"] * perceived)
        return out

    def step(self) -> None:
        if self.status != "live":
            return
        rng = self.model.random
        p, k = self.p, self.model.steps - 1
        self.moves += 1
        if k % 2 == 1:
            mover = PRK
        elif self.rung >= math.floor(p["us_join_rung"]):
            mover = USA
        else:
            mover = KOR
        if self.rung >= math.floor(p["china_party_rung"]):
            self.china = True
        sd = p["misperception_sd"] * max(0.0, 1.0 + self.e.get("misperception", 0.0))
        perceived = self.rung + sd * math.sqrt(12.0) * (rng.random() - 0.5)
        utilities = self.utilities(mover, perceived)
        top = max(utilities)
        weights = [math.exp(u - top) for u in utilities]
        target = rng.random() * sum(weights)
        choice, acc = len(weights) - 1, 0.0
        for j, w in enumerate(weights):
            acc += w
            if acc > target:
                choice = j
                break
        self.quiet = self.quiet + 1 if choice == 1 else 0
        if choice == 3:
            self.rung += 1
        elif choice == 4:
            self.rung += 2
        elif choice == 5:
            self.rung = max(self.rung, 8)
        self.rung = min(self.rung, 10)
        self.peak = max(self.peak, self.rung)
        if self.rung >= 9:
            self.status = "war"
        elif choice == 0:
            self.status = "settled"
        elif self.quiet >= round(p["freeze_after"]) or self.moves >= self.model.max_moves:
            self.status = "frozen"


class CrisisModel(mesa.Model):  # type: ignore[misc]
    """Every trajectory of one scenario under one set of measures, as agents of one model."""

    def __init__(self, scenario: Scenario, measures: tuple[str, ...], runs: int, seed: int = 0) -> None:
        super().__init__(seed=seed)
        self.scenario = scenario
        table = priors()
        self.prior_rows = table.to_dict("records")
        self.max_moves = int(table.loc[table["id"] == "max_moves", "high"].iloc[0])
        eff = effects()
        rows = []
        for row in eff.to_dict("records"):
            scope = str(row["scenarios"]).strip()
            if row["measure"] in measures and (scope == "all" or scenario.id in scope.split(";")):
                rows.append(row)
        self.effect_rows = rows
        for _ in range(runs):
            Trajectory(self)

    def step(self) -> None:
        self.agents.do("step")
        if all(a.status != "live" for a in self.agents):
            self.running = False

    def run(self) -> None:
        while self.running and self.steps < self.max_moves:
            self.step()
