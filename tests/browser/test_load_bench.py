"""The meeting-room benchmark (bench/load.py, step 5 of ``make bench``) runs end to end on a
small room: 2 sessions (one over Streamlit's websocket, one Playwright observer), one round
of three pages (the default page with the sidebar's language radio as its filter, and the
two pages with a selectbox filter), to keep the suite short on the shared 2 cores. A benchmark, not a timed test: no time is asserted, only that every action
was made and answered without an error, and that the figures the report needs are there."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from browser_kit import ROOT, discover_pages

pytestmark = pytest.mark.browser


def test_meeting_room_benchmark_runs_on_two_sessions(browser, tmp_path):
    if not (ROOT / "static" / "vendor").is_dir():
        subprocess.run([sys.executable, "-m", "tavolo", "assets"], cwd=ROOT, check=True, capture_output=True)
    database = tmp_path / "shipped.sqlite"
    env = dict(os.environ, TAVOLO_SETTINGS_FILE=str(tmp_path / "settings.json"))
    subprocess.run([sys.executable, "-m", "tavolo", "init", "--data", str(ROOT / "data"),
                    "--database", f"sqlite:///{database}"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench import load

    pages = [p for p in discover_pages() if p.default or p.url_path in load.FILTERS]
    assert len(pages) == 3
    out = load.run(str(database), pages, tmp_path, sessions=2, rounds=1, max_s=300, pause=(0.0, 0.2),
                   browser=browser, log=lambda _m: None)

    assert set(out["levels"]) == {"1", "2"}
    assert out["errors"] == 0, [lv["error_list"] for lv in out["levels"].values()]
    for n, level in out["levels"].items():
        observed = level["observer"]
        assert observed["filter"]["n"] >= len(pages), n  # every page's filter changed and redrawn
        assert observed["page"]["n"] >= len(pages), n
        assert level["memory_peak_mb"] > 0
    websocket = out["levels"]["2"]["load"]
    assert websocket["sessions"] == 1
    assert websocket["actions"] == 2 * len(pages)  # open + filter on every page, one round
    assert websocket["errors"] == []
    assert out["filter_p50_ratio"] is not None and out["memory_per_extra_session_mb"] is not None
