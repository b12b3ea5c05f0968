"""The store, the same suite on SQLite (a file in tmp) and on PostgreSQL (``pg_url``).

Every PostgreSQL test gets a database of its own (``CREATE DATABASE``, dropped after), so
tests never see each other's tables. The loaded stores are copies of one store filled
with the demo data once (a template database on PostgreSQL, a copy of the session's
SQLite store built from data/), which keeps the suite fast.
"""

import shutil

import pandas as pd
import pytest
import sqlalchemy as sa

from tavolo import schema, store as store_mod
from tavolo.store import Store
from tavolo.validation import PANDAS_DTYPE, ValidationFailed

ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


# --------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pg_loaded_template(pg_databases, demo_frames):
    name = pg_databases.create()
    template = Store(pg_databases.url(name))
    template.replace(demo_frames, reason="template")
    template.dispose()  # CREATE DATABASE ... TEMPLATE needs it unused
    yield name
    pg_databases.drop(name)


def _make_store(request, tmp_path, loaded: bool):
    """A store on the engine of ``request.param``; ``(store, cleanup)``."""
    if request.param == "sqlite":
        path = tmp_path / "store.sqlite"
        if loaded:  # the session's store built from data/, which is the demo output
            shutil.copyfile(request.getfixturevalue("demo_sqlite_template"), path)
        store = Store(f"sqlite:///{path}")
        return store, store.dispose
    databases = request.getfixturevalue("pg_databases")
    template = request.getfixturevalue("pg_loaded_template") if loaded else None
    name = databases.create(template)
    store = Store(databases.url(name))

    def cleanup():
        store.dispose()
        databases.drop(name)
    return store, cleanup


@pytest.fixture(params=ENGINES)
def store(request, tmp_path):
    """An empty store (no tables yet) on each engine."""
    store, cleanup = _make_store(request, tmp_path, loaded=False)
    yield store
    cleanup()


@pytest.fixture(params=ENGINES)
def loaded_store(request, tmp_path):
    """A store holding the scale-1 demo data on each engine."""
    store, cleanup = _make_store(request, tmp_path, loaded=True)
    yield store
    cleanup()


