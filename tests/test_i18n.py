"""Texts in Italian and English, Italian number and date formats."""

import datetime as dt
import sys

import numpy as np
import pandas as pd
import pytest

from tavolo import i18n, texts


@pytest.mark.parametrize(("func", "value", "lang", "expected"), [
    (i18n.fmt_int, 1234, "it", "1.234"),
    (i18n.fmt_int, 1234, "en", "1,234"),
    (i18n.fmt_int, 1234567.4, "it", "1.234.567"),
    (i18n.fmt_int, np.int64(1229), "it", "1.229"),
    (i18n.fmt_num, 1234.5, "it", "1.234,5"),
    (i18n.fmt_num, 1234.5, "en", "1,234.5"),
    (i18n.fmt_num, np.float64(0.26), "it", "0,3"),
    (i18n.fmt_pct, 0.253, "it", "25,3%"),
    (i18n.fmt_pct, 0.253, "en", "25.3%"),
    (i18n.fmt_eur, 5_000_000, "it", "5.000.000 €"),
    (i18n.fmt_eur, 5_000_000, "en", "€5,000,000"),
    (i18n.fmt_date, dt.date(2017, 10, 17), "it", "17/10/2017"),
    (i18n.fmt_date, dt.date(2017, 10, 17), "en", "17/10/2017"),
    (i18n.fmt_date, pd.Timestamp("2017-10-17"), "it", "17/10/2017"),
    (i18n.fmt_date, "2017-10-17", "it", "17/10/2017"),
    (i18n.fmt_date_long, dt.date(2017, 10, 17), "it", "17 ottobre 2017"),
    (i18n.fmt_date_long, dt.date(2017, 10, 17), "en", "17 October 2017"),
])
def test_formats(func, value, lang, expected):
    assert func(value, lang) == expected


def test_decimals_argument():
    assert i18n.fmt_num(1234.567, "it", 2) == "1.234,57"
    assert i18n.fmt_num(1234.5, "it", 0) == "1.234"
    assert i18n.fmt_pct(0.5, "it", 0) == "50%"


@pytest.mark.parametrize("func", [i18n.fmt_int, i18n.fmt_num, i18n.fmt_pct, i18n.fmt_eur,
                                  i18n.fmt_date, i18n.fmt_date_long])
@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, pd.NaT],
                         ids=["None", "nan", "np.nan", "pd.NA", "pd.NaT"])
def test_missing_values_show_a_dash(func, missing):
    """Typed frames hold pd.NA (Int64, boolean) and NaT (dates): never a crash."""
    assert func(missing) == "–"


def test_missing_values_straight_from_typed_frames():
    ints = pd.array([1, None], dtype="Int64")
    dates = pd.Series(pd.to_datetime(["2017-10-17", None])).astype("datetime64[s]")
    assert [i18n.fmt_int(v) for v in ints] == ["1", "–"]
    assert [i18n.fmt_date(v) for v in dates] == ["17/10/2017", "–"]


def test_every_text_has_two_non_empty_strings():
    assert len(i18n.TEXTS) > 20
    for key, pair in i18n.TEXTS.items():
        assert isinstance(pair, tuple) and len(pair) == 2, key
        it, en = pair
        assert isinstance(it, str) and it.strip(), key
        assert isinstance(en, str) and en.strip(), key


def test_placeholders_match_in_both_languages():
    import string

    for key, (it, en) in i18n.TEXTS.items():
        names_it = {f for _, f, _, _ in string.Formatter().parse(it) if f}
        names_en = {f for _, f, _, _ in string.Formatter().parse(en) if f}
        assert names_it == names_en, key


def test_t_picks_the_language():
    assert i18n.t("page_panoramica") == "Panoramica"
    assert i18n.t("page_panoramica", "en") == "Overview"
    assert i18n.t("page_panoramica", "fr") == "Panoramica"
    with pytest.raises(KeyError):
        i18n.t("no_such_key")


def test_page_texts_are_merged_and_a_duplicated_key_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "zz_clash.py").write_text('TEXTS = {"app_title": ("Doppione", "Duplicate")}\n',
                                          encoding="utf-8")
    (tmp_path / "aa_page.py").write_text('TEXTS = {"zz_test_only_key": ("Prova", "Test")}\n',
                                         encoding="utf-8")
    monkeypatch.setattr(texts, "__path__", [str(tmp_path)])
    monkeypatch.setattr(i18n, "TEXTS", dict(i18n.TEXTS))
    for name in ("tavolo.texts.zz_clash", "tavolo.texts.aa_page"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    try:
        with pytest.raises(KeyError, match="zz_clash redefines"):
            i18n._merge_page_texts()
        assert i18n.TEXTS["zz_test_only_key"] == ("Prova", "Test")  # merged before the clash
    finally:
        for name in ("tavolo.texts.zz_clash", "tavolo.texts.aa_page"):
            sys.modules.pop(name, None)
