"""The store's Alembic migrations (tavolo/migrations), on SQLite and on PostgreSQL.

- The migrations build exactly the registry's tables (autogenerate finds no difference):
  a column added to the registry without a migration fails here.
- A database made by the release before migrations (git commit fbb4243: ``create_all`` of
  its tables, frozen in tests/data/schema_fbb4243.py) and filled with the shipped data is
  adopted and upgraded by ``open_store``, and every row is still there.
- ``autogenerate`` writes the next revision for a registry change, and that revision
  upgrades an old database without losing a row.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from tavolo import ambito, loading, migrations, paths, schema, store as store_mod
from tavolo.store import Store, open_store
from tavolo.validation import read_dir, validate_raw

ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
FROZEN_FILE = Path(__file__).parent / "data" / "schema_fbb4243.py"


def _frozen():
    spec = importlib.util.spec_from_file_location("schema_fbb4243", FROZEN_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FROZEN = _frozen()


@pytest.fixture(scope="module")
def shipped_frames():
    """The shipped data/ as typed frames, Legnano's part: the releases before the ambito held
    one comune (and buildings without a rione, of the other comuni, would not fit them)."""
    raws, issues = read_dir(paths.DATA_DIR)
    assert issues == []
    frames, issues = validate_raw(raws)
    assert issues == []
    return ambito.comune_frames(frames, ambito.LEAD_CODE)


@pytest.fixture(params=ENGINES)
def empty_url(request, tmp_path):
    """The URL of an empty database on each engine (a database of its own on PostgreSQL)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    databases = request.getfixturevalue("pg_databases")
    name = databases.create(prefix="m")
    try:
        yield databases.url(name)
    finally:
        databases.drop(name)


def make_release_fbb4243_database(url: str, frames: dict[str, pd.DataFrame],
                                  leave_out: tuple[str, ...] = ()) -> dict:
    """What ``open_store`` of the release at fbb4243 left behind: its tables (create_all,
    no alembic_version), the shipped data, its metadata rows and the load's change-log
    entry. Returns what was written, table by table, as frames of the old columns."""
    engine = store_mod.make_engine(url)
    tables = [t for t in FROZEN.metadata.sorted_tables if t.name not in leave_out]
    FROZEN.metadata.create_all(engine, tables=tables)
    written = {}
    meta = {"data_version": "1", "updated_at": "2026-11-30T09:00:00", "as_of": "2026-10-31",
            "source": "Dati dimostrativi", "scale": "1",
            **{f"table_kind:{name}": "demo" for name in frames}}
    log = {"at": dt.datetime(2026, 11, 30, 9, 0, 0), "author": "ufficio",
           "table_name": "*", "row_key": ",".join(sorted(frames)), "action": "load",
           "before_json": None, "after_json": "{}", "reason": "primo avvio: dati di data/",
           "undone_by": None}
    with engine.begin() as conn:
        for table in tables:
            if table.name == "tavolo_meta":
                rows = [{"key": k, "value": v} for k, v in meta.items()]
            elif table.name == "change_log":
                rows = [log]  # change_id from the database, as the release wrote it
            else:
                columns = [c.name for c in table.columns]
                written[table.name] = frames[table.name][columns]
                rows = store_mod.records(written[table.name])
            if rows:
                conn.execute(sa.insert(table), rows)
    engine.dispose()
    return {"tables": written, "meta": meta, "log": log}


def test_the_baseline_is_the_schema_of_release_fbb4243():
    engine = sa.create_engine("sqlite://")
    migrations.upgrade(engine, "0001")
    assert migrations.current(engine) == "0001"
    assert migrations.differences(engine, FROZEN.metadata) == []
    # tables added by later revisions: saved_views (in 0001, after fbb4243), maintenance_items (0002)
    assert set(FROZEN.metadata.tables) >= set(schema.TABLES) - {"saved_views", "maintenance_items"}


def test_one_line_of_revisions_numbered_in_order():
    revisions = list(migrations.scripts().walk_revisions())
    assert len(migrations.scripts().get_heads()) == 1
    numbers = sorted(int(s.revision) for s in revisions)
    assert numbers == list(range(1, len(revisions) + 1))
    assert migrations.next_rev_id() == f"{len(revisions) + 1:04d}"


def test_migrations_build_exactly_the_registry(empty_url):
    store = Store(empty_url)
    try:
        assert not migrations.made_before_migrations(store.engine)  # empty: nothing to adopt
        store.create()
        assert store.revision() == migrations.head()
        assert migrations.differences(store.engine) == []
        store.create()  # a second Store on the same database: nothing to do
        again = Store(empty_url)
        again.create()
        assert again.revision() == migrations.head()
        again.dispose()
    finally:
        store.dispose()


def test_a_registry_column_without_a_migration_is_a_difference():
    engine = sa.create_engine("sqlite://")
    migrations.upgrade(engine)
    grown = _registry_with_extra_column()
    found = migrations.differences(engine, grown)
    assert [(d[0], d[2], d[3].name) for d in found] == [("add_column", "flats", "note")]


