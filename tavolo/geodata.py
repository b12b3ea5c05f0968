"""Areas of Legnano: the municipal boundary, the rioni and the consulte territoriali.

Every GeoDataFrame that leaves this module is in ``STORAGE_CRS`` (EPSG:4326); areas and
the Voronoi tessellation are computed in ``METRIC_CRS`` (EPSG:32632, UTM zone 32N).

Three kinds of area exist:

- the boundary, ISTAT's generalised polygon shipped in ``geo/legnano_boundary.geojson``;
- the *schematic* rioni and consulte (``geo/*_schematic.geojson``): a Voronoi
  tessellation of one anchor point per rione, clipped to the boundary. They are not
  official boundaries and carry ``schematic=True``;
- the Comune's official rioni layer, read by :func:`read_rioni_layer` when a user
  supplies it (``schematic=False``).

Pure operations come first, file reading after; nothing here imports Streamlit.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from typing import BinaryIO

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from shapely.ops import nearest_points

from tavolo.errors import BilingualError

STORAGE_CRS = "EPSG:4326"
METRIC_CRS = "EPSG:32632"

GEO_DIR = Path(__file__).resolve().parent.parent / "geo"
BOUNDARY_FILE = GEO_DIR / "legnano_boundary.geojson"
RIONI_FILE = GEO_DIR / "rioni_schematic.geojson"
CONSULTE_FILE = GEO_DIR / "consulte_schematic.geojson"

# How far inside the boundary a rione anchor that lies outside it is moved before the
# tessellation (see schematic_rioni).
DEFAULT_INSET_M = 100.0


# --------------------------------------------------------------------------- helpers


def _require_crs(gdf: gpd.GeoDataFrame, what: str) -> None:
    if gdf.crs is None:
        raise ValueError(f"{what} has no CRS: set one explicitly (e.g. {STORAGE_CRS})")


def to_metric(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a copy of ``gdf`` reprojected to ``METRIC_CRS`` (metres)."""
    _require_crs(gdf, "GeoDataFrame")
    return gdf.to_crs(METRIC_CRS)


def area_km2(gdf: gpd.GeoDataFrame) -> float:
    """Return the summed area of the geometries of ``gdf`` in km², measured in METRIC_CRS."""
    return float(to_metric(gdf).geometry.area.sum()) / 1e6


def points_gdf(df: pd.DataFrame, lat: str = "lat", lon: str = "lon") -> gpd.GeoDataFrame:
    """Return ``df`` as a GeoDataFrame of points in STORAGE_CRS.

    Rows with a missing latitude or longitude get a missing (``None``) geometry.
    """
    lats = pd.to_numeric(df[lat], errors="coerce")
    lons = pd.to_numeric(df[lon], errors="coerce")
    geometry = gpd.points_from_xy(lons, lats, crs=STORAGE_CRS)
    missing = (lats.isna() | lons.isna()).to_numpy()
    geometry[missing] = None
    return gpd.GeoDataFrame(df.copy(), geometry=geometry, crs=STORAGE_CRS)


# --------------------------------------------------------------- schematic operations


def _generators_inside(points: shapely.Geometry, area: shapely.Geometry, inset_m: float):
    """Return the Voronoi generator points: each point, or, when it lies outside ``area``, the
    nearest point lying ``inset_m`` inside it (metric coordinates)."""
    inner = area.buffer(-inset_m)
    if inner.is_empty:
        inner = area
    generators = []
    for point in points:
        if area.contains(point):
            generators.append(point)
        else:
            generators.append(nearest_points(inner, point)[0])
    return generators


