"""Static and GIS exports of the Mappa page (tavolo.map_export): a valid PNG and PDF, and
GeoJSON / GeoPackage files that read back with the same features."""

from __future__ import annotations

import io
import itertools

import matplotlib.text

import geopandas as gpd
import pyogrio
import pytest

from tavolo import map_export, maps, office_sites


@pytest.fixture(scope="module")
def ranking(demo_frames):
    return office_sites.rank_sites(office_sites.default_sites(demo_frames),
                                   office_sites.tenant_weights(demo_frames))


def test_png_and_pdf_signatures(demo_frames, ranking):
    png = map_export.static_map(demo_frames, "vacancy_rate", fmt="png", sites=ranking,
                                meta={"as_of": "2026-10-31", "source": "Dati dimostrativi"})
    assert png.startswith(map_export.PNG_SIGNATURE) and len(png) > 20_000
    pdf = map_export.static_map(demo_frames, "applications_per_assignable", fmt="pdf", lang="en")
    assert pdf.startswith(map_export.PDF_SIGNATURE) and pdf.rstrip().endswith(b"%%EOF")
    with pytest.raises(ValueError):
        map_export.static_map(demo_frames, fmt="svg")


def test_pdf_carries_title_flags_and_source(demo_frames):
    pdf = map_export.static_map(demo_frames, "flats_total", fmt="pdf", demo=True,
                                meta={"as_of": "2026-10-31", "source": "Fonte di prova"})
    # matplotlib writes text as glyph runs; the document title is in the metadata
    assert b"Alloggi pubblici - Tavolo Casa" in pdf


def test_static_map_text(demo_frames, monkeypatch):
    """Title, date, schematic flag, demo flag, legend with units and source are drawn."""
    import matplotlib.figure

    texts = []
    original = matplotlib.figure.Figure.savefig

    def spy(self, *args, **kwargs):
        texts.extend(t.get_text() for t in self.findobj(matplotlib.text.Text))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", spy)
    map_export.static_map(demo_frames, "vacancy_rate", demo=True,
                          meta={"as_of": "2026-10-31", "source": "Fonte di prova"})
    joined = "\n".join(texts)
    for expected in ("Tasso di sfitto per rione", "31/10/2026", "Aree schematiche",
                     "Dati dimostrativi", "% degli alloggi del rione", "Fonte di prova",
                     "ISTAT / Openpolis", "Mazzafame", "posizione approssimata", "1 km",
                     "Edificio Comune di Legnano", "Edificio ALER Milano"):
        assert expected in joined, expected


def test_geojson_reads_back_with_the_same_features(demo_frames, ranking):
    layers = map_export.layers_gdf(demo_frames, "vacancy_rate", sites=ranking)
    assert set(layers) == set(maps.LAYERS)
    data = map_export.to_geojson(layers)
    back = gpd.read_file(io.BytesIO(data))
    assert back.crs.to_epsg() == 4326
    counts = back["layer"].value_counts().to_dict()
    assert counts == {name: len(gdf) for name, gdf in layers.items()}
    for name, gdf in layers.items():
        mine = back[back["layer"] == name].reset_index(drop=True)
        assert mine.geometry.geom_equals_exact(gdf.geometry.reset_index(drop=True), 1e-7).all(), name
    rioni = back[back["layer"] == "rioni"].set_index("rione_id")
    expected = layers["rioni"].set_index("rione_id")
    assert rioni["value"].astype(float).round(6).equals(expected["value"].astype(float).round(6))
    assert set(back.loc[back["layer"] == "buildings", "building_id"]) == \
        set(demo_frames["buildings"]["building_id"])


def test_geopackage_has_one_table_per_layer(demo_frames, ranking, tmp_path):
    layers = map_export.layers_gdf(demo_frames, "flats_total", layers=("rioni", "buildings", "sites"),
                                   sites=ranking)
    path = tmp_path / "mappa.gpkg"
    path.write_bytes(map_export.to_geopackage(layers))
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    names = {name for name, _kind in pyogrio.list_layers(path)}
    assert names == {"rioni", "buildings", "sites"}
    for name, gdf in layers.items():
        back = gpd.read_file(path, layer=name)
        assert len(back) == len(gdf)
        # a layer mixing Polygon and MultiPolygon is stored as MultiPolygon: same shapes
        assert back.geometry.geom_equals(gdf.geometry).all(), name
    buildings = gpd.read_file(path, layer="buildings")
    assert buildings["flats_total"].sum() == len(demo_frames["flats"])


def test_hostile_names_survive_the_export(demo_frames):
    frames = dict(demo_frames)
    buildings = demo_frames["buildings"].copy()
    buildings.loc[0, "name"] = "<script>alert(1)</script>"
    frames["buildings"] = buildings
    back = gpd.read_file(io.BytesIO(map_export.to_geojson(
        map_export.layers_gdf(frames, layers=("buildings",)))))
    assert "<script>alert(1)</script>" in set(back["name"])  # data, not HTML: kept as is


def test_downloads_list(demo_frames, ranking):
    items = map_export.downloads(demo_frames, "flats_total", offline=True, lang="it",
                                 layers=maps.LAYERS, sites=ranking, meta={}, demo=True)
    assert [ext for _k, ext, _m, _f in items] == ["png", "pdf", "geojson", "gpkg", "html"]
    by_ext = {ext: make for _k, ext, _m, make in items}
    assert by_ext["geojson"]().startswith(b"{")
    page = by_ext["html"]()
    assert "<html>" in page and "tile.openstreetmap.org" not in page


def test_empty_layers():
    assert map_export.to_geojson({}) == b'{"type": "FeatureCollection", "features": []}'
    assert map_export.to_geopackage({"x": gpd.GeoDataFrame(geometry=[], crs=4326)}) == b""


