"""Tests for tavolo.geodata: shipped files, the schematic tessellation, the official layer."""

from __future__ import annotations

import itertools
import zipfile

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point, box

from tavolo import facts, geodata
from tavolo.geodata import GeoLayerError

RIONI = pd.DataFrame(facts.RIONI)
CONSULTE = pd.DataFrame(facts.CONSULTE)


# ------------------------------------------------------------------ shipped files


@pytest.fixture(scope="module")
def shipped_boundary():
    return geodata.boundary()


@pytest.fixture(scope="module")
def shipped_rioni():
    return geodata.rioni_areas()


def test_boundary_is_legnano(shipped_boundary):
    assert shipped_boundary.crs == geodata.STORAGE_CRS
    assert len(shipped_boundary) == 1
    assert shipped_boundary.is_valid.all()
    assert geodata.area_km2(shipped_boundary) == pytest.approx(17.44, abs=0.2)
    row = shipped_boundary.iloc[0]
    assert row["comune_code"] == "015118"
    assert row["attribution"] == "ISTAT / Openpolis, CC-BY 4.0"
    assert row["licence"] == "CC-BY 4.0"


def test_schematic_rioni_shipped(shipped_rioni):
    assert shipped_rioni.crs == geodata.STORAGE_CRS
    assert list(shipped_rioni["rione_id"]) == list(RIONI["rione_id"])
    assert list(shipped_rioni["consulta_id"]) == list(RIONI["consulta_id"])
    assert shipped_rioni["schematic"].map(lambda v: v is True or v == True).all()  # noqa: E712
    assert shipped_rioni["source"].str.contains("not an official boundary").all()
    assert shipped_rioni.is_valid.all()
    assert not shipped_rioni.is_empty.any()


def test_schematic_rioni_cover_boundary_without_overlap(shipped_boundary, shipped_rioni):
    rioni = geodata.to_metric(shipped_rioni)
    union = shapely.union_all(rioni.geometry.to_numpy())
    outline = geodata.to_metric(shipped_boundary).geometry.iloc[0]
    assert union.area == pytest.approx(outline.area, rel=0.005)
    assert union.symmetric_difference(outline).area < 0.005 * outline.area
    for a, b in itertools.combinations(rioni.geometry, 2):
        assert a.intersection(b).area < 1.0  # m²: rounding to 6 decimals only


def test_each_rione_holds_its_anchor(shipped_boundary, shipped_rioni):
    cells = geodata.to_metric(shipped_rioni).set_index("rione_id").geometry
    outline = geodata.to_metric(shipped_boundary).geometry.iloc[0]
    anchors = geodata.to_metric(geodata.points_gdf(RIONI))
    for rione_id, point in zip(anchors["rione_id"], anchors.geometry):
        if outline.contains(point):
            assert cells[rione_id].contains(point), rione_id
        else:
            # An anchor outside the generalised boundary is seeded just inside it:
            # its own cell is still the nearest one.
            assert cells.distance(point).idxmin() == rione_id, rione_id
            assert outline.distance(point) < 500, rione_id


def test_shipped_rioni_match_the_function(shipped_boundary, shipped_rioni):
    fresh = geodata.to_metric(geodata.schematic_rioni(RIONI, shipped_boundary))
    shipped = geodata.to_metric(shipped_rioni)
    for a, b in zip(fresh.geometry, shipped.geometry):
        # rounding to 6 decimals moves vertices by at most about 0.1 m
        assert a.symmetric_difference(b).area < 0.2 * b.length


def test_consulte_shipped(shipped_rioni):
    consulte = geodata.consulte_areas()
    assert consulte.crs == geodata.STORAGE_CRS
    assert list(consulte["consulta_id"]) == [1, 2, 3]
    assert list(consulte["name"]) == list(CONSULTE["name"])
    assert consulte["schematic"].all()
    assert consulte.is_valid.all()
    assert geodata.area_km2(consulte) == pytest.approx(geodata.area_km2(shipped_rioni), rel=1e-4)


# ------------------------------------------------------------ pure operations

# A 1 km square in EPSG:32632 near Legnano, with anchors given in metres inside it.
SQUARE_ORIGIN = (493000.0, 5048000.0)


def _square_boundary():
    x0, y0 = SQUARE_ORIGIN
    return gpd.GeoDataFrame(geometry=[box(x0, y0, x0 + 1000, y0 + 1000)], crs=geodata.METRIC_CRS)


def _anchors(*xy_m):
    x0, y0 = SQUARE_ORIGIN
    points = gpd.GeoSeries([Point(x0 + x, y0 + y) for x, y in xy_m], crs=geodata.METRIC_CRS)
    points = points.to_crs(geodata.STORAGE_CRS)
    return pd.DataFrame(
        {
            "rione_id": [f"r{i}" for i in range(len(xy_m))],
            "name": [f"R{i}" for i in range(len(xy_m))],
            "consulta_id": [1] * len(xy_m),
            "lat": points.y,
            "lon": points.x,
        }
    )


