"""A GDELT 2.0-format file of N rows shaped like the real 15-minute exports, cached under build/bench/.

Rows are the real sample rows (../shared/data/gdelt/v2_events_15min) repeated with fresh
GLOBALEVENTIDs; a seeded tenth of them get a peninsula dyad (PRK or KOR with USA, CHN, JPN, KOR,
PRK) so that about 10% fall in the default scope. Used by benchmarks only, never by the package.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "data" / "gdelt" / "v2_events_15min"
PAIRS = [("PRK", "USA"), ("KOR", "PRK"), ("PRK", "KOR"), ("USA", "PRK"), ("CHN", "PRK"),
         ("KOR", "USA"), ("JPN", "KOR"), ("PRK", "")]
OUT_OF_SCOPE = [("FRA", "DEU"), ("", "GBR"), ("IND", ""), ("BRA", "ARG")]


def build(rows: int = 1_000_000, seed: int = 20180326, out: Path | None = None) -> Path:
    """Write (once) and return the path of the synthetic file."""
    target = out or ROOT / "build" / "bench" / f"gdelt2_{rows}.export.CSV"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    for path in sorted(SAMPLE.glob("*.export.CSV")):
        lines += path.read_text(encoding="utf-8").splitlines()
    template = [line.split("\t") for line in lines]
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(template), size=rows)
    in_scope = rng.random(rows) < 0.1
    pair_ix = rng.integers(0, len(PAIRS), size=rows)
    out_ix = rng.integers(0, len(OUT_OF_SCOPE), size=rows)
    tmp = target.with_suffix(".part")
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        for i in range(rows):
            fields = list(template[picks[i]])
            fields[0] = str(900_000_000 + i)
            a1, a2 = PAIRS[pair_ix[i]] if in_scope[i] else OUT_OF_SCOPE[out_ix[i]]
            fields[7], fields[17] = a1, a2
            fh.write("\t".join(fields) + "\n")
    tmp.rename(target)
    return target
