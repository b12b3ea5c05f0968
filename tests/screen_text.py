"""What a person reads on a page that AppTest has run: every element's text, label, help,
placeholder and options (as formatted), and the headers of read-only tables; not the
tables' cells (data, not text written by the app) nor a choice widget's raw value."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import element_tree as et

_SKIP = (et.Json, et.Code, et.UnknownElement)
_CHOICE = (et.Selectbox, et.Multiselect, et.Radio, et.SelectSlider, et.Slider, et.NumberInput,
           et.DateInput, et.TimeInput, et.Checkbox, et.Toggle, et.ColorPicker)


def _headers(node) -> list[str]:
    """A read-only table's column headers as shown (column_config labels win)."""
    proto = node.proto
    if getattr(proto, "editing_mode", 0):  # a data editor: its raw frame is not what is shown
        return []
    try:
        config = json.loads(proto.columns) if proto.columns else {}
        frame = node.value
    except Exception:  # noqa: BLE001 - an element AppTest cannot decode: nothing to read
        return []
    out = []
    for col in frame.columns:
        conf = config.get(str(col)) or config.get(f"col:{col}") or {}
        if conf.get("hidden"):
            continue
        out.append(str(conf.get("label") or col))
    return out


def _texts(node, out: list[str]) -> None:
    if isinstance(node, _SKIP):
        return
    if isinstance(node, (et.Dataframe, et.Table)):
        out.extend(_headers(node))
        return
    if not isinstance(node, et.Block) or isinstance(node, (et.Tab, et.Expander)):
        for attr in ("value", "label", "help", "placeholder", "options", "body"):
            if attr == "value" and isinstance(node, _CHOICE):
                continue
            try:
                value = getattr(node, attr)
            except Exception:  # noqa: BLE001 - widgets without that attribute or state
                continue
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, (list, tuple)):
                out.extend(v for v in value if isinstance(v, str))
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            _texts(child, out)


def _visible(text: str) -> str:
    """Markdown written as HTML shows its text, not its style sheet or tags."""
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S | re.I)
    return re.sub(r"<[^>]+>", " ", text)


def screen_text(at) -> str:
    """All the text of the page (main area and sidebar), one piece per line, each once."""
    out: list[str] = []
    _texts(at._tree, out)
    return "\n".join(dict.fromkeys(_visible(s) for s in out if s))
