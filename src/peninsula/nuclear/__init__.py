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
from peninsula.nuclear._options import FACILITIES, Option, month_index, option, options, steps
from peninsula.nuclear._params import TABLES, load, parameters
from peninsula.nuclear._plutonium import months_by_year, plutonium_by_year
from peninsula.nuclear._projection import (
    SERIES,
    Model,
    Projection,
    avoided,
    earliest_as_of,
    hanoi_curve,
    mc_standard_error,
    nuclear_tests,
    project,
    warheads_from_material,
)
from peninsula.nuclear._published import compare_published, summarize_published
from peninsula.nuclear._sampling import Uniforms, inverse_cdf

__all__ = [
    "FACILITIES",
    "NATURAL_ASSAY",
    "SERIES",
    "TABLES",
    "Model",
    "Option",
    "Projection",
    "Separation",
    "Uniforms",
    "avoided",
    "compare_published",
    "earliest_as_of",
    "hanoi_curve",
    "inverse_cdf",
    "load",
    "mc_standard_error",
    "month_index",
    "months_by_year",
    "nuclear_tests",
    "option",
    "options",
    "parameters",
    "plutonium_by_year",
    "product_per_year",
    "project",
    "separative_work",
    "steps",
    "summarize_published",
    "swu_per_kg",
    "topping_up",
    "value",
    "warheads_from_material",
]