def schematic_rioni(
    anchors: pd.DataFrame,
    boundary_gdf: gpd.GeoDataFrame,
    inset_m: float = DEFAULT_INSET_M,
) -> gpd.GeoDataFrame:
    """Return one schematic area per rione: the Voronoi cell of its anchor point.

    ``anchors`` has columns rione_id, name, consulta_id, lat, lon (EPSG:4326);
    ``boundary_gdf`` is the municipal boundary in any explicit CRS. The tessellation is
    computed in METRIC_CRS and clipped to the boundary, so the areas cover it without
    overlapping. An anchor lying outside the boundary (an approximate position near the
    border, or ISTAT's generalised line) is first moved to the nearest point ``inset_m``
    metres inside it, so that every rione keeps a cell.

    The result has columns rione_id, name, consulta_id, schematic (True) and geometry,
    in the anchors' order, in STORAGE_CRS.
    """
    _require_crs(boundary_gdf, "boundary")
    if len(anchors) < 2:
        raise ValueError("schematic_rioni needs at least 2 anchor points")
    if anchors["rione_id"].duplicated().any():
        raise ValueError("schematic_rioni: duplicate rione_id in anchors")
    area = shapely.union_all(to_metric(boundary_gdf).geometry.to_numpy())
    points = to_metric(points_gdf(anchors)).geometry.to_numpy()
    if any(p is None or p.is_empty for p in points):
        raise ValueError("schematic_rioni: every anchor needs lat and lon")
    generators = _generators_inside(points, area, inset_m)
    cells = shapely.voronoi_polygons(
        shapely.MultiPoint(generators), extend_to=area.envelope.buffer(1000.0), ordered=True
    )
    if shapely.get_num_geometries(cells) != len(generators):
        raise ValueError("schematic_rioni: two anchors coincide; each rione needs its own point")
    clipped = [shapely.intersection(cell, area) for cell in cells.geoms]
    result = gpd.GeoDataFrame(
        {
            "rione_id": anchors["rione_id"].to_numpy(),
            "name": anchors["name"].to_numpy(),
            "consulta_id": anchors["consulta_id"].to_numpy(),
            "schematic": True,
        },
        geometry=clipped,
        crs=METRIC_CRS,
    )
    return result.to_crs(STORAGE_CRS)


