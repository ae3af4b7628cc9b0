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
from peninsula.nuclear._plutonium import months_by_year, plutonium_by_year

__all__ = [
    "NATURAL_ASSAY",
    "TABLES",
    "Separation",
    "load",
    "months_by_year",
    "parameters",
    "plutonium_by_year",
    "product_per_year",
    "separative_work",
    "swu_per_kg",
    "topping_up",
    "value",
]