META = {"source": "Dati dimostrativi (illustrativi)", "as_of": "2026-10-31"}
FLAG = "Dati dimostrativi · Fonte: Dati dimostrativi (illustrativi) · Aggiornati al 31/10/2026"


def test_geojson_says_demo_source_and_date(demo_frames):
    import json

    data = json.loads(map_export.to_geojson(map_export.layers_gdf(demo_frames, layers=("rioni", "buildings")),
                                            meta=META, demo=True))
    assert data["type"] == "FeatureCollection"
    assert data["metadata"]["nota"] == FLAG and data["metadata"]["dati_dimostrativi"] is True
    assert data["metadata"]["aggiornati_al"] == "2026-10-31"
    assert data["features"] and all(f["properties"]["nota_dati"] == FLAG for f in data["features"])
    back = gpd.read_file(io.BytesIO(json.dumps(data).encode()))
    assert set(back["nota_dati"]) == {FLAG}


def test_geojson_of_real_data_names_source_and_date():
    import json

    layers = {"x": gpd.GeoDataFrame({"name": ["a"]}, geometry=gpd.points_from_xy([8.9], [45.6]), crs=4326)}
    data = json.loads(map_export.to_geojson(layers, meta={"source": "Ufficio", "as_of": "2026-10-31"}, demo=False))
    assert data["metadata"]["nota"] == "Fonte: Ufficio · Aggiornati al 31/10/2026"
    assert data["metadata"]["dati_dimostrativi"] is False


def test_geopackage_says_demo_source_and_date(demo_frames, tmp_path):
    layers = map_export.layers_gdf(demo_frames, layers=("rioni", "buildings"))
    path = tmp_path / "m.gpkg"
    path.write_bytes(map_export.to_geopackage(layers, meta=META, demo=True))
    for layer in ("rioni", "buildings"):
        info = pyogrio.read_info(path, layer=layer)
        assert info["layer_metadata"]["DESCRIPTION"] == FLAG
        assert info["layer_metadata"]["dati_dimostrativi"] == "True"
        assert set(gpd.read_file(path, layer=layer)["nota_dati"]) == {FLAG}
    assert pyogrio.read_info(path, layer="rioni")["dataset_metadata"]["nota"] == FLAG


def test_downloads_carry_the_flag(demo_frames):
    import json

    items = {ext: make for _k, ext, _m, make in map_export.downloads(
        demo_frames, "flats_total", offline=True, lang="it", layers=("rioni",), meta=META, demo=True)}
    assert json.loads(items["geojson"]())["metadata"]["nota"] == FLAG
    from pypdf import PdfReader

    text = " ".join(PdfReader(io.BytesIO(items["pdf"]())).pages[0].extract_text().split())
    assert "Dati dimostrativi" in text and "31/10/2026" in text


HOSTILE = ['=HYPERLINK("http://x","y")', "<img src=x onerror=alert(1)>"]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_building_names_in_the_map_html_are_text(demo_frames, name):
    frames = dict(demo_frames)
    buildings = demo_frames["buildings"].copy()
    buildings["name"] = buildings["name"].astype(object)
    buildings.loc[0, "name"] = name
    frames["buildings"] = buildings
    page = maps.standalone_html(frames, "flats_total", offline=True, lang="it", meta=META, demo=True)
    assert "<img src=x onerror" not in page and "\\u003cimg src=x" not in page
    if name.startswith("<"):  # escaped for HTML, inside the map's JSON
        assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in page


def test_dollar_signs_in_data_are_drawn_as_written(demo_frames, monkeypatch):
    """'$x^2$' in a source or a name would be mathtext in matplotlib; it stays text."""
    import matplotlib.figure

    texts = []
    original = matplotlib.figure.Figure.savefig

    def spy(self, *args, **kwargs):
        texts.extend(t.get_text() for t in self.findobj(matplotlib.text.Text))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", spy)
    png = map_export.static_map(demo_frames, "flats_total", demo=True,
                                meta={"as_of": "2026-10-31", "source": "Spesa $\\frac{1}{$ =cmd()"})
    assert png.startswith(map_export.PNG_SIGNATURE)  # broken mathtext used to fail the export
    assert any(r"Spesa \$\frac{1}{\$ =cmd()" in t for t in texts)


@pytest.mark.parametrize("style", ["page", "meeting"])
def test_static_labels_do_not_collide_nor_touch_the_legend(demo_frames, style):
    """Every rione's label is drawn, no two overlap (Oltreponte / San Martino /
    Oltresempione at the projector's large size), the legend sits outside the map, and
    the scale bar is metric only."""
    from tavolo import map_model

    model = map_model.map_model(demo_frames, "flats_total", "it")
    fig = map_export.figure(model, style=style)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in fig.findobj(matplotlib.text.Text) if t.get_gid() == map_export.LABEL_GID]
    assert len(labels) == len(model.areas) == 10
    boxes = [t.get_bbox_patch().get_window_extent(renderer) for t in labels]
    for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2):
        assert not a.overlaps(b), (labels[i].get_text(), labels[j].get_text())
    (ax,) = fig.axes
    legend = fig.legends[0].get_window_extent(renderer)
    assert not legend.overlaps(ax.get_window_extent(renderer))
    texts = " ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))
    assert "1 km" in texts and " ft" not in texts and " mi " not in texts


def test_meeting_map_is_drawn_from_the_model(demo_frames):
    from tavolo import map_model

    png = map_export.meeting_png(map_model.map_model(demo_frames, "flats_total", "en"))
    assert png.startswith(map_export.PNG_SIGNATURE)