def _sorted(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    return frame.sort_values(list(schema.TABLES[name].primary_key)).reset_index(drop=True)


def assert_tables_equal(actual: dict, expected: dict, names=None):
    for name in names or schema.LOAD_ORDER:
        pd.testing.assert_frame_equal(_sorted(actual[name], name), _sorted(expected[name], name),
                                      check_exact=True, obj=name)


# --------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------
def test_create_makes_every_table_empty_and_typed(store):
    assert not store.is_initialised()
    store.create()
    tables = set(sa.inspect(store.engine).get_table_names())
    assert set(schema.TABLES) | {"tavolo_meta", "change_log"} <= tables
    assert not store.is_initialised()
    assert store.version() == "0"
    assert set(store.counts().values()) == {0}
    for name, table in schema.TABLES.items():
        frame = store.read(name)
        assert frame.empty and list(frame.columns) == table.column_names
        assert {c: str(frame[c].dtype) for c in frame.columns} == {
            c.name: str(pd.Series(dtype=PANDAS_DTYPE[c.type]).dtype) for c in table.columns}


def test_replace_writes_the_demo_data_and_reads_it_back_equal(store, demo_frames):
    store.replace(demo_frames, meta={"as_of": "2026-10-31", "source": "demo"}, author="test",
                  reason="primo caricamento")
    assert store.is_initialised()
    assert store.version() == "1"
    assert store.counts() == {name: len(frame) for name, frame in demo_frames.items()}
    back = store.read_all()
    assert_tables_equal(back, demo_frames)  # values and dtypes
    meta = store.meta()
    assert meta["as_of"] == "2026-10-31" and meta["source"] == "demo"
    log = store.change_log()
    assert len(log) == 1
    assert log.iloc[0]["author"] == "test" and log.iloc[0]["reason"] == "primo caricamento"
    assert set(log.iloc[0]["row_key"].split(",")) == set(schema.TABLES)


def test_partial_replace_changes_one_table_and_bumps_the_version(loaded_store, demo_frames):
    before = loaded_store.version()
    meetings = demo_frames["meetings"].copy()
    meetings.loc[0, "theme"] = "Tema modificato"
    meetings = meetings.iloc[:-1]
    loaded_store.replace({"meetings": meetings}, reason="correzione")
    assert int(loaded_store.version()) == int(before) + 1
    back = loaded_store.read_all()
    assert_tables_equal(back, {**demo_frames, "meetings": meetings})
    assert loaded_store.change_log().iloc[0]["row_key"] == "meetings"


@pytest.mark.parametrize("failure", ["checked_before_writing", "refused_by_the_database"])
def test_failed_replace_leaves_the_data_intact(failure, loaded_store, demo_frames, monkeypatch):
    version, log_rows = loaded_store.version(), len(loaded_store.change_log())
    actions = demo_frames["actions"].copy()
    actions.loc[len(actions) - 1, "meeting_id"] = "M1999-01-01"  # no such meeting
    if failure == "refused_by_the_database":
        # Skip the checks so the insert reaches the database: every table has been emptied
        # and most rewritten in the transaction when the foreign key fails.
        monkeypatch.setattr(store_mod, "check_dataset", lambda *args, **kwargs: [])
    with pytest.raises(ValidationFailed) as failed:
        loaded_store.replace({"flats": demo_frames["flats"].iloc[:-5], "actions": actions})
    if failure == "refused_by_the_database":
        assert failed.value.issues[0].file == "database"
        assert "database constraint violated" in failed.value.issues[0].rule_en
    else:
        assert {i.column for i in failed.value.issues} >= {"meeting_id", "flat_id"}
    assert loaded_store.version() == version
    assert len(loaded_store.change_log()) == log_rows
    assert_tables_equal(loaded_store.read_all(), demo_frames)


@pytest.mark.parametrize(("table", "row"), [
    ("flats", {"flat_id": "X-1", "building_id": "NOPE", "staircase": "A", "floor": 1,
               "surface_m2": 50.0, "rooms": 2, "lift": True, "step_free": True, "service": "SAP",
               "status": "let", "status_since": pd.Timestamp("2020-01-01").date(), "source": "test"}),
    ("decisions", {"decision_id": "D1", "meeting_id": "NOPE", "text": "x", "source": "test"}),
])
def test_foreign_keys_are_enforced_by_the_database_itself(store, table, row):
    store.create()
    with pytest.raises(sa.exc.IntegrityError):
        with store.engine.begin() as conn:
            conn.execute(sa.insert(store_mod.SA_TABLES[table]), [row])
    assert store.counts()[table] == 0


def test_primary_keys_are_enforced_by_the_database_itself(loaded_store):
    with pytest.raises(sa.exc.IntegrityError):
        with loaded_store.engine.begin() as conn:
            conn.execute(sa.insert(store_mod.SA_TABLES["owners"]),
                         [{"owner_id": "ALER", "name": "doppione", "kind": "x", "source": "test"}])
    with pytest.raises(sa.exc.IntegrityError):  # and a referenced row cannot go
        with loaded_store.engine.begin() as conn:
            conn.execute(sa.delete(store_mod.SA_TABLES["buildings"]))


def test_open_store_initialises_from_data_once(demo_db_url, monkeypatch):
    """The session's store was created by ``open_store`` from data/; opening it again does
    not reload it."""
    from tavolo import loading
    from tavolo.store import open_store

    def fail(*args, **kwargs):
        raise AssertionError("open_store reloaded an initialised store")

    monkeypatch.setattr(loading, "load_dir", fail)
    store = open_store(demo_db_url)
    try:
        assert store.version() == "1"
        assert loading.is_demo(store)
        assert store.meta()["table_kind:flats"] == "demo"
        assert store.counts()["flats"] == 4989  # the ambito's 22 comuni (1,229 Legnano's)
    finally:
        store.dispose()


def test_records_convert_missing_values_and_numpy_scalars():
    frame = pd.DataFrame({"i": pd.array([1, None], dtype="Int64"), "f": [1.5, float("nan")],
                          "b": pd.array([True, None], dtype="boolean"),
                          "d": pd.to_datetime(["2017-10-17", None]).astype("datetime64[s]")})
    rows = store_mod.records(frame)
    assert rows[0] == {"i": 1, "f": 1.5, "b": True, "d": pd.Timestamp("2017-10-17").date()}
    assert rows[1] == {"i": None, "f": None, "b": None, "d": None}
    assert type(rows[0]["i"]) is int and type(rows[0]["f"]) is float
