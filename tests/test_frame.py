"""Every page runs inside app.py's frame: it calls ui.common.ensure_frame() before
anything else (see its docstring: Streamlit's legacy pages/ mode)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "pages").glob("*.py"))


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_calls_ensure_frame_first(page):
    tree = ast.parse(page.read_text(encoding="utf-8"))
    calls = [node for node in tree.body
             if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)]
    assert calls, f"{page.name}: no top-level call"
    first = calls[0].value.func
    name = first.id if isinstance(first, ast.Name) else getattr(first, "attr", "")
    assert name == "ensure_frame", f"{page.name}: the first call must be ensure_frame()"
