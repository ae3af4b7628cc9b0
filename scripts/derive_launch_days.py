"""Derive the shipped launch days (src/peninsula/data/launch_days.csv) from CSIS and CNS.

Usage: python scripts/derive_launch_days.py [--shared ../shared/data] [--out PATH]
Pairs of days one day apart take our chronology's date where it has one of them. A re-run on the
same files (and the same chronology) reproduces the shipped file byte for byte. Only dates, classes and
row citations are kept: no text of either dataset is copied.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from peninsula.events._records import Batch
from peninsula.events.launch_days import derive
from peninsula.events.sources import CnsAdapter, CsisAdapter, OwnCsvAdapter, chronology_files

ROOT = Path(__file__).resolve().parents[1]
CSIS = "csis_nk_provocations/raw/north_korea_provocations_1958_present.csv"
CNS = ("cns_nk_missile_tests/nagix/test.en.json",
       "cns_nk_missile_tests/cns_export_2023/north_korea_missile_test_database.csv")


def _frame(batches: list[Batch]) -> pd.DataFrame:
    frame = pd.concat([b.frame() for b in batches], ignore_index=True)
    if any(b.quarantined for b in batches):
        raise SystemExit("a source row was quarantined; fix the adapter before deriving")
    frame["time_utc"] = pd.to_datetime(frame["time_utc"])
    return frame


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "src/peninsula/data/launch_days.csv")
    args = parser.parse_args(argv)
    csis = _frame(list(CsisAdapter().batches(args.shared / CSIS)))
    cns = [_frame(list(CnsAdapter().batches(args.shared / p))) for p in CNS]
    curated = _frame([b for f in chronology_files() for b in OwnCsvAdapter().batches(f)])
    days = derive(csis, cns, curated)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    days.to_csv(args.out, index=False, lineterminator="\n")
    print(f"{len(days)} launch days, {days['date'].min()} to {days['date'].max()} -> {args.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
