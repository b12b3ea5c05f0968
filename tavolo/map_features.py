"""The interactive map's data, from the view model (tavolo.map_model): compact GeoJSON
for the areas, their labels, buildings, offices, programme sites, maintenance priorities
and candidate sites, and the title and legend boxes as escaped HTML. No folium here.

Every text from data is HTML-escaped (:func:`esc`) before it enters a property; the map's
script (tavolo/mapweb/map.js) writes properties into the page as they are.
"""

from __future__ import annotations

import html
import json

import geopandas as gpd
import pandas as pd
import shapely

from tavolo import i18n, map_data, schema
from tavolo.map_model import MapModel


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


def _round(geom, digits: int = 5):
    return shapely.set_precision(geom, 10 ** -digits) if geom is not None else geom


def feature_collection(geoms, props: list[dict], digits: int = 5) -> dict:
    features = []
    for geom, prop in zip(geoms, props):
        if geom is None or geom.is_empty:
            continue
        features.append({"type": "Feature", "properties": prop,
                         "geometry": json.loads(shapely.to_geojson(_round(geom, digits)))})
    return {"type": "FeatureCollection", "features": features}


def point_collection(rows: pd.DataFrame, props: list[dict]) -> dict:
    features = []
    for lat, lon, prop in zip(rows["lat"], rows["lon"], props):
        if pd.isna(lat) or pd.isna(lon):
            continue
        features.append({"type": "Feature", "properties": prop,
                         "geometry": {"type": "Point",
                                      "coordinates": [round(float(lon), 5), round(float(lat), 5)]}})
    return {"type": "FeatureCollection", "features": features}


def _counts(row, prefix: str, keys, model: MapModel | None = None) -> list | None:
    values: list = [int(row[f"{prefix}{k}"]) for k in keys]
    if not any(values):
        return None
    if model is not None and prefix == "status_":  # flats occupied without title: suppressed
        i = list(keys).index("occupied_no_title") if "occupied_no_title" in keys else None
        if i is not None and values[i]:
            values[i] = esc(model.count_text(values[i]))
    return values


def maintenance_lines(model: MapModel, building_id: str) -> list[str]:
    """A building's open maintenance items as escaped lines ('3. Tetto (approvata dal
    tavolo)': rank in the priority list, element, status)."""
    items = model.maintenance[model.maintenance["building_id"] == building_id]
    return [esc(f"{int(r.rank)}. {r.element} ({str(r.status).lower()})")
            for r in items.itertuples(index=False)]


def building_features(model: MapModel, max_points: int) -> dict:
    """The buildings as one compact GeoJSON collection (properties: k kind 'b'/'g', id,
    n name, a address, o owner index, p programme, q approximate, f flats, s by status,
    z by size band, ph by phase, r open reports, c ongoing occupations (as written), mi
    open maintenance items, m buildings merged)."""
    points = map_data.aggregate_buildings(model.buildings, max_points=max_points)
    owners = {o: i for i, (o, _c) in enumerate(model.owner_colours)}
    statuses, bands = list(schema.FLAT_STATUS), range(len(map_data.SIZE_BANDS))
    props = []
    for row in points.to_dict("records"):
        group = row.get("cell") is not None and row.get("members", 1) > 1
        p = {"k": "g" if group else "b", "id": esc(row["building_id"]),
             "o": owners.get(row["owner_id"], -1), "f": int(row["flats_total"]),
             "s": _counts(row, "status_", statuses, model), "z": _counts(row, "size_", bands),
             "r": int(row["reports_open"]) or None}
        if group:
            p["m"] = int(row["members"])
        else:
            p["n"] = esc(row["name"])
            p["a"] = esc(row["address"])
            p["mi"] = maintenance_lines(model, row["building_id"]) or None
        if row.get("programme_name") is not None and not pd.isna(row.get("programme_name")):
            p["p"] = esc(row["programme_name"])
            p["ph"] = _counts(row, "phase_", schema.PHASE)
        if row.get("approximate"):
            p["q"] = 1
        if row.get("occupations_open"):
            p["c"] = esc(model.count_text(row["occupations_open"]))
        props.append({k: v for k, v in p.items() if v is not None})
    return point_collection(points, props)


