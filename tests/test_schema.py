"""The schema registry: keys, references, labels, the data dictionary and data/ agree."""

import csv
import re

import pytest

from tavolo import dictionary, paths, schema

TABLES = list(schema.TABLES.values())
COLUMNS = [(t, c) for t in TABLES for c in t.columns]
REFERENCES = [(t, c) for t, c in COLUMNS if c.references]
TYPES = {"str", "int", "float", "bool", "date", "enum", "multi"}


def _id(value):
    return getattr(value, "name", str(value))


@pytest.mark.parametrize("table", TABLES, ids=_id)
def test_every_table_has_a_primary_key_and_unique_identifier_columns(table):
    assert table.primary_key, f"{table.name} has no primary key"
    names = table.column_names
    assert len(names) == len(set(names)), f"{table.name} repeats a column"
    for name in names:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", name), f"{table.name}.{name}"
    for group in table.unique_together:
        assert set(group) <= set(names)


@pytest.mark.parametrize(("table", "column"), REFERENCES,
                         ids=[f"{t.name}.{c.name}" for t, c in REFERENCES])
def test_every_reference_points_to_a_key_of_an_existing_table(table, column):
    ref_table, ref_column = column.references.split(".")
    assert ref_table in schema.TABLES, column.references
    target = schema.TABLES[ref_table]
    assert ref_column in target.column_names, column.references
    # A foreign key needs a unique target: the whole primary key, or a unique column.
    assert target.primary_key == (ref_column,) or target.column(ref_column).unique
    assert column.type == target.column(ref_column).type, "type mismatch"
    # Tables load after the ones they reference.
    assert schema.LOAD_ORDER.index(ref_table) <= schema.LOAD_ORDER.index(table.name)


@pytest.mark.parametrize("table", TABLES, ids=_id)
def test_labels_and_descriptions_in_both_languages(table):
    for text in (table.label_it, table.label_en, table.description_it, table.description_en):
        assert isinstance(text, str) and text.strip(), table.name
    assert table.group in schema.GROUPS
    for col in table.columns:
        where = f"{table.name}.{col.name}"
        for text in (col.label_it, col.label_en, col.description_it, col.description_en):
            assert isinstance(text, str) and text.strip(), where
        assert col.label("it") == col.label_it and col.label("en") == col.label_en


@pytest.mark.parametrize(("table", "column"), COLUMNS, ids=[f"{t.name}.{c.name}" for t, c in COLUMNS])
def test_column_types_rules_and_enumerations(table, column):
    assert column.type in TYPES
    if column.type in ("enum", "multi"):
        assert column.values, "an enumeration needs values"
        for key, pair in column.values.items():
            assert isinstance(key, str) and key and "|" not in key
            assert len(pair) == 2 and all(isinstance(x, str) and x.strip() for x in pair), key
    else:
        assert column.values is None
    if column.min is not None or column.max is not None:
        assert column.type in ("int", "float")
    if column.min is not None and column.max is not None:
        assert column.min <= column.max
    if column.primary_key:
        assert column.type in ("str", "int", "date"), "keys are text, whole numbers or dates"


def test_group_labels_in_both_languages():
    for key, (it, en) in schema.GROUPS.items():
        assert it.strip() and en.strip(), key


def test_the_registry_covers_the_data_model_of_the_issue():
    expected = {"comuni", "consulte", "rioni", "places", "offices", "owners", "buildings", "flats",
                "flat_status_history", "calls", "call_flats", "applications", "programmes",
                "funding_acts", "milestones", "programme_flats", "allocations", "inspections",
                "tenant_reports", "occupations", "meetings", "decisions", "actions", "saved_views"}
    assert set(schema.TABLES) == expected
    assert set(schema.LOAD_ORDER) == expected and len(schema.LOAD_ORDER) == len(expected)
    assert set(schema.FLAT_STATUS) == {"let", "vacant_assignable", "vacant_works", "under_works",
                                       "occupied_no_title", "assigned_awaiting"}


def test_label_helper():
    assert schema.label(schema.FLAT_STATUS, "let", "it") == "Locato"
    assert schema.label(schema.FLAT_STATUS, "let", "en") == "Let"
    assert schema.label(schema.FLAT_STATUS, "nonsense", "en") == "nonsense"
    with pytest.raises(KeyError):
        schema.TABLES["flats"].column("nope")


def test_column_help_names_unit_and_values():
    surface = schema.TABLES["flats"].column("surface_m2")
    assert "m²" in surface.help("it") and "Unità" in surface.help("it")
    assert "Unit: m²" in surface.help("en")
    status = schema.TABLES["flats"].column("status")
    assert "vacant_works (Sfitto da ristrutturare)" in status.help("it")
    assert "vacant_works (Vacant, needs works)" in status.help("en")


def test_data_dictionary_does_not_drift():
    """data/README.md is what `python -m tavolo dictionary` writes from the registry."""
    committed = (paths.DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert committed == dictionary.render(), (
        "data/README.md drifted from tavolo/schema.py: run `python -m tavolo dictionary`")


def test_data_dictionary_lists_every_table_and_column():
    text = dictionary.render()
    for table in TABLES:
        assert f"### `{table.name}`" in text
        for col in table.columns:
            assert f"| `{col.name}` |" in text


def test_columns_frame_for_the_ui():
    frame = dictionary.columns_frame("flats", "en")
    assert list(frame["Column"]) == schema.TABLES["flats"].column_names
    assert list(dictionary.columns_frame("flats", "it").columns)[0] == "Colonna"


@pytest.mark.parametrize("table", TABLES, ids=_id)
def test_every_csv_in_data_has_exactly_the_registry_columns(table):
    path = paths.DATA_DIR / f"{table.name}.csv"
    assert path.exists(), f"data/ lacks {path.name}"
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == table.column_names


def test_data_holds_no_file_outside_the_registry():
    extra = {p.name for p in paths.DATA_DIR.glob("*.csv")} - {f"{n}.csv" for n in schema.TABLES}
    assert not extra


def test_load_order_check_rejects_a_table_before_its_reference(monkeypatch):
    order = list(schema.LOAD_ORDER)
    order.remove("flats")
    order.insert(0, "flats")
    monkeypatch.setattr(schema, "LOAD_ORDER", order)
    with pytest.raises(AssertionError, match="flats.building_id references buildings"):
        schema._check_order()


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_every_table_declares_its_source_and_licence(table):
    t = schema.TABLES[table]
    assert t.source.strip() and t.licence.strip(), f"{table}: source and licence are required"
    for text in (t.source, t.licence):
        assert "DOMAIN" not in text and "seed" not in text.lower() and "brief" not in text.lower()


def test_a_table_without_source_or_licence_is_refused():
    bare = schema.Table("x", "table", "X", "X", "x", "x", (schema.C("a", "str", "A", "A", "a", "a",
                                                                     primary_key=True),))
    with pytest.raises(ValueError, match="source"):
        schema._register(bare)
    assert "x" not in schema.TABLES


def test_data_dictionary_shows_each_tables_source_and_licence():
    text = dictionary.render()
    for t in schema.TABLES.values():
        section = text.split(f"### `{t.name}`", 1)[1].split("\n### ", 1)[0]
        assert f"Source: {t.source}" in section and f"Licence: {t.licence}" in section
