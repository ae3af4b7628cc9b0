"""Uranium enrichment: the value function, separative work, feed and tails mass balance.

Assays are weight-% of U-235 (natural uranium 0.711). Separative work in SWU (kg-SWU).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

NATURAL_ASSAY = 0.711  # weight-% U-235 in natural uranium


def value(assay_pct: ArrayLike) -> NDArray[np.float64]:
    """The value function V(x) = (2x - 1) ln(x / (1 - x)), x the assay as a fraction."""
    x = np.asarray(assay_pct, dtype=float) / 100.0
    out: NDArray[np.float64] = (2.0 * x - 1.0) * np.log(x / (1.0 - x))
    return out


@dataclass(frozen=True)
class Separation:
    """Feed and tails needed for a product, and the separative work it takes."""

    product_kg: float
    feed_kg: float
    tails_kg: float
    swu: float

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def _check(feed: float, product: float, tails: float) -> None:
    for name, v in (("feed", feed), ("product", product), ("tails", tails)):
        if not (0.0 < v < 100.0) or math.isnan(v):
            raise ValueError(f"{name} assay must be between 0 and 100 weight-%, got {v}")
    if not tails < feed < product:
        raise ValueError(f"assays must satisfy tails < feed < product, got tails {tails}, "
                         f"feed {feed}, product {product}")


def separative_work(product_kg: float, *, product: float, feed: float = NATURAL_ASSAY,
                    tails: float = 0.3) -> Separation:
    """Feed (kg), tails (kg) and SWU to make ``product_kg`` at ``product`` % from ``feed`` %."""
    _check(feed, product, tails)
    if product_kg < 0 or math.isnan(product_kg):
        raise ValueError(f"product mass must be zero or more, got {product_kg}")
    feed_kg = product_kg * (product - tails) / (feed - tails)
    tails_kg = feed_kg - product_kg
    swu = (product_kg * float(value(product)) + tails_kg * float(value(tails))
           - feed_kg * float(value(feed)))
    return Separation(product_kg, feed_kg, tails_kg, swu)


def swu_per_kg(*, product: float, feed: float = NATURAL_ASSAY, tails: float = 0.3) -> float:
    """SWU per kg of product."""
    return separative_work(1.0, product=product, feed=feed, tails=tails).swu


def product_per_year(machines: ArrayLike, swu_per_machine_year: ArrayLike, *, product: float = 90.0,
                     feed: float = NATURAL_ASSAY, tails: float = 0.3) -> NDArray[np.float64]:
    """kg of product a year from a cascade of ``machines`` at ``swu_per_machine_year`` each."""
    capacity = np.asarray(machines, dtype=float) * np.asarray(swu_per_machine_year, dtype=float)
    out: NDArray[np.float64] = capacity / swu_per_kg(product=product, feed=feed, tails=tails)
    return out


def topping_up(product_kg: float, *, product: float = 90.0, leu: float = 3.5,
               feed: float = NATURAL_ASSAY, tails: float = 0.3) -> tuple[Separation, Separation]:
    """Two steps: natural uranium to LEU at ``leu`` %, then that LEU topped up to ``product`` %
    (with tails at the natural assay, so the second step wastes no enriched material)."""
    second = separative_work(product_kg, product=product, feed=leu, tails=feed)
    first = separative_work(second.feed_kg, product=leu, feed=feed, tails=tails)
    return first, second