def programme_features(model: MapModel) -> dict:
    table = model.buildings
    sites = table[table["programme_id"].notna()].dropna(subset=["lat", "lon"])
    owners = {o: i for i, (o, _c) in enumerate(model.owner_colours)}
    props = []
    for row in sites.to_dict("records"):
        p = {"k": "pg", "id": esc(row["building_id"]), "code": esc(row["building_id"]),
             "n": esc(row["name"]), "a": esc(row["address"]), "p": esc(row["programme_name"]),
             "o": owners.get(row["owner_id"], -1), "f": int(row["flats_total"]),
             "s": _counts(row, "status_", schema.FLAT_STATUS, model),
             "z": _counts(row, "size_", range(len(map_data.SIZE_BANDS))),
             "ph": _counts(row, "phase_", schema.PHASE), "r": int(row["reports_open"]) or None,
             "mi": maintenance_lines(model, row["building_id"]) or None}
        p["tip"] = f"<b>{p['n']}</b><br>{p['p']}"
        if row.get("approximate"):
            p["q"] = 1
        props.append({k: v for k, v in p.items() if v is not None})
    return point_collection(sites, props)


def maintenance_features(model: MapModel) -> dict:
    """The maintenance-priority layer: one marker per building with open items, carrying
    the best rank among them; its tooltip and card list the items."""
    items = model.maintenance
    if items.empty:
        return point_collection(pd.DataFrame(columns=["lat", "lon"]), [])
    best = items.groupby("building_id")["rank"].min().sort_values()
    table = model.buildings.set_index("building_id").reindex(best.index).dropna(subset=["lat", "lon"])
    props = []
    for building_id, row in table.iterrows():
        props.append({"k": "m", "id": esc(building_id), "rank": int(best[building_id]),
                      "tip": f"<b>{esc(row['name'])}</b><br>"
                             + "<br>".join(maintenance_lines(model, building_id))})
    return point_collection(table, props)


def office_features(model: MapModel) -> dict:
    props = []
    for r in model.offices.itertuples(index=False):
        sectors = ", ".join(str(r.sectors or "").split("|"))
        approx = r.position_precision != "surveyed"
        tip = (f"<b>{esc(r.name)}</b><br>{esc(r.address)}<br>{esc(sectors)}"
               + (f"<br><i>{esc(i18n.t('map_position_approximate', model.lang))}</i>" if approx else ""))
        props.append({"k": "o", "id": esc(r.office_id), "tip": tip, "card": tip,
                      **({"q": 1} if approx else {})})
    return point_collection(model.offices, props)


def site_features(ranking: pd.DataFrame, lang: str = "it") -> dict:
    props = []
    for r in ranking.itertuples(index=False):
        tip = (f"<b>{int(r.rank)}. {esc(r.name)}</b><br>{esc(i18n.t('map_mean_distance', lang))}: "
               f"{esc(i18n.fmt_int(r.mean_distance_m, lang))} m<br>"
               f"{esc(i18n.t('map_share_within', lang))}: {esc(i18n.fmt_pct(r.share_within, lang))}")
        props.append({"k": "s", "id": esc(r.site_id), "rank": int(r.rank), "tip": tip, "card": tip})
    return point_collection(ranking, props)


def area_features(model: MapModel) -> dict:
    """The areas with their fill and tooltip (map.js adds the "click for the detail" line)."""
    ind, lang = model.indicator, model.lang
    unit = esc(ind.unit(lang)) if ind.kind != "rate" else ""
    props = [{"k": "r", "id": esc(a.area_id), "fill": a.fill,
              "tip": f"<b>{esc(a.name)}</b><br>{esc(ind.label(lang))}: <b>{esc(a.value_text)}</b> {unit}"}
             for a in model.areas]
    return feature_collection([a.geometry for a in model.areas], props)


def label_sets(model: MapModel) -> dict:
    """The areas' labels for map.js: ``{"labels": [[html, lat, lon], ...] (text and anchor
    of each area), "sets": [[zoom, [place, ...]], ...]}``, one place per label: 0 at its
    anchor, [lat, lon] moved, [lat, lon, end_lat, end_lon] with a leader, null hidden."""
    ids = [a.area_id for a in model.areas]
    texts = {a.area_id: f"{esc(a.name)}<br><b>{esc(a.value_text)}</b>" for a in model.areas}
    anchors = {lab.area_id: lab.anchor for _z, labels in model.label_sets for lab in labels}
    sets = []
    for zoom, labels in model.label_sets:
        by_id = {lab.area_id: lab for lab in labels}
        places = []
        for area_id in ids:
            lab = by_id.get(area_id)
            if lab is None:
                places.append(None)
            elif lab.leader:
                places.append(_ll(lab.position) + _ll(lab.leader_end))
            elif lab.position == lab.anchor:
                places.append(0)
            else:
                places.append(_ll(lab.position))
        sets.append([zoom, places])
    return {"labels": [[texts[i]] + _ll(anchors.get(i, (0.0, 0.0))) for i in ids], "sets": sets}


