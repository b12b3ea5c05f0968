"""Offline web assets: copied from the XStatic registry packages into ``static/vendor``.

Streamlit serves ``static/`` at ``/app/static/`` (``server.enableStaticServing``), so maps
can load Leaflet, jQuery and the rest without any CDN. The folder is git-ignored and
rebuilt by ``python -m tavolo assets`` (``make run`` and ``make test`` call it): nothing
is copied into the repository.
"""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

from tavolo import paths

# name in static/vendor -> XStatic module
PACKAGES = {
    "leaflet": "xstatic.pkg.leaflet",
    "jquery": "xstatic.pkg.jquery",
    "font-awesome": "xstatic.pkg.font_awesome",
    "leaflet-markercluster": "xstatic.pkg.leaflet_markercluster",
    "d3": "xstatic.pkg.d3",
}
VENDOR_DIR = paths.STATIC_DIR / "vendor"


def package_dir(module: str) -> Path:
    return Path(importlib.import_module(module).BASE_DIR)


def install(target: Path = VENDOR_DIR) -> dict[str, str]:
    """Copy every package's files to ``target/<name>``; returns name -> version."""
    versions = {}
    for name, module in PACKAGES.items():
        source = package_dir(module)
        dest = Path(target) / name
        stamp = dest / ".version"
        version = importlib.import_module(module).VERSION
        if stamp.exists() and stamp.read_text() == version:
            versions[name] = version
            continue
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(source, dest, ignore=shutil.ignore_patterns("*.map", "*.esm.js"))
        stamp.write_text(version)
        versions[name] = version
    return versions


def installed(target: Path = VENDOR_DIR) -> bool:
    return all((Path(target) / name / ".version").exists() for name in PACKAGES)
