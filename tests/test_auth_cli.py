"""The access commands (``python -m tavolo user ...``, ``setting``, ``load --as``), run in
process through ``tavolo.cli.main`` on a private copy of the demo store."""

import io
import sys

import pytest

from tavolo import auth, cli, exports, settings
from tavolo.store import Store

PASSWORD = "una password lunga"


@pytest.fixture
def env(demo_db_url, isolated_settings, monkeypatch):
    monkeypatch.setenv("TAVOLO_DATABASE_URL", demo_db_url)
    store = Store(demo_db_url)
    yield store
    store.dispose()


def run(monkeypatch, capsys, args, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_first_account_then_others_as_a_named_admin(env, monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, ["user", "list"])
    assert code == 0 and "nessun accesso richiesto" in out and "user add NOME --role admin" in out
    code, _, err = run(monkeypatch, capsys, ["user", "add", "bruno", "--role", "editor", "--password-stdin"],
                       PASSWORD + "\n")
    assert code == 1 and "primo account deve essere un amministratore" in err and "nothing changed" in err
    code, out, _ = run(monkeypatch, capsys, ["user", "add", "anna", "--role", "admin", "--display-name",
                                             "Anna Rossi", "--password-stdin"], PASSWORD + "\n")
    assert code == 0 and "anna (admin)" in out
    code, _, err = run(monkeypatch, capsys, ["user", "add", "bruno", "--role", "editor", "--password-stdin"],
                       PASSWORD + "\n")
    assert code == 1 and "--as NOME" in err  # nobody named: refused
    code, out, _ = run(monkeypatch, capsys, ["user", "add", "bruno", "--role", "editor", "--password-stdin",
                                             "--as", "anna"], PASSWORD + "\n")
    assert code == 0
    assert auth.authenticate(env, "bruno", PASSWORD).role == "editor"
    added = auth.events(env)
    assert added[added["event"] == "user_added"].iloc[0][["user_name", "detail"]].tolist() == [
        "anna", "bruno (editor)"]


def test_role_passwd_disable_and_bad_input(env, monkeypatch, capsys):
    admin = auth.add_user(env, "anna", "admin", PASSWORD)
    auth.add_user(env, "bruno", "editor", PASSWORD, by=admin)
    monkeypatch.setenv("TAVOLO_USER", "anna")
    code, _, err = run(monkeypatch, capsys, ["user", "role", "bruno", "capo"])
    assert code == 1 and "Ruolo 'capo' inesistente" in err and "Role 'capo' does not exist" in err
    assert run(monkeypatch, capsys, ["user", "role", "bruno", "viewer"])[0] == 0
    code, _, err = run(monkeypatch, capsys, ["user", "passwd", "bruno", "--password-stdin"], "corta\n")
    assert code == 1 and "troppo corta" in err
    assert run(monkeypatch, capsys, ["user", "passwd", "bruno", "--password-stdin"], "nuova password!\n")[0] == 0
    assert auth.authenticate(env, "bruno", "nuova password!").role == "viewer"
    assert run(monkeypatch, capsys, ["user", "disable", "bruno"])[0] == 0
    code, out, _ = run(monkeypatch, capsys, ["user", "list"])
    assert "bruno\tviewer\tbruno\t\tdisabilitato / disabled" in out
    code, _, err = run(monkeypatch, capsys, ["user", "disable", "nessuno"])
    assert code == 1 and "No account 'nessuno'" in err
    monkeypatch.setenv("TAVOLO_USER", "bruno")  # disabled: acts as nobody
    code, _, err = run(monkeypatch, capsys, ["user", "enable", "bruno"])
    assert code == 1 and "disabilitato" in err


def test_settings_and_loads_act_as_a_named_admin(env, monkeypatch, capsys, tmp_path):
    admin = auth.add_user(env, "anna", "admin", PASSWORD, display_name="Anna Rossi")
    auth.add_user(env, "bruno", "editor", PASSWORD, by=admin)
    code, _, err = run(monkeypatch, capsys, ["setting", "meeting_cadence_days", "21", "--as", "bruno"])
    assert code == 1 and "Permission denied" in err and settings.get("meeting_cadence_days") == 14
    code, out, _ = run(monkeypatch, capsys, ["setting", "meeting_cadence_days", "21", "--as", "anna"])
    assert code == 0 and settings.get("meeting_cadence_days") == 21
    change = auth.events(env)
    assert change.iloc[0][["user_name", "event"]].tolist() == ["anna", "settings_change"]
    (tmp_path / "meetings.csv").write_bytes(exports.csv_it(env.read("meetings")))
    version = env.version()
    code, _, err = run(monkeypatch, capsys, ["load", str(tmp_path)])
    assert code == 1 and "Nessun dato modificato" in err and env.version() == version
    code, out, _ = run(monkeypatch, capsys, ["load", str(tmp_path), "--as", "anna", "--reason", "verbale"])
    assert code == 0 and "Caricamento completato" in out
    assert env.change_log().iloc[0][["author", "reason"]].tolist() == ["Anna Rossi", "verbale"]
