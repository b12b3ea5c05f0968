"""Faults survived with a clear message and no traceback: a damaged SQLite file, a file
that is not a database, a settings file that does not parse, a read-only store; and the
``backup``/``restore`` commands as a user runs them."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
import streamlit as st
from streamlit.testing.v1 import AppTest

from tavolo import faults, paths

APP = str(paths.ROOT / "app.py")


def run(args, db_url, settings_file=os.devnull, extra_env=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAVOLO_")}
    env |= {"TAVOLO_SETTINGS_FILE": str(settings_file), "TAVOLO_DATABASE_URL": db_url}
    env |= extra_env or {}
    return subprocess.run([sys.executable, "-m", "tavolo", *args], capture_output=True, text=True,
                          env=env, cwd=paths.ROOT, timeout=300)


def damage(path: Path) -> None:
    """Overwrite every page of the file but the first with garbage: the header still says
    SQLite, the tables are gone (``database disk image is malformed``)."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.seek(4096)
        f.write(b"\x5a" * (size - 4096))


@pytest.fixture
def damaged_url(demo_sqlite_template, tmp_path):
    path = tmp_path / "tavolo.sqlite"
    shutil.copyfile(demo_sqlite_template, path)
    damage(path)
    return f"sqlite:///{path}"


@pytest.fixture
def not_a_database_url(tmp_path):
    path = tmp_path / "tavolo.sqlite"
    path.write_text("questo non è un database\n" * 400)
    return f"sqlite:///{path}"


@pytest.mark.parametrize("fixture", ["damaged_url", "not_a_database_url"])
@pytest.mark.parametrize("command", [["summary"], ["summary", "--json"], ["plan", "--year", "2027"],
                                     ["load", str(paths.DATA_DIR)]])
def test_a_damaged_database_gives_a_message_and_no_traceback(request, fixture, command):
    url = request.getfixturevalue(fixture)
    proc = run(command, url)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "danneggiato" in proc.stderr and "damaged" in proc.stderr
    assert url.removeprefix("sqlite:///") in proc.stderr  # names the file
    assert "tavolo restore" in proc.stderr  # and says how to recover


def test_doctor_names_the_damage_and_exits_non_zero(damaged_url):
    proc = run(["doctor"], damaged_url)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "ERRORE" in proc.stderr and "danneggiato" in proc.stderr


def test_doctor_on_a_healthy_store(demo_db_url, tmp_path):
    proc = run(["doctor"], demo_db_url, extra_env={"TAVOLO_BACKUP_DIR": str(tmp_path / "b")})
    assert "Database leggibile" in proc.stdout, proc.stdout + proc.stderr
    assert "Impostazioni valide" in proc.stdout
    assert "Nessuna copia di sicurezza" in proc.stdout  # a warning, not an error
    run(["backup"], demo_db_url, extra_env={"TAVOLO_BACKUP_DIR": str(tmp_path / "b")})
    again = run(["doctor"], demo_db_url, extra_env={"TAVOLO_BACKUP_DIR": str(tmp_path / "b")})
    assert "Ultima copia di sicurezza: tavolo-backup-" in again.stdout


@pytest.mark.parametrize("content, words", [
    ("{non è json", ["illeggibile", "unreadable"]),
    (json.dumps({"poverty_quota_pct": 250}), ["poverty_quota_pct", "massimo"]),
    (json.dumps({"no_such_setting": 1}), ["no_such_setting", "unknown"]),
])
def test_a_bad_settings_file_gives_a_message_and_no_traceback(demo_db_url, tmp_path, content, words):
    bad = tmp_path / "settings.json"
    bad.write_text(content, encoding="utf-8")
    proc = run(["plan", "--year", "2027"], demo_db_url, settings_file=bad)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert str(bad) in proc.stderr or "poverty_quota_pct" in proc.stderr
    for word in words:
        assert word in proc.stderr


def test_backup_list_and_restore_from_the_command_line(demo_db_url, tmp_path):
    folder = tmp_path / "copie"
    made = run(["backup", "--out", str(folder)], demo_db_url)
    assert made.returncode == 0, made.stderr
    assert "backup written" in made.stdout
    listed = run(["backup", "--list", "--out", str(folder)], demo_db_url)
    assert "tavolo-backup-" in listed.stdout and "dati dimostrativi" in listed.stdout
    [archive] = folder.glob("tavolo-backup-*.zip")
    fresh = f"sqlite:///{tmp_path / 'new.sqlite'}"
    restored = run(["restore", str(archive)], fresh)
    assert restored.returncode == 0, restored.stderr
    summary_a = run(["summary", "--json"], demo_db_url).stdout
    summary_b = run(["summary", "--json"], fresh).stdout
    assert json.loads(summary_a) == json.loads(summary_b)
    refused = run(["restore", str(archive)], demo_db_url)  # holds data, no --replace
    assert refused.returncode == 2 and "--replace" in refused.stderr and "Traceback" not in refused.stderr


