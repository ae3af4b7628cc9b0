"""Outlook: forecast targets, baseline models and scores (the backtest harness comes next)."""

from peninsula.forecast._climatology import Climatology
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
    "TARGETS",
    "Climatology",
    "Target",
    "brier",
    "daily_counts",
    "known_before",
    "log_score",
    "moving_block_bootstrap",
    "outcome",
    "rps",
    "skill",
    "target",
    "window_outcomes",
]
