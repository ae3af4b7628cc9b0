"""Nuclear capability: enrichment and plutonium physics, stocks and policy options."""

from peninsula.nuclear._enrichment import (
    NATURAL_ASSAY,
    Separation,
    product_per_year,
    separative_work,
    swu_per_kg,
    topping_up,
    value,
)
from peninsula.nuclear._params import TABLES, load, parameters

__all__ = [
    "NATURAL_ASSAY",
    "TABLES",
    "Separation",
    "load",
    "parameters",
    "product_per_year",
    "separative_work",
    "swu_per_kg",
    "topping_up",
    "value",
]
