"""GDELT ingest speed: peninsula's gdelt ingest against DuckDB's bare read and a pandas path.

Builds (once, cached under build/bench/) a GDELT 2.0-format file of 1,000,000 rows shaped like the
real sample, about a tenth in scope, then times, after a warm-up, the median of several runs of:
  ours    EventStore.ingest(GdeltAdapter(), file) into a new store, closed (checkpointed);
  duckdb  CREATE TABLE AS SELECT * FROM read_csv(...) of the whole file into a new database, the
          speed limit for reading it;
  pandas  read_csv (C engine, dtype=str, no quoting), the same scope filter and mapping vectorised
          in pandas, one INSERT ... SELECT from the registered frame into a new database
          (the pyarrow engine's ratio is printed too).
Ratios are the anchor's time over ours (above 1: we are faster). Ends with a RESULT line.
Usage: python benchmarks/ingest.py [--rows N] [--runs K]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _gdelt_file import build
from peninsula.events import EventStore
from peninsula.events.sources import GdeltAdapter

NAMES = [f"c{i}" for i in range(61)]
ANY = {"PRK", "KOR"}
PAIR = {"USA", "CHN", "JPN", "RUS"}


def ours(path: Path, tmp: Path) -> int:
    db = tmp / "ours.duckdb"
    db.unlink(missing_ok=True)
    with EventStore(db) as es:
        report = es.ingest(GdeltAdapter(), path)
    return report.stored


def bare_duckdb(path: Path, tmp: Path) -> int:
    db = tmp / "bare.duckdb"
    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db))
    cols = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in NAMES) + "}"
    con.execute(f"CREATE TABLE raw AS SELECT * FROM read_csv('{path}', columns={cols}, "
                "header=false, delim='\t', quote='', escape='', auto_detect=false)")
    row = con.execute("SELECT count(*) FROM raw").fetchone()
    con.close()
    return int(row[0]) if row else 0


def pandas_path(path: Path, tmp: Path, engine: str = "c") -> int:
    db = tmp / f"pandas_{engine}.duckdb"
    db.unlink(missing_ok=True)
    # The pyarrow engine takes no `quoting` option (it treats '"' as a quote): printed only.
    extra = {"quoting": csv.QUOTE_NONE} if engine == "c" else {}
    frame = pd.read_csv(path, sep="\t", header=None, names=NAMES, dtype=str, engine=engine,
                        keep_default_na=False, **extra)
    a1, a2 = frame["c7"], frame["c17"]
    keep = a1.isin(ANY) | a2.isin(ANY) | (a1.isin(PAIR) & a2.isin(PAIR) & (a1 != a2))
    f = frame[keep]
    out = pd.DataFrame({
        "source_id": f["c0"],
        "date": pd.to_datetime(f["c1"], format="%Y%m%d").dt.date,
        "actor1": f["c7"].where(f["c7"] != ""),
        "actor2": f["c17"].where(f["c17"] != ""),
        "cameo_code": f["c26"],
        "quad_class": pd.to_numeric(f["c29"]).astype("Int64"),
        "goldstein": pd.to_numeric(f["c30"], errors="coerce"),
        "articles": pd.to_numeric(f["c33"], errors="coerce").astype("Int64"),
        "tone": pd.to_numeric(f["c34"], errors="coerce"),
        "location": f["c52"],
        "lat": pd.to_numeric(f["c56"], errors="coerce"),
        "lon": pd.to_numeric(f["c57"], errors="coerce"),
        "url": f["c60"],
    })
    con = duckdb.connect(str(db))
    con.register("frame", out)
    con.execute("CREATE TABLE events AS SELECT * FROM frame")
    row = con.execute("SELECT count(*) FROM events").fetchone()
    con.close()
    return int(row[0]) if row else 0


def timed(fn: Callable[[], int], runs: int) -> tuple[float, int]:
    fn()  # warm-up
    times, result = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def same_rows(path: Path, tmp: Path) -> None:
    """Ours and the pandas path store the same GDELT events."""
    ours(path, tmp)
    pandas_path(path, tmp)
    con = duckdb.connect()
    con.execute(f"ATTACH '{tmp / 'ours.duckdb'}' AS o (READ_ONLY)")
    con.execute(f"ATTACH '{tmp / 'pandas_c.duckdb'}' AS p (READ_ONLY)")
    got = con.execute("SELECT count(*) FROM (SELECT source_id FROM o.events EXCEPT "
                      "SELECT source_id FROM p.events)").fetchone()
    back = con.execute("SELECT count(*) FROM (SELECT source_id FROM p.events EXCEPT "
                       "SELECT source_id FROM o.events)").fetchone()
    con.close()
    assert got == (0,) and back == (0,), (got, back)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    path = build(args.rows)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        same_rows(path, tmp)
        t_ours, stored = timed(lambda: ours(path, tmp), args.runs)
        t_duck, read = timed(lambda: bare_duckdb(path, tmp), args.runs)
        t_pd, stored_pd = timed(lambda: pandas_path(path, tmp), args.runs)
        t_pa, _ = timed(lambda: pandas_path(path, tmp, "pyarrow"), args.runs)
    assert stored == stored_pd, (stored, stored_pd)
    assert read == args.rows
    print(f"file: {path.name}, {args.rows:,} rows, {stored:,} in scope stored")
    print(f"ours {t_ours:.2f} s | bare DuckDB {t_duck:.2f} s | pandas C {t_pd:.2f} s | "
          f"pandas pyarrow {t_pa:.2f} s  (median of {args.runs} after a warm-up)")
    print(f"ratio vs DuckDB {t_duck / t_ours:.2f} | vs pandas (C) {t_pd / t_ours:.2f} | "
          f"vs pandas (pyarrow) {t_pa / t_ours:.2f}")
    print(f"RESULT vs_duckdb={t_duck / t_ours:.2f} vs_pandas={t_pd / t_ours:.2f} "
          f"vs_pandas_pyarrow={t_pa / t_ours:.2f} rows_stored={stored}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
