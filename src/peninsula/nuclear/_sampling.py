"""Seeded uniform draws shared across options, and parameter values from their cited ranges.

Every random quantity is a named slot (a stream and an index) with its own child of one
``SeedSequence``, so two options simulated with the same seed see the same draw for the same
quantity (common random numbers), whatever else either of them draws.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

STREAMS = ("parameter", "period", "machines", "test", "step")


class Uniforms:
    """Lazily drawn, cached uniform columns: ``get(stream, index)`` is an array of ``runs``."""

    def __init__(self, runs: int, seed: int) -> None:
        if runs < 1:
            raise ValueError(f"runs must be at least 1, got {runs}")
        self.runs = int(runs)
        self.seed = int(seed)
        self._cache: dict[tuple[str, int], NDArray[np.float64]] = {}

    def get(self, stream: str, index: int) -> NDArray[np.float64]:
        key = (stream, int(index))
        if key not in self._cache:
            sequence = np.random.SeedSequence(self.seed, spawn_key=(STREAMS.index(stream), int(index)))
            self._cache[key] = np.random.default_rng(sequence).random(self.runs)
        return self._cache[key]


def inverse_cdf(low: float, central: float | None, high: float, distribution: str,
                u: NDArray[np.float64]) -> NDArray[np.float64]:
    """Values of a triangular (low, mode, high) or uniform (low, high) distribution at quantiles u."""
    a, b = float(low), float(high)
    if b <= a:
        return np.full_like(u, a)
    if distribution == "uniform" or central is None or central != central:
        return a + u * (b - a)
    if distribution != "triangular":
        raise ValueError(f"unknown distribution {distribution!r}")
    c = float(central)
    cut = (c - a) / (b - a)
    left = a + np.sqrt(u * (b - a) * (c - a))
    right = b - np.sqrt((1.0 - u) * (b - a) * (b - c))
    return np.where(u < cut, left, right)


class Parameters:
    """The parameter table as known on a date, drawn per run from fixed slots."""

    def __init__(self, table: pd.DataFrame, slots: list[str], uniforms: Uniforms) -> None:
        self.table = table.set_index("id")
        self.slots = slots
        self.uniforms = uniforms

    def known(self, pid: str) -> bool:
        return pid in self.table.index

    def draw(self, pid: str, default: float | None = None) -> NDArray[np.float64]:
        """One value per run; ``default`` stands in for a parameter not yet published."""
        if pid not in self.table.index:
            if default is None:
                raise ValueError(f"parameter {pid} had not been published by the as-of date")
            return np.full(self.uniforms.runs, float(default))
        row: dict[Any, Any] = self.table.loc[pid].to_dict()
        u = self.uniforms.get("parameter", self.slots.index(pid))
        central = None if pd.isna(row["central"]) else float(row["central"])
        return inverse_cdf(float(row["low"]), central, float(row["high"]), str(row["distribution"]), u)
