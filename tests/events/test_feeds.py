"""The CSIS and CNS adapters on the real files in ../shared/data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from peninsula.events import EventStore
from peninsula.events.sources import CnsAdapter, CsisAdapter
from peninsula.events.sources.cns import parse_cns_date, parse_cns_time
from peninsula.events.sources.csis import label_key, label_table

pytestmark = pytest.mark.shared_data


def test_csis_csv_json_and_repeat(tmp_path: Path, csis_csv: Path, csis_json: Path,
                                  cns_csv: Path) -> None:
    with EventStore(tmp_path / "s.duckdb") as es:
        r = es.ingest(CsisAdapter(), csis_csv)
        assert (r.read, r.stored, r.duplicates, r.quarantined) == (493, 493, 0, 0)
        j = es.ingest(CsisAdapter(), csis_json)
        assert (j.read, j.stored, j.duplicates) == (493, 0, 493)
        again = es.ingest(CsisAdapter(), csis_csv)
        assert (again.stored, again.duplicates) == (0, 493)
        c = es.ingest(CnsAdapter(), cns_csv)
        assert (c.read, c.stored, c.quarantined) == (245, 245, 0)


def test_every_csis_label_is_mapped(csis_csv: Path) -> None:
    import csv

    keys = {k for k, _ in label_table()}
    with csis_csv.open(encoding="utf-8", newline="") as fh:
        labels = {label_key(row["event"]) for row in csv.DictReader(fh)}
    assert labels - keys == set()


def test_cns_dates_become_korean(tmp_path: Path, cns_json: Path) -> None:
    with EventStore(tmp_path / "s.duckdb") as es:
        es.ingest(CnsAdapter(), cns_json)
        rows = es.sql("SELECT date, time_utc, subtype FROM events "
                      "WHERE source_id LIKE '2017-11-28|%hwasong-15'")
    assert len(rows) == 1
    assert rows["date"][0].date() == dt.date(2017, 11, 29)  # 18:18 UTC is the next day in Korea
    assert rows["subtype"][0] == "ICBM"


def test_cns_export_parsers() -> None:
    assert parse_cns_date("9-Apr-84") == (dt.date(1984, 4, 9), "day")
    assert parse_cns_date("12-Apr-23") == (dt.date(2023, 4, 12), "day")
    assert parse_cns_date("Sep-84") == (dt.date(1984, 9, 1), "month")
    assert parse_cns_time("10:34:00 PM", dt.date(2017, 11, 28)) == dt.datetime(2017, 11, 28, 22, 34)
    assert parse_cns_time("Unknown", dt.date(2017, 1, 1)) is None
