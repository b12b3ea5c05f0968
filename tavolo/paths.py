"""Paths anchored on the package, never on the working directory."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
DATA_DIR = ROOT / "data"
GEO_DIR = ROOT / "geo"
VAR_DIR = ROOT / "var"  # git-ignored: the SQLite store, settings file, exports cache
STATIC_DIR = ROOT / "static"  # git-ignored: offline assets copied from XStatic packages
DEFAULT_SQLITE = VAR_DIR / "tavolo.sqlite"
