"""Ballistic-missile and satellite launch days derived from the CSIS and CNS feeds.

One row per local date in Korea and launch class (ballistic or SLV). CSIS dates are Korean;
CNS dates come from UTC launch times (see ``sources.cns``). A CNS day with no CSIS day of its
class is paired with a CSIS day one day away by ``canonical.pair_days`` (the rule the canonical
view uses) and takes the CSIS date. The shipped file is written by scripts/derive_launch_days.py.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pandas as pd

from peninsula.events.canonical import pair_days, subtype_class

FIRST_DAY = dt.date(1984, 1, 1)
# Order used to name a day's class by its highest-reaching missile.
SUBTYPE_RANK = ("ICBM", "IRBM", "HGV", "MRBM", "SLBM", "SRBM", "unknown", "SLV")
COLUMNS = (
    "id", "date", "date_precision", "known_date", "time_utc", "actor1", "actor2", "kind",
    "subtype", "tags", "cameo_code", "deaths_military", "deaths_civilian", "injured",
    "deaths_initiator", "casualties_side", "location", "lat", "lon", "summary", "attribution",
    "contested", "sources",
)
LAUNCH_CLASSES = ("ballistic", "SLV")


def _rank(subtype: str) -> int:
    return SUBTYPE_RANK.index(subtype) if subtype in SUBTYPE_RANK else len(SUBTYPE_RANK)


def derive(
    csis: pd.DataFrame, cns: Iterable[pd.DataFrame], curated: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Launch days from CSIS rows and one or more CNS copies (event-store rows of kind missile_launch).

    Each frame needs kind, date, date_precision, time_utc, subtype, source_id and sources. A CSIS-CNS
    pair one day apart takes the CSIS date, unless our hand-checked chronology (``curated``) has the
    launch on the CNS date. Returns the rows of data/launch_days.csv, sorted by date and class.
    """
    days: dict[tuple[str, dt.date], dict[str, Any]] = {}

    def entry(cls: str, day: dt.date) -> dict[str, Any]:
        return days.setdefault((cls, day), {
            "csis": [], "cns": defaultdict(list), "subtypes": set(), "times": [],
            "precision": "day",
        })

    def launch_rows(frame: pd.DataFrame) -> pd.DataFrame:
        f = frame[frame["kind"] == "missile_launch"].copy()
        f["cls"] = [subtype_class("missile_launch", s) for s in f["subtype"]]
        f["day"] = pd.to_datetime(f["date"]).dt.date
        return f[f["cls"].isin(LAUNCH_CLASSES) & (f["day"] >= FIRST_DAY)]

    csis_rows = launch_rows(csis)
    cns_rows = pd.concat(
        [launch_rows(f).assign(copy=i) for i, f in enumerate(cns)], ignore_index=True
    )
    ours = launch_rows(curated) if curated is not None else csis_rows.iloc[0:0]
    csis_move: dict[tuple[str, dt.date], dt.date] = {}
    cns_move: dict[tuple[str, dt.date], dt.date] = {}
    our_days = set(ours["day"])  # any launch class: the question is only which date is right
    for cls in LAUNCH_CLASSES:
        csis_days = set(csis_rows.loc[csis_rows["cls"] == cls, "day"])
        part = cns_rows[cns_rows["cls"] == cls]
        for cns_day, csis_day in pair_days(csis_days, set(part["day"])).items():
            if cns_day in our_days and csis_day not in our_days:
                csis_move[(cls, csis_day)] = cns_day
            else:
                cns_move[(cls, cns_day)] = csis_day
    for row in csis_rows.to_dict("records"):
        e = entry(row["cls"], csis_move.get((row["cls"], row["day"]), row["day"]))
        e["csis"].append(row["sources"][0])
        e["subtypes"].add(row["subtype"])
    for row in cns_rows.to_dict("records"):
        e = entry(row["cls"], cns_move.get((row["cls"], row["day"]), row["day"]))
        e["cns"][row["copy"]].append(row["sources"][0])
        e["subtypes"].add(row["subtype"])
        if isinstance(row["time_utc"], pd.Timestamp) and not pd.isna(row["time_utc"]):
            e["times"].append(row["time_utc"])
        if row["date_precision"] == "month" and not e["csis"]:
            e["precision"] = "month"
    out = []
    for (cls, day), e in sorted(days.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        subtypes = sorted(e["subtypes"], key=_rank)
        known = [s for s in subtypes if s != "unknown"]
        subtype = (known or subtypes)[0]
        per_copy = [sorted(v) for v in e["cns"].values()]
        n_cns = max((len(v) for v in per_copy), default=0)
        sources = sorted(set(e["csis"])) + sorted(
            v[0] + (f" (and {len(v) - 1} more rows)" if len(v) > 1 else "") for v in per_copy
        )
        times = sorted(e["times"])
        what = "satellite launch" if cls == "SLV" else "ballistic missile launch"
        counted = f"; CNS lists {n_cns} missile{'s' if n_cns != 1 else ''}" if n_cns else ""
        out.append({
            "id": f"{day.isoformat()}-{cls.lower()}",
            "date": day.isoformat(),
            "date_precision": e["precision"],
            "known_date": "",
            "time_utc": times[0].strftime("%Y-%m-%dT%H:%M") if times else "",
            "actor1": "PRK", "actor2": "", "kind": "missile_launch", "subtype": subtype,
            "tags": "", "cameo_code": "", "deaths_military": "", "deaths_civilian": "",
            "injured": "", "deaths_initiator": "", "casualties_side": "", "location": "",
            "lat": "", "lon": "",
            "summary": f"DPRK {what} day, highest class {subtype}{counted} (derived from CSIS and CNS).",
            "attribution": "", "contested": "false",
            "sources": " | ".join(sources),
        })
    return pd.DataFrame(out, columns=list(COLUMNS))
