"""Tavolo Casa benchmark (issue 7): ``make bench`` or ``.venv/bin/python bench/run.py``.

Over every page of ui.pages.PAGES (discovered, so a new page gets its row the day it
lands), at demo scale 1 and 100:

1. data sets: scale 100 generated with ``python -m tavolo demo`` and loaded with
   ``python -m tavolo load`` into its own SQLite file, cached in var/bench/ (bench/datasets.py);
2. each page's warm rerun with AppTest, one process per scale (bench/apptest_worker.py),
   and the map's HTML size and build time against a naive one-Marker-per-building map
   (when ``tavolo.maps.build_map`` exists);
3. chart export, first and following (bench/export_worker.py);
4. in headless Chromium: time to each page's main content drawn, against a trivial
   one-line app measured in the same run, and the server's peak memory (bench/browser.py);
5. large files (issue 16): ``check`` and ``load`` of a 200,000-row table, each in its own
   process (bench/large_files.py), wall clock, CPU and peak memory;
6. a full meeting room (issue 18): at scale 1, ``--load-sessions`` sessions at once on one
   server, each opening every page and changing a filter; N-1 driven over Streamlit's
   websocket, one Playwright observer whose times are reported, against the observer alone
   on a fresh server in the same run (bench/load.py);
7. meeting screens (issue 12): at scale 1, the presenter's ArrowRight to the next screen
   drawn, for every registered screen, and a profile of each page's first draw (requests,
   JavaScript, websocket bytes, charts) (bench/meeting.py).

It prints the tables, writes bench/results.json (git-ignored) and rewrites the generated
part of docs/PERFORMANCE.md (between the ``bench:begin``/``bench:end`` markers; the
analysis around it is kept; step 6 has its own ``bench-load`` markers). It reports
against the issue's targets and never fails the build: the exit code is 0 unless the
benchmark itself could not run.

Options: ``--scales 1,100``, ``--pages dati,panoramica``, ``--no-apptest``, ``--no-browser``,
``--no-export``, ``--no-large-files``, ``--no-load``, ``--load-sessions 20``, ``--load-rounds 2``,
``--load-seconds 300``, ``--load-pause 5,15``, ``--no-meeting``, ``--no-doc``, ``--no-profile``. Only the
meeting room: ``bench/run.py --scales 1 --no-apptest --no-export --no-browser --no-large-files``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import browser_kit  # noqa: E402

from bench import datasets as ds_mod  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
DOC = ROOT / "docs" / "PERFORMANCE.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
LOAD_BEGIN, LOAD_END = "<!-- bench-load:begin -->", "<!-- bench-load:end -->"
MEETING_BEGIN, MEETING_END = "<!-- bench-meeting:begin -->", "<!-- bench-meeting:end -->"
FIRST_DRAW_RATIO = 1.5  # issue 12: every page's first draw within 1.5x the trivial app's (scale 1)
WORKER_TIMEOUT_S = 420

MB = 1_000_000  # HTML sizes in decimal megabytes
LARGE_FILE_TARGETS = {"wall_s": 60, "peak_mb": 1024}  # issue 16, per command
TARGETS = {  # the targets, per scale
    1: {"warm_s": 0.3, "map_bytes": 1 * MB, "map_draw_ratio": 1.3, "export_following_s": 0.5,
        "memory_mb": 500},
    100: {"warm_s": 1.5, "map_bytes": 3 * MB, "map_naive_fraction": 0.2, "map_draw_ratio": 2.0,
          "memory_mb": 1536},
}


def log(message: str) -> None:
    print(message, flush=True)


# -- machine ----------------------------------------------------------------------------
def _cmd(args: list[str]) -> str:
    try:
        return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    ram_kb = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal:")), 0)
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                  if line.startswith("model name")), platform.processor())
    versions = {}
    for dist in ("streamlit", "plotly", "kaleido", "folium", "streamlit-folium", "pandas", "playwright"):
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[dist] = None
    dirty = _cmd(["git", "status", "--porcelain"])
    return {"cores": os.cpu_count(), "cpu": model, "ram_gb": round(ram_kb / 1024 / 1024, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "commit": _cmd(["git", "rev-parse", "--short", "HEAD"]),
            "uncommitted_files": len(dirty.splitlines()) if dirty else 0,
            "chromium": (_cmd([browser_kit.CHROMIUM, "--version"])
                         if Path(browser_kit.CHROMIUM).exists() else None),
            "versions": versions, "loadavg_start": os.getloadavg(),
            "malloc_arena_max": os.environ.get("MALLOC_ARENA_MAX")}


# -- workers ------------------------------------------------------------------------------
def run_worker(module: str, args: list[str], env: dict | None = None) -> dict:
    """``python -m bench.<module> ... --out F`` in its own process group; its JSON."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = Path(f.name)
    full_env = dict(os.environ, **(env or {}))
    full_env["TAVOLO_SETTINGS_FILE"] = str(out.with_suffix(".settings.json"))  # not var/settings.json
    process = subprocess.Popen([sys.executable, "-m", f"bench.{module}", *args, "--out", str(out)],
                               cwd=ROOT, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=WORKER_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return {"error": f"bench.{module} took more than {WORKER_TIMEOUT_S} s"}
    finally:
        try:  # leftovers (a kaleido Chromium) go with the group
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        return json.loads(out.read_text())
    except (OSError, ValueError):
        tail = "\n".join(line for line in stderr.splitlines() if "ScriptRunContext" not in line)[-3000:]
        return {"error": f"bench.{module} exited {process.returncode}: {tail}"}
    finally:
        out.unlink(missing_ok=True)


# -- targets -------------------------------------------------------------------------------
def _status(value, limit, lower_is_better=True) -> str:
    if value is None:
        return "n/a"
    return "met" if (value < limit if lower_is_better else value > limit) else "missed"


def evaluate(results: dict) -> list[dict]:
    rows = []

    def add(scale, figure, value, target, unit, status=None, note=""):
        rows.append({"scale": scale, "figure": figure, "value": value, "target": target, "unit": unit,
                     "status": status or _status(value, target), "note": note})

    trivial = (results.get("browser") or {}).get("trivial", {}).get("drawn_s")
    for scale, targets in TARGETS.items():
        key = str(scale)
        app = results.get("apptest", {}).get(key)
        if app is None:
            continue
        for url_path, row in app.get("pages", {}).items():
            if "warm_s" in row:
                note = "; ".join(row.get("exceptions", []))[:200]
                note = ("exception: " + note) if note else ""
                if "warm_cpu_s" in row:
                    note = f"CPU {row['warm_cpu_s']:.2f} s" + (f"; {note}" if note else "")
                add(scale, f"warm rerun /{url_path}", row["warm_s"], targets["warm_s"], "s", note=note)
            else:
                add(scale, f"warm rerun /{url_path}", None, targets["warm_s"], "s", "error",
                    row.get("error", ""))
        fmap = app.get("map", {})
        if fmap.get("status") == "ok":
            add(scale, "map HTML", fmap["html_bytes"], targets["map_bytes"], "B")
            if "map_naive_fraction" in targets:
                fraction = fmap["html_bytes"] / fmap["naive_bytes"]
                add(scale, "map HTML / naive map HTML", round(fraction, 3),
                    targets["map_naive_fraction"], "x",
                    status="met" if fraction <= targets["map_naive_fraction"] else "missed")
        else:
            note = fmap.get("note") or fmap.get("error") or fmap.get("status", "")
            add(scale, "map HTML", None, targets["map_bytes"], "B", "n/a" if fmap.get("status") != "error"
                else "error", note)
        browser = (results.get("browser") or {}).get(key, {})
        map_rows = {u: r for u, r in browser.get("pages", {}).items() if r.get("map_page")}
        if not browser:
            add(scale, "map drawn / trivial app", None, targets["map_draw_ratio"], "x", "n/a",
                "browser part not run")
        elif not map_rows:
            add(scale, "map drawn / trivial app", None, targets["map_draw_ratio"], "x", "n/a",
                "n/a (no map page yet)")
        for url_path, row in map_rows.items():
            ratio = round(row["drawn_s"] / trivial, 2) if trivial and "drawn_s" in row else None
            add(scale, f"map drawn / trivial app (/{url_path})", ratio, targets["map_draw_ratio"], "x",
                status=None if ratio is not None else "error", note=row.get("error", ""))
        if browser and scale == 1:
            for url_path, row in browser.get("pages", {}).items():
                ratio = round(row["drawn_s"] / trivial, 2) if trivial and "drawn_s" in row else None
                add(scale, f"first draw / trivial app (/{url_path})", ratio, FIRST_DRAW_RATIO, "x",
                    status=None if ratio is not None else "error", note=row.get("error", ""))
        if browser:
            add(scale, "server peak memory", browser.get("memory_peak_mb"), targets["memory_mb"], "MiB")
        if "export_following_s" in targets:
            export = results.get("export") or {}
            app_ok = (export.get("app") or {}).get("status") == "ok"
            chosen = export.get("app") if app_ok else export.get("plotly")
            if chosen and chosen.get("status") == "ok":
                add(scale, f"following PNG export ({chosen['function']})", chosen["following_s"],
                    targets["export_following_s"], "s")
            else:
                add(scale, "following PNG export", None, targets["export_following_s"], "s", "n/a",
                    (chosen or {}).get("note") or (chosen or {}).get("error") or "export not run")
    large = results.get("large_files") or {}
    for step in ("check", "load"):
        row = large.get(step)
        label = f"{step} of a {large.get('rows', 0):,}-row table"
        if not row:
            continue
        if row.get("exit") != 0:
            add("files", label, None, LARGE_FILE_TARGETS["wall_s"], "s", "error",
                "; ".join(row.get("stderr_tail", []))[:200])
            continue
        add("files", label, row["wall_s"], LARGE_FILE_TARGETS["wall_s"], "s", note=f"CPU {row['cpu_s']:.1f} s")
        add("files", f"{step} peak memory", row["peak_mb"], LARGE_FILE_TARGETS["peak_mb"], "MiB")
    return rows


LOAD_TARGETS = {"errors": 0, "filter_p95_s": 2.0, "memory_mb": 1536}  # issue 18, scale 1, at most


def evaluate_load(load: dict | None) -> list[dict]:
    """The meeting room's figures against issue 18's goals (each "at most")."""
    if not load or "levels" not in load:
        note = (load or {}).get("error", "meeting-room step not run")
        return [{"scale": 1, "figure": "meeting room", "value": None, "target": None, "unit": "",
                 "status": "error" if load else "n/a", "note": note}]
    n = str(load["sessions"])
    full = load["levels"].get(n) or {}
    rows = []

    def add(figure, value, target, unit, note=""):
        status = "n/a" if value is None else ("met" if value <= target else "missed")
        rows.append({"scale": 1, "figure": figure, "value": value, "target": target, "unit": unit,
                     "status": status, "note": note})

    add(f"meeting room: errors, {n} sessions", load.get("errors"), LOAD_TARGETS["errors"], "n",
        "; ".join(e for lv in load["levels"].values() for e in lv.get("error_list", []))[:200])
    obs = full.get("observer", {}).get("filter", {})
    add(f"meeting room: filter change to redrawn page, p95, {n} sessions", obs.get("p95_s"),
        LOAD_TARGETS["filter_p95_s"], "s", f"p50 {obs.get('p50_s')} s, n {obs.get('n')}")
    add(f"meeting room: server peak memory, {n} sessions", full.get("memory_peak_mb"),
        LOAD_TARGETS["memory_mb"], "MiB")
    return rows


def evaluate_meeting(meeting: dict | None) -> list[dict]:
    """Each meeting screen's step (ArrowRight to drawn) against issue 12's 0.5 s."""
    if not meeting or "steps" not in meeting:
        return [{"scale": 1, "figure": "meeting step", "value": None, "target": None, "unit": "s",
                 "status": "error" if meeting else "n/a", "note": (meeting or {}).get("error", "not run")}]
    rows = [{"scale": 1, "figure": f"meeting step to /{name}", "value": row["step_s"],
             "target": meeting["target_s"], "unit": "s",
             "status": "met" if row["step_s"] <= meeting["target_s"] else "missed",
             "note": "runs " + ", ".join(f"{x:.2f}" for x in row["runs_s"])}
            for name, row in meeting["steps"].items()]
    base = (meeting.get("trivial") or {}).get("drawn_s")
    for name, prof in (meeting.get("profiles") or {}).items():
        ratio = round(prof["drawn_s"] / base, 2) if base else None
        rows.append({"scale": 1, "figure": f"first draw / trivial app (/{name}, step 7)", "value": ratio,
                     "target": FIRST_DRAW_RATIO, "unit": "x", "status": _status(ratio, FIRST_DRAW_RATIO + 1e-9),
                     "note": f"{prof['drawn_s']:.2f} s vs {base:.2f} s" if base else ""})
    return rows


def report_meeting(meeting: dict | None, trivial: dict | None) -> str:
    if not meeting or "steps" not in meeting:
        return f"Meeting screens: not run ({(meeting or {}).get('error', 'skipped')})\n"
    lines = [f"**Meeting steps** (1920x1080, every registered screen in the sequence, ArrowRight to "
             f"the next screen drawn, median of {meeting['rounds']} walks after a warm-up visit of "
             f"each screen; target ≤ {meeting['target_s']} s)", ""]
    rows = [[f"→ {name}", f"{row['step_s']:.2f}", ", ".join(f"{x:.2f}" for x in row["runs_s"]),
             "met" if row["step_s"] <= meeting["target_s"] else "**missed**"]
            for name, row in meeting["steps"].items()]
    lines += _table(["step", "median (s)", "runs (s)", "status"], rows)
    base = (trivial or {}).get("drawn_s")
    lines += ["", "**First draw, profiled** (a fresh browser context after one warm visit: requests, "
              "JavaScript fetched, bytes received over Streamlit's websocket, charts and grids on the "
              "page, script idle, and drawn as in step 4"
              + (f"; trivial app {base:.2f} s" if base else "") + ")", ""]
    rows = []
    for name, p in (meeting.get("profiles") or {}).items():
        ratio = f" ({p['drawn_s'] / base:.2f}×)" if base else ""
        rows.append([f"/{name}", p["requests"], f"{p['js_requests']} / {p['js_bytes'] / MB:.2f} MB",
                     f"{p['ws_bytes'] / 1000:.0f} kB in {p['ws_frames']} frames",
                     f"{p['charts']} / {p['grids']}", f"{p['idle_s']:.2f}", f"{p['drawn_s']:.2f}{ratio}"])
    lines += _table(["page", "requests", "JS requests / bytes", "websocket", "charts / grids",
                     "script idle (s)", "drawn (s)"], rows)
    return "\n".join(lines) + "\n"


def report_load(load: dict | None, targets: list[dict]) -> str:
    if not load or "levels" not in load:
        return f"Meeting room: not run ({(load or {}).get('error', 'skipped')})\n"
    levels = load["levels"]
    lines = [f"Sessions: {load['sessions']} at once on one `streamlit run app.py` (scale 1, offline, a "
             f"private SQLite copy): {load['sessions'] - 1} over Streamlit's websocket "
             f"(pause {load['pause_s'][0]:g}-{load['pause_s'][1]:g} s between actions) and one "
             f"Playwright observer (pause {load['observer_pause_s']:g} s) whose times are these; "
             f"{load['rounds']} round(s) of every page, at most {load['max_s']:g} s per level; the "
             "1-session level is the observer alone on a fresh server, in the same run.", ""]
    rows = []
    for n, lv in levels.items():
        o = lv["observer"]
        w = (lv.get("load") or {})
        rows.append([n, lv["observer_rounds"], f"{o['filter']['p50_s']} / {o['filter']['p95_s']} "
                     f"(n {o['filter']['n']})", f"{o['page']['p50_s']} / {o['page']['p95_s']}",
                     (f"{w['filter']['p50_s']} / {w['filter']['p95_s']} ({w.get('actions', 0)} actions)"
                      if w.get("filter") else "–"),
                     lv["errors"], f"{lv['memory_warm_mb']:.0f} / {lv['memory_peak_mb']:.0f}",
                     lv["server_cpu_cores"], f"{lv['steal_pct']} %",
                     " → ".join(str(x) for x in lv.get("loadavg_1min", []))])
    lines += _table(["sessions", "observer rounds", "filter → redrawn, p50 / p95 (s)",
                     "page opened, p50 / p95 (s)", "websocket sessions: filter p50 / p95 (s)", "errors",
                     "server RSS warm / peak (MiB)", "server CPU (cores)", "steal", "load average"], rows)
    lines += ["", f"Ratios to the 1-session level: filter change p50 ×{load.get('filter_p50_ratio')}, "
              f"page opened p50 ×{load.get('page_p50_ratio')}; memory per extra session "
              f"{load.get('memory_per_extra_session_mb')} MiB (peak at {load['sessions']} minus peak "
              "at 1, over the extra sessions).", ""]
    rows = []
    for t in targets:
        shown = "–" if t["value"] is None else (f"{t['value']:.0f} MiB" if t["unit"] == "MiB" else
                                                f"{t['value']:.2f} s" if t["unit"] == "s" else str(t["value"]))
        status = {"met": "met", "missed": "**missed**"}.get(t["status"], t["status"])
        unit = {"MiB": " MiB", "s": " s"}.get(t["unit"], "")
        rows.append([t["figure"], shown, "–" if t["target"] is None else f"≤ {t['target']}{unit}",
                     status, t["note"]])
    lines += ["**Targets** (issue 18)", ""]
    lines += _table(["figure", "value", "target", "status", "note"], rows)
    return "\n".join(lines) + "\n"


# -- report ---------------------------------------------------------------------------------
def _s(value, digits=2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _size(n) -> str:
    if n is None:
        return "–"
    return f"{n / MB:.2f} MB" if n >= 100_000 else f"{n / 1000:.0f} kB"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


def report(results: dict) -> str:
    m = results["machine"]
    scales = [int(s) for s in results["scales"]]
    lines = [f"Run {results['started']} · {results['duration_s']:.0f} s ("
             + ", ".join(f"{k} {v:.0f} s" for k, v in results.get("phases_s", {}).items())
             + f") · commit {m['commit']}"
             + (f" (+{m['uncommitted_files']} uncommitted files)" if m["uncommitted_files"] else ""),
             "",
             f"Machine: {m['cores']} cores ({m['cpu']}), {m['ram_gb']} GB RAM, Python {m['python']}, "
             f"{m['chromium'] or 'no chromium'}, streamlit {m['versions'].get('streamlit')}; "
             f"load average {', '.join(f'{x:.1f}' for x in m['loadavg_start'])} at start, "
             f"{', '.join(f'{x:.1f}' for x in m.get('loadavg_end', ()))} at the end"
             + (f"; MALLOC_ARENA_MAX={m['malloc_arena_max']}" if m.get("malloc_arena_max") else "")
             + ". On a shared machine wall-clock times grow with the load; CPU times much less.", ""]

    # data sets
    rows = []
    for scale in scales:
        d = results["datasets"].get(str(scale), {})
        r = d.get("rows", {})
        gen = "shipped in data/" if d.get("generate_s") is None else (
            f"{d['generate_s']:.1f} s" + (" (cached)" if d.get("generate_cached") else ""))
        rows.append([scale, f"{r.get('buildings', 0):,}", f"{r.get('flats', 0):,}",
                     f"{r.get('applications', 0):,}", f"{sum(r.values()):,}", gen,
                     f"{d.get('load_s', 0):.1f} s" + (" (cached)" if d.get("load_cached") else ""),
                     f"{d.get('db_mb', 0)} MB"])
    lines += ["**Data sets**", ""]
    lines += _table(["scale", "buildings", "flats", "applications", "rows in all", "generate",
                     "load (SQLite)", "database"], rows)

    # pages
    trivial = (results.get("browser") or {}).get("trivial", {}).get("drawn_s")
    header = ["page"]
    for scale in scales:
        header += [f"warm rerun ×{scale} (s, wall / CPU)", f"drawn ×{scale} (s, vs trivial)"]
    pages = list(dict.fromkeys(u for s in scales
                               for u in results["apptest"].get(str(s), {}).get("pages", {})))
    rows = []
    for url_path in pages:
        row = [f"/{url_path}"]
        for scale in scales:
            a = results["apptest"].get(str(scale), {}).get("pages", {}).get(url_path, {})
            warm = (f"{a['warm_s']:.2f} / {a['warm_cpu_s']:.2f}" if "warm_cpu_s" in a
                    else _s(a.get("warm_s"))) if "warm_s" in a else "error"
            if a.get("exceptions"):
                warm += " (exception)"
            b = ((results.get("browser") or {}).get(str(scale)) or {}).get("pages", {}).get(url_path, {})
            if "drawn_s" in b:
                drawn = f"{b['drawn_s']:.2f}" + (f" ({b['drawn_s'] / trivial:.2f}×)" if trivial else "")
            else:
                drawn = "error" if b.get("error") else "–"
            row += [warm, drawn]
        rows.append(row)
    lines += ["", "**Pages** (warm rerun: AppTest, median of 3 reruns after the first, wall clock / CPU "
              "time of the process; drawn: headless Chromium, opening the page to its main content "
              "drawn, after a warm-up visit, one visit (a map page and the trivial one-line app: "
              f"median of three); trivial app: {_s(trivial)} s)", ""]
    lines += _table(header, rows)
    cold = [f"scale {s}: {results['apptest'].get(str(s), {}).get('cold_first_run_s', 0):.1f} s"
            for s in scales if str(s) in results["apptest"]]
    if cold:
        lines += ["", "First run of the app in a fresh process (data read and cached): "
                  + ", ".join(cold) + "."]

    # map
    rows = []
    for scale in scales:
        fm = results["apptest"].get(str(scale), {}).get("map", {})
        if fm.get("status") == "ok":
            rows.append([scale, f"{fm['buildings']:,}", _size(fm["html_bytes"]), f"{fm['total_s']:.2f} s",
                         _size(fm["naive_bytes"]), f"{fm['naive_s']:.2f} s",
                         f"{fm['html_bytes'] / fm['naive_bytes']:.3f}"])
        else:
            rows.append([scale, "–", fm.get("note") or fm.get("error") or fm.get("status", "–"),
                         "–", "–", "–", "–"])
    lines += ["", "**Map** (`tavolo.maps.build_map` vs one folium Marker per building)", ""]
    lines += _table(["scale", "buildings", "map HTML", "build + render", "naive HTML", "naive build",
                     "map / naive"], rows)

    # export
    export = results.get("export") or {}
    rows = []
    for key in ("app", "plotly"):
        e = export.get(key) or {}
        if e.get("status") == "ok":
            rows.append([e["function"], f"{e['first_s']:.2f} s", f"{e['following_s']:.2f} s",
                         _size(e["png_bytes"])])
        elif e:
            rows.append([key, e.get("note") or e.get("error") or e.get("status"), "–", "–"])
    if rows:
        lines += ["", f"**Chart export** (PNG of {export.get('figure', '?')}; following: median of 4)", ""]
        lines += _table(["path", "first (browser starts)", "following", "PNG"], rows)

    # memory
    rows = []
    for scale in scales:
        b = (results.get("browser") or {}).get(str(scale))
        if b:
            rows.append([scale, f"{b['server_healthy_s']:.1f} s", f"{b['memory_start_mb']:.0f} MiB",
                         f"{b['memory_peak_mb']:.0f} MiB"])
    if rows:
        lines += ["", "**Server** (`streamlit run app.py`, RSS of its process group while every page "
                  "is visited)", ""]
        lines += _table(["scale", "healthy after", "RSS at start", "peak RSS"], rows)

    large = results.get("large_files") or {}
    if large.get("check"):
        lines += ["", f"**Large files** ({large['rows']:,}-row `flats.csv`, {large['file_mb']} MB, "
                  "as Italian Excel writes it; each command in its own process: `python bench/large_files.py`)", ""]
        lines += _table(["command", "wall clock", "CPU", "peak RSS", "exit"],
                        [[f"`{large[k]['command']}`", f"{large[k]['wall_s']:.1f} s", f"{large[k]['cpu_s']:.1f} s",
                          f"{large[k]['peak_mb']} MiB", large[k]["exit"]] for k in ("check", "load")])

    # targets
    rows = []
    for t in results["targets"]:
        value = t["value"]
        if t["unit"] == "B":
            shown, target = _size(value), _size(t["target"])
        elif t["unit"] == "x":
            shown, target = ("–" if value is None else f"{value:.2f}×"), f"≤ {t['target']}×"
        elif t["unit"] == "MiB":
            shown, target = ("–" if value is None else f"{value:.0f} MiB"), f"< {t['target']} MiB"
        else:
            shown, target = ("–" if value is None else f"{value:.2f} s"), f"< {t['target']} s"
        status = {"met": "met", "missed": "**missed**"}.get(t["status"], t["status"])
        rows.append([t["scale"], t["figure"], shown, target, status, t["note"]])
    lines += ["", "**Targets** (issue 7)", ""]
    lines += _table(["scale", "figure", "value", "target", "status", "note"], rows)
    return "\n".join(lines) + "\n"


DOC_SKELETON = f"""# Performance

The benchmark of issue 7. Reproduce with `make bench` (or `.venv/bin/python bench/run.py`);
it writes `bench/results.json` and rewrites the generated section below.

{BEGIN}
{END}
"""


def update_doc(text: str, begin: str = BEGIN, end: str = END, command: str = "make bench") -> None:
    doc = DOC.read_text(encoding="utf-8") if DOC.exists() else DOC_SKELETON
    if begin not in doc or end not in doc:
        doc = doc.rstrip() + "\n\n" + begin + "\n" + end + "\n"
    head, rest = doc.split(begin, 1)
    _, tail = rest.split(end, 1)
    generated = ("<!-- generated by bench/run.py: edit outside the markers -->\n\n"
                 f"Command: `{command}`\n\n" + text)
    DOC.write_text(head + begin + "\n" + generated + end + tail, encoding="utf-8")


# -- main ---------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,100")
    parser.add_argument("--pages", default="", help="url paths to keep (default: every page)")
    parser.add_argument("--no-apptest", action="store_true", help="skip step 2 (warm reruns, map)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--no-large-files", action="store_true")
    parser.add_argument("--no-load", action="store_true", help="skip step 6 (the meeting room)")
    parser.add_argument("--load-sessions", type=int, default=20, metavar="N",
                        help="sessions at once in step 6 (default 20)")
    parser.add_argument("--load-rounds", type=int, default=2, help="rounds of every page (default 2)")
    parser.add_argument("--load-seconds", type=float, default=300, help="bound per level (default 300)")
    parser.add_argument("--load-pause", default="5,15", help="MIN,MAX seconds between a websocket "
                        "session's actions (default 5,15)")
    parser.add_argument("--no-meeting", action="store_true", help="skip step 7 (meeting screens)")
    parser.add_argument("--no-doc", action="store_true", help="leave docs/PERFORMANCE.md alone")
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    pages = browser_kit.discover_pages()
    if args.pages:
        keep = set(args.pages.split(","))
        pages = [p for p in pages if p.url_path in keep]
    results: dict = {"started": time.strftime("%Y-%m-%d %H:%M"), "machine": machine(),
                     "scales": scales, "pages": [p.url_path for p in pages]}
    log(f"Tavolo Casa benchmark: pages {', '.join(results['pages'])}; scales {scales}")

    phases: dict[str, float] = {}
    results["phases_s"] = phases
    mark = time.perf_counter()

    def phase_done(name: str) -> None:
        nonlocal mark
        phases[name] = round(time.perf_counter() - mark, 1)
        mark = time.perf_counter()

    log("1. data sets")
    datasets = {}
    results["datasets"] = {}
    for scale in scales:
        datasets[scale] = ds_mod.ensure(scale, log=log)
        results["datasets"][str(scale)] = datasets[scale].to_json()

    phase_done("data sets")
    log("2. warm reruns (AppTest) and map")
    results["apptest"] = {}
    page_args = json.dumps([[p.path, p.url_path] for p in pages])
    for scale in ([] if args.no_apptest else scales):
        extra = [] if args.no_profile else ["--profile-over", str(TARGETS.get(scale, TARGETS[1])["warm_s"])]
        t0 = time.perf_counter()
        out = run_worker("apptest_worker", ["--scale", str(scale), "--pages", page_args, *extra],
                         env={"TAVOLO_DATABASE_URL": datasets[scale].url, "TAVOLO_OFFLINE": "1"})
        results["apptest"][str(scale)] = out
        summary = ", ".join(f"/{u} {r.get('warm_s', 'error')}" for u, r in out.get("pages", {}).items())
        log(f"  scale {scale} ({time.perf_counter() - t0:.0f} s): {summary or out.get('error')}")
        fm = out.get("map", {})
        log(f"  map: {fm.get('html_bytes', fm.get('note') or fm.get('error') or fm.get('status'))}")

    if args.no_apptest:
        results["apptest"] = {}
    phase_done("warm reruns and map")
    if not args.no_export:
        log("3. chart export")
        base = datasets.get(1) or ds_mod.ensure(1, log=log)
        results["export"] = run_worker("export_worker", ["--url", base.url])
        for key in ("app", "plotly"):
            e = results["export"].get(key) or {}
            log(f"  {key}: first {e.get('first_s')} s, following {e.get('following_s')} s "
                f"{e.get('note') or e.get('error') or ''}")

        phase_done("chart export")
    if not args.no_browser:
        log("4. headless Chromium: time to drawn, server memory")
        if not Path(browser_kit.CHROMIUM).exists():
            results["browser"] = None
            log(f"  skipped: {browser_kit.CHROMIUM} not found")
        else:
            with tempfile.TemporaryDirectory(prefix="tavolo-bench-") as folder:
                from bench import browser as browser_mod

                try:
                    results["browser"] = browser_mod.run(datasets, pages, Path(folder), log=log)
                except Exception as exc:  # noqa: BLE001 - reported, never fatal
                    results["browser"] = {"error": f"{type(exc).__name__}: {exc}"}
                    log(f"  error: {exc}")

        phase_done("browser")
    if not args.no_large_files:
        log("5. large files: check and load of a 200,000-row table")
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
            out = Path(f.name)
        done = subprocess.run([sys.executable, str(ROOT / "bench" / "large_files.py"), "--out", str(out)],
                              cwd=ROOT, capture_output=True, text=True, timeout=WORKER_TIMEOUT_S)
        try:
            results["large_files"] = json.loads(out.read_text())
        except (OSError, ValueError):
            results["large_files"] = {"error": done.stderr[-2000:]}
        log("  " + done.stdout.strip().replace("\n", "\n  "))
        phase_done("large files")
    if not args.no_load:
        n = args.load_sessions
        log(f"6. a full meeting room: {n} sessions on one server (scale 1)")
        if not Path(browser_kit.CHROMIUM).exists():
            results["load"] = {"error": f"{browser_kit.CHROMIUM} not found"}
            log(f"  skipped: {browser_kit.CHROMIUM} not found")
        else:
            from bench import load as load_mod

            base = datasets.get(1) or ds_mod.ensure(1, log=log)
            low, high = (float(x) for x in args.load_pause.split(","))
            with tempfile.TemporaryDirectory(prefix="tavolo-load-") as folder:
                try:
                    results["load"] = load_mod.run(base.database, pages, Path(folder), sessions=n,
                                                   rounds=args.load_rounds, max_s=args.load_seconds,
                                                   pause=(low, high), log=log)
                except Exception as exc:  # noqa: BLE001 - reported, never fatal
                    results["load"] = {"error": f"{type(exc).__name__}: {exc}"}
                    log(f"  error: {exc}")
        phase_done("meeting room")
    if not args.no_meeting:
        log("7. meeting screens: ArrowRight to the next screen drawn; first draws profiled (scale 1)")
        if not Path(browser_kit.CHROMIUM).exists():
            results["meeting"] = {"error": f"{browser_kit.CHROMIUM} not found"}
        else:
            from bench import meeting as meeting_mod

            base = datasets.get(1) or ds_mod.ensure(1, log=log)
            with tempfile.TemporaryDirectory(prefix="tavolo-meeting-") as folder:
                try:
                    results["meeting"] = meeting_mod.run(Path(base.database), Path(folder), pages, log=log)
                except Exception as exc:  # noqa: BLE001 - reported, never fatal
                    results["meeting"] = {"error": f"{type(exc).__name__}: {exc}"}
                    log(f"  error: {exc}")
        phase_done("meeting screens")
    results["machine"]["loadavg_end"] = os.getloadavg()
    results["duration_s"] = round(time.perf_counter() - began, 1)
    results["targets"] = evaluate(results)
    text = report(results) if not args.no_apptest else ""
    load_text = ""
    if "load" in results:
        results["load_targets"] = evaluate_load(results["load"])
        results["targets"] += results["load_targets"]
        m = results["machine"]
        load_text = (f"Run {results['started']} · {results['phases_s'].get('meeting room', 0):.0f} s · "
                     f"commit {m['commit']}"
                     + (f" (+{m['uncommitted_files']} uncommitted files)" if m["uncommitted_files"] else "")
                     + f" · {m['cores']} cores, load average "
                     + ", ".join(f"{x:.1f}" for x in m["loadavg_start"]) + " at start\n\n"
                     + report_load(results["load"], results["load_targets"]))
    meeting_text = ""
    if "meeting" in results:
        results["targets"] += evaluate_meeting(results["meeting"])
        m = results["machine"]
        meeting_text = (f"Run {results['started']} · {results['phases_s'].get('meeting screens', 0):.0f} s · "
                        f"commit {m['commit']} · load average "
                        + ", ".join(f"{x:.1f}" for x in m["loadavg_start"]) + " at start\n\n"
                        + report_meeting(results["meeting"], results["meeting"].get("trivial")
                                         or (results.get("browser") or {}).get("trivial")))
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    print()
    print(text)
    if load_text:
        print(load_text)
    if meeting_text:
        print(meeting_text)
    print(f"Written: {RESULTS.relative_to(ROOT)}", end="")
    if not args.no_doc:
        if text:
            update_doc(text)
        if load_text:
            command = "make bench" if text else " ".join([".venv/bin/python bench/run.py", *(argv if argv is not None
                                                                              else sys.argv[1:])])
            update_doc(load_text, LOAD_BEGIN, LOAD_END, command)
        if meeting_text:
            command = "make bench" if text else " ".join([".venv/bin/python bench/run.py", *(argv if argv is not None
                                                                              else sys.argv[1:])])
            update_doc(meeting_text, MEETING_BEGIN, MEETING_END, command)
        print(f", {DOC.relative_to(ROOT)} (generated section{'s' if text and load_text else ''})")
    else:
        print()
    missed = [t for t in results["targets"] if t["status"] == "missed"]
    names = "; ".join(f"×{t['scale']} {t['figure']}" for t in missed)
    print(f"{len(missed)} target(s) missed" + (f": {names}" if missed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
