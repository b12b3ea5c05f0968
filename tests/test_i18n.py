"""Texts in Italian and English, Italian number and date formats."""

import datetime as dt
import types
from pathlib import Path

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


def test_page_texts_are_merged_and_a_duplicated_key_is_an_error(monkeypatch):
    page = types.SimpleNamespace(__name__="tavolo.texts.aa_page", TEXTS={"zz_test_only_key": ("Prova", "Test")})
    clash = types.SimpleNamespace(__name__="tavolo.texts.zz_clash", TEXTS={"app_title": ("Doppione", "Duplicate")})
    monkeypatch.setattr(i18n, "TEXTS", dict(i18n.TEXTS))
    with pytest.raises(KeyError, match="zz_clash redefines"):
        i18n._merge_page_texts((page, clash))
    assert i18n.TEXTS["zz_test_only_key"] == ("Prova", "Test")  # merged before the clash


def test_every_module_of_tavolo_texts_is_imported_by_name():
    files = {p.stem for p in Path(texts.__file__).parent.glob("*.py") if p.stem != "__init__"}
    assert {m.__name__.rsplit(".", 1)[1] for m in i18n._page_text_modules()} == files
    for module in i18n._page_text_modules():
        assert set(module.TEXTS) <= set(i18n.TEXTS)


def test_plural_agrees_with_the_number():
    assert i18n.plural(1, "row_one", "rows") == "1 riga"
    assert i18n.plural(2, "row_one", "rows") == "2 righe"
    assert i18n.plural(0, "row_one", "rows") == "0 righe"
    assert i18n.plural(1234, "row_one", "rows") == "1.234 righe"
    assert i18n.plural(1, "row_one", "rows", "en") == "1 row"
    assert i18n.plural(1234, "row_one", "rows", "en") == "1,234 rows"
    assert i18n.plural(1, "giorno", "giorni") == "1 giorno"  # words already in the language
    assert i18n.plural(1, "day", "days", number=False) == "giorno"


def test_demo_flag_and_sentence_are_defined_once_and_make_the_banner():
    for lang in ("it", "en"):
        assert i18n.t("demo_data", lang).startswith("Dati dimostrativi")
        assert i18n.t("demo_banner", lang) == f"{i18n.t('demo_data', lang)}: {i18n.t('demo_sentence', lang)}"


def test_separators_for_plotly():
    assert i18n.separators("it") == ",." and i18n.separators("en") == ".,"
