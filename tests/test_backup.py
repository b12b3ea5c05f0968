"""Backups and restores (``tavolo.backup``): round trips row for row on SQLite and
PostgreSQL, refused archives leave the store untouched, a restore killed half way leaves
the old store as it was, retention keeps the newest archives."""

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import zipfile

import pandas as pd
import pytest

from tavolo import backup, paths, schema
from tavolo.store import Store

KILL_SCRIPT = """
import os, signal, sys
from tavolo import backup
from tavolo.store import Store

def die(table):
    if table == sys.argv[3]:
        os.kill(os.getpid(), signal.SIGKILL)

backup.restore(sys.argv[1], Store(sys.argv[2]), replace=True, before_write=die)
"""


@pytest.fixture
def empty_url(request, tmp_path):
    """An empty store's URL: SQLite, or a new PostgreSQL database."""
    if request.param == "postgresql":
        return request.getfixturevalue("pg_databases").new_url("b")
    return f"sqlite:///{tmp_path / 'empty.sqlite'}"


ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _log(store: Store) -> pd.DataFrame:
    return store.change_log().sort_values("change_id").reset_index(drop=True)


def assert_same_store(restored: Store, original: Store) -> None:
    """Every table equal row by row, and the change log the original's plus the restore."""
    for name in schema.LOAD_ORDER:
        pd.testing.assert_frame_equal(restored.read(name), original.read(name), check_dtype=True,
                                      obj=name)
    before, after = _log(original), _log(restored)
    assert len(after) == len(before) + 1
    cols = [c for c in before.columns if c != "at"]
    pd.testing.assert_frame_equal(after.iloc[:-1][cols], before[cols])
    assert list(pd.to_datetime(after.iloc[:-1]["at"])) == list(pd.to_datetime(before["at"]))
    assert after.iloc[-1]["action"] == "restore"


@pytest.fixture
def edited_store(demo_store):
    """The demo store with one edit in its change log, as an office store would be."""
    from tavolo import edits

    row = demo_store.read("actions").iloc[0]
    edits.apply_changes(demo_store, "actions", [edits.RowChange(
        "update", {"action_id": row.action_id}, edits.fingerprint(row),
        {"owner": "Urbanistica «prova», \"citata\"", "due_date": "15/01/2027"})],
        author="Maria Bianchi", reason="test del backup")
    programme = demo_store.read("programmes").iloc[0]
    edits.apply_changes(demo_store, "programmes", [edits.RowChange(
        "update", {"programme_id": programme.programme_id}, edits.fingerprint(programme),
        {"description": "Prima riga;\nseconda riga, con virgola"})],
        author="Maria Bianchi", reason="testo su due righe")
    return demo_store


@pytest.mark.parametrize("empty_url", ENGINES, indirect=True)
def test_backup_then_restore_into_a_new_store_is_identical_row_for_row(edited_store, empty_url, tmp_path):
    archive = backup.create(edited_store, tmp_path / "backups")
    target = Store(empty_url)
    assert backup.restore(archive, target, author="Luca Verdi") is None  # nothing replaced
    assert_same_store(target, edited_store)
    assert _log(target).iloc[-1]["author"] == "Luca Verdi"
    assert target.meta()["restored_from"] == archive.name
    assert target.meta()["as_of"] == edited_store.meta()["as_of"]
    # and back: a backup of the restored store restores to the same rows again
    again = backup.create(target, tmp_path / "backups2")
    third = Store(f"sqlite:///{tmp_path / 'third.sqlite'}")
    backup.restore(again, third)
    for name in schema.LOAD_ORDER:
        pd.testing.assert_frame_equal(third.read(name), edited_store.read(name), obj=name)
    target.dispose()


def test_archive_is_self_describing(edited_store, tmp_path, isolated_settings):
    isolated_settings.write_text(json.dumps({"meeting_cadence_days": 14}), encoding="utf-8")
    archive = backup.create(edited_store, tmp_path, now=dt.datetime(2026, 12, 1, 22, 30, 5))
    assert archive.name == "tavolo-backup-20261201-223005.zip"
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        names = set(zf.namelist())
        flats_csv = zf.read("tables/flats.csv").decode("utf-8")
        assert json.loads(zf.read("settings.json")) == {"meeting_cadence_days": 14}
    assert {f"tables/{n}.csv" for n in schema.LOAD_ORDER} <= names
    assert {"change_log.csv", "meta.json", "manifest.json"} <= names
    assert manifest["files"]["tables/flats.csv"]["rows"] == len(edited_store.read("flats"))
    assert manifest["files"]["change_log.csv"]["rows"] == len(edited_store.change_log())
    assert manifest["created_at"] == "2026-12-01T22:30:05"
    assert manifest["demo"] is True
    # the table files are the format `tavolo load` reads: the same header as data/
    assert flats_csv.splitlines()[0] == (paths.DATA_DIR / "flats.csv").read_text().splitlines()[0]


