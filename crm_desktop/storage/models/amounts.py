"""Exact decimals in SQLite: amounts and percentages stored as scaled integers.

SQLite has no decimal type (SQLAlchemy's Numeric goes through float there). A ScaledDecimal
column stores round(value × 10^scale) as an INTEGER, so sums in SQL stay exact and every value
comes back as the Decimal that went in.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Integer
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class ScaledDecimal(TypeDecorator[Decimal]):
    """A Decimal with `scale` places, stored as an integer count of 10^-scale units."""

    impl = Integer
    cache_ok = True

    def __init__(self, scale: int) -> None:
        super().__init__()
        self.scale = scale
        self._unit = Decimal(1).scaleb(-scale)

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return int(Decimal(value).quantize(self._unit, rounding=ROUND_HALF_UP).scaleb(self.scale))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.scale).quantize(self._unit)


def from_units(value: int | None, scale: int) -> Decimal:
    """A SUM() of a ScaledDecimal column (an integer of units) as a Decimal."""
    return Decimal(int(value or 0)).scaleb(-scale).quantize(Decimal(1).scaleb(-scale))


AMOUNT_SCALE = 2
PERCENT_SCALE = 5


def Amount() -> ScaledDecimal:  # noqa: N802 - reads like a column type
    """An LCY amount, to the cent."""
    return ScaledDecimal(AMOUNT_SCALE)


def Percent() -> ScaledDecimal:  # noqa: N802 - reads like a column type
    """A percentage with BC's five decimal places."""
    return ScaledDecimal(PERCENT_SCALE)
