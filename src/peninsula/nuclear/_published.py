"""The projection beside published estimates (published_estimates.csv): overlap per estimate."""

from __future__ import annotations

from typing import TypedDict

import numpy as np
import pandas as pd

from peninsula.nuclear._params import load
from peninsula.nuclear._projection import Projection, mc_standard_error

# The model series each basis of published_estimates.csv is set against.
BASIS_SERIES = {"material": "warheads_material", "assembled": "warheads_assembled",
                "plutonium": "warheads_pu"}


def compare_published(projection: Projection, *, first: int = 2013, last: int = 2023,
                      series: str = "warheads_material") -> pd.DataFrame:
    """Every published estimate (projections excluded) for ``first``-``last`` beside the 5-95% band
    of ``series`` that year; ``overlap`` says whether the two ranges meet.

    ``matched`` compares each estimate with the band of its own basis (assembled estimates with
    ``warheads_assembled``, plutonium-only counts with ``warheads_pu``), since an assembled count
    sits below the material it comes from and a plutonium count leaves the uranium out.
    ``near_edge`` marks an ``overlap`` verdict that lies within two Monte Carlo standard errors of
    the band edge it turns on, so that another seed or run count could flip it.
    """
    table = load("published_estimates", as_of=projection.as_of)
    table = table[(table["year"] >= first) & (table["year"] <= last)
                  & ~table["note"].str.contains("PROJECTION", na=False)]
    table = table[table["year"] <= int(projection.years[-1])]
    rows = []
    for row in table.to_dict("records"):
        year = int(row["year"])
        runs = projection.at(series, year)
        lo, hi = np.percentile(runs, [5, 95])
        own = BASIS_SERIES[row["basis"]]
        values = projection.at(own, year)
        if np.isnan(values).all():
            m_lo, m_hi = np.nan, np.nan
        else:
            m_lo, m_hi = np.percentile(values, [5, 95])
        low, high = float(row["warheads_low"]), float(row["warheads_high"])
        margin, q = _margin(lo, hi, low, high)
        rows.append({"estimator": row["estimator"], "published": row["published"], "year": year,
                     "basis": row["basis"], "low": low, "high": high, "model_p5": lo, "model_p95": hi,
                     "overlap": bool(margin >= 0),
                     "near_edge": bool(abs(margin) < 2.0 * mc_standard_error(runs, q)),
                     "matched_p5": m_lo, "matched_p95": m_hi,
                     "matched": bool(_margin(m_lo, m_hi, low, high)[0] >= 0)})
    return pd.DataFrame(rows)


def _margin(p5: float, p95: float, low: float, high: float) -> tuple[float, float]:
    """How far a range [low, high] reaches into the band [p5, p95] (negative: they miss), and the
    percentile of the edge that decides it (the range's top against p5, or its bottom against p95)."""
    below, above = high - p5, p95 - low
    return (below, 5.0) if below < above else (above, 95.0)


class Counts(TypedDict):
    """How many estimates, and how many meet the material band and the band of their own basis."""

    estimates: int
    material_band: int
    own_band: int


class Summary(Counts):
    """``Counts`` overall, and per basis; ``near_edge``: material-band verdicts within two Monte
    Carlo standard errors of the band's edge."""

    by_basis: dict[str, Counts]
    near_edge: int


def _counts(table: pd.DataFrame) -> Counts:
    return {"estimates": len(table), "material_band": int(table["overlap"].sum()),
            "own_band": int(table["matched"].sum())}


def summarize_published(table: pd.DataFrame) -> Summary:
    """Counts of a ``compare_published`` table, overall and per basis."""
    by_basis = {str(basis): _counts(group) for basis, group in table.groupby("basis")}
    return {**_counts(table), "by_basis": by_basis, "near_edge": int(table["near_edge"].sum())}