def _ll(lon_lat: tuple[float, float]) -> list[float]:
    return [round(lon_lat[1], 5), round(lon_lat[0], 5)]


def places(model: MapModel) -> list[list]:
    return [[lat, lon, esc(name)] for lat, lon, name in model.places]


def mask(boundary: gpd.GeoDataFrame) -> dict:
    """The basemap: the land around the municipality, darker than the municipality (the
    map's background, set by map.js)."""
    area = shapely.union_all(boundary.geometry.to_numpy())
    minx, miny, maxx, maxy = area.bounds
    outer = shapely.box(minx - 0.6, miny - 0.4, maxx + 0.6, maxy + 0.4)
    return feature_collection([outer.difference(area)], [{"fill": "#d9d5cc"}])


def selection_areas(model: MapModel, area_id: str) -> dict:
    mine = [a for a in model.areas if a.area_id == area_id]
    return feature_collection([a.geometry for a in mine], [{}] * len(mine))


# ------------------------------------------------------------------------ title, legend


def legend_html(model: MapModel, layers, has_groups: bool = False, has_sites: bool = False) -> str:
    """The legend as escaped HTML, folded into one line by a click (``<details>``)."""
    lang, t = model.lang, (lambda key: i18n.t(key, model.lang))
    rows = "".join(f'<tr><td><span class="tv-sw" style="background:{c}"></span></td>'
                   f"<td>{esc(label)}</td></tr>" for c, label in model.legend)
    out = [f"<details open><summary>{esc(t('map_legend'))}: {esc(model.legend_title)}</summary>",
           f"<span>{esc(t('map_unit'))}: {esc(model.indicator.unit(lang))}</span>",
           f"<table>{rows}</table>"]
    if model.suppression_note:
        out.append(f"<div class='tv-note'>{esc(model.suppression_note)}</div>")
    symbols = []
    if "buildings" in layers:
        symbols += [f'<span class="tv-sym"><span class="tv-b" style="background:{colour}"></span>'
                    f"</span>{esc(owner)}" for owner, colour in model.owner_colours]
        symbols.append('<span class="tv-sym"><span class="tv-b tv-approx tv-s1">'
                       f'</span></span>{esc(t("map_approximate"))}')
        symbols.append('<span class="tv-sym"><span class="marker-cluster marker-cluster-small tv-s2">'
                       '</span>'
                       f'</span>{esc(t("map_cluster"))}')
        if has_groups:
            symbols.append(esc(t("map_grouped")))
    if "offices" in layers:
        symbols.append('<span class="tv-sym"><span class="tv-office tv-s3">'
                       f'A</span></span>{esc(t("map_layer_offices"))}')
    if "programmes" in layers:
        symbols.append('<span class="tv-sym"><span class="tv-prog tv-s4">&#9670;</span></span>'
                       f'{esc(t("map_layer_programmes"))}')
    if "maintenance" in layers and not model.maintenance.empty:
        symbols.append('<span class="tv-sym"><span class="tv-maint tv-s4">1</span></span>'
                       f'{esc(t("map_maintenance_legend"))}')
    if has_sites:
        symbols.append('<span class="tv-sym"><span class="tv-site tv-best tv-s5">&#9733;</span></span>'
                       f'{esc(t("map_best_site"))}')
    if symbols:  # folded: the classes first, the symbols one click away
        out.append(f"<details class='tv-symbols'><summary>{esc(t('map_symbols'))}</summary>"
                   + "<br>".join(symbols) + "</details>")
    out.append("</details>")
    return "".join(out)


def title_html(model: MapModel) -> str:
    """The title box: what is drawn (and the demo flag) on its first line; the date and
    the schematic flag below, folded with the line when the map is small."""
    t = lambda key: i18n.t(key, model.lang)  # noqa: E731
    demo = f' <span class="tv-flag-inline">{esc(t("map_demo_flag"))}</span>' if model.demo else ""
    parts = [f"<details open><summary><span class='tv-title'>{esc(model.title)}</span>{demo}</summary>",
             f"<div>{esc(t('map_as_of'))} {esc(model.as_of)}</div>"]
    if model.schematic:
        parts.append(f'<div class="tv-flag">&#9888; <b>{esc(t("map_schematic"))}</b>: '
                     f"{esc(t('map_schematic_note'))}</div>")
    parts.append("</details>")
    return "".join(parts)
