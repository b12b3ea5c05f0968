"""Access: accounts, sign-in, lockout, sessions, and the role check of every write path
(edits, undo, loads, the store's replace, settings), in open and in accounts mode."""

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from tavolo import auth, edits, exports, loading, settings
from tavolo.store import USERS

PASSWORD = "una password lunga"


@pytest.fixture
def store(demo_store, isolated_settings):
    return demo_store


@pytest.fixture
def people(store):
    """One enabled account per role (the admin first, as the first account must be)."""
    admin = auth.add_user(store, "admin1", "admin", PASSWORD, display_name="Anna Amministra")
    editor = auth.add_user(store, "editor1", "editor", PASSWORD, display_name="Elena Modifica", by=admin)
    viewer = auth.add_user(store, "viewer1", "viewer", PASSWORD, display_name="Vito Legge", by=admin)
    return {"admin": admin, "editor": editor, "viewer": viewer}


def _action_change(store):
    row = store.read("actions").iloc[0]
    return edits.RowChange("update", {"action_id": row.action_id}, edits.fingerprint(row),
                           {"owner": "Urbanistica"})


def _events(store, event=None):
    frame = auth.events(store)
    return frame if event is None else frame[frame["event"] == event]


# -- write paths: each does one write as ``person`` and says what it changed ------------------
def _edit(store, person, tmp_path):
    edits.apply_changes(store, "actions", [_action_change(store)], reason="prova", person=person)


def _undo(store, person, tmp_path):
    admin = auth.Person("admin1", "Anna Amministra", "admin")
    [change_id] = edits.apply_changes(store, "actions", [_action_change(store)], reason="prova",
                                      person=admin if auth.accounts_exist(store) else None)
    edits.undo(store, change_id, reason="annulla", person=person)


def _load(store, person, tmp_path):
    (tmp_path / "meetings.csv").write_bytes(exports.csv_it(store.read("meetings")))
    (tmp_path / "dataset.json").write_text(json.dumps({"kind": "demo"}), encoding="utf-8")
    loading.load_dir(tmp_path, store, reason="prova", person=person)


def _replace(store, person, tmp_path):
    store.replace({"meetings": store.read("meetings")}, person=person, reason="prova")


def _settings(store, person, tmp_path):
    settings.save({"meeting_cadence_days": 21}, person=person, store=store)


WRITES = {"edit": _edit, "undo": _undo, "load": _load, "replace": _replace, "settings": _settings}
NEEDS = {"edit": "editor", "undo": "editor", "load": "admin", "replace": "admin", "settings": "admin"}


@pytest.mark.parametrize("path", list(WRITES))
def test_open_mode_writes_without_a_person(store, path, tmp_path):
    """No account: everything works as before, with no sign-in."""
    version = store.version()
    WRITES[path](store, None, tmp_path)
    assert store.version() != version or path == "settings"
    assert not auth.accounts_exist(store)


@pytest.mark.parametrize("role", ["anonymous", "viewer", "editor", "admin"])
@pytest.mark.parametrize("path", list(WRITES))
def test_every_write_path_checks_the_role(store, people, path, role, tmp_path, isolated_settings):
    person = people.get(role)
    allowed = role != "anonymous" and person.can("edit" if NEEDS[path] == "editor" else "load")
    if path == "undo":  # the change to undo is made first (by the admin)
        before_log = None
    else:
        before_log = (store.version(), len(store.change_log()))
    denied_before = len(_events(store, "denied"))
    if allowed:
        WRITES[path](store, person, tmp_path)
        if path == "settings":
            assert settings.get("meeting_cadence_days") == 21
            assert _events(store, "settings_change").iloc[0]["user_name"] == person.name
        else:
            log = store.change_log()
            assert log.iloc[0]["author"] == person.display_name  # the real name, not the OS user
        assert len(_events(store, "denied")) == denied_before
    else:
        with pytest.raises(auth.PermissionDenied) as refused:
            WRITES[path](store, person, tmp_path)
        assert refused.value.message_it and refused.value.message_en
        assert refused.value.message_it != refused.value.message_en
        denied = _events(store, "denied")
        assert len(denied) == denied_before + 1
        assert denied.iloc[0]["user_name"] == (person.name if person else None)
        if before_log is not None:
            assert (store.version(), len(store.change_log())) == before_log  # nothing written
        if path == "settings":
            assert not isolated_settings.exists()


def test_the_author_is_the_display_name_even_when_another_is_typed(store, people):
    edits.apply_changes(store, "actions", [_action_change(store)], author="root", reason="prova",
                        person=people["editor"])
    assert store.change_log().iloc[0]["author"] == "Elena Modifica"


