"""Small builders for event-store tests."""

from __future__ import annotations

import csv
from pathlib import Path

from peninsula.events.sources.curated import OwnCsvAdapter

HEADER = ["id", "date", "date_precision", "known_date", "time_utc", "actor1", "actor2", "kind",
          "subtype", "tags", "cameo_code", "deaths_military", "deaths_civilian", "injured",
          "deaths_initiator", "casualties_side", "location", "lat", "lon", "summary",
          "attribution", "contested", "sources"]


def own_row(id_: str, date: str, kind: str = "talks", **extra: str) -> dict[str, str]:
    row = {k: "" for k in HEADER}
    row.update(id=id_, date=date, date_precision="day", actor1="PRK", actor2="KOR", kind=kind,
               summary=f"test event {id_}", contested="false", sources="test source")
    row.update(extra)
    return row


def write_own_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def own(dataset: str = "testfeed") -> OwnCsvAdapter:
    return OwnCsvAdapter(dataset)
