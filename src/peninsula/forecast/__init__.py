"""Outlook: forecast targets, baseline models, scores and the rolling-origin backtest."""

from peninsula.forecast._backtest import HEADLINE, MODELS, REFERENCE, backtest, origins, reliability, summary
from peninsula.forecast._climatology import Climatology
from peninsula.forecast._poisson import PoissonRegression
from peninsula.forecast._scores import brier, log_score, moving_block_bootstrap, rps, skill
from peninsula.forecast._targets import (
    BALLISTIC,
    TARGETS,
    Target,
    daily_counts,
    known_before,
    outcome,
    target,
    window_outcomes,
)

__all__ = [
    "BALLISTIC",
    "HEADLINE",
    "MODELS",
    "REFERENCE",
    "TARGETS",
    "Climatology",
    "PoissonRegression",
    "Target",
    "backtest",
    "brier",
    "daily_counts",
    "known_before",
    "log_score",
    "moving_block_bootstrap",
    "origins",
    "outcome",
    "reliability",
    "rps",
    "skill",
    "summary",
    "target",
    "window_outcomes",
]
