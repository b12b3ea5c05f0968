"""The map of the Mappa page: rioni choropleth, buildings, offices, programme sites,
maintenance priorities and candidate sites for ALER's unified office, as one folium map
drawn from the view model (tavolo.map_model). No Streamlit here.

Principles:

- the title (top left) and the legend (bottom right) never cover the areas: the map is
  fitted to the part of the frame they leave free, and folds them when they take too
  much room (``tavolo.fit`` in tavolo/mapweb/map.js); labels come placed from the model;
  the scale bar is metric;

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

import html

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from folium.map import Layer
from folium.template import Template

from tavolo import geodata, i18n, map_assets, map_data, schema
from tavolo import map_features as mf
from tavolo.map_assets import ASSET_MODES, compact, vendor_ready, web_file  # noqa: F401 - also here
from tavolo.map_features import esc, js_json  # noqa: F401 - the escaping helpers, also here
from tavolo.map_model import MapModel, map_model

LAYERS = ("boundary", "consulte", "rioni", "buildings", "offices", "programmes", "maintenance",
          "sites")
DEFAULT_LAYERS = tuple(x for x in LAYERS if x != "maintenance")  # the page's choice too
MAX_POINTS = 2000
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">'
                   'OpenStreetMap</a> contributors')

class _Helpers(MacroElement):
    """The map's own JS helpers (icons, cards, layers, controls), defined once."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}")

    def __init__(self, cfg: dict):
        super().__init__()
        self._name = "TavoloHelpers"
        self.code = compact(web_file("map.js")) + f"\ntavolo.setup({js_json(cfg)});"


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


class _Fit(MacroElement):
    """Fit the map to ``bounds`` in the part its controls leave free (after every control)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        tavolo.scale({{ this._parent.get_name() }});
        tavolo.fit({{ this._parent.get_name() }}, {{ this.bounds }});
        {% endmacro %}
    """)

    def __init__(self, bounds):
        super().__init__()
        self._name = "TavoloFit"
        self.bounds = js_json(bounds)


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


# ---------------------------------------------------------------------------- layers


def sites_layer(ranking: pd.DataFrame, lang: str = "it",
                radius_m: float = 1000.0) -> folium.FeatureGroup:
    """The candidate sites for ALER's unified office, the best one with a star and a
    ``radius_m`` ring: a FeatureGroup (for streamlit-folium's ``feature_group_to_add``,
    which adds it without reloading the map)."""
    group = folium.FeatureGroup(name=i18n.t("map_layer_sites", lang), control=False)
    if ranking is not None and len(ranking):
        _JsLayer("points", [mf.site_features(ranking, lang), {"z": 2000, "ring": radius_m}],
                 name=i18n.t("map_layer_sites", lang), control=False).add_to(group)
    return group


def selection_layer(model: MapModel, kind: str | None, item_id: str | None) -> folium.FeatureGroup:
    """An outline around the selected area, or a ring around the selected building."""
    group = folium.FeatureGroup(name="selection", control=False)
    if kind == "rione" and item_id:
        data = mf.selection_areas(model, item_id)
        if data["features"]:
            _JsLayer("areas", [data, {"color": "#D55E00", "weight": 4, "fill": False}],
                     name="selection", control=False, needs_map=True).add_to(group)
    elif kind == "building" and item_id:
        b = model.buildings
        b = b[b["building_id"] == item_id].dropna(subset=["lat", "lon"])
        if len(b):
            folium.Circle([float(b["lat"].iloc[0]), float(b["lon"].iloc[0])], radius=40,
                          color="#D55E00", weight=3, fill=False, interactive=False).add_to(group)
    return group


def _cfg(model: MapModel, assets: str) -> dict:
    lang = model.lang
    names = dict(model.owner_names)
    return {
        "css": compact(web_file("map.css")).replace("\n", ""), "imagePath": map_assets.image_path(assets),
        "locale": i18n.pick(lang, "it-IT", "en-GB"),
        "owners": [{"name": esc(names.get(o, o)), "colour": c} for o, c in model.owner_colours],
        "statuses": [esc(schema.label(schema.FLAT_STATUS, s, lang)) for s in schema.FLAT_STATUS],
        "sizes": [esc(label) for _lo, _hi, label in map_data.SIZE_BANDS],
        "phases": [esc(schema.label(schema.PHASE, p, lang)) for p in schema.PHASE],
        "text": {key: esc(i18n.t(f"map_card_{key}", lang)) for key in (
            "buildings", "merged", "owner", "programme", "flats", "sizes", "phases", "reports",
            "occupations", "approximate", "approx_short", "maintenance")},
        "click": esc(i18n.t("map_click_detail", lang)),
    }


# ---------------------------------------------------------------------------- the map