@pytest.mark.parametrize(
    "anchors_m, expected_km2",
    [
        (((250, 500), (750, 500)), [0.5, 0.5]),
        (((500, 200), (500, 700)), [0.45, 0.55]),
        # the second anchor lies 200 m east of the square: it is seeded at x=900
        (((250, 500), (1200, 500)), [0.575, 0.425]),
    ],
)
def test_schematic_rioni_split_square(anchors_m, expected_km2):
    result = geodata.schematic_rioni(_anchors(*anchors_m), _square_boundary())
    assert result.crs == geodata.STORAGE_CRS
    assert list(result.columns) == ["rione_id", "name", "consulta_id", "schematic", "geometry"]
    assert result["schematic"].all()
    areas = geodata.to_metric(result).geometry.area / 1e6
    assert list(areas) == pytest.approx(expected_km2, abs=1e-6)


def test_schematic_rioni_rejects_bad_input():
    with pytest.raises(ValueError, match="duplicate"):
        same_ids = _anchors((250, 500), (750, 500)).assign(rione_id="x")
        geodata.schematic_rioni(same_ids, _square_boundary())
    with pytest.raises(ValueError, match="CRS"):
        no_crs = gpd.GeoDataFrame(geometry=list(_square_boundary().geometry))
        geodata.schematic_rioni(_anchors((250, 500), (750, 500)), no_crs)


def test_consulte_from_rioni_dissolves():
    anchors = _anchors((250, 500), (750, 500), (500, 900))
    rioni = geodata.schematic_rioni(anchors, _square_boundary())
    rioni["consulta_id"] = [1, 1, 2]
    consulte_table = pd.DataFrame({"consulta_id": [1, 2], "name": ["A", "B"]})
    consulte = geodata.consulte_from_rioni(rioni, consulte_table)
    assert list(consulte["name"]) == ["A", "B"]
    assert geodata.area_km2(consulte) == pytest.approx(1.0, abs=1e-6)
    assert consulte.geom_type.tolist() == ["Polygon", "Polygon"]


def test_points_gdf_and_area():
    df = pd.DataFrame({"lat": [45.59, None], "lon": [8.91, 8.92]})
    points = geodata.points_gdf(df)
    assert points.crs == geodata.STORAGE_CRS
    assert points.geometry.iloc[0].equals(Point(8.91, 45.59))
    assert points.geometry.iloc[1] is None
    assert geodata.area_km2(_square_boundary()) == pytest.approx(1.0)


# --------------------------------------------------- the Comune's official layer

TWO_ANCHORS = RIONI[RIONI["rione_id"].isin(["mazzafame", "san_martino"])]
KNOWN = TWO_ANCHORS[["rione_id", "name", "consulta_id"]]


def _official(names, crs="EPSG:3003", geometries=None):
    """Two 200 m squares around the anchors of Mazzafame and San Martino."""
    anchors = geodata.to_metric(geodata.points_gdf(TWO_ANCHORS)).geometry
    squares = geometries or [p.buffer(100, cap_style="square") for p in anchors]
    layer = gpd.GeoDataFrame(
        {"nome": names, "codice": [7, 8]}, geometry=squares, crs=geodata.METRIC_CRS
    )
    if crs is None:  # same coordinates, no CRS declared
        return gpd.GeoDataFrame(layer.drop(columns="geometry"), geometry=list(layer.geometry))
    return layer.to_crs(crs)


def _zip_shapefile(layer, tmp_path, drop_prj=False):
    folder = tmp_path / "shp"
    folder.mkdir()
    layer.to_file(folder / "rioni.shp")
    if drop_prj:
        (folder / "rioni.prj").unlink(missing_ok=True)
    archive = tmp_path / "rioni.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in folder.iterdir():
            zf.write(part, f"rioni_ufficiali/{part.name}")
    return archive.read_bytes()


def _check_official(result):
    assert result.crs == geodata.STORAGE_CRS
    assert list(result.columns) == ["rione_id", "name", "consulta_id", "schematic", "geometry"]
    assert list(result["rione_id"]) == ["mazzafame", "san_martino"]
    assert list(result["name"]) == ["Mazzafame", "San Martino"]
    assert list(result["consulta_id"]) == [1, 2]
    assert not result["schematic"].any()
    areas = geodata.to_metric(result).geometry.area
    assert list(areas) == pytest.approx([40000.0, 40000.0], rel=1e-4)


def test_read_geojson_in_monte_mario(tmp_path):
    path = tmp_path / "rioni.geojson"
    _official(["  mazzafame ", "San Martìno"]).to_file(path, driver="GeoJSON")
    assert gpd.read_file(path).crs.to_epsg() == 3003
    result = geodata.read_rioni_layer(path, "rioni.geojson", KNOWN)
    _check_official(result)
    # the anchor of each rione lies in its square, so the reprojection is right
    anchors = geodata.points_gdf(TWO_ANCHORS).geometry
    assert all(g.contains(p) for g, p in zip(result.geometry, anchors))


