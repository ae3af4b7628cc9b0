"""CAMEO codes for our kinds, their Goldstein weights and quad classes (data/kind_map.csv, cameo_codes.csv)."""

from __future__ import annotations

import csv
from functools import cache

from peninsula._paths import package_data


@cache
def kind_cameo() -> dict[str, str | None]:
    """Default CAMEO code per kind (None where no code fits)."""
    with package_data("kind_map.csv").open(encoding="utf-8", newline="") as fh:
        return {row["kind"]: (row["cameo_code"] or None) for row in csv.DictReader(fh)}


@cache
def goldstein_table() -> dict[str, float]:
    """Goldstein (1992) conflict-cooperation weight per CAMEO code we use (-10 to +10)."""
    with package_data("cameo_codes.csv").open(encoding="utf-8", newline="") as fh:
        return {row["cameo_code"]: float(row["goldstein"]) for row in csv.DictReader(fh)}


def quad_class(cameo_code: str | None) -> int | None:
    """GDELT's quad class from the CAMEO root: 1 verbal coop., 2 material coop., 3 verbal, 4 material conflict."""
    if not cameo_code:
        return None
    root = int(cameo_code[:2])
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 9:
        return 2
    if 10 <= root <= 14:
        return 3
    if 15 <= root <= 20:
        return 4
    return None


def goldstein(cameo_code: str | None) -> float | None:
    """Goldstein weight of a code, falling back to its root; None for unknown codes."""
    if not cameo_code:
        return None
    table = goldstein_table()
    for key in (cameo_code, cameo_code[:3], cameo_code[:2]):
        if key in table:
            return table[key]
    return None