def consulte_from_rioni(rioni_gdf: gpd.GeoDataFrame, consulte: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return one area per consulta, the union of its rioni.

    ``consulte`` has columns consulta_id and name. The result has columns consulta_id,
    name, schematic (True when any of its rioni is schematic) and geometry, ordered as
    ``consulte``, in STORAGE_CRS.
    """
    _require_crs(rioni_gdf, "rioni")
    metric = to_metric(rioni_gdf)
    rows = []
    for consulta in consulte.itertuples(index=False):
        members = metric[metric["consulta_id"] == consulta.consulta_id]
        if members.empty:
            raise ValueError(f"consulta {consulta.consulta_id} ({consulta.name}) has no rioni")
        rows.append(
            {
                "consulta_id": consulta.consulta_id,
                "name": consulta.name,
                "schematic": bool(members["schematic"].astype(bool).any()),
                "geometry": shapely.union_all(members.geometry.to_numpy()),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=METRIC_CRS).to_crs(STORAGE_CRS)


# ------------------------------------------------------------------- shipped files


def _read_storage(path: Path) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(path)
    if gdf.crs is None:
        raise ValueError(f"{path.name} has no CRS")
    return gdf.to_crs(STORAGE_CRS)


def boundary() -> gpd.GeoDataFrame:
    """Return Legnano's boundary (one feature, ISTAT / Openpolis) in STORAGE_CRS."""
    return _read_storage(BOUNDARY_FILE)


def rioni_areas() -> gpd.GeoDataFrame:
    """Return the 10 shipped schematic rioni (rione_id, name, consulta_id, schematic,
    source, geometry) in STORAGE_CRS."""
    gdf = _read_storage(RIONI_FILE)
    gdf["schematic"] = gdf["schematic"].astype(bool)
    return gdf


def consulte_areas() -> gpd.GeoDataFrame:
    """Return the 3 shipped schematic consulte (consulta_id, name, schematic, source,
    geometry) in STORAGE_CRS."""
    gdf = _read_storage(CONSULTE_FILE)
    gdf["schematic"] = gdf["schematic"].astype(bool)
    return gdf


# ------------------------------------------------------------ the Comune's own layer


class GeoLayerError(BilingualError, ValueError):
    """A rioni layer that cannot be used. Carries the message in Italian and English and
    the file name, the feature row (1-based, None for the whole file) and the value
    that failed."""

    def __init__(
        self,
        message_it: str,
        message_en: str,
        *,
        filename: str | None = None,
        row: int | None = None,
        value: object = None,
    ):
        super().__init__(message_it, message_en)
        self.filename = filename
        self.row = row
        self.value = value



# (Italian, English) templates; {file}, {row} and {value} are filled in by _fail.
_MESSAGES = {
    "format": (
        "{file}: formato non supportato ({value}); usare GeoJSON, GeoPackage o Shapefile zippato",
        "{file}: unsupported format ({value}); use GeoJSON, GeoPackage or a zipped Shapefile",
    ),
    "unreadable": (
        "{file}: file non leggibile ({value})",
        "{file}: unreadable file ({value})",
    ),
    "zip_shp": (
        "{file}: l'archivio zip deve contenere un solo file .shp (trovati: {value})",
        "{file}: the zip archive must hold exactly one .shp file (found: {value})",
    ),
    "layers": (
        "{file}: più livelli poligonali ({value}); lasciarne uno solo",
        "{file}: several polygon layers ({value}); keep only one",
    ),
    "empty_layer": (
        "{file}: il livello non contiene elementi",
        "{file}: the layer has no features",
    ),
    "no_crs": (
        "{file}: sistema di riferimento (CRS) mancante; per uno Shapefile includere il file .prj",
        "{file}: missing coordinate reference system (CRS); for a Shapefile include the .prj file",
    ),
    "no_column": (
        "{file}: nessuna colonna con i nomi dei rioni (colonne: {value})",
        "{file}: no column holds the rioni names (columns: {value})",
    ),
    "missing_column": (
        "{file}: colonna '{value}' assente",
        "{file}: column '{value}' not found",
    ),
    "empty_name": (
        "{file}, elemento {row}: nome del rione mancante",
        "{file}, feature {row}: missing rione name",
    ),
    "unknown_rione": (
        "{file}, elemento {row}: rione sconosciuto '{value}'",
        "{file}, feature {row}: unknown rione '{value}'",
    ),
    "empty_geometry": (
        "{file}, elemento {row}: geometria vuota",
        "{file}, feature {row}: empty geometry",
    ),
    "not_polygon": (
        "{file}, elemento {row}: geometria di tipo {value}, serve un poligono",
        "{file}, feature {row}: geometry of type {value}, a polygon is required",
    ),
    "invalid_geometry": (
        "{file}, elemento {row}: geometria non valida ({value})",
        "{file}, feature {row}: invalid geometry ({value})",
    ),
    "missing_rioni": (
        "{file}: rioni mancanti nel livello: {value}",
        "{file}: rioni missing from the layer: {value}",
    ),
    "outside": (
        "{file}: il livello non si sovrappone a Legnano; "
        "il CRS dichiarato ({value}) è probabilmente errato",
        "{file}: the layer does not overlap Legnano; its declared CRS ({value}) is probably wrong",
    ),
}


def _fail(kind: str, filename: str, row: int | None = None, value: object = None) -> GeoLayerError:
    italian, english = _MESSAGES[kind]
    fields = {"file": filename, "row": row, "value": value}
    return GeoLayerError(
        italian.format(**fields), english.format(**fields), filename=filename, row=row, value=value
    )


def _fold(text: object) -> str:
    """Fold a rione name or id for matching: "  San Martìno " and "san_martino" both
    give "san martino"; a leading "Rione"/"Quartiere" is dropped."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"[\s_\-'’.]+", " ", plain).strip()
    return re.sub(r"^(rione|quartiere) ", "", plain)


def _known_lookup(known: pd.DataFrame) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for rione in known.itertuples(index=False):
        lookup[_fold(rione.rione_id)] = rione.rione_id
        lookup[_fold(rione.name)] = rione.rione_id
    return lookup


_SUFFIX_FORMATS = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".zip": "zip"}


def _dataset_path(source: Path, filename: str, fmt: str) -> str:
    """Return the GDAL path of the layer's dataset (inside the zip for a Shapefile)."""
    if fmt != "zip":
        return str(source)
    try:
        with zipfile.ZipFile(source) as archive:
            members = [n for n in archive.namelist() if n.lower().endswith(".shp")]
    except (zipfile.BadZipFile, OSError) as exc:
        raise _fail("unreadable", filename, value=exc) from exc
    if len(members) != 1:
        raise _fail("zip_shp", filename, value=", ".join(members) or "-")
    return f"/vsizip/{source}/{members[0]}"


def _read_layer(dataset: str, filename: str) -> gpd.GeoDataFrame:
    try:
        layers = pyogrio.list_layers(dataset)
        polygon_layers = [name for name, kind in layers if kind and "Polygon" in kind]
        if len(layers) > 1 and len(polygon_layers) != 1:
            raise _fail("layers", filename, value=", ".join(polygon_layers or layers[:, 0]))
        layer = polygon_layers[0] if len(layers) > 1 else None
        return gpd.read_file(dataset, layer=layer)
    except GeoLayerError:
        raise
    except Exception as exc:  # pyogrio raises several types for a broken file
        raise _fail("unreadable", filename, value=exc) from exc


def _name_column(gdf: gpd.GeoDataFrame, lookup: dict[str, str], filename: str) -> str:
    """Return the attribute column whose values match the most rioni names or ids."""
    columns = [c for c in gdf.columns if c != gdf.geometry.name]
    scores = {c: sum(_fold(v) in lookup for v in gdf[c].dropna()) for c in columns}
    best = max(scores, key=scores.get, default=None)
    if best is None or scores[best] == 0:
        raise _fail("no_column", filename, value=", ".join(map(str, columns)) or "-")
    return best


def read_rioni_layer(
    path_or_bytes: str | Path | bytes | BinaryIO,
    filename: str,
    known: pd.DataFrame,
    name_column: str | None = None,
    boundary_gdf: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Read the Comune's official rioni layer and return it ready for the maps.

    ``path_or_bytes`` is a path, the file's bytes or a binary file object (an upload);
    ``filename`` names it in messages and gives its format by extension: ``.geojson`` or
    ``.json``, ``.gpkg``, or ``.zip`` holding one Shapefile. Any declared CRS is accepted
    and reprojected to STORAGE_CRS. ``known`` lists the rioni (rione_id, name and
    optionally consulta_id); each feature is matched to one of them by id or name in
    ``name_column`` (by default the column with the most matches), ignoring case,
    accents and spacing. Several features of one rione are merged.

    Returns columns rione_id, name, consulta_id, schematic (False) and geometry, one row
    per known rione, in ``known``'s order. Raises :class:`GeoLayerError` naming the file,
    the feature row and the failing value for an unsupported or unreadable file, a
    missing CRS, an unknown or missing rione, an empty, invalid or non-polygon geometry,
    or a layer that does not overlap ``boundary_gdf`` (by default the shipped boundary).
    """
    fmt = _SUFFIX_FORMATS.get(Path(filename).suffix.lower())
    if fmt is None:
        raise _fail("format", filename, value=Path(filename).suffix or filename)
    with tempfile.TemporaryDirectory() as tmp:
        if isinstance(path_or_bytes, (str, Path)):
            source = Path(path_or_bytes)
        else:
            data = path_or_bytes
            if not isinstance(data, (bytes, bytearray, memoryview)):
                data = data.read()
            source = Path(tmp) / f"layer{Path(filename).suffix.lower()}"
            source.write_bytes(bytes(data))
        layer = _read_layer(_dataset_path(source, filename, fmt), filename)

    if layer.empty:
        raise _fail("empty_layer", filename)
    if layer.crs is None:
        raise _fail("no_crs", filename)
    lookup = _known_lookup(known)
    if name_column is None:
        name_column = _name_column(layer, lookup, filename)
    elif name_column not in layer.columns:
        raise _fail("missing_column", filename, value=name_column)

    rione_ids = []
    for position, (value, geom) in enumerate(zip(layer[name_column], layer.geometry), start=1):
        if pd.isna(value) or not str(value).strip():
            raise _fail("empty_name", filename, row=position)
        rione_id = lookup.get(_fold(value))
        if rione_id is None:
            raise _fail("unknown_rione", filename, row=position, value=value)
        if geom is None or geom.is_empty:
            raise _fail("empty_geometry", filename, row=position)
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise _fail("not_polygon", filename, row=position, value=geom.geom_type)
        if not geom.is_valid:
            reason = shapely.is_valid_reason(geom)
            raise _fail("invalid_geometry", filename, row=position, value=reason)
        rione_ids.append(rione_id)

    missing = [r.name for r in known.itertuples(index=False) if r.rione_id not in set(rione_ids)]
    if missing:
        raise _fail("missing_rioni", filename, value=", ".join(missing))

    declared_crs = layer.crs.to_string()
    layer = gpd.GeoDataFrame(
        {"rione_id": rione_ids},
        geometry=shapely.force_2d(layer.geometry.to_numpy()),
        crs=layer.crs,
    ).to_crs(STORAGE_CRS)
    if boundary_gdf is None:
        boundary_gdf = boundary()
    limit = shapely.union_all(boundary_gdf.to_crs(STORAGE_CRS).geometry.to_numpy())
    if not shapely.union_all(layer.geometry.to_numpy()).intersects(limit):
        raise _fail("outside", filename, value=declared_crs)

    merged = {
        rione_id: shapely.union_all(group.geometry.to_numpy())
        for rione_id, group in layer.groupby("rione_id")
    }
    has_consulta = "consulta_id" in known.columns
    rows = [
        {
            "rione_id": r.rione_id,
            "name": r.name,
            "consulta_id": getattr(r, "consulta_id") if has_consulta else None,
            "schematic": False,
            "geometry": merged[r.rione_id],
        }
        for r in known.itertuples(index=False)
    ]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=STORAGE_CRS)
