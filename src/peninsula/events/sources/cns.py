"""CNS North Korea Missile Test Database: the nagix JSON copy and the 2023 CSV export.

CNS gives dates and launch times in UTC; rows are stored under the local date in Korea (UTC+9)
when the time is known (a launch at 21:50 UTC is the next day in Korea). Rows without a time keep
CNS's date, which the canonical matching treats as uncertain by one day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from peninsula.events._records import Batch, Quarantined, RecordError, finish_record
from peninsula.events.sources._text import (
    csv_records,
    load_json,
    raw_json,
    read_text,
    record_batches,
)

DATASET = "cns"
KST = dt.timedelta(hours=9)
CLASSES = {"SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "SLV", "HGV"}
MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
# The nagix copy writes two "12:xx AM" UTC times as 12:xx (NOTES.md); the CNS export has 00:xx.
NAGIX_TIME_FIXES = {("2016-02-07", "12:29"): "00:29", ("2017-07-04", "12:40"): "00:40"}


def missile_class(value: str | None) -> str:
    """CNS missile type as our subtype; anything else is 'unknown'."""
    text = (value or "").strip().upper()
    return text if text in CLASSES else "unknown"


def local_date(day: dt.date, time_utc: dt.datetime | None) -> dt.date:
    """The date in Korea: the UTC launch time plus nine hours, else CNS's own date."""
    return (time_utc + KST).date() if time_utc is not None else day


def _record(*, source_id: str, day: dt.date, precision: str, time_utc: dt.datetime | None,
            subtype: str, name: str, facility: str | None, lat: Any, lon: Any, outcome: str,
            citation: str) -> dict[str, Any]:
    place = f" from {facility}" if facility else ""
    result = outcome.lower() if outcome and outcome.lower() != "unknown" else "outcome unknown"
    return finish_record({
        "dataset": DATASET,
        "source_id": source_id,
        "date": local_date(day, time_utc).isoformat(),
        "date_precision": precision,
        "time_utc": time_utc.isoformat() if time_utc else None,
        "actor1": "PRK",
        "kind": "missile_launch",
        "subtype": subtype,
        "location": facility,
        "lat": lat,
        "lon": lon,
        "summary": f"{name} ({subtype}) launch{place}; {result}.",
        "contested": False,
        "sources": [citation],
    })


