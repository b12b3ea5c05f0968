"""What a person reads on a page that AppTest has run: every element's text, label, help,
placeholder and options, without the tables' cells (data, not text written by the app)."""

from __future__ import annotations

from streamlit.testing.v1 import element_tree as et

_SKIP = (et.Dataframe, et.Table, et.Json, et.Code, et.UnknownElement)
_ATTRS = ("value", "label", "help", "placeholder", "options", "body")


def _texts(node, out: list[str]) -> None:
    if isinstance(node, _SKIP):
        return
    if not isinstance(node, et.Block) or isinstance(node, (et.Tab, et.Expander)):
        for attr in _ATTRS:
            try:
                value = getattr(node, attr)
            except Exception:  # noqa: BLE001 - widgets without that attribute or state
                continue
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, (list, tuple)):
                out.extend(v for v in value if isinstance(v, str))
        proto = getattr(node, "proto", None)
        for field in ("body", "label", "help", "placeholder", "caption"):
            value = getattr(proto, field, None)
            if isinstance(value, str) and value:
                out.append(value)
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            _texts(child, out)


def screen_text(at) -> str:
    """All the text of the page (main area and sidebar), one piece per line."""
    out: list[str] = []
    _texts(at._tree, out)
    return "\n".join(out)
