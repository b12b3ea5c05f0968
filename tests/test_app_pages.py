"""app.py's page list: url paths equal the file names (see app.py's comment)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_url_paths_are_file_names():
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = next(ast.literal_eval(node.value) for node in tree.body
                 if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "PAGES")
    for path, _title, _icon, url in pages:
        assert url == Path(path).stem, (path, url)


def test_no_page_shadows_a_package():
    """A page named like a package (pages/tavolo.py) hides it when the page's folder is on
    sys.path, as when a page file is run on its own."""
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    for page in (ROOT / "pages").glob("*.py"):
        assert page.stem not in packages, page