def build_map(frames: dict[str, pd.DataFrame], indicator: str = "flats_total",
              offline: bool = False, lang: str = "it", *, assets: str | None = None,
              layers=DEFAULT_LAYERS, sites: pd.DataFrame | None = None,
              rioni_gdf: gpd.GeoDataFrame | None = None, meta: dict | None = None,
              demo: bool | None = None, max_points: int = MAX_POINTS,
              radius_m: float = 1000.0, sites_legend: bool | None = None,
              collapsed: bool = True, model: MapModel | None = None) -> folium.Map:
    """The Mappa page's map, drawn from the view model (``model``, else
    :func:`tavolo.map_model.map_model` of ``frames``, ``indicator``, ``lang``).

    ``offline`` drops the tile server for a basemap drawn from the project's geometry and,
    unless ``assets`` says otherwise, loads Leaflet from ``static/vendor`` (``local``);
    online the default is the CDN. ``layers`` picks among :data:`LAYERS`; ``sites`` is a
    ranking from :func:`tavolo.office_sites.rank_sites`; ``rioni_gdf`` an official rioni
    layer; ``sites_legend`` puts the best site in the legend when the sites are drawn
    apart (streamlit-folium's ``feature_group_to_add`` with :func:`sites_layer`). The
    title (top left) and the legend (bottom right) are kept off the areas: the map is
    fitted to the part the controls leave free (``tavolo.fit`` in map.js).
    """
    layers = tuple(layers)
    unknown = set(layers) - set(LAYERS)
    if unknown:
        raise ValueError(f"unknown layers {sorted(unknown)}; choose among {LAYERS}")
    if model is None:
        model = map_model(frames, indicator, lang, meta=meta, demo=demo, areas=rioni_gdf)
    lang = model.lang
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    assets = assets or ("local" if offline else "cdn")
    boundary = geodata.boundary()
    minx, miny, maxx, maxy = model.bounds
    m = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=13, tiles=None,
                   control_scale=False, zoom_control="topright", minZoom=11, maxZoom=19,
                   font_size="0.8rem", zoomSnap=0.25, zoomDelta=0.5)
    map_assets.set_assets(m, assets)
    _Helpers(_cfg(model, assets)).add_to(m)

    # Base layers: OpenStreetMap online; the schematic basemap always (the only one offline).
    if not offline:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name=t("map_base_osm"),
                         max_zoom=19, overlay=False).add_to(m)
    _JsLayer("basemap", [mf.mask(boundary), mf.places(model)], name=t("map_base_schematic"),
             overlay=False, show=offline, needs_map=True).add_to(m)
    if "rioni" in layers:
        group = folium.FeatureGroup(name=f"{t('map_layer_rioni')}: {esc(model.indicator.label(lang))}")
        _JsLayer("areas", [mf.area_features(model),
                           {"interactive": True, "color": "#333",
                            "dash": "5 4" if model.schematic else None, "weight": 1.2,
                            "fillOpacity": 0.72}],
                 name="rioni", control=False, needs_map=True).add_to(group)
        _JsLayer("areaLabels", [mf.label_sets(model)], name="labels", control=False,
                 needs_map=True).add_to(group)
        group.add_to(m)
    if "consulte" in layers:
        consulte = geodata.consulte_areas()
        props = [{"tip": esc(f"Consulta {r.consulta_id}: {r.name}")}
                 for r in consulte.itertuples(index=False)]
        _JsLayer("areas", [mf.feature_collection(consulte.geometry, props),
                           {"fill": False, "color": "#1a1a1a", "weight": 3.5, "dash": "10 6"}],
                 name=t("map_layer_consulte"), overlay=True, show=False, needs_map=True).add_to(m)
    if "boundary" in layers:
        _JsLayer("areas", [mf.feature_collection(boundary.geometry, [{}]),
                           {"fill": False, "color": "#1a1a1a", "weight": 2.5}],
                 name=t("map_layer_boundary"), needs_map=True).add_to(m)
    has_groups = False
    if "buildings" in layers:
        data = mf.building_features(model, max_points)
        has_groups = any(f["properties"]["k"] == "g" for f in data["features"])
        _JsLayer("points", [data, {"cluster": True}], name=t("map_layer_buildings")).add_to(m)
    if "programmes" in layers:
        _JsLayer("points", [mf.programme_features(model), {"z": 1000}],
                 name=t("map_layer_programmes")).add_to(m)
    if "maintenance" in layers and not model.maintenance.empty:
        _JsLayer("points", [mf.maintenance_features(model), {"z": 1200}],
                 name=t("map_layer_maintenance")).add_to(m)
    if "offices" in layers:
        _JsLayer("points", [mf.office_features(model), {"z": 1500}],
                 name=t("map_layer_offices")).add_to(m)
    if "sites" in layers and sites is not None and len(sites):
        _JsLayer("points", [mf.site_features(sites, lang), {"z": 2000, "ring": radius_m}],
                 name=t("map_layer_sites")).add_to(m)

    has_sites = bool(sites_legend) if sites_legend is not None else sites is not None and len(sites) > 0
    _Control(mf.title_html(model), "topleft").add_to(m)
    _Control(mf.legend_html(model, layers, has_groups, has_sites), "bottomright").add_to(m)
    attribution = t("map_boundary_source") + (" · " + t("map_schematic") if model.schematic else "")
    _Attribution(esc(attribution), None if not offline else "Leaflet").add_to(m)
    folium.LayerControl(collapsed=collapsed, position="topright").add_to(m)
    _Fit([[miny, minx], [maxy, maxx]]).add_to(m)
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