def test_the_role_is_read_from_the_store_not_from_the_person_given(store, people):
    forged = auth.Person("viewer1", "Vito Legge", "admin")
    with pytest.raises(auth.PermissionDenied, match="Lettura"):
        edits.apply_changes(store, "actions", [_action_change(store)], reason="prova", person=forged)
    auth.set_role(store, "viewer1", "editor", by=people["admin"])
    edits.apply_changes(store, "actions", [_action_change(store)], reason="prova", person=forged)
    auth.disable(store, "viewer1", by=people["admin"])
    with pytest.raises(auth.PermissionDenied, match="disabilitato"):
        edits.apply_changes(store, "actions", [_action_change(store)], reason="prova", person=forged)


def test_real_data_are_refused_until_an_admin_exists(store, tmp_path):
    (tmp_path / "meetings.csv").write_bytes(exports.csv_it(store.read("meetings")))
    version = store.version()
    with pytest.raises(auth.PermissionDenied) as refused:
        loading.load_dir(tmp_path, store)  # no dataset.json: kind "real"
    assert "python -m tavolo user add NOME --role admin" in refused.value.message_it
    assert "user add NAME --role admin" in refused.value.message_en
    assert store.version() == version
    assert _events(store, "denied").iloc[0]["detail"].startswith("load:")
    admin = auth.add_user(store, "capo", "admin", PASSWORD, display_name="Carla Capo")
    loading.load_dir(tmp_path, store, person=admin)
    assert store.meta()["table_kind:meetings"] == "real"
    assert store.change_log().iloc[0]["author"] == "Carla Capo"
    assert _events(store, "load").iloc[0]["user_name"] == "capo"


# -- accounts ---------------------------------------------------------------------------------
def test_a_fresh_store_has_no_account_and_no_password(store):
    assert auth.users(store).empty and not auth.accounts_exist(store)


def test_passwords_are_stored_as_argon2_hashes(store, people):
    with store.engine.connect() as conn:
        hashes = [r[0] for r in conn.execute(sa.select(USERS.c.password_hash))]
    assert len(hashes) == 3 and all(h.startswith("$argon2id$") for h in hashes)
    assert PASSWORD not in " ".join(hashes)
    assert "password_hash" not in auth.users(store).columns


@pytest.mark.parametrize("name, role, password, fragment", [
    ("a", "admin", PASSWORD, "Nome utente"),
    ("mario rossi", "admin", PASSWORD, "Nome utente"),
    ("mario", "superuser", PASSWORD, "Ruolo 'superuser' inesistente"),
    ("mario", "admin", "corta", "troppo corta"),
    ("mario", "editor", PASSWORD, "primo account"),
])
def test_bad_account_requests_write_nothing(store, name, role, password, fragment):
    with pytest.raises(auth.AccountError, match=fragment) as bad:
        auth.add_user(store, name, role, password)
    assert bad.value.message_en
    assert auth.users(store).empty
    refused = _events(store, "account_refused")
    assert len(refused) == 1 and refused.iloc[0]["detail"] == f"{name}: {bad.value.message_en}"
    assert password not in refused.iloc[0]["detail"]  # never a password in the events


def test_only_an_admin_manages_accounts(store, people):
    with pytest.raises(auth.AccountError, match="esiste già"):
        auth.add_user(store, "editor1", "viewer", PASSWORD, by=people["admin"])
    for role in ("editor", "viewer"):
        with pytest.raises(auth.PermissionDenied):
            auth.add_user(store, "nuovo", "viewer", PASSWORD, by=people[role])
        with pytest.raises(auth.PermissionDenied):
            auth.set_role(store, "viewer1", "admin", by=people[role])
    with pytest.raises(auth.PermissionDenied):
        auth.add_user(store, "nuovo", "viewer", PASSWORD)  # nobody
    with pytest.raises(auth.AccountError, match="inesistente"):
        auth.set_role(store, "viewer1", "capo", by=people["admin"])
    assert _events(store, "account_refused").iloc[0][["user_name", "detail"]].tolist() == [
        "admin1", "viewer1: Role 'capo' does not exist: allowed roles viewer, editor, admin"]
    with pytest.raises(auth.PermissionDenied):
        auth.cli_person(store, "nessuno")
    assert _events(store, "denied").iloc[0][["user_name", "detail"]].tolist() == [
        "nessuno", "cli: no enabled account"]
    assert set(auth.users(store)["name"]) == {"admin1", "editor1", "viewer1"}


def test_the_last_admin_stays(store, people):
    with pytest.raises(auth.AccountError, match="ultimo amministratore"):
        auth.disable(store, "admin1", by=people["admin"])
    with pytest.raises(auth.AccountError, match="ultimo amministratore"):
        auth.set_role(store, "admin1", "editor", by=people["admin"])
    auth.set_role(store, "editor1", "admin", by=people["admin"])
    auth.set_role(store, "admin1", "editor", by=people["admin"])
    assert _events(store, "role_changed").iloc[0]["detail"] == "admin1: -> editor"


