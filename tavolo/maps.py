"""The map of the Mappa page: rioni choropleth, buildings, offices, programme sites and
candidate sites for ALER's unified office, as one folium map. No Streamlit here.

Principles:

- every text from data reaches the map HTML-escaped (``html.escape``), inside JSON
  written with ``<``, ``>``, ``&`` and ``'`` as \\u escapes, so a building named
  ``<script>alert(1)</script>`` shows as that text;
- buildings are ONE GeoJSON layer, clustered in the browser (Leaflet.markercluster) and,
  above ``max_points`` buildings, merged on a grid on the server
  (:func:`tavolo.map_data.aggregate_buildings`);
- the legend, title and flags are plain HTML controls drawn by the map's own script: no
  branca colormap (streamlit-folium would then fetch d3 from a CDN);
- assets come from one of three places (``assets``): ``cdn`` (jsDelivr, pinned to the
  versions of the XStatic packages), ``local`` (``static/vendor`` served by Streamlit,
  seen from the streamlit-folium frame as ``../../app/static/vendor/``) or ``inline``
  (the files of the XStatic packages written into the page: a standalone file that
  works with no server and no internet). Offline, no tile server is used either: the
  basemap is drawn from the project's own geometry.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import re
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import Element, MacroElement
from folium.map import Layer
from folium.template import Template

from tavolo import assets as vendor_assets
from tavolo import geodata, i18n, loading, map_data, schema

LAYERS = ("boundary", "consulte", "rioni", "buildings", "offices", "programmes", "sites")
ASSET_MODES = ("cdn", "local", "inline")
LOCAL_PREFIX = "../../app/static/vendor/"
MAX_POINTS = 2000
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">'
                   'OpenStreetMap</a> contributors')

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


def esc(value) -> str:
    """Text from data, safe inside HTML ('' for missing values)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value), quote=True)


def js_json(obj) -> str:
    """JSON for a <script>: <, >, & and ' written as \\u escapes (cannot close the tag)."""
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("'", "\\u0027").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _t(key: str, lang: str) -> str:
    return i18n.t(key, lang)


# ------------------------------------------------------------------------------ assets


def _inline_assets() -> str:
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


def _set_assets(m: folium.Map, mode: str) -> None:
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
        m.get_root().header.add_child(Element(_inline_assets()), name="tavolo_assets")
    m.default_js = js
    m.default_css = css


def _image_path(mode: str) -> str:
    if mode == "cdn":
        return "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/images/"
    if mode == "local":
        return f"{LOCAL_PREFIX}leaflet/images/"
    return ""


# ------------------------------------------------------------------- map elements (JS)

_CSS = """
.tv-icon{background:none;border:none}
.tv-b{display:block;box-sizing:border-box;width:100%;height:100%;border-radius:50%;
 border:2px solid #333;box-shadow:0 0 0 1.5px #fff}
.tv-b.tv-approx{background:#fff !important;border-style:dashed;border-width:2.5px}
.tv-b.tv-group{font:bold 11px/22px sans-serif;color:#fff;text-align:center;
 text-shadow:0 0 2px #000}
.tv-b.tv-group.tv-approx{color:#222;text-shadow:none}
.tv-office{display:block;box-sizing:border-box;width:100%;height:100%;background:#1a1a1a;
 color:#fff;font:bold 13px/18px sans-serif;text-align:center;border:2px solid #1a1a1a;
 box-shadow:0 0 0 2px #fff}
.tv-office.tv-approx{border:2px dashed #fff;outline:2px solid #1a1a1a}
.tv-prog{display:block;box-sizing:border-box;width:18px;height:18px;background:#fff;
 color:#1a1a1a;border:2px solid #1a1a1a;border-radius:3px;text-align:center;
 font:bold 11px/14px sans-serif}
.tv-prog.tv-approx{border-style:dashed}
.tv-site{display:block;box-sizing:border-box;width:100%;height:100%;border-radius:50%;
 background:#F0E442;border:2px solid #1a1a1a;color:#1a1a1a;
 font:bold 12px/18px sans-serif;text-align:center}
.tv-site.tv-best{background:#D55E00;color:#fff;font-size:15px;line-height:26px}
.tv-label{background:none;border:none;text-align:center;white-space:nowrap;
 font:12px/1.2 sans-serif;color:#1a1a1a;pointer-events:none;
 text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff,0 0 3px #fff}
.tv-label b{font-size:14px}
.tv-place{background:none;border:none;white-space:nowrap;font:italic 11px sans-serif;
 color:#555;pointer-events:none;text-shadow:0 0 2px #fff,0 0 2px #fff}
.tv-box{background:rgba(255,255,255,.94);padding:5px 8px;border-radius:4px;
 box-shadow:0 1px 4px rgba(0,0,0,.35);font:12px/1.3 sans-serif;color:#1a1a1a;max-width:300px}
path.leaflet-interactive:focus{outline:none}
.leaflet-control-layers-expanded{padding:4px 8px;font-size:12px;line-height:1.3}
.tv-box .tv-title{margin:0 0 4px;font-size:14px;font-weight:700}
.tv-box .tv-flag{margin-top:4px;padding:2px 5px;background:#fff3cd;border-left:4px solid #b8860b}
.tv-box summary{cursor:pointer;font-weight:bold}
.tv-sw{display:inline-block;width:18px;height:12px;border:1px solid #555;
 vertical-align:middle;margin-right:5px}
.tv-sym{display:inline-block;width:14px;height:14px;vertical-align:middle;
 margin:1px 5px 1px 0;position:relative}
.tv-box table{border-collapse:collapse}
.tv-box td{padding:1px 4px 1px 0}
.tv-card{font:13px/1.35 sans-serif;min-width:200px}
.tv-card table{border-collapse:collapse;margin-top:3px}
.tv-card td{padding:0 6px 0 0}
.tv-card td.n{text-align:right}
.tv-card .tv-note{color:#6b4e00;font-style:italic}
"""

