"""Loading the shipped institutions tables: mechanisms, provisions, status changes and gaps."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from peninsula._paths import package_data

KINDS = ("armistice_body", "communication_line", "channel", "talks_forum", "agreement",
         "sanctions_body", "precedent")
STATUSES = ("in force", "suspended", "withdrawn", "defunct")  # least to most restrictive
PRECISIONS = ("day", "month", "year")
_URL = re.compile(r"https?://|www\.", re.I)


def data_path(name: str) -> Path:
    """A file in ``data/institutions``."""
    return package_data("institutions", name)


def parse_partial(value: str, precision: str) -> dt.date:
    """The last day a date of the given precision can stand for (``2010-11`` month -> 30 Nov).

    Changes and establishments known only to the month or year take effect, for as-of queries, at
    the end of that period, so a query never sees them before they can have happened.
    """
    text = str(value).strip()
    try:
        if precision == "day":
            return dt.date.fromisoformat(text)
        if precision == "month":
            year, month = (int(p) for p in text.split("-"))
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        if precision == "year":
            return dt.date(int(text), 12, 31)
    except ValueError:
        pass
    raise ValueError(f"bad date {value!r} for precision {precision!r}")


def check_sources(frame: pd.DataFrame, name: str) -> None:
    """Every row cites at least one source, and none is a URL."""
    for i, value in enumerate(frame["sources"]):
        parts = [p.strip() for p in str(value if isinstance(value, str) else "").split(" | ")]
        if not any(parts):
            raise ValueError(f"{name} row {i + 1} has no source")
        if any(_URL.search(p) for p in parts):
            raise ValueError(f"{name} row {i + 1} cites a URL: sources must be checkable offline")


def _read(name: str) -> pd.DataFrame:
    frame = pd.read_csv(data_path(name), dtype=str, keep_default_na=False, encoding="utf-8")
    check_sources(frame, name)
    return frame


@lru_cache(maxsize=1)
def _mechanisms() -> pd.DataFrame:
    frame = _read("mechanisms.csv")
    if frame["id"].duplicated().any():
        raise ValueError("mechanisms.csv has duplicate ids")
    bad = sorted(set(frame["kind"]) - set(KINDS))
    if bad:
        raise ValueError(f"mechanisms.csv has unknown kinds: {bad}")
    frame["established_on"] = [parse_partial(v, p) for v, p in
                               zip(frame["established"], frame["precision"], strict=True)]
    frame["parties"] = frame["parties"].map(lambda s: tuple(p for p in s.split(";") if p))
    return frame


@lru_cache(maxsize=1)
def _status() -> pd.DataFrame:
    frame = _read("status.csv")
    known = set(_mechanisms()["id"])
    unknown = sorted(set(frame["mechanism_id"]) - known)
    if unknown:
        raise ValueError(f"status.csv names unknown mechanisms: {unknown}")
    bad = sorted(set(frame["status"]) - set(STATUSES))
    if bad:
        raise ValueError(f"status.csv has unknown statuses: {bad}")
    frame["effective"] = [parse_partial(v, p) for v, p in
                          zip(frame["date"], frame["date_precision"], strict=True)]
    return frame.sort_values(["mechanism_id", "effective"], kind="stable").reset_index(drop=True)


def mechanisms() -> pd.DataFrame:
    """Every mechanism: id, name, kind, scope, parties (tuple), operator, provides, established
    (as written), precision, sources, established_on (the date it counts from in as-of queries)."""
    return _mechanisms().copy()


def status_changes(as_of: dt.date | None = None) -> pd.DataFrame:
    """Dated status changes (one row each), only those in effect by ``as_of`` when given."""
    frame = _status().copy()
    if as_of is not None:
        frame = frame[frame["effective"] <= as_of]
    return frame.reset_index(drop=True)


def provisions(mechanism_id: str | None = None) -> pd.DataFrame:
    """Article-by-article provisions (``military`` as bool), for one mechanism or all."""
    frame = _read("provisions.csv")
    frame["military"] = frame["military"].map({"true": True, "false": False})
    if frame["military"].isna().any():
        raise ValueError("provisions.csv: military must be true or false")
    if mechanism_id is not None:
        frame = frame[frame["mechanism_id"] == mechanism_id]
    return frame.reset_index(drop=True)


def gaps() -> pd.DataFrame:
    """Which precedent speaks to which gap (gap, precedent_id, why, sources)."""
    frame = _read("gaps.csv")
    unknown = sorted(set(frame["precedent_id"]) - set(_mechanisms()["id"]))
    if unknown:
        raise ValueError(f"gaps.csv names unknown precedents: {unknown}")
    return frame
