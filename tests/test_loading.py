"""Loading is all or nothing: a broken folder changes nothing, a good partial folder
changes only its tables, and a load that would orphan stored rows is refused."""

import pandas as pd
import pytest

from tavolo import loading, schema
from tavolo.validation import ValidationFailed


def _sorted(frame, name):
    return frame.sort_values(list(schema.TABLES[name].primary_key)).reset_index(drop=True)


def assert_tables_equal(actual, expected, names=None):
    for name in names or schema.LOAD_ORDER:
        pd.testing.assert_frame_equal(_sorted(actual[name], name), _sorted(expected[name], name),
                                      check_exact=True, obj=name)


def write_office_csv(path, frame: pd.DataFrame, name: str) -> None:
    """A table as an Italian office exports it: ``;``, decimal comma, dd/mm/yyyy, BOM."""
    from tavolo import exports

    path.write_bytes(exports.csv_it(frame[schema.TABLES[name].column_names]))


def _state(store):
    return store.read_all(), store.version(), len(store.change_log())


# Broken folders: each writes files into the folder given.
def _cell_error(folder, frames):
    apps = frames["applications"].copy()
    write_office_csv(folder / "applications.csv", apps, "applications")
    text = (folder / "applications.csv").read_text(encoding="utf-8-sig").splitlines()
    text[5] = text[5].replace(";", ";31/02/2024;", 1)  # one cell too many and a bad date
    (folder / "applications.csv").write_text("\n".join(text) + "\n", encoding="utf-8")


def _unknown_reference(folder, frames):
    apps = frames["applications"].copy()
    apps.loc[7, "call_id"] = "AVV-1999-01"
    write_office_csv(folder / "applications.csv", apps, "applications")


def _good_file_and_broken_file(folder, frames):
    meetings = frames["meetings"].copy()
    meetings.loc[0, "theme"] = "Questo tema non deve arrivare nel database"
    write_office_csv(folder / "meetings.csv", meetings, "meetings")
    flats = frames["flats"].copy()
    flats.loc[3, "surface_m2"] = -40.0
    write_office_csv(folder / "flats.csv", flats, "flats")


def _unknown_file(folder, frames):
    write_office_csv(folder / "meetings.csv", frames["meetings"], "meetings")
    (folder / "riunioni_2026.csv").write_text("a;b\n1;2\n", encoding="utf-8")