_HELPERS_JS = r"""
window.tavolo = window.tavolo || {};
(function (T) {
  T.cfg = %(cfg)s;
  if (!document.getElementById('tavolo-css')) {
    var style = document.createElement('style');
    style.id = 'tavolo-css';
    style.textContent = T.cfg.css;
    document.head.appendChild(style);
  }
  if (window.L && L.Icon && L.Icon.Default && T.cfg.imagePath) {
    L.Icon.Default.imagePath = T.cfg.imagePath;
  }
  T.num = function (v) { return Number(v || 0).toLocaleString(T.cfg.locale); };
  T.owner = function (p) { return T.cfg.owners[p.o] || {name: '', colour: '#555'}; };
  T.buildingIcon = function (p) {
    var colour = T.owner(p).colour, group = p.k === 'g', size = group ? 24 : 14;
    var cls = 'tv-b' + (p.q ? ' tv-approx' : '') + (group ? ' tv-group' : '');
    var style = p.q ? 'border-color:' + colour : 'background:' + colour + ';border-color:#1a1a1a';
    return L.divIcon({className: 'tv-icon', iconSize: [size, size], iconAnchor: [size / 2, size / 2],
      html: '<span class="' + cls + '" style="' + style + '">' + (group ? T.num(p.m) : '') + '</span>'});
  };
  T.rows = function (labels, values) {
    var out = '';
    for (var i = 0; i < labels.length; i++) {
      if (values && values[i]) { out += '<tr><td>' + labels[i] + '</td><td class="n">' + T.num(values[i]) + '</td></tr>'; }
    }
    return out;
  };
  T.card = function (p) {
    var L_ = T.cfg.text, h = '<div class="tv-card">';
    if (p.k === 'g') {
      h += '<b>' + T.num(p.m) + ' ' + L_.buildings + '</b><br>' + L_.merged;
    } else {
      h += '<b>' + p.n + '</b><br>' + (p.a || '');
    }
    h += '<br>' + L_.owner + ': ' + T.owner(p).name;
    if (p.p) { h += '<br>' + L_.programme + ': <b>' + p.p + '</b>'; }
    h += '<br><b>' + T.num(p.f) + ' ' + L_.flats + '</b><table>' + T.rows(T.cfg.statuses, p.s) + '</table>';
    h += L_.sizes + ':<table>' + T.rows(T.cfg.sizes, p.z) + '</table>';
    if (p.ph) { h += L_.phases + ':<table>' + T.rows(T.cfg.phases, p.ph) + '</table>'; }
    h += L_.reports + ': <b>' + T.num(p.r) + '</b>';
    if (p.c) { h += '<br>' + L_.occupations + ': <b>' + T.num(p.c) + '</b>'; }
    if (p.q) { h += '<br><span class="tv-note">' + L_.approximate + '</span>'; }
    return h + '</div>';
  };
  T.tip = function (p) {
    if (p.k === 'g') { return T.num(p.m) + ' ' + T.cfg.text.buildings + ' · ' + T.num(p.f) + ' ' + T.cfg.text.flats; }
    return (p.n || '') + ' · ' + T.num(p.f) + ' ' + T.cfg.text.flats + (p.q ? ' (' + T.cfg.text.approx_short + ')' : '');
  };
  T.pointIcon = function (p) {
    if (p.k === 'o') {
      return L.divIcon({className: 'tv-icon', iconSize: [22, 22], iconAnchor: [11, 11],
        html: '<span class="tv-office' + (p.q ? ' tv-approx' : '') + '">A</span>'});
    }
    if (p.k === 'pg') {
      return L.divIcon({className: 'tv-icon', iconSize: [18, 18], iconAnchor: [9, 9],
        html: '<span class="tv-prog' + (p.q ? ' tv-approx' : '') + '">&#9670;</span>'});
    }
    if (p.k === 's') {
      var best = p.rank === 1, size = best ? 30 : 22;
      return L.divIcon({className: 'tv-icon', iconSize: [size, size], iconAnchor: [size / 2, size / 2],
        html: '<span class="tv-site' + (best ? ' tv-best' : '') + '">' + (best ? '&#9733;' : p.rank) + '</span>'});
    }
    return T.buildingIcon(p);
  };
  T.points = function (data, opts) {
    var layer = L.geoJSON(data, {
      pointToLayer: function (f, latlng) {
        // title: the accessible name of the marker (set as a DOM property: plain text)
        var p = f.properties, name = (p.tip || T.tip(p)).replace(/<[^>]*>/g, ' ');
        return L.marker(latlng, {icon: T.pointIcon(p), riseOnHover: true, title: name, alt: name,
                                 zIndexOffset: opts.z || 0});
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindTooltip(p.tip || T.tip(p), {direction: 'top', offset: [0, -8]});
        if (p.k === 'b' || p.k === 'g' || p.k === 'pg') { layer.bindPopup(function () { return T.card(p); }, {maxWidth: 320}); }
        else if (p.card) { layer.bindPopup(p.card, {maxWidth: 320}); }
      }
    });
    if (opts.ring) {
      data.features.forEach(function (f) {
        if (f.properties.rank === 1) {
          L.circle([f.geometry.coordinates[1], f.geometry.coordinates[0]],
                   {radius: opts.ring, color: '#D55E00', weight: 2, dashArray: '6 4',
                    fill: false, interactive: false}).addTo(layer);
        }
      });
    }
    if (!opts.cluster || !L.markerClusterGroup) { return layer; }
    var group = L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 40, disableClusteringAtZoom: 17,
      chunkedLoading: true, spiderfyOnMaxZoom: true,
      iconCreateFunction: function (cluster) {
        var n = 0;
        cluster.getAllChildMarkers().forEach(function (m) { n += (m.feature && m.feature.properties.m) || 1; });
        var c = n < 10 ? 'small' : n < 100 ? 'medium' : 'large';
        return L.divIcon({html: '<div><span>' + T.num(n) + '</span></div>',
          className: 'marker-cluster marker-cluster-' + c, iconSize: L.point(40, 40)});
      }
    });
    group.addLayer(layer);
    return group;
  };
  T.pane = function (map, name, z) {
    if (!map.getPane(name)) { map.createPane(name); map.getPane(name).style.zIndex = z; }
    return name;
  };
  T.areas = function (map, data, opts) {
    return L.geoJSON(data, {
      pane: opts.pane ? T.pane(map, opts.pane, opts.paneZ || 350) : 'overlayPane',
      interactive: !!opts.interactive,
      style: function (f) {
        var p = f.properties || {};
        return {color: opts.color || '#333', weight: opts.weight || 1, dashArray: opts.dash || null,
                fill: opts.fill !== false, fillColor: p.fill || opts.fillColor || '#fff',
                fillOpacity: opts.fill === false ? 0 : (opts.fillOpacity == null ? 0.7 : opts.fillOpacity)};
      },
      onEachFeature: function (f, layer) {
        var p = f.properties || {};
        if (p.tip) { layer.bindTooltip(p.tip, {sticky: true}); }
        if (opts.interactive) {
          layer.on('mouseover', function () { layer.setStyle({weight: (opts.weight || 1) + 2}); });
          layer.on('mouseout', function () { layer.setStyle({weight: opts.weight || 1}); });
        }
      }
    });
  };
  T.labels = function (map, items, opts) {
    var pane = T.pane(map, 'tavoloLabels', 640), group = L.layerGroup();
    items.forEach(function (it) {
      L.marker([it[0], it[1]], {pane: pane, interactive: false, keyboard: false,
        icon: L.divIcon({className: opts.cls || 'tv-label', html: it[2], iconSize: null})}).addTo(group);
    });
    return group;
  };
  T.basemap = function (map, mask, places) {
    var group = L.layerGroup();
    T.areas(map, mask, {pane: 'tavoloBase', paneZ: 250, color: '#9a948a', weight: 0.5,
                        fillOpacity: 1}).addTo(group);
    var names = T.labels(map, places, {cls: 'tv-place'});
    var showNames = function () {
      if (!map.hasLayer(group)) { return; }
      if (map.getZoom() >= 15) { group.addLayer(names); } else { group.removeLayer(names); }
    };
    map.on('zoomend', showNames);
    group.on('add', function () { map.getContainer().style.background = '#e6e3dc'; showNames(); });
    return group;
  };
  T.control = function (map, html, position) {
    var c = L.control({position: position});
    c.onAdd = function () {
      var div = L.DomUtil.create('div', 'tv-box leaflet-control');
      // on a narrow map the legend starts folded (one line); a click opens it
      div.innerHTML = map.getSize().x < 700 ? html.replace('<details open>', '<details>') : html;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    c.addTo(map);
    return c;
  };
})(window.tavolo);
"""


