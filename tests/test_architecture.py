"""The layout rules of docs/DEVELOPERS.md, checked on the source (parsed with ast)."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tavolo import i18n, paths

ROOT = paths.ROOT
PAGES_DIR = ROOT / "pages"


def imports_streamlit(source: str) -> list[str]:
    """Every way ``source`` imports streamlit: import statements, ``__import__`` and
    ``importlib.import_module`` with a literal name."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if called in ("__import__", "import_module") and isinstance(node.args[0].value, str):
                names = [node.args[0].value]
        found += [n for n in names if n == "streamlit" or n.startswith("streamlit.")]
    return found


@pytest.mark.parametrize(("source", "expected"), [
    ("import streamlit as st", ["streamlit"]),
    ("from streamlit.testing.v1 import AppTest", ["streamlit.testing.v1"]),
    ("import os, streamlit.components.v1", ["streamlit.components.v1"]),
    ("def f():\n    import streamlit\n", ["streamlit"]),
    ("import importlib\nimportlib.import_module('streamlit')", ["streamlit"]),
    ("__import__('streamlit')", ["streamlit"]),
    ("import streamlit_folium", []),
    ("from . import streamlit", []),
    ("x = 'import streamlit'", []),
])
def test_the_import_detector_itself(source, expected):
    assert imports_streamlit(source) == expected


