"""Indicators of the security environment: dyad series, trends, change points, relations now."""

from peninsula.indicators._changepoints import change_points, detect, penalty
from peninsula.indicators._dyads import ACTORS, all_dyads, dyad_label, parse_dyad, with_dyads
from peninsula.indicators._now import relations_now
from peninsula.indicators._series import dyad_series
from peninsula.indicators._trend import poisson_interval, trend

__all__ = [
    "ACTORS",
    "all_dyads",
    "change_points",
    "detect",
    "dyad_label",
    "dyad_series",
    "parse_dyad",
    "penalty",
    "poisson_interval",
    "relations_now",
    "trend",
    "with_dyads",
]
