"""Crisis cases (``data/crises.csv``): episodes with their trigger, events, peak and off-ramp."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from peninsula._paths import package_data
from peninsula.institutions._load import check_sources, parse_partial
from peninsula.institutions._status import _as_date

COLUMNS = ("id", "name", "start", "end", "trigger_event_id", "member_event_ids", "scenario_type",
           "start_rung", "peak_rung", "outcome", "off_ramp", "channel", "china_role", "us_role",
           "summary", "sources")
# What is only known once a crisis is over: blanked for a crisis still running on the as-of date.
LATER = ("end", "peak_rung", "outcome", "off_ramp", "channel", "china_role", "us_role", "summary",
         "sources")


def crises_path() -> Path:
    return package_data("crises.csv")


def _date(value: str, *, last: bool) -> dt.date | None:
    text = value.strip()
    if not text:
        return None
    precision = {10: "day", 7: "month", 4: "year"}.get(len(text))
    if precision is None:
        raise ValueError(f"crises.csv: bad date {value!r}")
    if precision == "day":
        return parse_partial(text, "day")
    end = parse_partial(text, precision)
    return end if last else end.replace(day=1) if precision == "month" else dt.date(end.year, 1, 1)


def _event_day(event_id: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(event_id[:10])
    except ValueError:
        return None


def load_crises(path: Path | None = None) -> pd.DataFrame:
    """The crisis table as shipped (or from ``path``), validated, with list and date columns."""
    source = path or crises_path()
    if not source.is_file():
        raise ValueError(f"no crisis table at {source}")
    frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"crises.csv lacks columns: {', '.join(missing)}")
    check_sources(frame, "crises.csv")
    frame["start_date"] = [_date(v, last=True) for v in frame["start"]]
    frame["end_date"] = [_date(v, last=True) for v in frame["end"]]
    for col in ("member_event_ids", "channel"):
        frame[col] = frame[col].map(lambda s: [p.strip() for p in s.split(";") if p.strip()])
    for col in ("start_rung", "peak_rung"):
        frame[col] = pd.to_numeric(frame[col].replace("", None), errors="raise").astype("Int64")
    return frame


def crises(as_of: dt.date | str | None = None, *, path: Path | None = None) -> pd.DataFrame:
    """Crisis cases that had started by ``as_of`` (default: today), oldest first.

    A crisis still running on ``as_of`` (no end, or an end after it) is kept with ``ongoing``
    true and everything known only later (end, peak, outcome, off-ramp, channel, roles, summary,
    sources) blanked; member events after ``as_of`` are dropped."""
    when = _as_date(as_of)
    frame = load_crises(path)
    frame = frame[frame["start_date"].map(lambda d: d is not None and d <= when)].copy()
    ongoing = frame["end_date"].map(lambda d: d is None or d > when)
    frame["ongoing"] = ongoing
    for col in LATER:
        if col in ("channel",):
            frame.loc[ongoing, col] = pd.Series([[] for _ in range(int(ongoing.sum()))],
                                                index=frame.index[ongoing], dtype=object)
        elif col == "peak_rung":
            frame.loc[ongoing, col] = pd.NA
        else:
            frame.loc[ongoing, col] = ""
    frame.loc[ongoing, "end_date"] = None
    frame["member_event_ids"] = [
        [e for e in ids if (d := _event_day(e)) is None or d <= when] if run else ids
        for ids, run in zip(frame["member_event_ids"], ongoing, strict=True)]
    return frame.sort_values(["start_date", "id"]).reset_index(drop=True)


def crisis(crisis_id: str, *, as_of: dt.date | str | None = None,
           path: Path | None = None) -> dict[str, Any]:
    """One crisis case as a dict, as known on ``as_of``."""
    frame = crises(as_of, path=path)
    match = frame[frame["id"] == crisis_id]
    if match.empty:
        every = load_crises(path)
        if crisis_id in set(every["id"]):
            raise ValueError(f"crisis {crisis_id!r} had not started by {_as_date(as_of)}")
        raise ValueError(f"unknown crisis {crisis_id!r}; see `peninsula crises list`")
    return {str(k): v for k, v in match.iloc[0].to_dict().items()}
