"""Cited nuclear parameters and published estimates (data/nuclear/), filtered by publication date.

Every parameter carries the date it became public, so a projection as of a past date uses only
what was known then; month-only dates take effect at the end of the month.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from peninsula._paths import package_data

TABLES = ("parameters", "reactor_operations", "reprocessing", "enrichment_capacity",
          "published_estimates", "options", "verification_steps", "restart")


def _published(value: str) -> dt.date:
    """YYYY-MM-DD, or YYYY-MM taken as the last day of that month."""
    text = str(value).strip()
    if len(text) == 7:
        period = pd.Period(text, "M")
        return period.end_time.date()
    return dt.date.fromisoformat(text)


def load(table: str, *, as_of: dt.date | None = None) -> pd.DataFrame:
    """One of TABLES as a DataFrame, keeping only rows published on or before ``as_of``."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; choose from {', '.join(TABLES)}")
    with package_data("nuclear", f"{table}.csv").open(encoding="utf-8") as fh:
        frame = pd.read_csv(fh, dtype={"id": str, "published": str})
    frame["published_date"] = [_published(v) for v in frame["published"]]
    if as_of is not None:
        frame = frame[frame["published_date"] <= as_of]
    return frame.reset_index(drop=True)


def parameters(*, as_of: dt.date | None = None, history: bool = False) -> pd.DataFrame:
    """The parameter table (id, name, unit, low, central, high, distribution, who, sources).

    An id may have several rows, each a range as published on its date: the latest one published
    by ``as_of`` holds (``history=True`` keeps every row), so a past projection uses the range
    known then. Ids keep the order of their first row in the file.
    """
    frame = load("parameters", as_of=as_of)
    if history:
        return frame
    order = {pid: i for i, pid in reversed(list(enumerate(frame["id"])))}
    latest = frame.sort_values("published_date", kind="stable").drop_duplicates("id", keep="last")
    latest = latest.sort_values("id", key=lambda ids: ids.map(order), kind="stable")
    return latest.reset_index(drop=True)
