"""The page registry (ui/pages.py): url paths equal the file names (see its docstring)."""

from pathlib import Path

from ui.pages import PAGES

ROOT = Path(__file__).resolve().parents[1]


def test_url_paths_are_file_names():
    for path, _title, _icon, url in PAGES:
        assert url == Path(path).stem, (path, url)


def test_no_page_shadows_a_package():
    """A page named like a package (pages/tavolo.py) hides it when the page's folder is on
    sys.path, as when a page file is run on its own."""
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    for page in (ROOT / "pages").glob("*.py"):
        assert page.stem not in packages, page