def test_release_fbb4243_database_upgrades_with_every_row(empty_url, shipped_frames, monkeypatch):
    before = make_release_fbb4243_database(empty_url, shipped_frames)
    engine = sa.create_engine(empty_url)
    assert migrations.made_before_migrations(engine) and migrations.current(engine) is None
    engine.dispose()

    def reload(*args, **kwargs):
        raise AssertionError("open_store reloaded data/ into a database that had it")

    monkeypatch.setattr(loading, "load_dir", reload)
    store = open_store(empty_url)
    try:
        assert store.revision() == migrations.head()
        assert not migrations.made_before_migrations(store.engine)
        assert migrations.differences(store.engine) == []
        # maintenance_items came with revision 0002: upgraded, it exists and is empty
        assert set(before["tables"]) == set(schema.TABLES) - {"maintenance_items"}
        assert store.read("maintenance_items").empty
        for name, old in before["tables"].items():
            back = store.read(name)
            assert len(back) == len(old), name
            columns = list(old.columns)
            key = list(schema.TABLES[name].primary_key)
            pd.testing.assert_frame_equal(
                back[columns].sort_values(key).reset_index(drop=True),
                old.sort_values(key).reset_index(drop=True), check_exact=True, obj=name)
        assert store.meta() == before["meta"]
        assert store.is_initialised() and store.version() == "1"
        log = store.change_log()
        assert len(log) == 1
        assert {k: (None if pd.isna(v) else v) for k, v in log.iloc[0].to_dict().items()} == {
            "change_id": 1, **before["log"]}
        assert loading.is_demo(store)
        # and the upgraded store takes writes like a new one
        store.replace({"meetings": shipped_frames["meetings"].iloc[:-1]}, reason="dopo l'aggiornamento")
        assert store.version() == "2" and len(store.change_log()) == 2
    finally:
        store.dispose()


def test_an_older_database_without_a_table_gains_it(tmp_path, shipped_frames):
    """Before saved_views existed the store had one table less: the baseline adds it."""
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    frames = {n: f for n, f in shipped_frames.items() if n != "saved_views"}
    before = make_release_fbb4243_database(url, frames, leave_out=("saved_views",))
    store = open_store(url)
    try:
        assert migrations.differences(store.engine) == []
        assert store.read("saved_views").empty
        assert store.counts() == {**{n: len(f) for n, f in before["tables"].items()}, "saved_views": 0,
                                  "maintenance_items": 0}
    finally:
        store.dispose()


def _registry_with_extra_column() -> sa.MetaData:
    grown = sa.MetaData()
    for table in store_mod.metadata.sorted_tables:
        table.to_metadata(grown)
    grown.tables["flats"].append_column(sa.Column("note", sa.Text, nullable=True))
    return grown


def test_autogenerate_writes_the_next_revision_and_it_upgrades_an_old_database(
        tmp_path, monkeypatch, shipped_frames):
    """The workflow of docs/DEVELOPERS.md: a column is added to the registry, a revision is
    generated (here in a copy of the script directory), an old database upgrades with it."""
    scripts = tmp_path / "migrations"
    shutil.copytree(migrations.HERE, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrations, "HERE", scripts)
    monkeypatch.setattr(migrations, "VERSIONS", scripts / "versions")
    assert migrations.autogenerate("nothing changed") is None

    monkeypatch.setattr(store_mod, "metadata", _registry_with_extra_column())
    number = migrations.next_rev_id()
    written = migrations.autogenerate("flats gain a note")
    assert written == scripts / "versions" / f"{number}_flats_gain_a_note.py"
    text = written.read_text(encoding="utf-8")
    assert "add_column(sa.Column('note', sa.Text(), nullable=True))" in text
    assert migrations.head() == number

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    before = make_release_fbb4243_database(url, shipped_frames)
    engine = store_mod.make_engine(url)
    migrations.upgrade(engine)
    assert migrations.current(engine) == number
    assert migrations.differences(engine) == []
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM flats")).scalar_one() == len(
            before["tables"]["flats"])
        assert conn.execute(sa.text("SELECT count(*) FROM flats WHERE note IS NULL")).scalar_one() == len(
            before["tables"]["flats"])
    engine.dispose()


def test_the_migration_command(tmp_path, monkeypatch, capsys):
    """``python -m tavolo migration MESSAGE``, on a copy of the script directory: nothing
    written while the registry and the migrations agree, the next revision once they do not."""
    from tavolo import cli

    scripts = tmp_path / "migrations"
    shutil.copytree(migrations.HERE, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrations, "HERE", scripts)
    monkeypatch.setattr(migrations, "VERSIONS", scripts / "versions")
    files = sorted(p.name for p in (scripts / "versions").glob("*.py"))
    assert cli.main(["migration", "nothing"]) == 1
    assert "no difference between the registry and the migrations" in capsys.readouterr().err
    assert sorted(p.name for p in (scripts / "versions").glob("*.py")) == files

    monkeypatch.setattr(store_mod, "metadata", _registry_with_extra_column())
    number = migrations.next_rev_id()
    assert cli.main(["migration", "flats gain a note"]) == 0
    written = scripts / "versions" / f"{number}_flats_gain_a_note.py"
    assert f"migration written: {written}" in capsys.readouterr().out
    assert written.exists()