# -- sign-in ----------------------------------------------------------------------------------
def test_sign_in_with_the_right_password_only(store, people):
    person = auth.authenticate(store, "editor1", PASSWORD)
    assert person == auth.Person("editor1", "Elena Modifica", "editor", "local")
    assert _events(store, "sign_in").iloc[0]["user_name"] == "editor1"
    for name, password in [("editor1", "sbagliata!!"), ("nessuno", PASSWORD), ("", "")]:
        with pytest.raises(auth.SignInFailed, match="errati"):
            auth.authenticate(store, name, password)
    failed = _events(store, "sign_in_failed")
    assert list(failed["detail"])[:2] == ["unknown user", "unknown user"]
    assert failed.iloc[2]["detail"] == "wrong password"


def test_lockout_after_repeated_failures_then_unlock(store, people, monkeypatch):
    monkeypatch.setenv("TAVOLO_SIGNIN_MAX_FAILURES", "3")
    monkeypatch.setenv("TAVOLO_SIGNIN_LOCKOUT_MINUTES", "10")
    t0 = dt.datetime(2026, 12, 2, 9, 0)
    for _ in range(3):
        with pytest.raises(auth.SignInFailed, match="errati"):
            auth.authenticate(store, "viewer1", "sbagliata!!", now=t0)
    assert len(_events(store, "locked")) == 1
    with pytest.raises(auth.SignInFailed, match="bloccato.*09:10"):
        auth.authenticate(store, "viewer1", PASSWORD, now=t0 + dt.timedelta(minutes=9))
    assert auth.authenticate(store, "viewer1", PASSWORD, now=t0 + dt.timedelta(minutes=11)).role == "viewer"


def test_a_disabled_account_cannot_sign_in(store, people):
    auth.disable(store, "editor1", by=people["admin"])
    with pytest.raises(auth.SignInFailed, match="disabilitato"):
        auth.authenticate(store, "editor1", PASSWORD)
    auth.enable(store, "editor1", by=people["admin"])
    assert auth.authenticate(store, "editor1", PASSWORD).name == "editor1"


def test_a_new_password_replaces_the_old(store, people):
    auth.set_password(store, "viewer1", "un'altra password", by=people["admin"])
    with pytest.raises(auth.SignInFailed):
        auth.authenticate(store, "viewer1", PASSWORD)
    assert auth.authenticate(store, "viewer1", "un'altra password").name == "viewer1"


def test_sessions_expire_after_the_idle_time(store, people, monkeypatch):
    monkeypatch.setenv("TAVOLO_SESSION_IDLE_MINUTES", "30")
    t0 = dt.datetime(2026, 12, 2, 9, 0)
    token = auth.start_session(store, people["editor"], now=t0)
    assert auth.resume_session(store, token, now=t0 + dt.timedelta(minutes=29)).name == "editor1"
    # activity at 9:29 moves the idle clock: 9:58 is still fine, 10:29 is not
    assert auth.resume_session(store, token, now=t0 + dt.timedelta(minutes=58)) is not None
    assert auth.resume_session(store, token, now=t0 + dt.timedelta(minutes=89)) is None
    assert auth.resume_session(store, token, now=t0 + dt.timedelta(minutes=90)) is None  # ended
    assert _events(store, "session_expired").iloc[0]["detail"] == "idle"
    assert auth.resume_session(store, "not-a-token") is None


def test_disabling_an_account_ends_its_sessions(store, people):
    token = auth.start_session(store, people["viewer"])
    auth.disable(store, "viewer1", by=people["admin"])
    assert auth.resume_session(store, token) is None
    other = auth.start_session(store, people["editor"])
    auth.end_session(store, other)
    assert auth.resume_session(store, other) is None
    assert _events(store, "sign_out").iloc[0]["user_name"] == "editor1"


def test_identity_provider_people_need_an_account(store, people):
    auth.add_user(store, "lucia@comune.legnano.mi.it", "editor", None, display_name="Lucia Bianchi",
                  email="lucia@comune.legnano.mi.it", by=people["admin"])
    person = auth.oidc_person(store, "lucia@comune.legnano.mi.it", "Lucia")
    assert (person.display_name, person.role, person.via) == ("Lucia Bianchi", "editor", "oidc")
    with pytest.raises(auth.SignInFailed, match="account attivo"):
        auth.oidc_person(store, "estraneo@example.org", "Estraneo")
    with pytest.raises(auth.SignInFailed):  # no password: no local sign-in
        auth.authenticate(store, "lucia@comune.legnano.mi.it", "")


def test_the_waiting_list_holds_no_personal_data():
    """No role, viewer included, can see who is on the waiting list: the store has no
    column that would say it (docs/ACCESS.md, "Personal data")."""
    import re

    from tavolo import schema

    personal = re.compile(r"name|nome|surname|cognome|fiscal|tax|codice_fiscale|email|mail|phone|"
                          r"telefono|address|indirizzo|birth|nascita")
    for table in ("applications", "calls"):
        assert not [c for c in schema.TABLES[table].column_names if personal.search(c)]
