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
