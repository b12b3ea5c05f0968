"""The one test of a missing value (tavolo.values.is_missing), used by formats, edits,
the store, the PDF and the programmes."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from tavolo import i18n
from tavolo.values import is_missing


@pytest.mark.parametrize("value", [None, float("nan"), np.nan, np.float64("nan"), pd.NA, pd.NaT])
def test_missing_values(value):
    assert is_missing(value)


@pytest.mark.parametrize("value", [0, 0.0, "", "nan", False, dt.date(2026, 1, 1), pd.Timestamp("2026-01-01"),
                                   np.int64(0)])
def test_values_that_are_not_missing(value):
    assert not is_missing(value)


def test_the_formats_use_it():
    assert [i18n.fmt_int(v) for v in (None, pd.NA, float("nan"))] == ["–"] * 3
    assert i18n.fmt_date(pd.NaT) == "–"
