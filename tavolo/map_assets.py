"""Where the interactive map's code comes from: Leaflet and its plugins (the XStatic
packages: from the CDN, from ``static/vendor`` served by Streamlit, or written into the
page) and the map's own JS/CSS, package files of ``tavolo`` (tavolo/mapweb/). No
Streamlit here."""

from __future__ import annotations

import base64
import importlib.resources
import re
from pathlib import Path

import folium
from branca.element import Element

from tavolo import assets as vendor_assets

ASSET_MODES = ("cdn", "local", "inline")
LOCAL_PREFIX = "../../app/static/vendor/"
# (name, kind, static/vendor dir, file, XStatic module, CDN URL); the CDN versions match
# the XStatic packages of requirements.txt.
_ASSETS = [
    ("leaflet", "js", "leaflet", "leaflet.js", "xstatic.pkg.leaflet",
     "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"),
    ("jquery", "js", "jquery", "jquery.min.js", "xstatic.pkg.jquery",
     "https://cdn.jsdelivr.net/npm/jquery@3.7.1/dist/jquery.min.js"),
    ("markercluster", "js", "leaflet-markercluster", "leaflet.markercluster.js",
     "xstatic.pkg.leaflet_markercluster",
     "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/leaflet.markercluster.js"),
    ("leaflet_css", "css", "leaflet", "leaflet.css", "xstatic.pkg.leaflet",
     "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"),
    ("markercluster_css", "css", "leaflet-markercluster", "MarkerCluster.css",
     "xstatic.pkg.leaflet_markercluster",
     "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/MarkerCluster.css"),
    ("markercluster_default_css", "css", "leaflet-markercluster", "MarkerCluster.Default.css",
     "xstatic.pkg.leaflet_markercluster",
     "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/MarkerCluster.Default.css"),
]


# ------------------------------------------------------------------------------ assets


def inline_assets() -> str:
    """Every JS and CSS file of the map written into the page (no external request);
    Leaflet's images referenced by its CSS become data: URIs."""
    parts = []
    for _name, kind, _vendor, file, module, _cdn in _ASSETS:
        base = vendor_assets.package_dir(module)
        text = (base / file).read_text(encoding="utf-8")
        text = re.sub(r"/[/*][#@] sourceMappingURL=\S*", "", text)
        if kind == "css":
            def data_uri(match, base=base):
                path = base / match.group(1)
                if not path.exists():
                    return "none"
                encoded = base64.b64encode(path.read_bytes()).decode()
                return f"url(data:image/png;base64,{encoded})"

            text = re.sub(r"url\(['\"]?(images/[^)'\"]+)['\"]?\)", data_uri, text)
            parts.append(f"<style>\n{text}\n</style>")
        else:
            safe = text.replace("</", "<\\/")
            parts.append(f"<script>\n{safe}\n</script>")
    return "\n".join(parts)


def set_assets(m: folium.Map, mode: str) -> None:
    """Point the map (this instance only) at its JS/CSS; Bootstrap, awesome-markers and
    Font Awesome are dropped (nothing here uses them)."""
    if mode not in ASSET_MODES:
        raise ValueError(f"assets must be one of {ASSET_MODES}, not {mode!r}")
    js, css = [], []
    if mode != "inline":
        for name, kind, vendor, file, _module, cdn in _ASSETS:
            url = cdn if mode == "cdn" else f"{LOCAL_PREFIX}{vendor}/{file}"
            (js if kind == "js" else css).append((name, url))
    else:
        m.get_root().header.add_child(Element(inline_assets()), name="tavolo_assets")
    m.default_js = js
    m.default_css = css


def image_path(mode: str) -> str:
    if mode == "cdn":
        return "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/images/"
    if mode == "local":
        return f"{LOCAL_PREFIX}leaflet/images/"
    return ""


WEB = "mapweb"  # package data: tavolo/mapweb/map.js and map.css


def web_file(name: str) -> str:
    """A file of the map's own JS/CSS (package data of ``tavolo``)."""
    return importlib.resources.files("tavolo").joinpath(WEB, name).read_text(encoding="utf-8")


def compact(code: str) -> str:
    """JS or CSS without indentation and whole-line comments (smaller pages; the files
    keep them)."""
    lines = (re.sub(r"\s+// .*$", "", line).strip() for line in code.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith(("//", "/*")))


def vendor_ready() -> bool:
    """True when ``static/vendor`` holds every asset the ``local`` mode points at."""
    base = Path(vendor_assets.VENDOR_DIR)
    return all((base / vendor / file).exists() for _n, _k, vendor, file, _m, _c in _ASSETS)
