"""Plutonium from the Yongbyon 5 MWe reactor's operating history.

Each operating period of data/nuclear/reactor_operations.csv gives a capacity-factor range; a draw
u in [0, 1] per period places the factor in that range (the same u for every option, so options
compare with common random numbers). Production in a year is the months operated that year times
the capacity factor times kg per full-power year, divided by 12.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray


def _month_index(text: str) -> int:
    period = pd.Period(str(text).strip()[:7], "M")
    return period.year * 12 + period.month - 1


def months_by_year(operations: pd.DataFrame, first_year: int, last_year: int) -> NDArray[np.float64]:
    """Months of each operating period (rows) falling in each year (columns), ends inclusive."""
    years = np.arange(first_year, last_year + 1)
    out = np.zeros((len(operations), len(years)))
    for i, (start, end) in enumerate(zip(operations["start"], operations["end"], strict=True)):
        a, b = _month_index(start), _month_index(end)
        for month in range(a, b + 1):
            year = month // 12
            if first_year <= year <= last_year:
                out[i, year - first_year] += 1.0
    return out


def plutonium_by_year(operations: pd.DataFrame, pu_per_fpy: NDArray[np.float64] | float,
                      draws: NDArray[np.float64], first_year: int,
                      last_year: int) -> NDArray[np.float64]:
    """kg of plutonium made each year, for each trajectory.

    ``draws`` has shape (runs, periods) with values in [0, 1] placing each period's capacity
    factor in its range; ``pu_per_fpy`` is a scalar or one value per run (kg per full-power year).
    Returns shape (runs, years).
    """
    low = operations["capacity_factor_low"].to_numpy(dtype=float)
    high = operations["capacity_factor_high"].to_numpy(dtype=float)
    factor = low + np.asarray(draws, dtype=float) * (high - low)          # (runs, periods)
    months = months_by_year(operations, first_year, last_year)           # (periods, years)
    full_power_years = factor @ months / 12.0                              # (runs, years)
    rate = np.asarray(pu_per_fpy, dtype=float)
    rate = rate[:, None] if rate.ndim == 1 else rate
    out: NDArray[np.float64] = full_power_years * rate
    return out