def test_read_geopackage_from_bytes(tmp_path):
    path = tmp_path / "rioni.gpkg"
    layer = _official(["MAZZAFAME", "rione San Martino"], crs=geodata.METRIC_CRS)
    layer.to_file(path, driver="GPKG")
    _check_official(geodata.read_rioni_layer(path.read_bytes(), "rioni.gpkg", KNOWN))


def test_read_zipped_shapefile(tmp_path):
    data = _zip_shapefile(_official(["Mazzafame", "SAN MARTINO"]), tmp_path)
    _check_official(geodata.read_rioni_layer(data, "rioni.zip", KNOWN))


@pytest.mark.parametrize(
    "names",
    [
        ["  mazzafame ", "San Martìno"],
        ["mazzafame", "san_martino"],
        ["Mazzafame", "San  Martino"],
        ["Rione Mazzafame", "SAN MARTINO"],
    ],
)
def test_name_matching(tmp_path, names):
    path = tmp_path / "rioni.geojson"
    _official(names).to_file(path, driver="GeoJSON")
    result = geodata.read_rioni_layer(path, "rioni.geojson", KNOWN, name_column="nome")
    assert list(result["rione_id"]) == ["mazzafame", "san_martino"]


def _error(tmp_path, layer, filename="rioni_comune.geojson", **kwargs):
    path = tmp_path / filename
    layer.to_file(path, driver="GeoJSON")
    with pytest.raises(GeoLayerError) as info:
        geodata.read_rioni_layer(path, filename, KNOWN, **kwargs)
    return info.value


def _assert_names(error, filename, row, value):
    assert isinstance(error, ValueError)
    assert (error.filename, error.row, error.value) == (filename, row, value)
    for message in (error.message_it, error.message_en):
        assert filename in message
        if row is not None:
            assert str(row) in message
        assert str(value) in message


def test_error_unknown_rione(tmp_path):
    error = _error(tmp_path, _official(["Mazzafame", "Legnarello"]))
    _assert_names(error, "rioni_comune.geojson", 2, "Legnarello")
    assert "rione sconosciuto" in error.message_it
    assert "unknown rione" in error.message_en


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_error_missing_crs(tmp_path):
    layer = _official(["Mazzafame", "San Martino"], crs=None)
    data = _zip_shapefile(layer, tmp_path, drop_prj=True)
    with pytest.raises(GeoLayerError) as info:
        geodata.read_rioni_layer(data, "senza_prj.zip", KNOWN)
    assert info.value.filename == "senza_prj.zip"
    assert "senza_prj.zip" in info.value.message_it and "CRS" in info.value.message_it
    assert "missing coordinate reference system" in info.value.message_en


def test_error_non_polygon(tmp_path):
    anchors = list(geodata.to_metric(geodata.points_gdf(TWO_ANCHORS)).geometry)
    layer = _official(["Mazzafame", "San Martino"], geometries=[anchors[0].buffer(100), anchors[1]])
    error = _error(tmp_path, layer)
    _assert_names(error, "rioni_comune.geojson", 2, "Point")


def test_error_missing_rione(tmp_path):
    error = _error(tmp_path, _official(["Mazzafame", "mazzafame"]))
    _assert_names(error, "rioni_comune.geojson", None, "San Martino")


def test_error_invalid_geometry(tmp_path):
    anchors = list(geodata.to_metric(geodata.points_gdf(TWO_ANCHORS)).geometry)
    x, y = anchors[1].x, anchors[1].y
    bowtie = shapely.Polygon([(x, y), (x + 100, y + 100), (x + 100, y), (x, y + 100), (x, y)])
    layer = _official(["Mazzafame", "San Martino"], geometries=[anchors[0].buffer(100), bowtie])
    error = _error(tmp_path, layer)
    assert error.row == 2 and "Self-intersection" in error.message_en


def test_error_layer_elsewhere(tmp_path):
    layer = _official(["Mazzafame", "San Martino"])
    layer = layer.set_geometry(layer.translate(xoff=50000))
    error = _error(tmp_path, layer)
    assert "EPSG:3003" in error.message_en


@pytest.mark.parametrize(
    "data, filename, kind",
    [
        (b"not a geojson", "rioni.geojson", "unreadable"),
        (b"not a zip", "rioni.zip", "unreadable"),
        (b"a,b\n1,2\n", "rioni.csv", "unsupported"),
    ],
)
def test_error_unusable_file(data, filename, kind):
    with pytest.raises(GeoLayerError) as info:
        geodata.read_rioni_layer(data, filename, KNOWN)
    assert info.value.filename == filename
    assert kind in info.value.message_en and filename in info.value.message_it
