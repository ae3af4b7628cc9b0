"""Section "Institutions and channels": what works, what is suspended and since when, the crisis
cases and their off-ramps, and which precedent speaks to which gap, all as of ``ctx.as_of``."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd

from peninsula.briefing.context import Context
from peninsula.briefing.registry import Section, register
from peninsula.briefing.sections._html import day, table, text

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
_ISO = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_NAMED = re.compile(rf"\b(?:(\d{{1,2}}) )?({'|'.join(MONTHS)}) (\d{{4}})\b")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
STATUS_CLASS = {"in force": "ok", "suspended": "warn", "withdrawn": "bad", "defunct": "bad"}


def mentions_later(value: str, as_of: dt.date) -> bool:
    """True when a text names a date or year after ``as_of`` (the page must not)."""
    for m in _ISO.finditer(value):
        if dt.date(int(m[1]), int(m[2]), int(m[3] or 1)) > as_of:
            return True
    for m in _NAMED.finditer(value):
        if dt.date(int(m[3]), MONTHS.index(m[2]) + 1, int(m[1] or 1)) > as_of:
            return True
    return any(int(y) > as_of.year for y in _YEAR.findall(value))


def safe(value: Any, as_of: dt.date) -> str:
    """Escaped text, or empty when it would name a later date."""
    shown = text(value)
    return "" if mentions_later(shown, as_of) else shown


def when(label: str) -> str:
    """A date as written in the data (day, month or year) in words."""
    parts = label.split("-")
    if len(parts) == 3:
        return day(dt.date.fromisoformat(label))
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return label


def _status_cell(row: dict[Any, Any]) -> str:
    label = row["status"] + (f" (in part: {row['clause']})" if row["partial"] else "")
    return f'<span class="status-{STATUS_CLASS[row["status"]]}">{text(label)}</span>'


def _matrix(frame: pd.DataFrame, as_of: dt.date) -> str:
    rows = []
    for r in frame.to_dict("records"):
        parties = "; ".join(
            f"{p['party']}: {p['status']}" + (f" ({p['clause']})" if p["clause"] else "")
            + (f" since {when(p['since_label'])}" if p["status"] != "in force" else "")
            for p in r["parties"])
        rows.append([text(r["name"]), text(r["kind"].replace("_", " ")), _status_cell(r),
                     text(when(r["since_label"])), text(parties), safe(r["note"], as_of)])
    return table(["mechanism", "kind", "status", "since", "by party", "latest change"], rows,
                 cls="institutions")


def _crises_part(as_of: dt.date) -> tuple[str, list[str]]:
    from peninsula.institutions import crises

    try:
        frame = crises(as_of)
    except ValueError as exc:
        return f"<p class=\"note\">Crisis cases are not available: {text(exc)}.</p>", []
    if frame.empty:
        return f"<p>No crisis case had started by {day(as_of)}.</p>", []
    rows = []
    for r in frame.to_dict("records"):
        end = "ongoing" if r["ongoing"] else day(r["end_date"])
        peak = "" if pd.isna(r["peak_rung"]) else str(int(r["peak_rung"]))
        start_rung = "" if pd.isna(r["start_rung"]) else str(int(r["start_rung"]))
        sources = " | ".join(s for s in str(r["sources"]).split(" | ")
                             if s.strip() and not mentions_later(s, as_of))
        rows.append([text(r["name"]), day(r["start_date"]), text(end), start_rung, peak,
                     safe(r["outcome"], as_of), safe(r["off_ramp"], as_of),
                     safe("; ".join(r["channel"]), as_of), safe(r["china_role"], as_of),
                     safe(r["us_role"], as_of), safe(sources, as_of)])
    html = table(["crisis", "start", "end", "start rung", "peak rung", "outcome", "off-ramp",
                  "channel", "China's role", "US role", "sources"], rows, numeric=(3, 4),
                 cls="crises")
    done = frame[~frame["ongoing"]]
    judgments = []
    if len(done):
        last = done.iloc[-1]
        ramp = safe(last["off_ramp"], as_of)
        judgments.append(
            f"Crisis record: {len(done)} crisis cases had ended by {day(as_of)}; the latest, "
            f"{text(last['name'])} (peak rung {'' if pd.isna(last['peak_rung']) else int(last['peak_rung'])}), "
            f"ended {day(last['end_date'])}" + (f"; off-ramp: {ramp}" if ramp else "."))
    return html, judgments


def _gaps(as_of: dt.date, present: set[str]) -> str:
    from peninsula.institutions import gaps, mechanisms

    names = dict(zip(mechanisms()["id"], mechanisms()["name"], strict=True))
    frame = gaps()
    frame = frame[frame["precedent_id"].isin(present)]
    rows = [[safe(r["gap"], as_of), text(names[r["precedent_id"]]), safe(r["why"], as_of)]
            for r in frame.to_dict("records")]
    if not rows:
        return f"<p>No precedent in our table predates {day(as_of)}.</p>"
    return table(["gap", "precedent", "why it speaks to the gap"], rows, cls="gaps")


def _judgment(frame: pd.DataFrame, as_of: dt.date) -> str:
    local = frame[(frame["scope"] == "peninsula")]
    working = local[local["status"] == "in force"]
    down = local[local["status"] != "in force"]
    parts = [f"{text(r['name'])} {r['status']}"
             + (f" (in part: {text(r['clause'])})" if r["partial"] else "")
             + f" since {when(r['since_label'])}" for r in down.to_dict("records")]
    return (f"Institutions on {day(as_of)}: {len(working)} of {len(local)} peninsula mechanisms "
            "in force for every party" + (f"; not fully in force: {'; '.join(parts)}." if parts
                                          else "."))


@register("institutions", "Institutions and channels", order=20)
def render(ctx: Context) -> Section:
    """Status matrix, crisis cases with off-ramps, and precedents for the gaps, as of ``as_of``."""
    from peninsula.institutions import status_on

    as_of = ctx.as_of
    frame = status_on(as_of)
    local = frame[frame["kind"] != "precedent"]
    crises_html, crisis_judgments = _crises_part(as_of)
    parts = [
        f"<h3>What works and what does not, {day(as_of)}</h3>",
        "<p>Each mechanism's status is the most restrictive of its parties': defunct, withdrawn, "
        "suspended, in force. 'Since' is when that status began; dates known only to the month "
        "or year are shown that way.</p>",
        _matrix(local, as_of),
        f"<h3>Crisis cases to {day(as_of)}</h3>", crises_html,
        "<h3>Precedents for the gaps</h3>",
        _gaps(as_of, set(frame["id"])),
    ]
    judgments = [_judgment(frame, as_of), *crisis_judgments]
    judgments = [j for j in judgments if not mentions_later(re.sub(r"<[^>]+>", " ", j), as_of)]
    return Section("institutions", "Institutions and channels", "\n".join(parts), tuple(judgments))


__all__ = ["mentions_later", "render"]