class _Helpers(MacroElement):
    """The map's own JS helpers (icons, cards, layers, controls), defined once."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}")

    def __init__(self, cfg: dict):
        super().__init__()
        self._name = "TavoloHelpers"
        self.code = _HELPERS_JS % {"cfg": js_json(cfg)}


class _JsLayer(Layer):
    """A layer made by one call to a helper: ``var <name> = tavolo.<call>(...)``."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = tavolo.{{ this.call }}({{ this.args_js(this._parent) }});
        {% endmacro %}
    """)

    def __init__(self, call: str, args: list, name: str, overlay: bool = True,
                 control: bool = True, show: bool = True, needs_map: bool = False):
        super().__init__(name=name, overlay=overlay, control=control, show=show)
        self._name = "TavoloLayer"
        self.call = call
        self.args = args
        self.needs_map = needs_map

    def args_js(self, parent) -> str:
        parts = [self._map_name(parent)] if self.needs_map else []
        return ", ".join(parts + [js_json(a) for a in self.args])

    @staticmethod
    def _map_name(parent) -> str:
        while parent is not None and not isinstance(parent, folium.Map):
            parent = parent._parent
        return parent.get_name()


class _Control(MacroElement):
    """A plain HTML box on the map (title, flags, legend); ``html`` is already escaped."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        tavolo.control({{ this._parent.get_name() }}, {{ this.html_js }}, {{ this.position_js }});
        {% endmacro %}
    """)

    def __init__(self, html_text: str, position: str):
        super().__init__()
        self._name = "TavoloControl"
        self.html_js = js_json(html_text)
        self.position_js = js_json(position)


class _Attribution(MacroElement):
    _template = Template("""
        {% macro script(this, kwargs) %}
        {% if this.prefix is not none %}
        {{ this._parent.get_name() }}.attributionControl.setPrefix({{ this.prefix }});
        {% endif %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text }});
        {% endmacro %}
    """)

    def __init__(self, text: str, prefix: str | None):
        super().__init__()
        self._name = "TavoloAttribution"
        self.text = js_json(text)
        self.prefix = None if prefix is None else js_json(prefix)


# ------------------------------------------------------------------------- GeoJSON data


def _round(geom, digits: int = 5):
    return shapely.set_precision(geom, 10 ** -digits) if geom is not None else geom


def _feature_collection(gdf: gpd.GeoDataFrame, props: list[dict], digits: int = 5) -> dict:
    features = []
    for geom, prop in zip(gdf.geometry, props):
        if geom is None or geom.is_empty:
            continue
        features.append({"type": "Feature", "properties": prop,
                         "geometry": json.loads(shapely.to_geojson(_round(geom, digits)))})
    return {"type": "FeatureCollection", "features": features}


def _point_collection(rows: pd.DataFrame, props: list[dict]) -> dict:
    features = []
    for lat, lon, prop in zip(rows["lat"], rows["lon"], props):
        if pd.isna(lat) or pd.isna(lon):
            continue
        features.append({"type": "Feature", "properties": prop,
                         "geometry": {"type": "Point",
                                      "coordinates": [round(float(lon), 5), round(float(lat), 5)]}})
    return {"type": "FeatureCollection", "features": features}


def _counts(row, prefix: str, keys) -> list[int] | None:
    values = [int(row[f"{prefix}{k}"]) for k in keys]
    return values if any(values) else None


def building_features(frames: dict[str, pd.DataFrame], max_points: int = MAX_POINTS,
                      table: pd.DataFrame | None = None) -> tuple[dict, dict[str, int]]:
    """The buildings as one compact GeoJSON collection (properties: k kind 'b'/'g', id,
    n name, a address, o owner index, p programme, q approximate, f flats, s by status,
    z by size band, ph by phase, r open reports, c ongoing occupations, m buildings
    merged) and the owner index."""
    table = map_data.building_table(frames) if table is None else table
    points = map_data.aggregate_buildings(table, max_points=max_points)
    owners = {o: i for i, o in enumerate(frames["owners"]["owner_id"])}
    statuses, bands = list(schema.FLAT_STATUS), range(len(map_data.SIZE_BANDS))
    props = []
    for row in points.to_dict("records"):
        group = row.get("cell") is not None and row.get("members", 1) > 1
        p = {"k": "g" if group else "b", "id": esc(row["building_id"]),
             "o": owners.get(row["owner_id"], -1), "f": int(row["flats_total"]),
             "s": _counts(row, "status_", statuses), "z": _counts(row, "size_", bands),
             "r": int(row["reports_open"])}
        if group:
            p["m"] = int(row["members"])
        else:
            p["n"] = esc(row["name"])
            p["a"] = esc(row["address"])
        if row.get("programme_name") is not None and not pd.isna(row.get("programme_name")):
            p["p"] = esc(row["programme_name"])
            p["ph"] = _counts(row, "phase_", schema.PHASE)
        if row.get("approximate"):
            p["q"] = 1
        if row.get("occupations_open"):
            p["c"] = int(row["occupations_open"])
        props.append({k: v for k, v in p.items() if v is not None})
    return _point_collection(points, props), owners


def _rione_tip(row, ind: map_data.Indicator, lang: str) -> str:
    return (f"<b>{esc(row['name'])}</b><br>{esc(ind.label(lang))}: "
            f"<b>{esc(ind.fmt(row[ind.name], lang))}</b> {esc(ind.unit(lang)) if ind.kind != 'rate' else ''}"
            f"<br><i>{esc(_t('map_click_detail', lang))}</i>")


def choropleth(frames: dict[str, pd.DataFrame], indicator: str, lang: str = "it",
               rioni_gdf: gpd.GeoDataFrame | None = None):
    """The rioni with the indicator, its classes, colours and labels:
    (GeoDataFrame with columns value, class, fill, value_text; edges; colours; labels)."""
    inds = map_data.indicators(frames)
    ind = inds[indicator]
    gdf = map_data.rioni_with_indicators(frames, rioni_gdf)
    edges = map_data.class_breaks(gdf[indicator], ind.kind)
    colours = map_data.palette(len(edges) - 1)
    gdf["value"] = gdf[indicator]
    classes = [map_data.class_of(v, edges) for v in gdf["value"]]
    gdf["class"] = pd.array(classes, dtype="Int64")
    gdf["fill"] = [map_data.MISSING_COLOUR if c is None else colours[c] for c in classes]
    gdf["value_text"] = [ind.fmt(v, lang) for v in gdf["value"]]
    return gdf, ind, edges, colours, map_data.class_labels(edges, ind, lang)


def _mask(boundary: gpd.GeoDataFrame) -> dict:
    """The basemap: the municipality in a light colour, the land around it darker."""
    area = shapely.union_all(boundary.geometry.to_numpy())
    minx, miny, maxx, maxy = area.bounds
    outer = shapely.box(minx - 0.08, miny - 0.06, maxx + 0.08, maxy + 0.06)
    gdf = gpd.GeoDataFrame({"fill": ["#d9d5cc", "#fbfaf6"]},
                           geometry=[outer.difference(area), area], crs=geodata.STORAGE_CRS)
    return _feature_collection(gdf, [{"fill": f} for f in gdf["fill"]])


def _as_of_text(meta: dict | None, lang: str) -> str:
    as_of = (meta or {}).get("as_of")
    return i18n.fmt_date(as_of, lang) if as_of else i18n.fmt_date(dt.date.today(), lang)


is_demo = loading.is_demo_frames  # the one demo detection lives in tavolo.loading


def legend_html(ind: map_data.Indicator, colours: list[str], labels: list[str],
                has_missing: bool, owner_colours: dict[str, str], layers, schematic: bool,
                lang: str, has_groups: bool = False, has_sites: bool = False) -> str:
    """The legend as escaped HTML (also used for the static export's wording)."""
    unit = ind.unit(lang)
    rows = "".join(f'<tr><td><span class="tv-sw" style="background:{c}"></span></td>'
                   f"<td>{esc(label)}</td></tr>" for c, label in zip(colours, labels))
    if has_missing:
        rows += (f'<tr><td><span class="tv-sw" style="background:{map_data.MISSING_COLOUR}">'
                 f"</span></td><td>{esc(_t('map_not_available', lang))}</td></tr>")
    out = [f"<details open><summary>{esc(_t('map_legend', lang))}: {esc(ind.label(lang))}"
           f" ({esc(unit)})</summary>",
           f"<span>{esc(_t('map_unit', lang))}: {esc(unit)}</span>",
           f"<table>{rows}</table>"]
    symbols = []
    if "buildings" in layers:
        symbols += [f'<span class="tv-sym"><span class="tv-b" style="background:{colour}"></span>'
                    f"</span>{esc(owner)}" for owner, colour in owner_colours.items()]
        symbols.append('<span class="tv-sym"><span class="tv-b tv-approx" style="border-color:#555">'
                       f'</span></span>{esc(_t("map_approximate", lang))}')
        symbols.append('<span class="tv-sym"><span class="marker-cluster marker-cluster-small" '
                       'style="display:block;width:14px;height:14px;border-radius:7px"></span>'
                       f'</span>{esc(_t("map_cluster", lang))}')
        if has_groups:
            symbols.append(esc(_t("map_grouped", lang)))
    if "offices" in layers:
        symbols.append('<span class="tv-sym"><span class="tv-office" style="font-size:9px;'
                       f'line-height:10px">A</span></span>{esc(_t("map_layer_offices", lang))}')
    if "programmes" in layers:
        symbols.append('<span class="tv-sym"><span class="tv-prog" style="width:14px;height:14px;'
                       f'font-size:8px;line-height:10px">&#9670;</span></span>'
                       f'{esc(_t("map_layer_programmes", lang))}')
    if has_sites:
        symbols.append('<span class="tv-sym"><span class="tv-site tv-best" style="font-size:10px;'
                       f'line-height:10px">&#9733;</span></span>{esc(_t("map_best_site", lang))}')
    if symbols:
        out.append("<div>" + "<br>".join(symbols) + "</div>")
    out.append("</details>")
    return "".join(out)


def title_html(ind: map_data.Indicator, lang: str, meta: dict | None, demo: bool,
               schematic: bool) -> str:
    parts = [f"<p class='tv-title'>{esc(ind.label(lang))} {esc(_t('map_by_rione', lang))}</p>",
             f"<div>{esc(_t('map_as_of', lang))} {esc(_as_of_text(meta, lang))}</div>"]
    if schematic:
        parts.append(f'<div class="tv-flag">&#9888; <b>{esc(_t("map_schematic", lang))}</b>: '
                     f"{esc(_t('map_schematic_note', lang))}</div>")
    if demo:
        parts.append(f'<div class="tv-flag"><b>Dati dimostrativi</b>'
                     f"{'' if lang == 'it' else ' (demo data)'}</div>")
    return "".join(parts)


def _labels(gdf: gpd.GeoDataFrame) -> list[list]:
    items = []
    for geom, name, text in zip(gdf.geometry, gdf["name"], gdf["value_text"]):
        if geom is None or geom.is_empty:
            continue
        point = geom.representative_point()
        try:
            point = shapely.ops.polylabel(max(getattr(geom, "geoms", [geom]), key=lambda g: g.area),
                                          tolerance=1e-4)
        except Exception:  # noqa: BLE001 - the representative point is good enough
            pass
        items.append([round(point.y, 5), round(point.x, 5), f"{esc(name)}<br><b>{esc(text)}</b>"])
    return items


def _places(frames: dict[str, pd.DataFrame]) -> list[list]:
    places = frames["places"]
    places = places[places["kind"].isin(["landmark"])].dropna(subset=["lat", "lon"])
    return [[round(float(r.lat), 5), round(float(r.lon), 5),
             esc(str(r.name).split(",")[0].split("(")[0].strip())]
            for r in places.itertuples(index=False)]


def office_features(frames: dict[str, pd.DataFrame], lang: str = "it") -> dict:
    offices = frames["offices"]
    offices = offices[offices["role"] == "operational"].dropna(subset=["lat", "lon"])
    props = []
    for r in offices.itertuples(index=False):
        sectors = ", ".join(str(r.sectors or "").split("|"))
        approx = r.position_precision != "surveyed"
        tip = (f"<b>{esc(r.name)}</b><br>{esc(r.address)}<br>{esc(sectors)}"
               + (f"<br><i>{esc(_t('map_position_approximate', lang))}</i>" if approx else ""))
        props.append({"k": "o", "id": esc(r.office_id), "tip": tip, "card": tip,
                      **({"q": 1} if approx else {})})
    return _point_collection(offices, props)


def programme_features(frames: dict[str, pd.DataFrame], table: pd.DataFrame) -> dict:
    sites = table[table["programme_id"].notna()].dropna(subset=["lat", "lon"])
    owners = {o: i for i, o in enumerate(frames["owners"]["owner_id"])}
    props = []
    for row in sites.to_dict("records"):
        p = {"k": "pg", "id": esc(row["building_id"]), "code": esc(row["building_id"]),
             "n": esc(row["name"]), "a": esc(row["address"]), "p": esc(row["programme_name"]),
             "o": owners.get(row["owner_id"], -1), "f": int(row["flats_total"]),
             "s": _counts(row, "status_", schema.FLAT_STATUS),
             "z": _counts(row, "size_", range(len(map_data.SIZE_BANDS))),
             "ph": _counts(row, "phase_", schema.PHASE), "r": int(row["reports_open"])}
        p["tip"] = f"<b>{p['n']}</b><br>{p['p']}"
        if row.get("approximate"):
            p["q"] = 1
        props.append({k: v for k, v in p.items() if v is not None})
    return _point_collection(sites, props)


def site_features(ranking: pd.DataFrame, lang: str = "it") -> dict:
    props = []
    for r in ranking.itertuples(index=False):
        tip = (f"<b>{int(r.rank)}. {esc(r.name)}</b><br>{esc(_t('map_mean_distance', lang))}: "
               f"{esc(i18n.fmt_int(r.mean_distance_m, lang))} m<br>"
               f"{esc(_t('map_share_within', lang))}: {esc(i18n.fmt_pct(r.share_within, lang))}")
        props.append({"k": "s", "id": esc(r.site_id), "rank": int(r.rank), "tip": tip, "card": tip})
    return _point_collection(ranking, props)


def sites_layer(ranking: pd.DataFrame, lang: str = "it",
                radius_m: float = 1000.0) -> folium.FeatureGroup:
    """The candidate sites for ALER's unified office, the best one with a star and a
    ``radius_m`` ring: a FeatureGroup (for streamlit-folium's ``feature_group_to_add``,
    which adds it without reloading the map)."""
    group = folium.FeatureGroup(name=_t("map_layer_sites", lang), control=False)
    if ranking is not None and len(ranking):
        _JsLayer("points", [site_features(ranking, lang), {"z": 2000, "ring": radius_m}],
                 name=_t("map_layer_sites", lang), control=False).add_to(group)
    return group


def selection_layer(frames: dict[str, pd.DataFrame], kind: str | None, item_id: str | None,
                    rioni_gdf: gpd.GeoDataFrame | None = None) -> folium.FeatureGroup:
    """An outline around the selected rione, or a ring around the selected building."""
    group = folium.FeatureGroup(name="selection", control=False)
    if kind == "rione" and item_id:
        areas = geodata.rioni_areas() if rioni_gdf is None else rioni_gdf
        mine = areas[areas["rione_id"] == item_id]
        if len(mine):
            _JsLayer("areas", [_feature_collection(mine, [{}] * len(mine)),
                               {"color": "#D55E00", "weight": 4, "fill": False}],
                     name="selection", control=False, needs_map=True).add_to(group)
    elif kind == "building" and item_id:
        b = frames["buildings"]
        b = b[b["building_id"] == item_id].dropna(subset=["lat", "lon"])
        if len(b):
            folium.Circle([float(b["lat"].iloc[0]), float(b["lon"].iloc[0])], radius=40,
                          color="#D55E00", weight=3, fill=False, interactive=False).add_to(group)
    return group


# ---------------------------------------------------------------------------- the map


def build_map(frames: dict[str, pd.DataFrame], indicator: str = "flats_total",
              offline: bool = False, lang: str = "it", *, assets: str | None = None,
              layers=LAYERS, sites: pd.DataFrame | None = None,
              rioni_gdf: gpd.GeoDataFrame | None = None, meta: dict | None = None,
              demo: bool | None = None, max_points: int = MAX_POINTS,
              radius_m: float = 1000.0, sites_legend: bool | None = None,
              collapsed: bool = True) -> folium.Map:
    """The Mappa page's map.

    ``indicator`` is a key of :func:`tavolo.map_data.indicators`; ``offline`` drops the
    tile server for a basemap drawn from the project's geometry and, unless ``assets`` says
    otherwise, loads Leaflet from ``static/vendor`` (``local``); online the default is the
    CDN. ``layers`` picks among :data:`LAYERS`; ``sites`` is a ranking from
    :func:`tavolo.office_sites.rank_sites` (drawn in the ``sites`` layer);
    ``rioni_gdf`` an official rioni layer (default: the schematic areas);
    ``sites_legend`` puts the best site in the legend when the sites are drawn apart
    (streamlit-folium's ``feature_group_to_add`` with :func:`sites_layer`).
    """
    layers = tuple(layers)
    unknown = set(layers) - set(LAYERS)
    if unknown:
        raise ValueError(f"unknown layers {sorted(unknown)}; choose among {LAYERS}")
    assets = assets or ("local" if offline else "cdn")
    inds = map_data.indicators(frames)
    if indicator not in inds:
        raise ValueError(f"unknown indicator {indicator!r}; choose among {list(inds)}")
    demo = is_demo(frames) if demo is None else demo
    boundary = geodata.boundary()
    gdf, ind, edges, colours, class_text = choropleth(frames, indicator, lang, rioni_gdf)
    schematic = bool(gdf["schematic"].astype(bool).any())
    minx, miny, maxx, maxy = boundary.total_bounds

    m = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=13, tiles=None,
                   control_scale=True, minZoom=11, maxZoom=19, font_size="0.8rem")
    _set_assets(m, assets)
    owners = frames["owners"]
    colours_by_owner = map_data.owner_colours(owners["owner_id"])
    statuses = [esc(schema.label(schema.FLAT_STATUS, s, lang)) for s in schema.FLAT_STATUS]
    cfg = {
        "css": _CSS, "imagePath": _image_path(assets), "locale": "it-IT" if lang == "it" else "en-GB",
        "owners": [{"name": esc(r.name), "colour": colours_by_owner[r.owner_id]}
                   for r in owners.itertuples(index=False)],
        "statuses": statuses,
        "sizes": [esc(label) for _lo, _hi, label in map_data.SIZE_BANDS],
        "phases": [esc(schema.label(schema.PHASE, p, lang)) for p in schema.PHASE],
        "text": {key: esc(_t(f"map_card_{key}", lang)) for key in (
            "buildings", "merged", "owner", "programme", "flats", "sizes", "phases", "reports",
            "occupations", "approximate", "approx_short")},
    }
    _Helpers(cfg).add_to(m)

    # Base layers: OpenStreetMap online; the schematic basemap always (the only one offline).
    if not offline:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name=_t("map_base_osm", lang),
                         max_zoom=19, overlay=False).add_to(m)
    _JsLayer("basemap", [_mask(boundary), _places(frames)], name=_t("map_base_schematic", lang),
             overlay=False, show=offline, needs_map=True).add_to(m)

    if "rioni" in layers:
        props = [{"k": "r", "id": esc(r["rione_id"]), "fill": r["fill"],
                  "tip": _rione_tip(r, ind, lang)} for _i, r in gdf.iterrows()]
        group = folium.FeatureGroup(name=f"{_t('map_layer_rioni', lang)}: {esc(ind.label(lang))}")
        _JsLayer("areas", [_feature_collection(gdf, props),
                           {"interactive": True, "color": "#333",
                            "dash": "5 4" if schematic else None, "weight": 1.2,
                            "fillOpacity": 0.72}],
                 name="rioni", control=False, needs_map=True).add_to(group)
        _JsLayer("labels", [_labels(gdf), {}], name="labels", control=False,
                 needs_map=True).add_to(group)
        group.add_to(m)
    if "consulte" in layers:
        consulte = geodata.consulte_areas()
        props = [{"tip": esc(f"Consulta {r.consulta_id}: {r.name}")}
                 for r in consulte.itertuples(index=False)]
        _JsLayer("areas", [_feature_collection(consulte, props),
                           {"fill": False, "color": "#1a1a1a", "weight": 3.5, "dash": "10 6"}],
                 name=_t("map_layer_consulte", lang), overlay=True, show=False,
                 needs_map=True).add_to(m)
    if "boundary" in layers:
        _JsLayer("areas", [_feature_collection(boundary, [{}]),
                           {"fill": False, "color": "#1a1a1a", "weight": 2.5}],
                 name=_t("map_layer_boundary", lang), needs_map=True).add_to(m)
    table = map_data.building_table(frames)
    has_groups = False
    if "buildings" in layers:
        data, _owners = building_features(frames, max_points, table)
        has_groups = any(f["properties"]["k"] == "g" for f in data["features"])
        _JsLayer("points", [data, {"cluster": True}],
                 name=_t("map_layer_buildings", lang)).add_to(m)
    if "programmes" in layers:
        _JsLayer("points", [programme_features(frames, table), {"z": 1000}],
                 name=_t("map_layer_programmes", lang)).add_to(m)
    if "offices" in layers:
        _JsLayer("points", [office_features(frames, lang), {"z": 1500}],
                 name=_t("map_layer_offices", lang)).add_to(m)
    if "sites" in layers and sites is not None and len(sites):
        _JsLayer("points", [site_features(sites, lang), {"z": 2000, "ring": radius_m}],
                 name=_t("map_layer_sites", lang)).add_to(m)

    _Control(title_html(ind, lang, meta, demo, schematic), "bottomleft").add_to(m)
    _Control(legend_html(ind, colours, class_text, gdf["class"].isna().any(), colours_by_owner,
                         layers, schematic, lang, has_groups,
                         bool(sites_legend) if sites_legend is not None
                         else sites is not None and len(sites) > 0), "bottomright").add_to(m)
    attribution = _t("map_boundary_source", lang) + (" · " + _t("map_schematic", lang) if schematic else "")
    _Attribution(esc(attribution), None if not offline else "Leaflet").add_to(m)
    folium.LayerControl(collapsed=collapsed, position="topright").add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m


