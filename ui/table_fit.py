"""How a table fits the width it is drawn in: a column width for each column, taller rows
whose text wraps when the widths alone do not fit, and, when even wrapping does not fit,
the columns shown and the ones kept for a second table behind a toggle.

Pure arithmetic on the frame's text (no Streamlit), so that ``ui.common.table`` and its
tests share one rule. Streamlit's data grid draws on a canvas in 14 px Source Sans: a
column narrower than its text cuts the text, a header never wraps, and cell text wraps
only when rows are taller than 4 rem (``WRAP_ROW_HEIGHT``). Widths here are estimates of
that font, on the generous side; tests/browser/test_tables.py checks the result on every
page at 1600 px.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

# The width a table has at a 1600 px wide window with the sidebar open (main column
# about 1140 px): the whole column, half of st.columns(2), the table beside a chart in
# ``chart_with_table`` (st.columns([3, 2])). A little under the measured widths.
ROOMS = {"full": 1100, "half": 540, "side": 430}

CELL_PAD = 20  # 8.5 px either side in the grid, and a margin
HEADER_PAD = 30  # the header also draws the sort arrow / menu on hover
WRAP_ROW_HEIGHT = 68  # px: > 4 rem, so the grid wraps cell text; three lines of 14 px text
WRAP_LINES = 3
SAMPLE = 400  # rows measured (the longest text of a larger table is among the first ones
# often enough; tables on screen are short)
MIN_WRAP_PX = 90


def text_px(text: object) -> float:
    """The width of ``text`` in 14 px Source Sans, from per-character averages."""
    width = 0.0
    for ch in str(text):
        if ch.isdigit():
            width += 7.7
        elif ch.isupper():
            width += 8.8
        elif ch.islower():
            width += 6.9
        elif ch == " ":
            width += 3.3
        elif ch in ".,;:'|!il":
            width += 3.6
        elif ord(ch) > 0x2500:  # emoji and symbols (⚠, ✅): wide
            width += 17.0
        else:
            width += 8.0
    return width


def _texts(series: pd.Series) -> list[str]:
    values = series.head(SAMPLE)
    if pd.api.types.is_datetime64_any_dtype(values):
        return ["00/00/0000"]  # shown as DD/MM/YYYY
    if pd.api.types.is_float_dtype(values):
        # Streamlit shows floats with up to 4 decimals, thousands without separators
        return [f"{v:.4f}".rstrip("0").rstrip(".") for v in values.dropna()] or [""]
    return ["" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v) for v in values]


@dataclass(frozen=True)
class Column:
    name: str
    header_px: int
    natural_px: int  # its longest value on one line, or its header
    word_px: int  # its longest word: the narrowest it can wrap to
    wraps: bool  # text whose lines can break between words


def measure(table: pd.DataFrame) -> list[Column]:
    columns = []
    for name in table.columns:
        texts = _texts(table[name])
        header = math.ceil(text_px(name) + HEADER_PAD)
        longest = max((text_px(v) for v in texts), default=0.0)
        word = max((text_px(w) for v in texts for w in v.split()), default=0.0)
        wraps = pd.api.types.is_object_dtype(table[name]) or pd.api.types.is_string_dtype(table[name])
        columns.append(Column(str(name), header, max(header, math.ceil(longest + CELL_PAD)),
                              math.ceil(word + CELL_PAD), bool(wraps) and longest > word + 1))
    return columns


@dataclass(frozen=True)
class Fit:
    widths: dict[str, int]  # px, every column shown
    row_height: int | None = None  # taller rows whose text wraps; None: one line
    shown: list[str] = field(default_factory=list)
    rest: list[str] = field(default_factory=list)  # behind the toggle: a second table
    rest_widths: dict[str, int] = field(default_factory=dict)  # its columns: the first, the rest

    @property
    def total(self) -> int:
        return sum(self.widths[c] for c in self.shown)


def _wrapped(columns: list[Column], room: int, lines: int) -> dict[str, int] | None:
    """Widths within ``room`` with text wrapped on up to ``lines`` lines, else None."""
    need = {}
    for c in columns:
        if c.wraps and c.natural_px > c.header_px:
            # words do not break evenly: a fifth more than the text's length / lines
            per_line = math.ceil((c.natural_px - CELL_PAD) * 1.2 / lines + CELL_PAD)
            need[c.name] = max(c.header_px, c.word_px, MIN_WRAP_PX, min(per_line, c.natural_px))
        else:
            need[c.name] = c.natural_px
    spare = room - sum(need.values())
    if spare < 0:
        return None
    # what is left goes to the wrapped columns, towards their one-line width
    short = {c.name: c.natural_px - need[c.name] for c in columns if c.natural_px > need[c.name]}
    total_short = sum(short.values())
    for name, gap in short.items():
        need[name] += min(gap, int(spare * gap / total_short))
    return need


def fit(table: pd.DataFrame, room: int | str = "full") -> Fit:
    """Widths for ``table`` in ``room`` px (or one of ``ROOMS``): one line if it fits, else
    wrapped text in taller rows, else the first columns that fit, the rest apart."""
    room = ROOMS.get(room, room) if isinstance(room, str) else int(room)
    columns = measure(table)
    names = [c.name for c in columns]
    natural = {c.name: c.natural_px for c in columns}
    if sum(natural.values()) <= room:
        return Fit(natural, None, names, [])
    wrapped = _wrapped(columns, room, WRAP_LINES)
    if wrapped is not None:
        return Fit(wrapped, WRAP_ROW_HEIGHT, names, [])
    # fewer columns: the first ones that fit wrapped; the others in a second table that
    # repeats the first column, so each row can be read across
    for k in range(len(columns) - 1, 0, -1):
        widths = _wrapped(columns[:k], room, WRAP_LINES)
        if widths is not None:
            rest = [columns[0]] + columns[k:]
            rest_fit = _wrapped(rest, room, WRAP_LINES) or {c.name: c.natural_px for c in rest}
            return Fit(widths, WRAP_ROW_HEIGHT, names[:k], names[k:], rest_fit)
    return Fit({names[0]: natural[names[0]]}, WRAP_ROW_HEIGHT, names[:1], names[1:], natural)