def tavolo_modules():
    return sorted(p for p in paths.PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def test_tavolo_never_imports_streamlit():
    offenders = {str(p.relative_to(ROOT)): found for p in tavolo_modules()
                 if (found := imports_streamlit(p.read_text(encoding="utf-8")))}
    assert offenders == {}, "tavolo/ is the domain package: no Streamlit here"


def app_pages() -> list[tuple[str, str, str, str]]:
    """The page registry app.py builds its navigation from."""
    from ui.pages import PAGES

    return [tuple(entry) for entry in PAGES]


def test_app_py_navigates_over_the_registry_and_the_registry_needs_no_streamlit():
    app = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    assert any(isinstance(n, ast.ImportFrom) and n.module == "ui.pages"
               and [a.name for a in n.names] == ["PAGES"] for n in app.body)
    assert not any(isinstance(n, ast.Assign) and any(getattr(t, "id", None) == "PAGES" for t in n.targets)
                   for n in app.body), "one registry: ui/pages.py"
    assert imports_streamlit((ROOT / "ui" / "pages.py").read_text(encoding="utf-8")) == []


def test_every_page_file_is_registered_in_app_py():
    registered = [Path(path) for path, *_ in app_pages()]
    files = sorted(p.relative_to(ROOT) for p in PAGES_DIR.glob("*.py") if p.name != "__init__.py")
    assert files, "pages/ is empty"
    missing = [str(f) for f in files if f not in registered]
    assert missing == [], f"pages not in ui/pages.py PAGES: {missing}"
    assert all((ROOT / p).is_file() for p in registered), "PAGES names a missing file"
    assert len(registered) == len(set(registered))


def test_pages_entries_are_well_formed():
    pages = app_pages()
    assert all(len(entry) == 4 for entry in pages)
    urls = [url for *_, url in pages]
    assert len(urls) == len(set(urls)) and all(urls)
    for path, _title, icon, _url in pages:
        assert icon and not icon.startswith(":"), f"{path}: use an emoji icon, not {icon!r}"


def test_every_page_title_key_exists_in_both_languages():
    for path, title, _icon, _url in app_pages():
        assert title in i18n.TEXTS, f"{path}: title key {title!r} missing from tavolo.i18n"
        assert all(i18n.TEXTS[title]), title


def _text_keys(source: str) -> set[str]:
    """Literal keys passed to t("...") or i18n.t("...")."""
    keys = set()
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "t":
                keys.add(node.args[0].value)
    return keys


def ui_sources():
    files = [ROOT / "app.py", *sorted(PAGES_DIR.glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]
    return [p for p in files if p.exists()]


def test_every_literal_text_key_used_by_the_ui_exists():
    assert _text_keys('t("a")\ni18n.t("b", lang)\nfmt("c")') == {"a", "b"}
    missing = {}
    for path in ui_sources():
        unknown = sorted(_text_keys(path.read_text(encoding="utf-8")) - set(i18n.TEXTS))
        if unknown:
            missing[str(path.relative_to(ROOT))] = unknown
    assert missing == {}


def test_no_material_icons_anywhere_in_the_ui():
    offenders = [str(p.relative_to(ROOT)) for p in ui_sources()
                 if ":material/" in p.read_text(encoding="utf-8")]
    assert offenders == [], "Material icons load a font from a CDN: use emoji"


# -- ruff: the configuration in pyproject.toml ------------------------------------------
def ruff(*args: str, stdin: str | None = None) -> list[dict]:
    """``ruff check`` (requirements-dev.txt) from the repository root, as JSON messages."""
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "json", *args],
                          input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def test_ruff_bans_streamlit_in_tavolo_only():
    source = "import streamlit as st\n\nst.write(1)\n"
    found = {where: [m["code"] for m in ruff("--stdin-filename", where, "-", stdin=source)]
             for where in ("tavolo/anything.py", "tavolo/sub/deep.py", "ui/anything.py",
                           "pages/anything.py", "app.py")}
    assert found == {"tavolo/anything.py": ["TID251"], "tavolo/sub/deep.py": ["TID251"],
                     "ui/anything.py": [], "pages/anything.py": [], "app.py": []}


def test_every_noqa_names_a_rule_that_ruff_enables():
    """A ``# noqa: CODE`` for a rule that is not selected in pyproject.toml silences nothing
    and misleads: RUF100 reports it as non-enabled (or unknown)."""
    probe = "import os  # noqa: S101\nimport sys  # noqa: F401\n\nx = sys\n"
    assert [m["message"] for m in ruff("--extend-select", "RUF100", "--stdin-filename",
                                       "tavolo/probe.py", "-", stdin=probe)
            if m["code"] == "RUF100"] == ["Unused `noqa` directive (non-enabled: `S101`)",
                                          "Unused `noqa` directive (unused: `F401`)"]
    found = [f"{m['filename']}:{m['location']['row']}: {m['message']}"
             for m in ruff("--extend-select", "RUF100", ".")
             if m["code"] == "RUF100" and ("non-enabled" in m["message"] or "unknown" in m["message"])]
    assert found == []


# -- docs ---------------------------------------------------------------------------------
def test_developer_docs_link_only_to_files_inside_the_repository():
    """docs/DEVELOPERS.md and README.md travel with the repository: every link and every
    relative path they name resolves to a file in it (no ../shared/, no URL)."""
    import re

    for doc in (ROOT / "docs" / "DEVELOPERS.md", ROOT / "README.md"):
        text = doc.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            assert not re.match(r"[a-z]+:", target), f"{doc.name}: external link {target}"
            path = (doc.parent / target.split("#")[0]).resolve()
            assert path.is_relative_to(ROOT) and path.exists(), f"{doc.name}: {target}"
        outside = [m for m in re.findall(r"(?:^|[\s`(])(\.\./[^\s`)]*)", text)
                   if not ((doc.parent / m).resolve().is_relative_to(ROOT) and (doc.parent / m).exists())]
        assert outside == [], f"{doc.name} names paths outside the repository: {outside}"


# Files whose owners convert their own `lang == "it"` branches on their branches (the map,
# Gestione and programmes engineers); remove an entry when its file no longer has one.
LANG_BRANCH_ALLOWED = {"tavolo/i18n.py", "tavolo/maps.py", "tavolo/map_data.py", "tavolo/map_export.py",
                       "tavolo/static_map.py", "tavolo/programmes.py"}


def _lang_branch_allowed(rel: str) -> bool:
    return rel in LANG_BRANCH_ALLOWED or rel.startswith("tavolo/gestione")


def test_one_way_to_speak_two_languages():
    """Texts come from a key (i18n.t) or a pair (i18n.pick): no `lang == "it"` branch, and no
    module redefines the helper that picks a pair's language."""
    import re

    branch = re.compile(r"""(?:\blang(?:\(\))?|\bL|\.lang)\s*[!=]=\s*["'](?:it|en)["']""")
    helper = re.compile(r"def (?:_t|_l|lbl|_pick)\((?:lang|it|key)\b")
    found = []
    for folder in ("tavolo", "ui", "pages"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if _lang_branch_allowed(rel):
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if branch.search(line) or helper.search(line):
                    found.append(f"{rel}:{n}: {line.strip()}")
    assert not found, "\n".join(found)


def test_the_demo_flag_is_written_once():
    """'Dati dimostrativi' is the text key demo_data (and demo_banner joins it with the
    demo sentence); code writes it only through i18n. Docstrings and comments may cite it;
    the map and Gestione modules are allow-listed while their owners convert them."""
    import re

    flag = re.compile(r"(?:^|[>·:(]\s*)(?:Dati dimostrativi|DATI DIMOSTRATIVI)\b(?! \(illustrativi\)| scritti)")
    allowed = {"tavolo/i18n.py", "tavolo/maps.py", "tavolo/map_export.py", "tavolo/gestione_cli.py"}
    found = []
    for folder in ("tavolo", "ui", "pages"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in allowed or rel.startswith("tavolo/texts/"):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docs = {id(node.body[0].value) for node in ast.walk(tree)
                    if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                    and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
            for node in ast.walk(tree):
                if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
                        and flag.search(node.value.strip())):
                    found.append(f"{rel}:{node.lineno}: {node.value[:60]!r}")
    assert not found, "\n".join(found)