def map_html(m: folium.Map) -> str:
    """The whole standalone HTML page of a map."""
    return m.get_root().render()


def standalone_html(frames: dict[str, pd.DataFrame], indicator: str = "flats_total",
                    offline: bool = False, lang: str = "it", **kwargs) -> str:
    """The map as one HTML file to share: offline, Leaflet and its plugins are written
    into the file (no server, no internet needed); online they come from the CDN."""
    kwargs.setdefault("assets", "inline" if offline else "cdn")
    kwargs.setdefault("collapsed", False)
    m = build_map(frames, indicator, offline=offline, lang=lang, **kwargs)
    return map_html(m)


# ----------------------------------------------------------------- clicks from the page


def clicked(returned: dict | None) -> dict | None:
    """What the user clicked, from st_folium's return value: ``{"kind": "rione" |
    "building" | "group" | "office" | "site", "id": ..., "lat": ..., "lng": ...}``, or
    None. Ids come back HTML-escaped; they are unescaped here."""
    if not returned:
        return None
    drawing = returned.get("last_active_drawing") or {}
    point = returned.get("last_object_clicked") or returned.get("last_clicked") or {}
    props = drawing.get("properties") or {}
    kinds = {"r": "rione", "b": "building", "pg": "building", "g": "group", "o": "office",
             "s": "site"}
    kind = kinds.get(props.get("k"))
    out = {"kind": kind, "id": html.unescape(str(props["id"])) if "id" in props else None,
           "lat": point.get("lat"), "lng": point.get("lng")}
    if out["kind"] is None and out["lat"] is None:
        return None
    return out


