"""Loading the shipped data: the hand-written chronology (curated) and derived launch days."""

from __future__ import annotations

from peninsula.events._store import EventStore, IngestReport, ProgressFn
from peninsula.events.sources.curated import OwnCsvAdapter, chronology_files, launch_days_file


def load_shipped(store: EventStore, *, progress: ProgressFn | None = None) -> list[IngestReport]:
    """Ingest every chronology file as ``curated`` and the launch days as ``derived``."""
    reports = [store.ingest(OwnCsvAdapter("curated"), f, progress=progress)
               for f in chronology_files()]
    reports.append(store.ingest(OwnCsvAdapter("derived"), launch_days_file(), progress=progress))
    return reports
