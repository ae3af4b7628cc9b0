"""Property tests: no input crashes an adapter, the accounting always adds up, failures change nothing.

(The full hardening suite for every feed belongs to issue A2; these cover the CSIS and CNS CSV
readers and our own layout.)
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peninsula.events import EventStore, RecordError
from peninsula.events.sources import CnsAdapter, CsisAdapter, OwnCsvAdapter

CSIS_HEADER = b"date,type,event,description,resources\n"
GOOD = b'2020-01-01,Missile Provocation,Short-range Ballistic Missile Launch,"a, b",http://x\n'

lines = st.one_of(
    st.just(GOOD),
    st.binary(max_size=200).map(lambda b: b + b"\n"),
    st.text(max_size=120).map(lambda t: t.encode("utf-8", "surrogatepass") + b"\n"),
    st.builds(lambda d: f"{d},Other Provocation,Artillery Fire,x,\n".encode(),
              st.text(alphabet="0123456789-/", max_size=12)),
    st.just(b'2020-01-02,"unterminated,quote\n'),
    st.just(b"\x00\x00,\x00\n"),
    st.just("2020-01-03,Other Provocation,Artillery Fire,caf\u00e9 \u2013 ok,\n".encode("cp1252")),
    st.just(b"2020-01-04,Other Provocation,Artillery Fire," + b"x" * 200_000 + b",\n"),
)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.lists(lines, max_size=8), header=st.booleans())
def test_csis_reader_never_crashes_and_accounts(body: list[bytes], header: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.csv"
        path.write_bytes((CSIS_HEADER if header else b"") + b"".join(body))
        with EventStore(Path(tmp) / "s.duckdb") as es:
            before = es.table_fingerprints()
            try:
                first = es.ingest(CsisAdapter(), path)
            except RecordError:
                assert es.table_fingerprints() == before
                return
            assert first.balanced()
            second = es.ingest(CsisAdapter(), path)
            assert second.balanced()
            assert second.stored == 0 and second.updated == 0
            assert second.duplicates == first.stored + first.updated + (
                first.duplicates if first.duplicates else 0)


@settings(max_examples=100)
@given(body=st.lists(st.binary(max_size=120), max_size=6))
def test_cns_and_own_readers_never_crash(body: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for adapter, header in ((CnsAdapter(), b"F1,Date,Launch Time (UTC),Missile Name,"
                                 b"Missile Type\r\n"),
                                (OwnCsvAdapter(), b"id,date,actor1,kind,summary,sources\n")):
            path = Path(tmp) / "f.csv"
            path.write_bytes(header + b"\n".join(body))
            with EventStore(Path(tmp) / "s.duckdb") as es:
                try:
                    report = es.ingest(adapter, path)
                except RecordError:
                    continue
                assert report.balanced()
            (Path(tmp) / "s.duckdb").unlink()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=6,
)
csis_records = st.fixed_dictionaries(
    {"date": st.sampled_from(["2020-01-01", "2020-02-30", "", "x"]) | json_values,
     "type": st.sampled_from(["Missile Provocation", ""]) | json_values,
     "event": st.sampled_from(["Short-range Ballistic Missile Launch", "New label"]) | json_values,
     "description": st.text(max_size=30) | json_values,
     "resources": st.text(max_size=30) | json_values},
)
nagix_tests = st.fixed_dictionaries(
    {"date": st.sampled_from(["2017-11-28", "1984-09", "2017-13-01", ""]) | json_values,
     "time": st.sampled_from(["18:18 (UTC)", "unknown", "25:00 (UTC)"]) | json_values,
     "series": st.integers(0, 3) | json_values,
     "missile": st.sampled_from(["hwasong-15", "nope"]) | json_values},
)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(csis_records | json_values, max_size=6))
def test_csis_json_is_validated_per_record(records: list[object]) -> None:
    import json

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.json"
        path.write_text(json.dumps(records), encoding="utf-8")
        with EventStore(Path(tmp) / "s.duckdb") as es:
            report = es.ingest(CsisAdapter(), path)
            assert report.balanced() and report.read == len(records)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(tests=st.lists(nagix_tests | json_values, max_size=6), broken=st.booleans())
def test_nagix_json_is_validated_per_record(tests: list[object], broken: bool) -> None:
    import json

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "test.en.json"
        text = json.dumps({"timeBins": [{"year": 2017, "data": tests}]})
        path.write_text(text[:-3] if broken else text, encoding="utf-8")
        with EventStore(Path(tmp) / "s.duckdb") as es:
            before = es.table_fingerprints()
            try:
                report = es.ingest(CnsAdapter(), path)
            except RecordError:
                assert broken and es.table_fingerprints() == before
                return
            assert report.balanced() and report.read == len(tests)
