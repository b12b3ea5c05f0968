"""The command line, run as a user runs it: ``python -m tavolo ...`` in a subprocess, with
``TAVOLO_DATABASE_URL`` pointing at an SQLite file in tmp.

Each command starts a Python process (about a second of imports), so the module starts them
all at once, a few at a time, and every test checks the result of its own command.
"""

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from tavolo import ambito, i18n, paths, schema


def run(args, db_url=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAVOLO_")}
    env["TAVOLO_SETTINGS_FILE"] = os.devnull
    if db_url:
        env["TAVOLO_DATABASE_URL"] = db_url
    return subprocess.run([sys.executable, "-m", "tavolo", *args], capture_output=True, text=True,
                          env=env, cwd=paths.ROOT, timeout=300)


@pytest.fixture(scope="module")
def cli(tmp_path_factory, demo_sqlite_template, demo_frames, make_admin):
    """Starts every command of this module; ``cli[name]`` waits for and returns its result,
    ``cli.dirs`` and ``cli.urls`` hold the inputs (folders, databases)."""
    from tavolo import exports

    base = tmp_path_factory.mktemp("cli")

    def database(name):
        path = base / f"{name}.sqlite"
        shutil.copyfile(demo_sqlite_template, path)
        return f"sqlite:///{path}"

    broken = base / "broken"  # a household of 0 at spreadsheet row 3
    broken.mkdir()
    apps = demo_frames["applications"].head(5).copy()
    apps["household_size"] = apps["household_size"].astype(object)
    apps.loc[1, "household_size"] = 0
    (broken / "applications.csv").write_bytes(exports.csv_it(apps))
    good = base / "good"  # the meetings without the last three
    good.mkdir()
    meetings = demo_frames["meetings"].iloc[:-3]
    (good / "meetings.csv").write_bytes(exports.csv_it(meetings))

    urls = {"load_broken": database("load_broken"), "load_good": database("load_good"),
            "summary": database("summary"), "init_adopts": database("init_adopts"),
            "migrate": database("migrate"), "migrate_adopts": database("migrate_adopts")}
    from tavolo.store import Store

    admin_store = Store(urls["load_good"])
    make_admin(admin_store, "capo", "Carla Capo")  # real data: loaded by a named admin (issue 13)
    admin_store.dispose()
    for name in ("init_adopts", "migrate_adopts"):  # as made by create_all before migrations
        engine = sa.create_engine(urls[name])
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE alembic_version")
        engine.dispose()
    commands = {
        "demo": (["demo", "--scale", "1", "--out", str(base / "demo")], None),
        "check_data": (["check", str(paths.DATA_DIR)], None),
        "check_broken": (["check", str(broken)], None),
        "load_broken": (["load", str(broken)], urls["load_broken"]),
        "load_good": (["load", str(good), "--reason", "prova", "--as", "capo"], urls["load_good"]),
        "summary": (["summary", "--json"], urls["summary"]),
        "dictionary": (["dictionary", "--out", "-"], None),
        "init_adopts": (["init"], urls["init_adopts"]),
        "migrate": (["migrate"], urls["migrate"]),
        "migrate_adopts": (["migrate"], urls["migrate_adopts"]),
    }

    class Runs(dict):
        pass

    with ThreadPoolExecutor(max_workers=3) as pool:
        runs = Runs({name: pool.submit(run, args, url) for name, (args, url) in commands.items()})
        runs.dirs = {"base": base, "demo": base / "demo"}
        runs.urls = urls
        runs.meetings = len(meetings)
        yield runs


def result(cli, name) -> subprocess.CompletedProcess:
    return cli[name].result()


def test_demo_writes_the_scale_1_data(cli):
    done = result(cli, "demo")
    assert done.returncode == 0, done.stderr
    # the ambito's 22 comuni, Legnano's 1,229 flats among the 4,989 (tests/test_ambito_data.py)
    assert "comuni: 22" in done.stdout and "flats: 4989" in done.stdout
    assert "demo data written to" in done.stdout
    out = cli.dirs["demo"]
    assert {p.stem for p in out.glob("*.csv")} == set(schema.TABLES)
    for path in out.iterdir():  # the shipped data is this command's output
        assert path.read_bytes() == (paths.DATA_DIR / path.name).read_bytes(), path.name


def test_check_passes_on_the_shipped_data(cli):
    done = result(cli, "check_data")
    assert done.returncode == 0, done.stderr
    assert "Nessun errore / no errors" in done.stdout
    assert done.stderr == ""


def test_check_fails_on_a_broken_folder_with_the_message_on_stderr(cli):
    done = result(cli, "check_broken")
    assert done.returncode == 1
    assert done.stdout == ""
    assert ("file applications.csv, riga 3, colonna household_size, valore '0': "
            "valore sotto il minimo ammesso (1 persona)") in done.stderr
    assert ("file applications.csv, row 3, column household_size, value '0': "
            "value below the allowed minimum (1 person)") in done.stderr  # English unit, agreeing with 1
    assert "1 errore / error" in done.stderr


def test_load_refuses_a_broken_folder_and_changes_nothing(cli):
    from tavolo.store import Store

    done = result(cli, "load_broken")
    assert done.returncode == 1
    assert "riga 3" in done.stderr and "row 3" in done.stderr
    assert "Nessun dato modificato / no data changed" in done.stderr
    store = Store(cli.urls["load_broken"])
    try:
        assert store.version() == "1"
        assert store.counts()["applications"] == 3336  # the ambito's (955 of them Legnano's)
        assert len(store.change_log()) == 1
    finally:
        store.dispose()


def test_load_a_good_folder(cli):
    from tavolo.store import Store

    done = result(cli, "load_good")
    assert done.returncode == 0, done.stderr
    assert f"meetings: {cli.meetings}" in done.stdout
    assert "Caricamento completato / load complete" in done.stdout
    store = Store(cli.urls["load_good"])
    try:
        assert store.version() == "2"
        assert store.counts()["meetings"] == cli.meetings
        assert store.change_log().iloc[0]["reason"] == "prova"
        assert store.change_log().iloc[0]["author"] == "Carla Capo"
    finally:
        store.dispose()


def test_summary_json(cli):
    done = result(cli, "summary")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    for key in ("flats_total", "flats_by_owner", "flats_by_status", "applications_waiting",
                "programmes", "next_meeting"):
        assert key in data
    # today's stock: 1229 flats less the 59 new via delle Rose flats not yet delivered
    assert data["flats_total"] == 1229 - 59 and data["flats_not_delivered"] == 59
    assert data["flats_by_owner"] == {"ALER": 850 - 37, "COMUNE": 379 - 22}
    assert set(data["flats_by_status"]) == set(schema.FLAT_STATUS)
    assert sum(data["flats_by_status"].values()) == 1229 - 59
    assert data["applications_waiting"] > 0
    assert len(data["programmes"]) == 2
    for prog in data["programmes"]:
        assert {"name", "flats_total", "flats_by_phase"} <= set(prog)
        assert set(prog["flats_by_phase"]) == set(schema.PHASE)
        assert sum(prog["flats_by_phase"].values()) == prog["flats_total"]
    assert sorted(p["flats_total"] for p in data["programmes"]) == [59, 111]
    if data["next_meeting"] is not None:  # the demo plans meetings up to April 2027
        assert {"date", "theme"} <= set(data["next_meeting"])
    assert data["demo"] is True


def test_dictionary_to_stdout(cli):
    done = result(cli, "dictionary")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (paths.DATA_DIR / "README.md").read_text(encoding="utf-8")


def test_init_adopts_a_database_made_before_migrations(cli):
    from tavolo import migrations
    from tavolo.store import Store

    done = result(cli, "init_adopts")
    assert done.returncode == 0, done.stderr
    assert "Database già pronto / database ready" in done.stdout  # not reloaded
    store = Store(cli.urls["init_adopts"])
    try:
        assert migrations.current(store.engine) == migrations.head()
        assert store.version() == "1" and store.counts()["flats"] == 4989  # the ambito's
    finally:
        store.dispose()


def test_migrate_on_an_up_to_date_database(cli):
    from tavolo import migrations

    done = result(cli, "migrate")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ("Database già aggiornato / database up to date: "
                                   f"revisione / revision {migrations.head()}")


def test_migrate_adopts_a_database_made_before_migrations(cli):
    from tavolo import migrations

    done = result(cli, "migrate_adopts")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ("Database creato prima delle migrazioni, adottato / database made "
                                   f"before migrations, adopted: revisione / revision {migrations.head()}")


def test_parser_lists_every_command():
    from tavolo import cli as cli_mod

    parser = cli_mod.build_parser()
    commands = parser._subparsers._group_actions[0].choices
    assert {"init", "demo", "check", "load", "summary", "assets", "dictionary", "migrate",
            "migration"} <= set(commands)
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args(["nonsense"])
    assert exit_info.value.code == 2


def test_summary_text_says_demo_source_and_date_first(demo_db_url, capsys):
    from tavolo import cli as tavolo_cli

    assert tavolo_cli.main(["summary", "--database", demo_db_url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Dati dimostrativi · Fonte: ") and lines[0].endswith("Aggiornati al 31/10/2026")
    # 59 not delivered left out; owners by their names, never their codes
    assert lines[1] == "Alloggi pubblici: 1.170 (ALER Milano 813, Comune di Legnano 357)"
    assert "Via Carlo Porta: 111 alloggi, 40 consegnati" in lines
    assert "Contratto di Quartiere Mazzafame: 59 alloggi, 0 consegnati" in lines
    assert lines[-1] == i18n.t("demo_banner", "it")
    text = "\n".join(lines)
    assert "COMUNE" not in text and ": 111 alloggi: " not in text


def test_summary_text_of_real_data_names_source_and_date_without_the_flag(demo_frames):
    from tavolo import cli as tavolo_cli, summary

    legnano = ambito.comune_frames(demo_frames, ambito.LEAD_CODE)
    real = summary.summarise(legnano, {"source": "Ufficio casa", "as_of": "2026-10-31"}, False)
    text = tavolo_cli.summary_text(real)
    assert text.splitlines()[0] == "Fonte: Ufficio casa · Aggiornati al 31/10/2026"
    assert "dimostrativ" not in text and text.splitlines()[1].startswith("Alloggi pubblici: 1.170")
