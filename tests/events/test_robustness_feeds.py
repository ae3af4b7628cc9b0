"""Property tests for the GDELT, ICEWS and native readers: bad dates, wrong field counts, broken
quoting, other encodings, empty files, huge fields, NUL and non-UTF-8 bytes, duplicate rows, rows
that change between two ingests. Never a crash, the report always adds up, a failed file changes
nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peninsula.events import EventStore, RecordError
from peninsula.events.sources import GdeltAdapter, IcewsAdapter, OwnCsvAdapter


def gdelt_line(gid: int, date: str = "20180326", a1: str = "PRK", a2: str = "USA",
               fields: int = 61, tone: str = "-2.5") -> bytes:
    row = [""] * 61
    row[0], row[1], row[7], row[17] = str(gid), date, a1, a2
    row[26], row[29], row[30], row[33], row[34] = "130", "3", "-4.4", "5", tone
    row[59], row[60] = "20180326044500", "http://example.org/a"
    row = (row + [""] * fields)[:fields]
    return ("\t".join(row) + "\n").encode()


gdelt_lines = st.one_of(
    st.builds(gdelt_line, st.integers(1, 50)),
    st.builds(gdelt_line, st.integers(1, 50), st.sampled_from(["20181399", "2018", "", "x"])),
    st.builds(gdelt_line, st.integers(1, 50), a1=st.sampled_from(["FRA", "", "USA", "KOR"]),
              a2=st.sampled_from(["DEU", "", "CHN", "PRK"])),
    st.builds(gdelt_line, st.integers(1, 50), fields=st.sampled_from([57, 58, 60, 62, 3])),
    st.builds(gdelt_line, st.integers(1, 50), tone=st.sampled_from(["abc", "\x00", "1e9"])),
    st.binary(max_size=80).map(lambda b: b + b"\n"),
    st.just(b"\xff\xfe\x00bad\tbytes\n"),
    st.just("caf\u00e9\t\u2013\n".encode("cp1252")),
    st.just(b'"unterminated\tquote\n'),
    st.just(b"HUGE\n"),  # replaced by a 100 kB line when written (keeps reports short)
    st.just(b"\n"),
)
HUGE = gdelt_line(7)[:-1] + b"x" * 100_000 + b"\n"


def _check_twice(adapter: object, path: Path, tmp: str, changed: bytes | None = None) -> None:
    with EventStore(Path(tmp) / "s.duckdb") as es:
        before = es.table_fingerprints()
        try:
            first = es.ingest(adapter, path)  # type: ignore[arg-type]
        except RecordError:
            assert es.table_fingerprints() == before
            return
        assert first.balanced(), first
        second = es.ingest(adapter, path)  # type: ignore[arg-type]
        assert second.balanced(), second
        assert second.stored == 0 and second.updated == 0
        if changed is not None:
            path.write_bytes(changed)
            third = es.ingest(adapter, path)  # type: ignore[arg-type]
            assert third.balanced(), third


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.lists(gdelt_lines, max_size=10))
def test_gdelt_reader_accounts_for_every_line(body: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.export.CSV"
        path.write_bytes(b"".join(HUGE if line == b"HUGE\n" else line for line in body))
        _check_twice(GdeltAdapter(), path, tmp)


def test_gdelt_changed_row_is_updated(tmp_path: Path) -> None:
    path = tmp_path / "f.export.CSV"
    path.write_bytes(gdelt_line(1) + gdelt_line(2) + gdelt_line(2))
    with EventStore(tmp_path / "s.duckdb") as es:
        first = es.ingest(GdeltAdapter(), path)
        assert (first.stored, first.duplicates) == (2, 1)
        path.write_bytes(gdelt_line(1) + gdelt_line(2, tone="3.0"))
        second = es.ingest(GdeltAdapter(), path)
        assert (second.stored, second.updated, second.duplicates) == (0, 1, 1)
        tone = es.sql("SELECT tone FROM events WHERE source_id = '2'")["tone"][0]
    assert tone == 3.0


ICEWS_HEADER = (b"Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\t"
                b"CAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\t"
                b"Sentence Number\tPublisher\tCity\tDistrict\tProvince\tCountry\tLatitude\t"
                b"Longitude\n")


def icews_line(eid: int, date: str = "2018-06-01", src: str = "North Korea",
               tgt: str = "United States", code: str = "046", intensity: str = "7") -> bytes:
    row = [str(eid), date, "Kim", "NA", src, "Negotiate", code, intensity, "Pompeo", "NA", tgt,
           "1", "1", "Paper", "NA", "NA", "NA", "NA", "NA", "NA"]
    return ("\t".join(row) + "\n").encode()


icews_lines = st.one_of(
    st.builds(icews_line, st.integers(1, 30)),
    st.builds(icews_line, st.integers(1, 30), st.sampled_from(["2018-02-30", "18-6-1", ""])),
    st.builds(icews_line, st.integers(1, 30), src=st.sampled_from(["NA", "Narnia", "France"])),
    st.builds(icews_line, st.integers(1, 30), code=st.sampled_from(["", "x", "12345"]),
              intensity=st.sampled_from(["", "NA", "11", "abc"])),
    st.binary(max_size=80).map(lambda b: b + b"\n"),
    st.just(b"1\t2\t3\n"),
    st.just("caf\u00e9\n".encode("cp1252")),
    st.just(b"\x00\x00\n"),
)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.lists(icews_lines, max_size=8), header=st.booleans())
def test_icews_reader_accounts_for_every_line(body: list[bytes], header: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.tab"
        path.write_bytes((ICEWS_HEADER if header else b"") + b"".join(body))
        changed = ICEWS_HEADER + b"".join(body).replace(b"\t7\t", b"\t6\t")
        _check_twice(IcewsAdapter(), path, tmp, changed)


NATIVE_HEADER = b"id,date,date_precision,actor1,actor2,kind,subtype,summary,contested,sources\n"
native_lines = st.one_of(
    st.builds(lambda i: f"e{i},2020-01-0{1 + i % 9},day,PRK,KOR,talks,,met,false,src\n".encode(),
              st.integers(0, 20)),
    st.builds(lambda d: f"x,{d},day,PRK,KOR,talks,,met,false,src\n".encode(),
              st.text(alphabet="0123456789-", max_size=12)),
    st.just(b'y,2020-01-01,day,PRK,KOR,talks,,"broken,false,src\n'),
    st.just(b"z,2020-01-01,day,PRK,KOR,missile_launch,ICBMX,x,false,src\n"),
    st.just(b"w,2020-01-01,day,PRK,KOR,talks,,x,maybe,src\n"),
    st.binary(max_size=60).map(lambda b: b + b"\n"),
    st.just("v,2020-01-01,day,PRK,KOR,talks,,caf\u00e9,false,src\n".encode("cp1252")),
    st.just(b"u,2020-01-01,day,PRK,KOR,talks,,HUGE,false,src\n"),
)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.lists(native_lines, max_size=8))
def test_native_reader_accounts_for_every_line(body: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mine.csv"
        path.write_bytes(NATIVE_HEADER + b"".join(body).replace(b"HUGE", b"x" * 100_000))
        changed = NATIVE_HEADER + b"".join(body).replace(b",met,", b",met again,").replace(
            b"HUGE", b"x" * 100_000)
        _check_twice(OwnCsvAdapter("mine"), path, tmp, changed)


def test_empty_files_are_empty_reports(tmp_path: Path) -> None:
    for adapter, name in ((GdeltAdapter(), "e.CSV"), (IcewsAdapter(), "e.tab"),
                          (OwnCsvAdapter("mine"), "e.csv")):
        path = tmp_path / name
        path.write_bytes(b"")
        with EventStore(tmp_path / f"{name}.duckdb") as es:
            report = es.ingest(adapter, path)  # type: ignore[arg-type]
        assert (report.read, report.stored) == (0, 0)
