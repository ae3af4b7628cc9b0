""""Relations now": each dyad's last 6 and 12 months against its own 10-year baseline.

Volume-free measures, so more or less reporting does not read as better or worse relations:
the mean Goldstein score per event (-10 to +10) and the conflict share. The recent mean is compared
with the baseline's (the 10 years before the recent 12 months) as a z-score, using the spread of
the baseline's events; |z| < 1 is "as usual", 1-2 "worse"/"better", beyond 2 "much worse"/"much
better". Fewer than MIN_EVENTS events in a window give "too few events".
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from peninsula.indicators._dyads import all_dyads, with_dyads

MIN_EVENTS = 3
BASELINE_YEARS = 10
LABELS = ((-2.0, "much worse"), (-1.0, "worse"), (1.0, "as usual"), (2.0, "better"))


def label(z: float) -> str:
    """Plain words for a z-score of the Goldstein mean (negative is worse)."""
    if z != z:
        return "too few events"
    for bound, word in LABELS:
        if z <= bound if bound < 0 else z < bound:
            return word
    return "much better"


def _months_before(day: dt.date, months: int) -> dt.date:
    return (pd.Timestamp(day) - pd.DateOffset(months=months)).date()


def relations_now(events: pd.DataFrame, as_of: dt.date,
                  dyads: list[str] | None = None) -> pd.DataFrame:
    """One row per dyad: event counts, Goldstein means and conflict shares of the last 6 and 12
    months and of the baseline, z-scores and plain-word labels."""
    frame = with_dyads(events)
    frame = frame.assign(day=pd.to_datetime(frame["date"]).dt.date)
    frame = frame[frame["goldstein"].notna()]
    start12 = _months_before(as_of, 12)
    start6 = _months_before(as_of, 6)
    base_start = _months_before(start12, 12 * BASELINE_YEARS)
    rows = []
    for dyad in dyads or all_dyads():
        d = frame[frame["dyad"] == dyad]
        base = d[(d["day"] > base_start) & (d["day"] <= start12)]
        row: dict[str, object] = {"dyad": dyad, "baseline_events": len(base),
                                  "baseline_goldstein": base["goldstein"].mean(),
                                  "baseline_conflict_share": (base["quad_class"] >= 3).mean()
                                  if len(base) else np.nan}
        spread = base["goldstein"].std(ddof=1) if len(base) > 1 else np.nan
        for name, start in (("6m", start6), ("12m", start12)):
            recent = d[(d["day"] > start) & (d["day"] <= as_of)]
            mean = recent["goldstein"].mean()
            row[f"events_{name}"] = len(recent)
            row[f"goldstein_{name}"] = mean
            row[f"conflict_share_{name}"] = (recent["quad_class"] >= 3).mean() \
                if len(recent) else np.nan
            enough = len(recent) >= MIN_EVENTS and len(base) >= MIN_EVENTS and spread > 0
            base_mean = float(base["goldstein"].mean()) if len(base) else np.nan
            z = (mean - base_mean) / (spread / np.sqrt(len(recent))) if enough else np.nan
            row[f"z_{name}"] = z
            row[f"label_{name}"] = label(float(z))
        rows.append(row)
    return pd.DataFrame(rows)