def file_size(m: folium.Map) -> int:
    """Bytes of the map's HTML (UTF-8)."""
    return len(map_html(m).encode("utf-8"))


def vendor_ready() -> bool:
    """True when ``static/vendor`` holds every asset the ``local`` mode points at."""
    base = Path(vendor_assets.VENDOR_DIR)
    return all((base / vendor / file).exists() for _n, _k, vendor, file, _m, _c in _ASSETS)


def apply_click(state, user_label: str = "Punto") -> None:
    """Apply the map's latest click to the page state ``state`` (Streamlit's session
    state, or any mutable mapping): keys ``map`` (st_folium's value), ``map_last_click``,
    ``map_add_mode``, ``map_sites`` (candidate sites) and ``map_sel`` (the selection).
    A new click adds a candidate site in add mode, else selects what was clicked."""
    from tavolo import office_sites

    click = clicked(state.get("map"))
    if not click or click == state.get("map_last_click"):
        return
    state["map_last_click"] = click
    if state.get("map_add_mode") and click["lat"] is not None:
        current = state["map_sites"]
        n = int((current["kind"] == "user").sum()) + 1
        state["map_sites"] = office_sites.add_site(current, click["lat"], click["lng"],
                                                   f"{user_label} {n}")
    elif click["kind"] in ("rione", "building", "group", "office"):
        state["map_sel"] = {"kind": click["kind"], "id": click["id"]}
