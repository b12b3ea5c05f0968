"""ui.table_fit, the rule ui.common.table draws every table with: widths that hold each
header and value, wrapped text when widths alone do not fit, fewer columns (the rest
behind a toggle) when even that does not; and every page's tables drawn through it."""

from __future__ import annotations

import ast

import pandas as pd

from tavolo import paths
from ui import table_fit as tf


def test_a_small_table_keeps_one_line_and_every_header_whole():
    table = pd.DataFrame({"Anno": ["2026", "2027"], "Alloggi": ["41", "5"]})
    fit = tf.fit(table, "side")
    assert fit.row_height is None and fit.rest == [] and fit.shown == ["Anno", "Alloggi"]
    for name in table.columns:
        assert fit.widths[name] >= tf.text_px(name) + tf.HEADER_PAD
    assert fit.total <= tf.ROOMS["side"]


def test_long_text_wraps_in_taller_rows_within_the_room():
    rule = "R.R. 4/2017 art. 14 come modificato dal R.R. 2/2025 (una o più categorie sotto la soglia unica)"
    table = pd.DataFrame({"Quota": ["Categorie art. 14"], "Scelti": ["0"], "Regola": [rule]})
    assert sum(c.natural_px for c in tf.measure(table)) > 450
    fit = tf.fit(table, 450)
    assert fit.row_height == tf.WRAP_ROW_HEIGHT and fit.row_height > 64  # the grid wraps above 4 rem
    assert fit.total <= 450 and fit.rest == []
    longest_word = max(tf.text_px(w) for w in rule.split())
    assert fit.widths["Regola"] >= longest_word + tf.CELL_PAD
    # on three lines: its width times three holds the text
    assert 3 * (fit.widths["Regola"] - tf.CELL_PAD) >= tf.text_px(rule)


def test_too_many_columns_keep_the_first_ones_and_put_the_rest_apart():
    table = pd.DataFrame({f"Colonna numero {i}": ["1.234.567"] for i in range(12)})
    fit = tf.fit(table, "side")
    assert fit.rest and fit.shown[0] == "Colonna numero 0"
    assert fit.total <= tf.ROOMS["side"]
    assert fit.shown + fit.rest == list(table.columns)
    assert list(fit.rest_widths)[0] == "Colonna numero 0"  # the second table repeats the first column


def test_numbers_and_dates_are_measured_as_shown():
    table = pd.DataFrame({"Data": pd.to_datetime(["2026-10-31"]), "Valore": [1234.5]})
    widths = {c.name: c for c in tf.measure(table)}
    assert not widths["Data"].wraps and not widths["Valore"].wraps
    assert widths["Data"].natural_px >= tf.text_px("31/10/2026") + tf.CELL_PAD


def _dataframe_calls(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and n.func.attr == "dataframe"]


def test_the_pages_of_this_work_draw_tables_only_through_ui_common_table():
    files = ["pages/domanda_offerta.py", "ui/domanda.py", "pages/il_tavolo.py", "ui/tavolo_widgets.py"]
    found = {f: _dataframe_calls(paths.ROOT / f) for f in files}
    assert not any(found.values()), f"st.dataframe outside ui.common.table: {found}"
    common = _dataframe_calls(paths.ROOT / "ui" / "common.py")
    assert len(common) == 2  # the table, and the second table of its other columns