def _office_cell(name, row, column, text):
    """A folder with table ``name`` as an office writes it, one cell set to ``text``."""
    def write(folder, frames):
        import csv
        import io

        from tavolo import exports

        data = exports.csv_it(frames[name][schema.TABLES[name].column_names]).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(data), delimiter=";"))
        rows[row + 1][rows[0].index(column)] = text
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
        (folder / f"{name}.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return write


# The cell rules of issue 16, one refused cell each (tests/test_cell_rules.py has them all).
CELL_RULES = {
    "ambiguous_number": _office_cell("flats", 0, "surface_m2", "1.234"),
    "inf": _office_cell("applications", 3, "isbar_score", "inf"),
    "na_word": _office_cell("applications", 3, "isbar_score", "N/A"),
    "integer_beyond_64_bit": _office_cell("comuni", 0, "population", "9223372036854775808"),
    "date_with_words_after": _office_cell("meetings", 2, "date", "2024-03-12 circa"),
    "date_before_1900": _office_cell("meetings", 2, "date", "01/01/1850"),
    "nul_in_text": _office_cell("meetings", 1, "theme", "Tema\x00"),
    "text_too_long": _office_cell("meetings", 1, "theme", "Tema " * 100),
    "javascript_link": _office_cell("saved_views", 0, "url", "javascript:alert(1)"),
}

def _broken_dataset_json(folder, frames):
    write_office_csv(folder / "meetings.csv", frames["meetings"], "meetings")
    (folder / "dataset.json").write_text('{"as_of": "2026-10-31",', encoding="utf-8")


def _bad_as_of(folder, frames):
    write_office_csv(folder / "meetings.csv", frames["meetings"], "meetings")
    (folder / "dataset.json").write_text('{"as_of": "31/10/2026"}', encoding="utf-8")


BROKEN = {"cell_error": _cell_error, "broken_dataset_json": _broken_dataset_json, "bad_as_of": _bad_as_of, "unknown_reference": _unknown_reference,
          "good_file_and_broken_file": _good_file_and_broken_file, "unknown_file": _unknown_file,
          **CELL_RULES}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_folder_leaves_every_table_unchanged(case, demo_store, demo_frames, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    BROKEN[case](folder, demo_frames)
    version, log_rows = demo_store.version(), len(demo_store.change_log())
    with pytest.raises(ValidationFailed) as failed:
        loading.load_dir(folder, demo_store)
    assert failed.value.issues
    for issue in failed.value.issues:
        assert issue.file and issue.rule_it and issue.rule_en
    assert demo_store.version() == version
    assert len(demo_store.change_log()) == log_rows
    assert_tables_equal(demo_store.read_all(), demo_frames)  # data/ is the demo output


@pytest.mark.parametrize("case", list(BROKEN))
def test_check_and_load_agree_on_every_invalid_fixture(case, demo_store, demo_frames, tmp_path):
    """``check`` refuses with exactly the messages ``load`` refuses with, and the refused
    load leaves the store's counts, version and change log as they were."""
    folder = tmp_path / "in"
    folder.mkdir()
    BROKEN[case](folder, demo_frames)
    checked = [i.bilingual() for i in loading.check_dir(folder, demo_store)]
    before = demo_store.counts(), demo_store.version(), len(demo_store.change_log())
    with pytest.raises(ValidationFailed) as failed:
        loading.load_dir(folder, demo_store)
    assert checked and [i.bilingual() for i in failed.value.issues] == checked
    assert (demo_store.counts(), demo_store.version(), len(demo_store.change_log())) == before


def test_good_partial_load_changes_only_its_table(demo_store, demo_admin, demo_frames, tmp_path):
    before_version = int(demo_store.version())
    apps = demo_frames["applications"].copy()
    apps = apps[apps["call_id"] == "AVV-2025-09"].reset_index(drop=True)
    apps.loc[0, "outcome"] = "withdrawn"
    apps.loc[0, "assigned_flat_id"] = None
    apps.loc[1, "isbar_score"] = 71.25
    write_office_csv(tmp_path / "applications.csv", apps, "applications")
    admin = demo_admin  # real data: only once an admin account exists (issue 13)
    counts = loading.load_dir(tmp_path, demo_store, reason="graduatoria 2025", person=admin)
    assert counts == {"applications": len(apps)}
    assert int(demo_store.version()) == before_version + 1
    after = demo_store.read_all()
    assert_tables_equal(after, {**demo_frames, "applications": apps})
    meta = demo_store.meta()
    assert meta["table_kind:applications"] == "real" and meta["table_kind:flats"] == "demo"
    assert loading.is_demo(demo_store)  # other tables still hold demo data
    log = demo_store.change_log()
    assert (log.iloc[0]["author"], log.iloc[0]["reason"], log.iloc[0]["row_key"]) == (
        "ufficio casa", "graduatoria 2025", "applications")


def test_load_that_deletes_flats_still_referenced_is_refused(demo_store, demo_frames, tmp_path):
    apps = demo_frames["applications"]
    assigned = apps["assigned_flat_id"].dropna().iloc[0]
    flats = demo_frames["flats"]
    kept = flats[flats["flat_id"] != assigned]
    write_office_csv(tmp_path / "flats.csv", kept, "flats")
    version = demo_store.version()
    with pytest.raises(ValidationFailed) as failed:
        loading.load_dir(tmp_path, demo_store)
    refs = [(i.file, i.column, i.value) for i in failed.value.issues]
    assert ("applications (database)", "assigned_flat_id", assigned) in refs
    assert all(i.value == assigned for i in failed.value.issues)
    assert "non esiste in flats.flat_id" in failed.value.issues[0].rule_it
    assert demo_store.version() == version
    assert_tables_equal(demo_store.read_all(), demo_frames, ["flats", "applications"])


def test_partial_folder_is_checked_against_the_database(demo_store, demo_frames, tmp_path):
    """Without the store, the references of a partial folder have nothing to point to."""
    write_office_csv(tmp_path / "applications.csv", demo_frames["applications"].head(20),
                     "applications")
    assert loading.check_dir(tmp_path, demo_store) == []
    alone = loading.check_dir(tmp_path)
    assert alone and {i.column for i in alone} >= {"call_id"}


def test_blank_rows_are_counted_in_cross_table_messages(demo_store, demo_frames, tmp_path):
    apps = demo_frames["applications"].head(6).copy()
    apps.loc[4, "call_id"] = "AVV-1999-01"
    write_office_csv(tmp_path / "applications.csv", apps, "applications")
    path = tmp_path / "applications.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines.insert(2, ";;;;;;;;;")  # a blank spreadsheet row between data rows 1 and 2
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raws, issues = loading.read_uploads([("applications.csv", path.read_bytes())])
    assert issues == []
    _frames, issues = loading.check_raw(raws, demo_store)
    assert [(i.row, i.column, i.value) for i in issues] == [(7, "call_id", "AVV-1999-01")]


def test_read_uploads_refuses_a_table_given_twice(demo_frames):
    from tavolo import exports

    data = exports.csv_it(demo_frames["meetings"])
    raws, issues = loading.read_uploads([("meetings.csv", data), ("meetings.xlsx", exports.xlsx(
        {"Foglio1": demo_frames["meetings"]}, []))])
    assert len(issues) == 1 and "meetings.csv" in issues[0].rule_en


def test_dataset_info_is_read_from_the_folder(tmp_path):
    assert loading.read_dataset_info(tmp_path) == {}
    (tmp_path / "dataset.json").write_text('{"kind": "real", "as_of": "2026-11-01"}', encoding="utf-8")
    assert loading.read_dataset_info(tmp_path)["kind"] == "real"
    meta = loading._meta_for(["flats"], loading.read_dataset_info(tmp_path))
    assert meta == {"table_kind:flats": "real", "as_of": "2026-11-01",
                    "source": "Caricamento dell'ufficio"}


@pytest.mark.parametrize("form", ["csv_it", "xlsx"])
def test_italian_excel_export_of_the_shipped_data_loads_to_the_same_summary(form, demo_store, tmp_path):
    """The data set as the Dati page downloads it (CSV for Italian Excel per table, or the
    whole workbook) loads into an empty store to the same overview figures and tables."""
    import shutil

    from tavolo import exports, summary
    from tavolo.store import Store

    frames = demo_store.read_all()
    folder = tmp_path / "export"
    folder.mkdir()
    shutil.copy(loading.DEFAULT_DATA_DIR / loading.DATASET_FILE, folder / loading.DATASET_FILE)
    if form == "csv_it":
        for name, frame in frames.items():
            (folder / f"{name}.csv").write_bytes(exports.csv_it(frame))
    else:
        (folder / "tavolo_dati.xlsx").write_bytes(exports.xlsx(frames, exports.table_notes(
            list(frames), demo_store.meta(), True)))
    fresh = Store(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    loading.load_dir(folder, fresh)
    assert_tables_equal(fresh.read_all(), frames)
    before = summary.summarise(frames, demo_store.meta(), loading.is_demo(demo_store)).to_json()
    after = summary.summarise(fresh.read_all(), fresh.meta(), loading.is_demo(fresh)).to_json()
    assert after == before
    fresh.dispose()


def test_a_load_checks_the_data_set_once(demo_store, demo_admin, demo_frames, tmp_path, monkeypatch):
    """``load`` runs ``check``'s checks, and the store does not run them a second time."""
    from tavolo import store as store_mod

    calls = {"loading": 0, "store": 0}
    real = loading.check_dataset

    def counted(where):
        def check(*args, **kwargs):
            calls[where] += 1
            return real(*args, **kwargs)
        return check

    monkeypatch.setattr(loading, "check_dataset", counted("loading"))
    monkeypatch.setattr(store_mod, "check_dataset", counted("store"))
    admin = demo_admin  # real data: only once an admin account exists (issue 13)
    write_office_csv(tmp_path / "meetings.csv", demo_frames["meetings"], "meetings")
    loading.load_dir(tmp_path, demo_store, person=admin)
    assert calls == {"loading": 1, "store": 0}


def test_loading_does_not_import_the_store():
    """No import cycle: the store imports ``loading`` (to fill itself from data/), not back."""
    import subprocess
    import sys

    from tavolo import paths

    code = "import sys, tavolo.loading; print('tavolo.store' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=paths.ROOT, capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


def test_the_demo_is_one_rule_on_the_stores_metadata():
    from tavolo import backup, map_model

    assert loading.is_demo_meta({})  # nothing loaded yet: the demo's data
    assert not loading.is_demo_meta({"table_kind:flats": "real", "as_of": "2026-10-31"})
    assert loading.is_demo_meta({"table_kind:flats": "real", "table_kind:calls": "demo"})
    assert not hasattr(backup, "_is_demo_meta")
    assert map_model.is_demo is loading.is_demo_frames
    buildings = pd.DataFrame({"source": ["Dati dimostrativi (Tavolo Casa)", "ALER"]})
    assert loading.is_demo_frames({"buildings": buildings})
    assert not loading.is_demo_frames({"buildings": buildings.iloc[[1]]})
