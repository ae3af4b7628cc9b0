"""Our own CSV layout: the hand-written chronology (dataset `curated`) and derived launch days.

Columns are those of data/chronology/README.md; the file's header names them, in any order.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from peninsula._paths import package_data
from peninsula.events._records import Batch, RecordError, finish_record
from peninsula.events.sources._text import csv_records, read_text, record_batches

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
        yield from record_batches(records, names, self._parse, batch_rows=batch_rows)

    def _parse(self, row: dict[str, str]) -> dict[str, Any]:
        if not row.get("summary", "").strip() or not row.get("sources", "").strip():
            raise RecordError("every event needs a summary and a source")
        row["source_id"] = row.pop("id")
        row["dataset"] = self.dataset
        return finish_record(row)
