"""The Dati page's upload: the size limit (stated, enforced by Streamlit and by
``loading.read_uploads`` with a message in both languages) and the progress callback that
the page's st.progress bar and the command line's stderr line follow."""

import tomllib

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from tavolo import cli, exports, i18n, loading, paths

MB = 1024 * 1024


def test_streamlit_upload_limit_is_the_one_loading_enforces():
    config = tomllib.loads((paths.ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == loading.UPLOAD_LIMIT_MB


@pytest.mark.parametrize(("sizes", "file", "rule_en"), [
    ([("flats.csv", 51 * MB)], "flats.csv", "file too large: at most 50 MB per upload"),
    ([("flats.csv", 30 * MB), ("applications.csv", 30 * MB)], "flats.csv, applications.csv",
     "files too large together: at most 50 MB per upload"),
])
def test_uploads_over_the_limit_are_refused_in_both_languages(sizes, file, rule_en):
    [issue] = loading.upload_size_issues(sizes)
    assert issue.file == file and issue.rule_en == rule_en
    assert "al massimo 50 MB" in issue.rule_it


def test_uploads_within_the_limit_pass():
    assert loading.upload_size_issues([("flats.csv", 50 * MB)]) == []
    assert loading.upload_size_issues([("flats.csv", 20 * MB), ("calls.csv", 30 * MB)]) == []


def test_read_uploads_refuses_an_oversized_file_before_reading_it(monkeypatch):
    monkeypatch.setattr(loading, "UPLOAD_LIMIT_MB", 0)
    raws, issues = loading.read_uploads([("meetings.csv", b"meeting_id;date\n")])
    assert raws == {} and [i.rule_en for i in issues] == ["file too large: at most 0 MB per upload"]


def test_check_reports_progress_up_to_the_end(demo_store, demo_frames):
    raws, issues = loading.read_uploads([("flats.csv", exports.csv_it(demo_frames["flats"]))])
    assert issues == []
    seen = []
    _frames, issues = loading.check_raw(raws, demo_store, progress=lambda f, label: seen.append((f, label)))
    assert issues == []
    fractions = [f for f, _label in seen]
    assert fractions == sorted(fractions) and 0 <= fractions[0] and fractions[-1] == pytest.approx(0.8)
    assert any("flats.csv: surface_m2" in label for _f, label in seen)


def test_load_reports_progress_to_one(demo_store, demo_admin, demo_frames):
    raws, _ = loading.read_uploads([("meetings.csv", exports.csv_it(demo_frames["meetings"]))])
    admin = demo_admin  # real data: only once an admin account exists (issue 13)
    seen = []
    loading.load_raw(raws, demo_store, progress=lambda f, label: seen.append(f), person=admin)
    assert seen[-1] == 1.0 and seen == sorted(seen)


def test_cli_check_shows_progress_on_stderr_only(capsys):
    assert cli.main(["check", str(paths.DATA_DIR), "--progress"]) == 0
    out, err = capsys.readouterr()
    assert "Nessun errore / no errors" in out and "%" not in out
    lines = err.strip().splitlines()
    assert lines[0].startswith("controllo / check 0%") and lines[-1] == "controllo / check 100% fatto / done"


@pytest.fixture
def dati_page(demo_db_url, isolated_settings, monkeypatch):
    monkeypatch.setenv("TAVOLO_DATABASE_URL", demo_db_url)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
    PagesManager.uses_pages_directory = None


@pytest.mark.parametrize("lang", ["it", "en"])
def test_dati_page_states_the_upload_limit(dati_page, lang):
    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.switch_page("pages/dati.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    expected = i18n.t("upload_limit", lang).format(mb=50)
    assert expected in [c.value for c in at.caption]
