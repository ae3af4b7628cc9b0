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


@cache
def cameo_kinds() -> dict[str, tuple[str, str | None]]:
    """CAMEO code prefix -> (kind, subtype) for CAMEO-coded feeds (data/cameo_kinds.csv)."""
    with package_data("cameo_kinds.csv").open(encoding="utf-8", newline="") as fh:
        return {row["cameo_prefix"]: (row["kind"], row["subtype"] or None)
                for row in csv.DictReader(fh)}


def kind_for_cameo(code: str | None) -> tuple[str, str | None]:
    """Our (kind, subtype) for a CAMEO code: the longest matching prefix, else ('other', None)."""
    table = cameo_kinds()
    if code:
        for length in (4, 3, 2):
            hit = table.get(code[:length])
            if hit is not None and len(code) >= length:
                return hit
    return "other", None


def cameo_kind_sql(column: str) -> str:
    """A SQL CASE giving our kind for a CAMEO code column (longest prefix first)."""
    rows = sorted(cameo_kinds().items(), key=lambda kv: -len(kv[0]))
    whens = " ".join(f"WHEN starts_with({column}, '{p}') THEN '{k}'" for p, (k, _) in rows)
    return f"(CASE {whens} ELSE 'other' END)"


def cameo_subtype_sql(column: str) -> str:
    """A SQL CASE giving our subtype for a CAMEO code column (longest prefix first)."""
    rows = sorted(cameo_kinds().items(), key=lambda kv: -len(kv[0]))
    whens = " ".join(f"WHEN starts_with({column}, '{p}') THEN "
                     f"{repr(s) if s else 'NULL'}" for p, (_, s) in rows)
    return f"(CASE {whens} ELSE NULL END)"
