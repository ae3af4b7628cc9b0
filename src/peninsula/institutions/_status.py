"""Status of each mechanism on a date: per party, and overall (the most restrictive)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from peninsula.institutions._load import STATUSES, _mechanisms, _status, provisions

RANK = {s: i for i, s in enumerate(STATUSES)}


def _as_date(value: dt.date | str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"a date must be YYYY-MM-DD, got {value!r}") from None


def _party_states(mech: pd.Series, changes: pd.DataFrame, day: dt.date) -> list[dict[str, Any]]:
    """Each party's status on ``day`` from the changes in effect by then."""
    states: dict[str, dict[str, Any]] = {
        p: {"party": p, "status": "in force", "since": mech["established_on"],
            "since_label": mech["established"], "clause": "", "note": ""}
        for p in mech["parties"]}
    for row in changes[changes["effective"] <= day].to_dict("records"):
        targets = list(states) if row["party"] == "all" else [row["party"]]
        for p in targets:
            states[p] = {"party": p, "status": row["status"], "since": row["effective"],
                         "since_label": row["date"], "clause": row["clause"], "note": row["note"]}
    return list(states.values())


def _overall(parties: list[dict[str, Any]]) -> str:
    return max((p["status"] for p in parties), key=RANK.__getitem__, default="in force")


def _timeline(mech: pd.Series, changes: pd.DataFrame, day: dt.date) -> list[tuple[dt.date, str]]:
    """(date, overall status) at establishment and at every change in effect by ``day``."""
    dates = [mech["established_on"], *sorted(set(changes.loc[changes["effective"] <= day,
                                                             "effective"]))]
    return [(d, _overall(_party_states(mech, changes, d))) for d in dates]


def _label(mech: pd.Series, changes: pd.DataFrame, since: dt.date) -> str:
    """The date as written (``2010-11`` for a month) of the change effective on ``since``."""
    rows = changes[changes["effective"] == since]
    return str(rows["date"].iloc[0]) if len(rows) else str(mech["established"])


def _since(timeline: list[tuple[dt.date, str]]) -> dt.date:
    current = timeline[-1][1]
    since = timeline[-1][0]
    for d, s in reversed(timeline):
        if s != current:
            break
        since = d
    return since


def status_on(day: dt.date | str, *, kinds: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per mechanism established by ``day``: id, name, kind, scope, status (the most
    restrictive of the parties'), since (when that overall status began; ``since_label`` as
    written, e.g. ``2010-11`` for a change known to the month), partial (true when the
    restriction covers only some clauses), clause, note (of the change that set it), and
    ``parties``: a list of {party, status, since, since_label, clause, note}. Nothing after ``day`` is used."""
    when = _as_date(day)
    mechs = _mechanisms()
    changes = _status()
    rows = []
    for _, mech in mechs.iterrows():
        if mech["established_on"] > when or (kinds and mech["kind"] not in kinds):
            continue
        own = changes[changes["mechanism_id"] == mech["id"]]
        parties = _party_states(mech, own, when)
        status = _overall(parties)
        setting = [p for p in parties if p["status"] == status]
        decisive = max(setting, key=lambda p: p["since"])
        partial = status != "in force" and all(p["clause"] for p in setting)
        since = _since(_timeline(mech, own, when))
        rows.append({
            "id": mech["id"], "name": mech["name"], "kind": mech["kind"], "scope": mech["scope"],
            "status": status, "since": since, "since_label": _label(mech, own, since),
            "partial": partial,
            "clause": "; ".join(sorted({p["clause"] for p in setting if p["clause"]})),
            "note": decisive["note"], "established": mech["established"],
            "parties": parties,
        })
    columns = ["id", "name", "kind", "scope", "status", "since", "since_label", "partial",
               "clause", "note",
               "established", "parties"]
    return pd.DataFrame(rows, columns=columns)


def show(mechanism_id: str, *, as_of: dt.date | str | None = None) -> dict[str, Any]:
    """One mechanism: its record, provisions, status changes up to ``as_of`` and its status then."""
    when = _as_date(as_of)
    mechs = _mechanisms()
    match = mechs[mechs["id"] == mechanism_id]
    if match.empty:
        raise ValueError(f"unknown mechanism {mechanism_id!r}; see `peninsula institutions list`")
    mech = match.iloc[0]
    if mech["established_on"] > when:
        raise ValueError(f"mechanism {mechanism_id!r} was not yet established on {when}")
    own = _status()
    own = own[(own["mechanism_id"] == mechanism_id) & (own["effective"] <= when)]
    now = status_on(when)
    current = now[now["id"] == mechanism_id].iloc[0].to_dict()
    return {
        "id": mech["id"], "name": mech["name"], "kind": mech["kind"], "scope": mech["scope"],
        "parties": list(mech["parties"]), "operator": mech["operator"],
        "provides": mech["provides"], "established": mech["established"],
        "precision": mech["precision"], "sources": _split(mech["sources"]),
        "as_of": when, "status": current["status"], "since": current["since"],
        "since_label": current["since_label"],
        "partial": current["partial"], "party_status": current["parties"],
        "changes": [{"date": r["date"], "date_precision": r["date_precision"], "party": r["party"],
                     "status": r["status"], "clause": r["clause"], "note": r["note"],
                     "sources": _split(r["sources"])} for r in own.to_dict("records")],
        "provisions": [{"article": r["article"], "summary": r["summary"],
                        "military": bool(r["military"]), "sources": _split(r["sources"])}
                       for r in provisions(mechanism_id).to_dict("records")],
    }


def _split(sources: str) -> list[str]:
    return [s.strip() for s in sources.split(" | ") if s.strip()]
