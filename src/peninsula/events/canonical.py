"""Matching rows of several datasets into canonical events (DESIGN, "One event, several datasets").

Rows match when kind, subtype class, undirected dyad and local date agree. Matching is one-to-one
(a canonical event takes at most one row from each dataset) and never transitive. Datasets are
visited in precedence order; the first row of an event is its representative.

A +-1-day window applies only where a feed's date is uncertain (the CSIS and CNS feeds, whose
dates disagree by a day for some launches: CNS converts from UTC, CSIS sometimes gives the US
date). A day of such a feed that falls on no day already known for its kind and class is paired,
one-to-one, with a known day one day before or after that no day of that feed covers
(``pair_days``); the derive script uses the same rule for CSIS-CNS pairs, so every CSIS or CNS
launch lands on a shipped launch day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from peninsula.events._schema import PRECEDENCE

BALLISTIC = frozenset({"SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "HGV", "unknown"})
# Datasets whose dates may be a day off (UTC-based or uncertain times).
UNCERTAIN_DATE_DATASETS = frozenset({"csis", "cns", "cns-export"})
ONE_DAY = dt.timedelta(days=1)


def subtype_class(kind: str, subtype: str | None) -> str:
    """The class compared when matching: ballistic, SLV, cruise... for launches; the kind otherwise."""
    if kind != "missile_launch":
        return kind
    if subtype is None or subtype in BALLISTIC:
        return "ballistic"
    return subtype


def pair_days(known: Iterable[dt.date], uncertain: Iterable[dt.date]) -> dict[dt.date, dt.date]:
    """Pair uncertain days that fall on no known day with a free known day one day away.

    A known day is free when no uncertain day falls on it. Pairing is one-to-one, earliest
    uncertain day first, the day before preferred to the day after. Returns {uncertain: known}.
    """
    known_set = set(known)
    uncertain_set = set(uncertain)
    free = known_set - uncertain_set
    pairs: dict[dt.date, dt.date] = {}
    for day in sorted(uncertain_set - known_set):
        for cand in (day - ONE_DAY, day + ONE_DAY):
            if cand in free:
                pairs[day] = cand
                free.discard(cand)
                break
    return pairs


def dyads_agree(a1: str, a2: str | None, b1: str, b2: str | None) -> bool:
    """Undirected dyads agree; a missing actor2 is unknown, so it agrees when its actor1 is in the other pair."""
    if a2 and b2:
        return {a1, a2} == {b1, b2}
    if not a2 and not b2:
        return a1 == b1
    if not a2:
        return a1 in {b1, b2}
    return b1 in {a1, a2}


def dataset_order(datasets: Iterable[str]) -> list[str]:
    """Datasets in precedence order; unknown datasets after the known ones, alphabetically."""
    rank = {name: i for i, name in enumerate(PRECEDENCE)}
    return sorted(set(datasets), key=lambda d: (rank.get(d, len(rank)), d))


@dataclass
class _Canon:
    canonical_id: str
    actor1: str
    actor2: str | None
    datasets: set[str] = field(default_factory=set)


def link_events(rows: pd.DataFrame) -> pd.DataFrame:
    """Assign every row a canonical event.

    ``rows`` has event_id, dataset, date, actor1, actor2, kind, subtype. Returns event_id,
    canonical_id and match_date (the date the row was matched on; the canonical event's date).
    """
    out_ids: list[str] = []
    out_canon: list[str] = []
    out_dates: list[dt.date] = []
    index: dict[tuple[str, str, dt.date], list[_Canon]] = defaultdict(list)
    days: dict[tuple[str, str, str], set[dt.date]] = defaultdict(set)
    if rows.empty:
        return pd.DataFrame({"event_id": [], "canonical_id": [], "match_date": []})
    frame = rows.copy()
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    frame["cls"] = [subtype_class(k, s if isinstance(s, str) else None)
                    for k, s in zip(frame["kind"], frame["subtype"], strict=True)]
    for dataset in dataset_order(frame["dataset"].unique()):
        part = frame[frame["dataset"] == dataset].sort_values(["date", "event_id"], kind="stable")
        match_date = list(part["date"])
        if dataset in UNCERTAIN_DATE_DATASETS:
            groups = part.groupby(["kind", "cls", "actor1"], sort=True)
            shift: dict[tuple[str, str, str, dt.date], dt.date] = {}
            for (kind, cls, actor1), grp in groups:
                key = (str(kind), str(cls), str(actor1))
                pairs = pair_days(days[key], grp["date"])
                for src, dst in pairs.items():
                    shift[(*key, src)] = dst
            match_date = [
                shift.get((k, c, a, d), d)
                for k, c, a, d in zip(part["kind"], part["cls"], part["actor1"], part["date"],
                                      strict=True)
            ]
        added: list[tuple[str, str, str, dt.date]] = []
        for event_id, kind, cls, a1, a2, day in zip(
            part["event_id"], part["kind"], part["cls"], part["actor1"], part["actor2"],
            match_date, strict=True,
        ):
            actor2 = a2 if isinstance(a2, str) and a2 else None
            candidates = index[(kind, cls, day)]
            target = next(
                (c for c in candidates
                 if dataset not in c.datasets and dyads_agree(a1, actor2, c.actor1, c.actor2)),
                None,
            )
            if target is None:
                target = _Canon(str(event_id), str(a1), actor2)
                candidates.append(target)
                added.append((str(kind), str(cls), str(a1), day))
            target.datasets.add(dataset)
            out_ids.append(str(event_id))
            out_canon.append(target.canonical_id)
            out_dates.append(day)
        for kind, cls, a1, day in added:
            days[(kind, cls, a1)].add(day)
    return pd.DataFrame({"event_id": out_ids, "canonical_id": out_canon, "match_date": out_dates})
