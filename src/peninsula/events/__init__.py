"""The event store and its feeds: one table of events, every row with its provenance."""

from peninsula.events._records import Batch, Quarantined, RecordError, finish_record
from peninsula.events._schema import KINDS, LAUNCH_DAY_SUBTYPES, PUBLIC_COLUMNS, SCHEMA_VERSION
from peninsula.events._store import (
    EXPORT_FORMATS,
    EventQuery,
    EventStore,
    IngestReport,
    StoreError,
    event_id_for,
    records_json,
)
from peninsula.events.ladder import RUNG_NAMES, rung

__all__ = [
    "EXPORT_FORMATS",
    "KINDS",
    "LAUNCH_DAY_SUBTYPES",
    "PUBLIC_COLUMNS",
    "RUNG_NAMES",
    "SCHEMA_VERSION",
    "Batch",
    "EventQuery",
    "EventStore",
    "IngestReport",
    "Quarantined",
    "RecordError",
    "StoreError",
    "event_id_for",
    "finish_record",
    "records_json",
    "rung",
]