def test_one_changed_byte_is_refused_and_the_store_is_untouched(edited_store, tmp_path):
    archive = backup.create(edited_store, tmp_path)
    with zipfile.ZipFile(archive) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    data = bytearray(members["tables/flats.csv"])
    data[-5] = ord("9") if data[-5] != ord("9") else ord("8")
    members["tables/flats.csv"] = bytes(data)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(tampered, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    target = Store(f"sqlite:///{tmp_path / 'target.sqlite'}")
    target.create()
    with pytest.raises(backup.BackupError) as err:
        backup.restore(tampered, target)
    assert "tables/flats.csv" in err.value.message("it") and "checksum" in err.value.message("en")
    assert not target.is_initialised()
    # over a store with data, with --replace: still nothing changes, no safety copy is taken
    version = edited_store.version()
    with pytest.raises(backup.BackupError):
        backup.restore(tampered, edited_store, replace=True)
    assert edited_store.version() == version


def test_a_damaged_zip_is_refused(tmp_path, edited_store):
    bad = tmp_path / "tavolo-backup-20260101-000000.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(backup.BackupError) as err:
        backup.restore(bad, edited_store, replace=True)
    assert bad.name in err.value.message("it")


def test_restore_over_data_needs_replace_and_first_backs_up_what_it_replaces(edited_store, tmp_path,
                                                                              isolated_settings):
    archive = backup.create(edited_store, tmp_path / "a")
    with pytest.raises(backup.BackupError) as err:
        backup.restore(archive, edited_store)
    assert "--replace" in err.value.message("it")
    isolated_settings.write_text(json.dumps({"backup_dir": str(tmp_path / "safety")}))
    safety = backup.restore(archive, edited_store, replace=True)
    assert safety is not None and safety.parent == tmp_path / "safety"
    assert backup.info(safety).rows["flats"] == len(edited_store.read("flats"))


def test_an_archive_from_a_newer_schema_or_format_is_refused(edited_store, tmp_path):
    archive = backup.create(edited_store, tmp_path)
    target = Store(f"sqlite:///{tmp_path / 't.sqlite'}")
    manifest = backup.read_manifest(archive)
    with pytest.raises(backup.BackupError) as err:
        backup._check_revision(manifest | {"schema_revision": "9999_future"}, archive.name,
                               known=["0001"], head="0001")
    assert "9999_future" in err.value.message("en") and "newer" in err.value.message("en")
    backup._check_revision(manifest | {"schema_revision": "0001"}, archive.name, ["0001"], "0001")

    with zipfile.ZipFile(archive) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    newer = json.loads(members["manifest.json"]) | {"format_version": backup.FORMAT_VERSION + 1}
    members["manifest.json"] = json.dumps(newer).encode()
    future = tmp_path / "future.zip"
    with zipfile.ZipFile(future, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    with pytest.raises(backup.BackupError):
        backup.restore(future, target)


def test_retention_keeps_the_newest_archives_and_list_shows_them(edited_store, tmp_path):
    made = []
    for minute in range(4):
        path = backup.create(edited_store, tmp_path, keep=2, now=dt.datetime(2026, 11, 1, 8, minute))
        made.append(path)
    kept = backup.list_backups(tmp_path)
    assert [b.path for b in kept] == [made[3], made[2]]
    assert kept[0].total_rows == sum(len(edited_store.read(n)) for n in schema.LOAD_ORDER)
    assert backup.age_days(kept[0], dt.datetime(2026, 11, 3, 8, 3)) == pytest.approx(2.0)
    assert backup.age_days(None) is None


@pytest.mark.parametrize("empty_url", ENGINES, indirect=True)
def test_a_restore_killed_half_way_leaves_the_old_store_as_it_was(edited_store, empty_url, tmp_path):
    target = Store(empty_url)
    backup.restore(backup.create(edited_store, tmp_path / "first"), target)
    before = {name: target.read(name) for name in schema.LOAD_ORDER}
    log_before = _log(target)
    # a different archive: the shipped data with one flat fewer
    other = Store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    frames = edited_store.read_all()
    frames["actions"] = frames["actions"].iloc[1:]
    other.replace(frames)
    archive = backup.create(other, tmp_path / "second")
    for table in ("flats", schema.LOAD_ORDER[-1]):
        proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(archive), empty_url, table],
                              cwd=paths.ROOT, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "TAVOLO_BACKUP_DIR": str(tmp_path / "safety")})
        assert proc.returncode == -signal.SIGKILL, proc.stderr
        for name in schema.LOAD_ORDER:
            pd.testing.assert_frame_equal(target.read(name), before[name], obj=name)
        pd.testing.assert_frame_equal(_log(target), log_before)
    target.dispose()