def test_an_edit_on_a_read_only_store_is_refused_with_the_reason(demo_db_url):
    from tavolo import edits
    from tavolo.store import Store
    from tavolo.validation import ValidationFailed

    url = demo_db_url.replace("sqlite:///", "sqlite:///file:") + "?mode=ro&uri=true"
    store = Store(url)
    row = store.read("actions").iloc[0]
    with pytest.raises(ValidationFailed) as refused:
        edits.apply_changes(store, "actions", [edits.RowChange(
            "update", {"action_id": row.action_id}, edits.fingerprint(row), {"owner": "Sicurezza"})],
            author="test", reason="sola lettura")
    assert "sola lettura" in refused.value.issues[0].message("it")
    assert store.read("actions").iloc[0]["owner"] == row["owner"]


def test_a_read_only_store_refuses_a_load_with_a_message_and_still_reads(demo_db_url, tmp_path):
    if os.geteuid() == 0:  # root writes through file permissions: open the file read-only
        url = demo_db_url.replace("sqlite:///", "sqlite:///file:") + "?mode=ro&uri=true"
    else:
        path = Path(demo_db_url.removeprefix("sqlite:///"))
        path.chmod(0o444)
        path.parent.chmod(0o555)
        url = demo_db_url
    try:
        reading = run(["summary", "--json"], url)
        assert reading.returncode == 0, reading.stderr
        loading = run(["load", str(paths.DATA_DIR)], url)
        assert loading.returncode == 2, loading.stdout + loading.stderr
        assert "Traceback" not in loading.stderr and "sola lettura" in loading.stderr
    finally:
        if os.geteuid() != 0:
            Path(demo_db_url.removeprefix("sqlite:///")).parent.chmod(0o755)


def test_explain_names_each_kind():
    damaged = sa.exc.DatabaseError("SELECT", None, Exception("database disk image is malformed"))
    assert faults.explain(damaged, "sqlite:////x/tavolo.sqlite").kind == "damaged"
    down = sa.exc.OperationalError("SELECT", None, Exception("connection refused"))
    fault = faults.explain(down, "postgresql+psycopg://u:secret@db.example/tavolo")
    assert fault.kind == "unreachable" and "non raggiungibile" in fault.message("it")
    assert "secret" not in fault.message("it")  # the password never reaches the screen


def test_the_app_shows_a_damaged_database_as_a_message(damaged_url, isolated_settings, monkeypatch):
    monkeypatch.setenv("TAVOLO_DATABASE_URL", damaged_url)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("danneggiato" in e.value for e in at.error)
    st.cache_resource.clear()


def test_the_app_shows_a_bad_settings_file_as_a_message(demo_db_url, isolated_settings, monkeypatch):
    monkeypatch.setenv("TAVOLO_DATABASE_URL", demo_db_url)
    isolated_settings.write_text("{rotto", encoding="utf-8")
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("illeggibile" in e.value for e in at.error)
    st.cache_resource.clear()


def test_pages_keep_reading_while_a_load_writes(demo_db_url):
    """WAL journal and a busy timeout: readers never fail with "database is locked"
    while a load writes, and see either the old or the new data, never a half."""
    import threading

    from tavolo import loading
    from tavolo.store import Store

    writer, reader = Store(demo_db_url), Store(demo_db_url)
    flats = len(reader.read("flats"))
    errors, seen = [], []
    done = threading.Event()

    def read_loop():
        while not done.is_set():
            try:
                seen.append(len(reader.read("flats")))
                reader.meta()
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)

    thread = threading.Thread(target=read_loop)
    thread.start()
    try:
        for _ in range(2):
            loading.load_dir(paths.DATA_DIR, writer, reason="test concorrenza")
    finally:
        done.set()
        thread.join()
    assert not errors, errors[:3]
    assert len(seen) > 5 and set(seen) == {flats}
    with writer.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"


@pytest.fixture(scope="module")
def bigger_demo(tmp_path_factory):
    """The scale-3 demo (about three Legnanos) as a folder to load."""
    from tavolo import demo

    out = tmp_path_factory.mktemp("demo3")
    demo.write_demo(out, scale=3)
    return out