class CnsAdapter:
    """Reads the nagix JSON (test.en.json or the 2017 test.json) or the CNS 2023 CSV export."""

    dataset = DATASET

    def batches(self, path: Path, *, batch_rows: int = 50_000) -> Iterator[Batch]:
        if path.suffix.lower() == ".json":
            yield from self._nagix(path, batch_rows)
        else:
            yield from self._export(path, batch_rows)

    # -- nagix JSON ------------------------------------------------------------------------------
    @staticmethod
    def _lookup(path: Path, name: str) -> dict[str, Any]:
        for folder in (path.parent, path.parent.parent):
            candidate = folder / name
            if candidate.exists():
                data = load_json(candidate)
                if isinstance(data, dict):
                    inner = data.get("facilities", data)
                    return inner if isinstance(inner, dict) else {}
        return {}

    def _nagix(self, path: Path, batch_rows: int) -> Iterator[Batch]:
        data = load_json(path)
        if not isinstance(data, dict) or not isinstance(data.get("timeBins", None), list):
            raise RecordError(f"{path.name}: expected the nagix layout with 'timeBins'")
        missiles = self._lookup(path, "missile.en.json")
        facilities = self._lookup(path, "facility.en.json") or self._lookup(
            path, "facility_lat_lon.json")
        batch = Batch()
        n = 0
        for time_bin in data["timeBins"]:
            tests = time_bin.get("data") if isinstance(time_bin, dict) else None
            if not isinstance(tests, list):
                n += 1
                batch.read += 1
                batch.quarantined.append(Quarantined(n, raw_json(time_bin), "time bin without data"))
                continue
            for test in tests:
                n += 1
                batch.read += 1
                try:
                    if not isinstance(test, dict):
                        raise RecordError("record is not an object")
                    batch.rows.append(self._nagix_record(test, missiles, facilities))
                    batch.line_nos.append(n)
                except RecordError as exc:
                    batch.quarantined.append(Quarantined(n, raw_json(test), str(exc)))
                if batch.read >= batch_rows:
                    yield batch
                    batch = Batch()
        yield batch

    @staticmethod
    def _nagix_record(test: dict[str, Any], missiles: dict[str, Any],
                      facilities: dict[str, Any]) -> dict[str, Any]:
        date_text = test.get("date")
        time_text = test.get("time")
        missile = test.get("missile")
        if not isinstance(date_text, str) or not isinstance(missile, str):
            raise RecordError("missing date or missile")
        if not isinstance(time_text, str):
            raise RecordError("missing time")
        series = test.get("series")
        if series is not None and (isinstance(series, bool) or not isinstance(series, int)):
            raise RecordError(f"series is not a whole number: {series!r}")
        if re.fullmatch(r"\d{4}-\d{2}", date_text):
            try:
                day = dt.date.fromisoformat(date_text + "-01")
            except ValueError as exc:
                raise RecordError(f"invalid month {date_text!r}") from exc
            precision = "month"
        else:
            try:
                day = dt.date.fromisoformat(date_text)
            except ValueError as exc:
                raise RecordError(f"invalid date {date_text!r}") from exc
            precision = "day"
        time_utc = None
        match = re.fullmatch(r"(\d{1,2}):(\d{2})(?: \(UTC\))?", time_text.strip())
        if match:
            hhmm = f"{int(match[1]):02d}:{match[2]}"
            hhmm = NAGIX_TIME_FIXES.get((date_text, hhmm), hhmm)
            try:
                time_utc = dt.datetime.combine(day, dt.time.fromisoformat(hhmm))
            except ValueError as exc:
                raise RecordError(f"invalid time {time_text!r}") from exc
        elif time_text.strip().lower() != "unknown":
            raise RecordError(f"invalid time {time_text!r}")
        found = missiles.get(missile)
        info: dict[str, Any] = found if isinstance(found, dict) else {}
        facility_key = test.get("facility")
        place = facilities.get(facility_key) if isinstance(facility_key, str) else None
        fac: dict[str, Any] | None = (
            place if isinstance(place, dict) and facility_key != "unknown" else None
        )
        return _record(
            source_id=f"{date_text}|{time_text}|{'' if series is None else series}|{missile}",
            day=day, precision=precision, time_utc=time_utc,
            subtype=missile_class(str(info.get("type", ""))),
            name=str(info.get("name", missile)),
            facility=str(fac["name"]) if fac and fac.get("name") else None,
            lat=fac.get("lat") if fac else None, lon=fac.get("lon") if fac else None,
            outcome=str(test.get("outcome", "unknown")),
            citation=(f"CNS North Korea Missile Test Database (nagix copy), {date_text} "
                      f"{time_text} {missile}"),
        )

    # -- the 2023 CSV export ---------------------------------------------------------------------
    def _export(self, path: Path, batch_rows: int) -> Iterator[Batch]:
        records = csv_records(read_text(path, "cp1252"))
        header = next(records, None)
        if header is None:
            yield Batch()
            return
        names = [h.strip() for h in header.fields]
        needed = ("F1", "Date", "Launch Time (UTC)", "Missile Name", "Missile Type")
        missing = [f for f in needed if f not in names]
        if missing:
            raise RecordError(f"{path.name}: not a CNS export, header lacks {', '.join(missing)}")
        yield from record_batches(records, names, self._export_record, batch_rows=batch_rows,
                                  encoding_name="Windows-1252")

    @staticmethod
    def _export_record(row: dict[str, str]) -> dict[str, Any]:
        f1 = row["F1"].strip()
        if not f1:
            raise RecordError("missing F1")
        day, precision = parse_cns_date(row["Date"])
        time_utc = parse_cns_time(row["Launch Time (UTC)"], day)
        lat = _coord(row.get("Facility Latitude", ""))
        lon = _coord(row.get("Facility Longitude", ""))
        facility = (row.get("Facility Name") or "").strip() or None
        if facility and facility.lower() == "unknown":
            facility = None
        return _record(
            source_id=f1, day=day, precision=precision, time_utc=time_utc,
            subtype=missile_class(row["Missile Type"]),
            name=(row["Missile Name"] or "unknown missile").strip(),
            facility=facility, lat=lat, lon=lon,
            outcome=(row.get("Test Outcome") or "unknown").strip(),
            citation=f"CNS North Korea Missile Test Database (2023 export), row F1={f1}",
        )


def parse_cns_date(text: str) -> tuple[dt.date, str]:
    """'9-Apr-84' (day) or 'Sep-84' (month); two-digit years pivot at 1950 (84 -> 1984, 23 -> 2023)."""
    value = (text or "").strip()
    match = re.fullmatch(r"(?:(\d{1,2})-)?([A-Za-z]{3})-(\d{2}|\d{4})", value)
    if not match or match[2].lower() not in MONTHS:
        raise RecordError(f"unrecognised CNS date {value!r}")
    year = int(match[3])
    if year < 100:
        year += 1900 if year >= 50 else 2000
    try:
        day = dt.date(year, MONTHS[match[2].lower()], int(match[1]) if match[1] else 1)
    except ValueError as exc:
        raise RecordError(f"impossible date {value!r}") from exc
    return day, "day" if match[1] else "month"


def parse_cns_time(text: str, day: dt.date) -> dt.datetime | None:
    """'9:20:00 AM' in UTC on ``day``; empty or 'Unknown' gives None."""
    value = (text or "").strip()
    if not value or value.lower() == "unknown":
        return None
    try:
        clock = dt.datetime.strptime(value, "%I:%M:%S %p").time()
    except ValueError:
        try:
            clock = dt.datetime.strptime(value, "%I:%M %p").time()
        except ValueError as exc:
            raise RecordError(f"unrecognised launch time {value!r}") from exc
    return dt.datetime.combine(day, clock)


def _coord(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None
