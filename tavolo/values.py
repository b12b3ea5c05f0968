"""Small value rules shared by every layer: what counts as a missing value."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd


def is_missing(value: Any) -> bool:
    """None, NaN and the missing values of typed frames (pandas NA in Int64/boolean
    columns, NaT in dates): the one test of a missing cell. ``0``, ``""`` and ``False``
    are values."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)
