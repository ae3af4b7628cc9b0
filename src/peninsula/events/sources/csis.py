"""CSIS Beyond Parallel "Database of North Korean Provocations" (CSV or JSON, raw or processed).

Every row is a DPRK act (actor1 PRK). Labels map to our kinds through data/csis_labels.csv after
normalisation (case, spacing and the file's known typos); a label the table lacks falls back by
CSIS's type (missile -> missile_launch/unknown, nuclear -> nuclear_test, other -> other).
source_id is a hash of the normalised date, type, event and description, so CSV and JSON agree.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from peninsula._paths import package_data
from peninsula.events._records import Batch, Quarantined, RecordError, finish_record
from peninsula.events.sources._text import (
    csv_records,
    load_json,
    raw_json,
    read_text,
    record_batches,
)

DATASET = "csis"
FIELDS = ("date", "type", "event", "description", "resources")
_TYPOS = {"lanuch": "launch", "enroachment": "encroachment", "assasination": "assassination",
          "rentry": "reentry"}
_FALLBACK = {"missile provocation": ("missile_launch", "unknown"),
             "nuclear provocation": ("nuclear_test", None)}


def normalise(text: str) -> str:
    """NFKC, non-breaking spaces and hyphens made plain, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("\u2011", "-").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def label_key(label: str) -> str:
    """A CSIS event label reduced to its lookup key."""
    key = normalise(label).lower()
    for wrong, right in _TYPOS.items():
        key = key.replace(wrong, right)
    return key


@cache
def label_table() -> dict[tuple[str, str], dict[str, str]]:
    """(label key, date or '') -> kind, subtype, actor2, tags."""
    with package_data("csis_labels.csv").open(encoding="utf-8", newline="") as fh:
        return {(row["label"], row["date"]): row for row in csv.DictReader(fh)}


def source_id(date: str, type_: str, event: str, description: str) -> str:
    """Hash of the normalised date, type, event and description (first 20 hex digits of SHA-1)."""
    key = "\x1f".join(normalise(v) for v in (date, type_, event, description))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


def split_urls(resources: str) -> list[str]:
    """CSIS glues several URLs together: split on each 'http'."""
    parts = re.split(r"(?=https?://)", resources or "")
    return [p.strip() for p in parts if p.strip().startswith("http")]


def to_record(obj: dict[str, Any]) -> dict[str, Any]:
    """One CSIS row as a finished event record; RecordError when it cannot be one."""
    values: dict[str, Any] = {k: obj.get(k) for k in FIELDS}
    for key in ("date", "type", "event"):
        if not isinstance(values[key], str) or not values[key].strip():
            raise RecordError(f"missing {key}")
    for key in ("description", "resources"):
        if values[key] is not None and not isinstance(values[key], str):
            raise RecordError(f"{key} is not text")
    date = values["date"].strip()
    type_, event = normalise(values["type"]), normalise(values["event"])
    description = normalise(values["description"] or "")
    key = label_key(event)
    table = label_table()
    row = table.get((key, date)) or table.get((key, ""))
    if row is not None:
        kind, subtype = row["kind"], row["subtype"] or None
        actor2, tags = row["actor2"] or None, row["tags"]
    else:
        kind, subtype = _FALLBACK.get(type_.lower(), ("other", None))
        actor2, tags = None, "unmapped_label"
    return finish_record({
        "dataset": DATASET,
        "source_id": source_id(date, type_, event, description),
        "date": date,
        "date_precision": "day",
        "actor1": "PRK",
        "actor2": actor2,
        "kind": kind,
        "subtype": subtype,
        "tags": tags,
        "summary": f"{event}: {description}" if description else event,
        "contested": False,
        "sources": [f'CSIS Beyond Parallel provocations database, {date} "{event}"',
                    *split_urls(values["resources"] or "")],
    })


class CsisAdapter:
    """Reads the CSIS provocations CSV or JSON."""

    dataset = DATASET

    def batches(self, path: Path, *, batch_rows: int = 50_000) -> Iterator[Batch]:
        if path.suffix.lower() == ".json":
            yield from self._json(path, batch_rows)
        else:
            yield from self._csv(path, batch_rows)

    def _json(self, path: Path, batch_rows: int) -> Iterator[Batch]:
        data = load_json(path)
        if not isinstance(data, list):
            raise RecordError(f"{path.name}: expected a JSON array of records")
        batch = Batch()
        for i, obj in enumerate(data, start=1):
            batch.read += 1
            try:
                if not isinstance(obj, dict):
                    raise RecordError("record is not an object")
                batch.rows.append(to_record(obj))
                batch.line_nos.append(i)
            except RecordError as exc:
                batch.quarantined.append(Quarantined(i, raw_json(obj), str(exc)))
            if batch.read >= batch_rows:
                yield batch
                batch = Batch()
        yield batch

    def _csv(self, path: Path, batch_rows: int) -> Iterator[Batch]:
        records = csv_records(read_text(path, "utf-8"))
        header = next(records, None)
        if header is None:
            yield Batch()
            return
        names = [normalise(h).lower() for h in header.fields]
        missing = [f for f in FIELDS[:4] if f not in names]
        if missing:
            raise RecordError(f"{path.name}: not a CSIS file, header lacks {', '.join(missing)}")
        yield from record_batches(records, names, to_record, batch_rows=batch_rows)


__all__ = ["CsisAdapter"]
