"""Proper scores, skill, and a moving-block bootstrap for skill intervals."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

EPS = 1e-6


def brier(p: ArrayLike, y: ArrayLike) -> float:
    """Mean squared error of probabilities against 0/1 outcomes (lower is better)."""
    pa, ya = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    return float(np.mean((pa - ya) ** 2))


def log_score(p: ArrayLike, y: ArrayLike) -> float:
    """Mean negative log-likelihood in nats, probabilities clipped to [1e-6, 1 - 1e-6]."""
    pa = np.clip(np.asarray(p, dtype=float), EPS, 1 - EPS)
    ya = np.asarray(y, dtype=float)
    return float(np.mean(-(ya * np.log(pa) + (1 - ya) * np.log(1 - pa))))


def rps(dist: ArrayLike, y: ArrayLike) -> float:
    """Mean ranked probability score: sum over k of (F(k) - 1[y <= k])^2, for forecasts over the
    categories 0..K-1 (rows of ``dist``) and observed categories ``y`` (capped at K-1)."""
    d = np.atleast_2d(np.asarray(dist, dtype=float))
    obs = np.minimum(np.asarray(y, dtype=int), d.shape[1] - 1)
    cdf = np.cumsum(d, axis=1)
    step = (np.arange(d.shape[1])[None, :] >= obs[:, None]).astype(float)
    return float(np.mean(np.sum((cdf - step) ** 2, axis=1)))


def skill(model_losses: ArrayLike, reference_losses: ArrayLike) -> float:
    """1 - mean loss of the model over mean loss of the reference (above 0: better)."""
    model = np.asarray(model_losses, dtype=float)
    reference = np.asarray(reference_losses, dtype=float)
    return float(1.0 - model.mean() / reference.mean())


def moving_block_bootstrap(statistic: Callable[[NDArray[np.int64]], float], n: int, block: int, *,
                           draws: int = 2000, seed: int = 0,
                           level: float = 0.9) -> tuple[float, float]:
    """Percentile interval of ``statistic(indices)`` over moving-block resamples of 0..n-1.

    Blocks of ``block`` consecutive indices (at least the forecast horizon, so overlapping
    outcomes stay together) are drawn with replacement until n indices are filled.
    """
    if not 1 <= block <= n:
        raise ValueError(f"block must be between 1 and n ({n}), got {block}")
    rng = np.random.default_rng(seed)
    starts_max = n - block + 1
    k = int(np.ceil(n / block))
    values = np.empty(draws)
    offsets = np.arange(block)
    for b in range(draws):
        starts = rng.integers(0, starts_max, size=k)
        idx = (starts[:, None] + offsets[None, :]).ravel()[:n]
        values[b] = statistic(idx)
    alpha = (1 - level) / 2
    lo, hi = np.quantile(values, [alpha, 1 - alpha])
    return float(lo), float(hi)
