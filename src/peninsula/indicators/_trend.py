"""A trend with a confidence band for a count series: a centred moving average with an exact
(Garwood) Poisson interval on the window's total.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats


def poisson_interval(total: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) interval for a Poisson mean given an observed total."""
    alpha = 1 - level
    total = np.asarray(total, dtype=float)
    low = np.where(total > 0, stats.chi2.ppf(alpha / 2, 2 * total) / 2, 0.0)
    high = stats.chi2.ppf(1 - alpha / 2, 2 * (total + 1)) / 2
    return low, high


def trend(counts: pd.Series, *, window: int = 12, level: float = 0.95) -> pd.DataFrame:
    """Rate per period over a centred window of ``window`` periods, with its ``level`` band.

    Columns: rate, low, high (events per period). Edges use the periods available. The band treats
    counts as Poisson; launch clustering makes the true band wider, so read it as a lower bound.
    """
    values = counts.astype(float)
    total = values.rolling(window, center=True, min_periods=max(1, window // 2)).sum()
    n = values.rolling(window, center=True, min_periods=max(1, window // 2)).count()
    low, high = poisson_interval(total.to_numpy())
    return pd.DataFrame(
        {"rate": total / n, "low": low / n.to_numpy(), "high": high / n.to_numpy()},
        index=counts.index,
    )
