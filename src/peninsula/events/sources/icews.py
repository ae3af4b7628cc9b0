"""ICEWS coded event data (tab-separated yearly files with a header; a historical feed, ended 2023).

Countries are English names, mapped to ISO 3166 alpha-3 with pycountry plus a few ICEWS spellings.
Rows outside the scope are counted as ``filtered``; in-scope rows that cannot be events (no source
country, an impossible date) are quarantined. ICEWS codes news reports, so rows carry no
casualties; their rung follows the ladder rule from the kind alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from peninsula.events._cameo import kind_for_cameo
from peninsula.events._records import Batch, RecordError, finish_record
from peninsula.events.scope import Scope
from peninsula.events.sources._text import csv_records, read_text, record_batches

DATASET = "icews"
MISSING = {"", "NA", "N/A", "NULL", "None"}
REQUIRED = ("Event ID", "Event Date", "Source Country", "Target Country", "CAMEO Code")
# ICEWS spellings pycountry does not resolve.
NAME_FIXES = {
    "Occupied Palestinian Territory": "PSE",
    "Turkey": "TUR",
    "the former Yugoslav Republic of Macedonia": "MKD",
    "Cote d'Ivoire": "CIV",
    "Holy See": "VAT",
    "Democratic Republic of Congo": "COD",
    "Swaziland": "SWZ",
    "Kosovo": "XKX",
    "Russia": "RUS",
}


@cache
def country_code(name: str) -> str | None:
    """ISO alpha-3 for an ICEWS country name, None when missing or unknown."""
    if name in MISSING:
        return None
    if name in NAME_FIXES:
        return NAME_FIXES[name]
    import pycountry

    try:
        return str(pycountry.countries.lookup(name).alpha_3)
    except LookupError:
        return None


def _value(row: dict[str, str], key: str) -> str | None:
    value = (row.get(key) or "").strip()
    return None if value in MISSING else value


class IcewsAdapter:
    """Reads ICEWS .tab files."""

    dataset = DATASET

    def __init__(self, scope: Scope | None = None) -> None:
        self.scope = scope or Scope()

    def batches(self, path: Path, *, batch_rows: int = 50_000) -> Iterator[Batch]:
        records = csv_records(read_text(path, "utf-8"), delimiter="\t")
        header = next(records, None)
        if header is None:
            yield Batch()
            return
        names = [h.strip() for h in header.fields]
        missing = [c for c in REQUIRED if c not in names]
        if missing:
            raise RecordError(f"{path.name}: not an ICEWS file, header lacks {', '.join(missing)}")
        yield from record_batches(records, names, self._parse, batch_rows=batch_rows)

    def _parse(self, row: dict[str, str]) -> dict[str, Any] | None:
        a1_name, a2_name = _value(row, "Source Country"), _value(row, "Target Country")
        a1 = country_code(a1_name) if a1_name else None
        a2 = country_code(a2_name) if a2_name else None
        if not self.scope.keeps(a1, a2):
            return None
        return self._record(row, a1, a2, a1_name)

    @staticmethod
    def _record(row: dict[str, str], a1: str | None, a2: str | None,
                a1_name: str | None) -> dict[str, Any]:
        if a1 is None:
            raise RecordError(f"source country {a1_name!r} is missing or not a known country")
        event_id = _value(row, "Event ID")
        if not event_id or not event_id.isdigit():
            raise RecordError(f"Event ID is not a number: {event_id!r}")
        code = _value(row, "CAMEO Code")
        if not code or not code.isdigit() or not 2 <= len(code) <= 4:
            raise RecordError(f"CAMEO Code is not a code: {code!r}")
        kind, subtype = kind_for_cameo(code)
        if kind == "missile_launch":  # pragma: no cover - no CAMEO code maps to a launch
            subtype = "unknown"
        intensity = _value(row, "Intensity")
        try:
            goldstein = float(intensity) if intensity is not None else None
        except ValueError as exc:
            raise RecordError(f"Intensity is not a number: {intensity!r}") from exc
        if goldstein is not None and not -10 <= goldstein <= 10:
            raise RecordError(f"Intensity out of range: {goldstein}")
        place = ", ".join(v for v in (_value(row, "City"), _value(row, "Province"),
                                      _value(row, "Country")) if v)
        lat, lon = _value(row, "Latitude"), _value(row, "Longitude")
        story = _value(row, "Story ID")
        sentence = _value(row, "Sentence Number")
        publisher = _value(row, "Publisher")
        return finish_record({
            "dataset": DATASET,
            "source_id": event_id,
            "date": _value(row, "Event Date"),
            "date_precision": "day",
            "actor1": a1,
            "actor2": a2,
            "kind": kind,
            "subtype": subtype,
            "cameo_code": code,
            "goldstein": goldstein,
            "location": place or None,
            "lat": lat if lat is not None and lon is not None else None,
            "lon": lon if lat is not None and lon is not None else None,
            "summary": " - ".join(v for v in (_value(row, "Source Name"),
                                              _value(row, "Event Text"),
                                              _value(row, "Target Name")) if v),
            "contested": False,
            "sources": [f"ICEWS event {event_id}"
                        + (f", story {story} sentence {sentence}" if story else "")
                        + (f", {publisher}" if publisher else "")],
        })
