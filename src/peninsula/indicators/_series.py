"""Monthly and quarterly dyad series: counts by quad class and kind, Goldstein mean, conflict share,
highest rung. Built from the canonical events (one row per event), so several datasets never count
one event twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import numpy as np
import pandas as pd

from peninsula.events import KINDS
from peninsula.indicators._dyads import with_dyads

Freq = Literal["M", "Q"]
QUADS = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}


def _periods(start: dt.date, end: dt.date, freq: Freq) -> pd.PeriodIndex:
    return pd.period_range(pd.Period(start, freq), pd.Period(end, freq), freq=freq)


def dyad_series(
    events: pd.DataFrame,
    dyad: str,
    *,
    freq: Freq = "M",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pd.DataFrame:
    """One dyad's series, one row per period (empty periods included, counts 0).

    Columns: events; verbal_coop, material_coop, verbal_conflict, material_conflict (counts by quad
    class); one ``kind_<kind>`` count per kind; goldstein_mean (-10 to +10; NaN without events);
    conflict_share (quad 3 and 4 over events with a quad class); max_rung (NaN without a rung).
    """
    frame = with_dyads(events)
    frame = frame[frame["dyad"] == dyad]
    dates = pd.to_datetime(events["date"]) if len(events) else pd.Series([], dtype="datetime64[s]")
    first = start or (pd.Timestamp(dates.min()).date() if len(dates) else dt.date(1990, 1, 1))
    last = end or (pd.Timestamp(dates.max()).date() if len(dates) else first)
    index = _periods(first, last, freq)
    period = pd.to_datetime(frame["date"]).dt.to_period(freq)
    frame = frame.assign(period=period)
    frame = frame[(frame["period"] >= index[0]) & (frame["period"] <= index[-1])]
    grouped = frame.groupby("period")
    out = pd.DataFrame(index=index)
    out.index.name = "period"
    out["events"] = grouped.size().reindex(index, fill_value=0).astype("int64")
    for quad, name in QUADS.items():
        out[name] = (frame[frame["quad_class"] == quad].groupby("period").size()
                     .reindex(index, fill_value=0).astype("int64"))
    for kind in sorted(KINDS):
        out[f"kind_{kind}"] = (frame[frame["kind"] == kind].groupby("period").size()
                               .reindex(index, fill_value=0).astype("int64"))
    out["goldstein_mean"] = grouped["goldstein"].mean().reindex(index).astype("float64")
    coded = out[list(QUADS.values())].sum(axis=1)
    conflict = out["verbal_conflict"] + out["material_conflict"]
    out["conflict_share"] = np.where(coded > 0, conflict / coded.where(coded > 0, 1), np.nan)
    out["max_rung"] = grouped["rung"].max().reindex(index).astype("float64")
    return out
