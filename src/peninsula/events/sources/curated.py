"""Our own CSV layout: the hand-written chronology (dataset `curated`) and derived launch days.

Columns are those of data/chronology/README.md; the file's header names them, in any order.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from peninsula._paths import package_data
from peninsula.events._records import Batch, Quarantined, RecordError, finish_record
from peninsula.events.sources._text import csv_records, printable_raw, read_text

REQUIRED = ("id", "date", "actor1", "kind", "summary", "sources")


def chronology_files() -> list[Path]:
    """The shipped hand-written chronology files, in name order."""
    return sorted(package_data("chronology").glob("*.csv"))


def launch_days_file() -> Path:
    """The shipped launch days derived from CSIS and CNS (scripts/derive_launch_days.py)."""
    return package_data("launch_days.csv")


class OwnCsvAdapter:
    """Reads our CSV layout into rows of ``dataset``."""

    def __init__(self, dataset: str = "curated") -> None:
        self.dataset = dataset

    def batches(self, path: Path, *, batch_rows: int = 50_000) -> Iterator[Batch]:
        records = csv_records(read_text(path, "utf-8"))
        header = next(records, None)
        if header is None:
            yield Batch()
            return
        names = [h.strip().lower() for h in header.fields]
        missing = [c for c in REQUIRED if c not in names]
        if missing:
            raise RecordError(f"{path.name}: header lacks {', '.join(missing)}")
        batch = Batch()
        for rec in records:
            batch.read += 1
            try:
                if rec.bad_bytes:
                    raise RecordError("line is not valid UTF-8")
                if "\x00" in rec.raw:
                    raise RecordError("line contains NUL bytes")
                if len(rec.fields) != len(names):
                    raise RecordError(f"expected {len(names)} fields, found {len(rec.fields)}")
                row = dict(zip(names, rec.fields, strict=True))
                if not row.get("summary", "").strip() or not row.get("sources", "").strip():
                    raise RecordError("every event needs a summary and a source")
                row["source_id"] = row.pop("id")
                row["dataset"] = self.dataset
                batch.rows.append(finish_record(row))
                batch.line_nos.append(rec.line_no)
            except RecordError as exc:
                batch.quarantined.append(Quarantined(rec.line_no, printable_raw(rec.raw), str(exc)))
            if batch.read >= batch_rows:
                yield batch
                batch = Batch()
        yield batch