@pytest.mark.parametrize("engine", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_load_killed_at_any_point_leaves_the_store_as_it_was(request, engine, demo_db_url, bigger_demo,
                                                               tmp_path):
    """SIGKILL during ``tavolo load`` at several points of its run: the store afterwards
    is exactly the one before (one transaction; the database rolls back)."""
    import signal
    import time

    from tavolo import schema
    from tavolo.store import Store

    if engine == "postgresql":
        url = request.getfixturevalue("pg_databases").new_url("b")
        Store(url).replace(Store(demo_db_url).read_all())
    else:
        url = demo_db_url
    store = Store(url)
    before = {name: store.read(name) for name in schema.LOAD_ORDER}
    log = len(store.change_log())
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAVOLO_")}
    env |= {"TAVOLO_SETTINGS_FILE": os.devnull, "TAVOLO_DATABASE_URL": url}
    command = [sys.executable, "-m", "tavolo", "load", str(bigger_demo)]
    start = time.monotonic()
    # a complete run into a scratch store tells how long a load takes here
    scratch = env | {"TAVOLO_DATABASE_URL": f"sqlite:///{tmp_path / 'scratch.sqlite'}"}
    subprocess.run(command, env=scratch, cwd=paths.ROOT, capture_output=True, timeout=600, check=True)
    whole = time.monotonic() - start
    loaded = Store(scratch["TAVOLO_DATABASE_URL"])
    after = {name: loaded.read(name) for name in schema.LOAD_ORDER}

    def same(expected) -> bool:
        return all(store.read(name).equals(expected[name]) for name in schema.LOAD_ORDER)

    untouched = 0
    for fraction in (0.3, 0.5, 0.75, 0.9, 0.97):
        proc = subprocess.Popen(command, env=env, cwd=paths.ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(whole * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        # killed before its commit: exactly the old store; after it (a loaded machine is
        # slower than the timed run): exactly the new one. Never anything in between.
        if same(before):
            assert len(store.change_log()) == log
            untouched += 1
            continue
        assert same(after), "a killed load left a store that is neither the old nor the new one"
        break
    assert untouched >= 1  # at least one kill landed before the commit
    loaded.dispose()
    store.dispose()


@pytest.mark.postgres
def test_postgresql_going_away_and_coming_back(demo_frames, isolated_settings, monkeypatch):
    """The database server stops while the app runs: pages say "database non
    raggiungibile" (no traceback); when it is back the next rerun works, same process,
    same store object (the pool pings before use)."""
    from tests.pgserver import PostgresServer, find_binaries

    from tavolo import edits
    from tavolo.store import Store

    if find_binaries() is None:
        pytest.skip("PostgreSQL binaries missing")
    server = PostgresServer(find_binaries())
    try:
        from tavolo import loading

        store = Store(server.url)
        loading.load_dir(paths.DATA_DIR, store)
        monkeypatch.setenv("TAVOLO_DATABASE_URL", server.url)
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(APP, default_timeout=60).run()
        assert not at.exception and not at.error
        row = store.read("actions").iloc[0]

        server.pause()
        with pytest.raises(sa.exc.OperationalError) as down:
            store.read("flats")
        assert faults.explain(down.value, server.url).kind == "unreachable"
        from tavolo.validation import ValidationFailed

        with pytest.raises(ValidationFailed) as refused:  # refused with the reason, nothing written
            edits.apply_changes(store, "actions", [edits.RowChange(
                "update", {"action_id": row.action_id}, edits.fingerprint(row), {"owner": "Sicurezza"})],
                author="test", reason="server giù")
        assert "non raggiungibile" in refused.value.issues[0].message("it")
        assert "unreachable" in refused.value.issues[0].message("en")
        at = AppTest.from_file(APP, default_timeout=60).run()
        assert not at.exception, [e.value for e in at.exception]
        assert any("non raggiungibile" in e.value for e in at.error)

        server.resume()
        assert len(store.read("flats")) == len(demo_frames["flats"])  # same Store, reconnected
        assert store.read("actions").iloc[0]["owner"] == row["owner"]
        at = AppTest.from_file(APP, default_timeout=60).run()
        assert not at.exception and not at.error
    finally:
        st.cache_resource.clear()
        server.stop()


EDIT_KILLED = """
import os, signal, sys
import sqlalchemy as sa
from tavolo import edits
from tavolo.store import Store

store = Store(sys.argv[1])
row = store.read("actions").iloc[0]
seen = []

def kill_after(conn, cursor, statement, parameters, context, executemany):
    # die inside the edit's transaction, right after its first write statement
    if statement.lstrip().upper().startswith(("UPDATE", "INSERT")):
        os.kill(os.getpid(), signal.SIGKILL)

sa.event.listen(store.engine, "after_cursor_execute", kill_after)
edits.apply_changes(store, "actions", [edits.RowChange(
    "update", {"action_id": row.action_id}, edits.fingerprint(row), {"owner": "Sicurezza"})],
    author="test", reason="ucciso a metà")
"""


@pytest.mark.parametrize("engine", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_an_edit_killed_inside_its_transaction_leaves_the_store_as_it_was(request, engine, demo_db_url):
    from tavolo.store import Store

    if engine == "postgresql":
        url = request.getfixturevalue("pg_databases").new_url("b")
        Store(url).replace(Store(demo_db_url).read_all())
    else:
        url = demo_db_url
    store = Store(url)
    actions, log, version = store.read("actions"), store.change_log(), store.version()
    proc = subprocess.run([sys.executable, "-c", EDIT_KILLED, url], cwd=paths.ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    pd.testing.assert_frame_equal(store.read("actions"), actions)
    pd.testing.assert_frame_equal(store.change_log(), log)
    assert store.version() == version
    store.dispose()
