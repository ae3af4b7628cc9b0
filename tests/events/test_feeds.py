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


def _file_rows(path: Path) -> int:
    """A feed file's own row count, read without our code."""
    import csv
    import json

    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            return sum(len(b["data"]) for b in data["timeBins"])
        return len(data)
    if path.suffix == ".tab":
        with path.open(encoding="utf-8") as fh:
            return sum(1 for _ in fh) - 1
    if "gdelt" in str(path):
        return len(path.read_bytes().splitlines())
    encoding = "cp1252" if "cns" in str(path) else "utf-8"
    with path.open(encoding=encoding, newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


FEED_FILES = [
    ("csis", "csis_nk_provocations/raw/north_korea_provocations_1958_present.csv"),
    ("csis", "csis_nk_provocations/raw/north_korea_provocations_1958_present.json"),
    ("cns", "cns_nk_missile_tests/nagix/test.en.json"),
    ("cns", "cns_nk_missile_tests/nagix/legacy_2017/test.json"),
    ("cns", "cns_nk_missile_tests/cns_export_2023/north_korea_missile_test_database.csv"),
    ("gdelt", "gdelt/v1_events_sample/events.csv"),
    ("gdelt", "gdelt/v2_events_15min/20180326044500.export.CSV"),
    ("gdelt", "gdelt/v2_events_15min/20191024143000.export.CSV"),
    ("icews", "icews_sample/events.2018.sample.tab"),
]


@pytest.mark.parametrize(("source", "rel"), FEED_FILES, ids=[r for _, r in FEED_FILES])
def test_every_feed_file_adds_up_and_reloads_to_nothing(
    tmp_path: Path, shared_data: Path, source: str, rel: str
) -> None:
    from peninsula.events.sources import adapter

    path = shared_data / rel
    with EventStore(tmp_path / "s.duckdb") as es:
        first = es.ingest(adapter(source), path)
        again = es.ingest(adapter(source), path)
    print(first)
    assert first.read == _file_rows(path)
    assert first.balanced() and again.balanced()
    assert again.stored == 0 and again.updated == 0
    assert first.stored + first.updated > 0


def test_gdelt_scope_matches_an_independent_count(tmp_path: Path, shared_data: Path) -> None:
    from peninsula.events.scope import Scope
    from peninsula.events.sources import GdeltAdapter

    scope = Scope()
    for path in sorted((shared_data / "gdelt/v2_events_15min").glob("*.CSV")):
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
        expected = sum(scope.keeps(r[7] or None, r[17] or None) for r in rows)
        with EventStore(tmp_path / f"{path.stem}.duckdb") as es:
            report = es.ingest(GdeltAdapter(scope), path)
        assert report.stored == expected
        assert report.filtered == len(rows) - expected
        assert report.quarantined == 0


def test_gdelt_zip_reads_like_the_plain_file(tmp_path: Path, shared_data: Path) -> None:
    import zipfile

    from peninsula.events.sources import GdeltAdapter

    plain = shared_data / "gdelt/v2_events_15min/20191024143000.export.CSV"
    zipped = tmp_path / "20191024143000.export.CSV.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(plain, plain.name)
    with EventStore(tmp_path / "a.duckdb") as es:
        a = es.ingest(GdeltAdapter(), plain)
    with EventStore(tmp_path / "b.duckdb") as es:
        b = es.ingest(GdeltAdapter(), zipped)
    assert (a.read, a.stored, a.filtered) == (b.read, b.stored, b.filtered)


def test_gdelt_layer_stays_out_of_canonical_events(tmp_path: Path, shared_data: Path) -> None:
    from peninsula.events.sources import GdeltAdapter

    with EventStore(tmp_path / "s.duckdb") as es:
        es.ingest(GdeltAdapter(), shared_data / "gdelt/v1_events_sample/events.csv")
        stored = es.sql("SELECT count(*) AS n, count(rung) AS rungs, count(tone) AS tones "
                        "FROM events WHERE dataset = 'gdelt'")
        canonical = es.count(canonical=True)
    assert stored["n"][0] > 0 and stored["rungs"][0] == 0 and stored["tones"][0] == stored["n"][0]
    assert canonical == 0


def test_icews_names_become_codes(tmp_path: Path, shared_data: Path) -> None:
    from peninsula.events.sources import IcewsAdapter
    from peninsula.events.sources.icews import country_code

    assert country_code("North Korea") == "PRK" and country_code("South Korea") == "KOR"
    assert country_code("Russian Federation") == "RUS" and country_code("NA") is None
    with EventStore(tmp_path / "s.duckdb") as es:
        es.ingest(IcewsAdapter(), shared_data / "icews_sample/events.2018.sample.tab")
        n = es.sql("SELECT count(*) AS n FROM events WHERE 'PRK' IN (actor1, actor2)")["n"][0]
    assert 400 <= n <= 475  # README: 475 events involve North Korea; some lack a source country


def test_gdelt_overlong_lines_are_quarantined_not_lost(tmp_path: Path, shared_data: Path) -> None:
    """Lines past the reader's 10 MB limit must be quarantined. (Setting DuckDB's buffer_size to speed
    the scan made it drop such lines silently, counted as out of scope: this guards against that.)"""
    sample = shared_data / "gdelt/v2_events_15min/20191024143000.export.CSV"
    lines = sample.read_bytes().splitlines()
    in_scope = [i for i, ln in enumerate(lines) if b"\tPRK" in ln or b"\tKOR" in ln][:3]
    assert len(in_scope) == 3
    for i, size in zip(in_scope, (9_000_000, 12_000_000, 40_000_000), strict=True):
        fields = lines[i].split(b"\t")
        fields[-1] = b"http://example.org/" + b"a" * size
        lines[i] = b"\t".join(fields)
    path = tmp_path / "long.export.CSV"
    path.write_bytes(b"\n".join(lines) + b"\n")
    with EventStore(tmp_path / "s.duckdb") as es:
        from peninsula.events.sources import GdeltAdapter

        r = es.ingest(GdeltAdapter(), path)
        reasons = es.sql("SELECT reason FROM quarantine")["reason"].tolist()
    assert r.read == len(lines)
    assert r.quarantined == 2 and all("LINE SIZE" in x for x in reasons)
    assert r.read == r.stored + r.updated + r.duplicates + r.quarantined + r.filtered