def test_the_dati_page_shows_the_last_backup_and_takes_one(demo_db_url, isolated_settings, monkeypatch,
                                                            tmp_path):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("TAVOLO_DATABASE_URL", demo_db_url)
    monkeypatch.setenv("TAVOLO_BACKUP_DIR", str(tmp_path / "copie"))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/dati.py").run()
    assert not at.exception
    assert any("Nessuna copia di sicurezza" in w.value for w in at.warning)
    at.button(key="backup_take").click().run()
    assert not at.exception
    assert any("Copia scritta: tavolo-backup-" in s.value for s in at.success)
    assert any("Ultima copia:" in i.value for i in at.info)
    assert len(list((tmp_path / "copie").glob("tavolo-backup-*.zip"))) == 1
    # an old backup: the page warns
    for path in (tmp_path / "copie").glob("*.zip"):
        path.unlink()
    backup.create(Store(demo_db_url), tmp_path / "copie", now=dt.datetime(2020, 1, 1, 8, 0))
    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/dati.py").run()
    assert any("ha " in w.value and "giorni" in w.value for w in at.warning)
    st.cache_resource.clear()


def test_restore_replaces_a_damaged_sqlite_file_and_keeps_it_aside(edited_store, tmp_path):
    archive = backup.create(edited_store, tmp_path / "copie")
    path = tmp_path / "tavolo.sqlite"  # demo_db_url's file
    assert edited_store.engine.url.database == str(path)
    edited_store.dispose()
    with path.open("r+b") as f:
        f.seek(4096 * 2)
        f.write(b"Z" * 8192)
    with pytest.raises(backup.BackupError) as err:
        backup.restore(archive, Store(f"sqlite:///{path}"))
    assert "--replace" in err.value.message("it")
    target = Store(f"sqlite:///{path}")
    aside = backup.restore(archive, target, replace=True)
    assert aside.name.startswith("tavolo.sqlite.danneggiato-") and aside.exists()
    assert len(target.read("flats")) == len(pd.read_csv(paths.DATA_DIR / "flats.csv"))
    assert target.change_log().iloc[0]["action"] == "restore"


def test_once_accounts_exist_only_an_admin_backs_up_or_restores_and_it_is_recorded(edited_store, tmp_path,
                                                                                  make_admin):
    from tavolo import auth

    admin = make_admin(edited_store, display_name="Ufficio casa")
    editor = auth.add_user(edited_store, "anna", "editor", "un'altra password", display_name="Anna Neri",
                           by=admin)
    with pytest.raises(auth.PermissionDenied):
        backup.create(edited_store, tmp_path, person=editor)
    with pytest.raises(auth.PermissionDenied):
        backup.create(edited_store, tmp_path)  # nobody named
    archive = backup.create(edited_store, tmp_path, person=admin)
    with zipfile.ZipFile(archive) as zf:
        users = zf.read("auth/users.csv").decode("utf-8")
    assert "casa" in users and "anna" in users and "una password lunga" not in users  # hashes only
    with pytest.raises(auth.PermissionDenied):
        backup.restore(archive, edited_store, replace=True, person=editor)
    target = Store(f"sqlite:///{tmp_path / 'restored.sqlite'}")
    backup.restore(archive, target, person=None)  # a new, empty store: no account yet
    assert set(auth.users(target)["name"]) == {"casa", "anna"}  # the accounts come back
    assert "backup" in set(auth.events(edited_store)["event"])  # recorded after the archive is written
    events = auth.events(target)
    assert "restore" in set(events["event"])
    assert (events["event"] == "denied").sum() >= 1  # the archive's events came back too
