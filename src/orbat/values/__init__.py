"""Value parsers: dates, periods and quantities as they are written in articles.

A purpose-built grammar rather than dateparser: it is ~100× faster and knows the
encyclopedic forms (`2015–16`, `December 2019–March 2020`, `c. 5,000+`).
"""

from orbat.values.dates import find_times, parse_date, parse_period
from orbat.values.quantities import find_quantities, parse_quantity
from orbat.values.types import MONTH_NAMES, Period, Precision, Quantity, Time

__all__ = [
    "MONTH_NAMES",
    "Period",
    "Precision",
    "Quantity",
    "Time",
    "find_quantities",
    "find_times",
    "parse_date",
    "parse_period",
    "parse_quantity",
]
