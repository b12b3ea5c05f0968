"""A full meeting room on one server (issue 18): N sessions at once on one
``streamlit run app.py`` (scale 1, offline mode, a private SQLite copy of the shipped data),
each opening every page of ``ui.pages.PAGES`` and changing a filter there, for a bounded
number of rounds and a bounded time; loopback only; it stops by itself.

The client is the hybrid of STACK.md ("Many sessions on one server"): headless Chromium
costs 2.5-3.8 times the server's CPU, so 20 browser contexts would measure the browser.

- **Load**: N-1 sessions driven over Streamlit's own websocket (``/_stcore/stream``) by
  one asyncio process (``python -m bench.load --drive URL ...``). Each session sends a
  ``BackMsg.rerun_script`` (a ``ClientState`` with the page's ``page_name``, its url path,
  which ``PagesManager`` resolves like the browser's address bar; then the script hash the
  ``navigation`` message gave) and waits for ``ForwardMsg.script_finished``; then it changes
  the page's filter: the same ``ClientState`` with one ``WidgetState`` (the widget id read
  from the page's own ``Delta``, the next option as ``string_value``, as the frontend sends
  a selectbox or a radio). Between actions each session pauses a random time in
  ``--pause MIN,MAX`` seconds (people reading the page).
- **Observer**: one Playwright context (Debian's Chromium) that does the same through the
  page: a click on the sidebar link, then a click on the filter's next option. Its times
  are the ones reported: from the click to the redrawn page, i.e. a ``script_finished``
  frame seen on the page's websocket after the click, then the DOM idle (script not
  running, no status widget, no stale element, no skeleton). It pauses ``OBSERVER_PAUSE_S``.

The filter of a page is ``FILTERS[url_path]`` (a selectbox in view when the page opens);
a page without one in view changes the sidebar's language radio (it redraws the whole
page; the next round switches it back). Every level starts a fresh server on a fresh copy
of the data and warms it (every page opened once by the observer, not timed): first 1
session (the observer alone, the baseline of the ratios), then N.

Errors: an exception element, a compile error, a page not found, an action without
``script_finished`` within ``ACTION_TIMEOUT_S``, a websocket closed, in any session.
Memory: peak RSS of the server's process group (bench.browser.MemorySampler); CPU: the
server's user + system seconds over the level's wall time; steal: from /proc/stat.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import browser_kit  # noqa: E402

SESSIONS = 20
ROUNDS = 2
MAX_S = 300  # per level, the load's and the observer's bound
PAUSE_S = (5.0, 15.0)  # STACK.md: "20 people pausing 5-15 s between clicks"
OBSERVER_PAUSE_S = 0.5
ACTION_TIMEOUT_S = 60
LANG_KEY = "lang"  # ui.common.LANG_KEY: the sidebar's language radio, on every page
DEFAULT_PAGE = browser_kit.discover_pages()[0].url_path  # served at "/"
FILTERS = {"mappa": "map_indicator", "domanda_offerta": "dem_rione"}  # a selectbox in view

IDLE_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (document.querySelector('[data-testid="stException"]')) return 'exception';
    return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid="stStatusWidget"]')
        && !document.querySelector('[data-stale="true"]')
        && !document.querySelector('[data-testid="stSkeleton"], '
            + '[data-testid="stSkeletonElement"], [data-testid="stAppSkeleton"]');
}"""


def filter_key(url_path: str) -> str:
    return FILTERS.get(url_path, LANG_KEY)


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0-100) of ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil(n q / 100), at least the first
    return ordered[int(rank) - 1]


def summary(times: list[float]) -> dict:
    return {"n": len(times), "p50_s": _r(percentile(times, 50)), "p95_s": _r(percentile(times, 95)),
            "max_s": _r(max(times) if times else None)}


def _r(x, digits=3):
    return None if x is None else round(x, digits)


# -- the load: sessions over Streamlit's websocket ------------------------------------------
class WsSession:
    """One Streamlit session driven over ``/_stcore/stream``."""

    def __init__(self, ws_url: str, number: int):
        self.ws_url, self.number = ws_url, number
        self.hashes: dict[str, str] = {}  # url path -> page script hash (navigation message)
        self.widgets: dict[str, tuple[str, list[str], int]] = {}  # id -> (type, options, default)
        self.chosen: dict[str, int] = {}  # widget id -> option index last sent
        self.actions: list[dict] = []
        self.errors: list[str] = []
        self._finished: asyncio.Queue | None = None
        self._run_errors: list[str] = []

    def _on_message(self, data: bytes) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = ForwardMsg()
        msg.ParseFromString(data)
        kind = msg.WhichOneof("type")
        if kind == "navigation":
            for page in msg.navigation.app_pages:
                self.hashes[page.url_pathname] = page.page_script_hash
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            etype = element.WhichOneof("type")
            if etype in ("selectbox", "radio"):
                widget = getattr(element, etype)
                self.widgets[widget.id] = (etype, list(widget.options),
                                           widget.default if widget.HasField("default") else 0)
            elif etype == "exception":
                self._run_errors.append(f"exception: {element.exception.type}: "
                                        f"{element.exception.message[:200]}")
        elif kind == "page_not_found":
            self._run_errors.append(f"page not found: {msg.page_not_found.page_name}")
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                self._run_errors.append("compile error")
            self._finished.put_nowait(msg.script_finished)

    async def _reader(self, ws) -> None:
        async for data in ws:
            if isinstance(data, bytes):
                self._on_message(data)

    async def _rerun(self, ws, url_path: str, states: list, kind: str) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        back = BackMsg()
        state = back.rerun_script
        state.query_string = ""
        state.page_script_hash = self.hashes.get(url_path, "")
        # The browser at "/" asks for the default page by an empty name.
        state.page_name = "" if url_path == DEFAULT_PAGE and not state.page_script_hash else url_path
        state.widget_states.widgets.extend(states)
        self._run_errors = []
        began = time.perf_counter()
        await ws.send(back.SerializeToString())
        while True:
            status = await asyncio.wait_for(self._finished.get(), ACTION_TIMEOUT_S)
            if status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                break
        seconds = time.perf_counter() - began
        self.actions.append({"kind": kind, "page": url_path, "s": round(seconds, 4),
                             "ok": not self._run_errors})
        self.errors += [f"session {self.number} /{url_path} {kind}: {e}" for e in self._run_errors]

    def _filter_state(self, url_path: str):
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        key = filter_key(url_path)
        found = [w for w in self.widgets if w.endswith("-" + key)]
        if not found:
            self.errors.append(f"session {self.number} /{url_path}: no widget with key {key!r}")
            return None
        wid = found[0]
        _etype, options, default = self.widgets[wid]
        current = self.chosen.get(wid, default)
        self.chosen[wid] = (current + 1) % len(options)
        return WidgetState(id=wid, string_value=options[self.chosen[wid]])

    async def run(self, pages: list[str], rounds: int, deadline: float, pause: tuple[float, float],
                  stop: Path | None) -> None:
        from websockets.asyncio.client import connect

        self._finished = asyncio.Queue()
        try:
            async with connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                               open_timeout=ACTION_TIMEOUT_S, ping_interval=None) as ws:
                reader = asyncio.create_task(self._reader(ws))
                try:
                    for _round in range(rounds):
                        for url_path in pages:
                            if time.monotonic() > deadline or (stop and stop.exists()):
                                return
                            self.widgets = {}
                            await self._rerun(ws, url_path, [], "page")
                            await asyncio.sleep(random.uniform(*pause))
                            state = self._filter_state(url_path)
                            if state is not None:
                                await self._rerun(ws, url_path, [state], "filter")
                            await asyncio.sleep(random.uniform(*pause))
                finally:
                    reader.cancel()
        except TimeoutError:
            self.errors.append(f"session {self.number}: no script_finished within {ACTION_TIMEOUT_S} s")
        except Exception as exc:  # noqa: BLE001 - a closed websocket is an error of the run
            self.errors.append(f"session {self.number}: {type(exc).__name__}: {exc}")


async def drive(base: str, sessions: int, pages: list[str], rounds: int, max_s: float,
                pause: tuple[float, float], stop: Path | None) -> dict:
    ws_url = base.replace("http://", "ws://", 1) + "/_stcore/stream"
    deadline = time.monotonic() + max_s
    clients = [WsSession(ws_url, n + 1) for n in range(sessions)]
    began = time.perf_counter()
    await asyncio.gather(*(c.run(pages, rounds, deadline, pause, stop) for c in clients))
    actions = [a for c in clients for a in c.actions]
    return {"sessions": sessions, "wall_s": round(time.perf_counter() - began, 1),
            "actions": len(actions), "errors": [e for c in clients for e in c.errors],
            "page": summary([a["s"] for a in actions if a["kind"] == "page"]),
            "filter": summary([a["s"] for a in actions if a["kind"] == "filter"])}


def start_load(base: str, sessions: int, pages: list[str], rounds: int, max_s: float,
               pause: tuple[float, float], folder: Path) -> tuple[subprocess.Popen, Path, Path]:
    out, stop = folder / f"load-{sessions}.json", folder / f"load-{sessions}.stop"
    stop.unlink(missing_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.load", "--drive", base, "--sessions", str(sessions),
         "--pages", ",".join(pages), "--rounds", str(rounds), "--max-seconds", str(max_s),
         "--pause", f"{pause[0]},{pause[1]}", "--stop-file", str(stop), "--out", str(out)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(folder / f"load-{sessions}.log", "wb"),
        start_new_session=True)
    return process, out, stop


def finish_load(process: subprocess.Popen, out: Path, stop: Path, timeout: float) -> dict:
    stop.touch()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return {"errors": [f"the load did not stop within {timeout:.0f} s"]}
    try:
        return json.loads(out.read_text())
    except (OSError, ValueError):
        log = out.with_name(out.name.replace(".json", ".log"))
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        return {"errors": [f"the load exited {process.returncode}: {tail}"]}


# -- the observer: one Playwright context -----------------------------------------------------
class Observer:
    def __init__(self, browser, server, pages: list[browser_kit.AppPage]):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._forward = ForwardMsg
        self.server, self.pages = server, pages
        self.context = browser.new_context(viewport=browser_kit.VIEWPORT, locale="it-IT")
        self.page = self.context.new_page()
        self.finished = 0
        self.errors: list[str] = []
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._on_frame))
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.actions: list[dict] = []

    def _on_frame(self, payload) -> None:
        if isinstance(payload, str):
            return
        msg = self._forward()
        try:
            msg.ParseFromString(payload)
        except Exception:  # noqa: BLE001 - not ours to judge
            return
        if msg.WhichOneof("type") == "script_finished":
            self.finished += 1

    def close(self) -> None:
        self.context.close()

    def _redrawn(self, before: int, began: float, what: str) -> float | None:
        deadline = began + ACTION_TIMEOUT_S
        while time.perf_counter() < deadline:
            if self.finished > before:
                state = self.page.evaluate(IDLE_JS)
                if state == "exception":
                    text = self.page.locator('[data-testid="stException"]').first.inner_text()[:300]
                    self.errors.append(f"{what}: exception on the page: {text}")
                    return None
                if state:
                    return time.perf_counter() - began
            self.page.wait_for_timeout(20)
        self.errors.append(f"{what}: not redrawn within {ACTION_TIMEOUT_S} s")
        return None

    def open(self, index: int) -> float | None:
        """Click the sidebar link of page ``index``; seconds to the redrawn page."""
        href = f"{self.server.base}/{self.pages[index].route}"
        link = self.page.locator(f'[data-testid="stSidebarNavLink"][href="{href}"]')
        before = self.finished
        began = time.perf_counter()
        link.click()
        return self._redrawn(before, began, f"open /{self.pages[index].url_path}")

    def change_filter(self, url_path: str) -> float | None:
        key = filter_key(url_path)
        box = self.page.locator(f".st-key-{key}")
        what = f"/{url_path} filter {key}"
        try:
            if key == LANG_KEY:
                target = box.locator("label").filter(has=self.page.locator("input:not(:checked)")).first
            else:
                box.get_by_role("combobox").first.click()
                target = self.page.locator('[role="option"][aria-selected="false"]').first
            target.wait_for(state="visible", timeout=ACTION_TIMEOUT_S * 1000)
        except Exception as exc:  # noqa: BLE001 - reported as an error of the run
            self.errors.append(f"{what}: {type(exc).__name__}: {str(exc)[:200]}")
            return None
        before = self.finished
        began = time.perf_counter()
        target.click()
        return self._redrawn(before, began, what)

    def warm(self) -> None:
        """Open the app at its last page, then every page once (not timed)."""
        last = self.pages[-1]
        self.page.goto(f"{self.server.base}/{last.route}", wait_until="domcontentloaded")
        self.page.wait_for_selector("h1", timeout=browser_kit.RENDER_TIMEOUT_MS)
        self._redrawn(-1, time.perf_counter(), "first open")
        if len(self.pages) > 1:
            for index in range(len(self.pages)):
                self.open(index)  # the last one: back where the first round starts from

    def round(self) -> None:
        for index, page in enumerate(self.pages):
            for kind in ("page", "filter"):
                if kind == "page" and len(self.pages) == 1:
                    continue
                seconds = self.open(index) if kind == "page" else self.change_filter(page.url_path)
                self.actions.append({"kind": kind, "page": page.url_path,
                                     "s": None if seconds is None else round(seconds, 4)})
                time.sleep(OBSERVER_PAUSE_S)

    def result(self) -> dict:
        def times(kind):
            return [a["s"] for a in self.actions if a["kind"] == kind and a["s"] is not None]

        return {"actions": len(self.actions), "errors": list(self.errors),
                "filter": summary(times("filter")), "page": summary(times("page")),
                "per_page_filter_p50_s": {
                    p.url_path: _r(percentile([a["s"] for a in self.actions if a["kind"] == "filter"
                                               and a["page"] == p.url_path and a["s"] is not None], 50))
                    for p in self.pages}}


# -- one level -------------------------------------------------------------------------------
def _cpu_seconds(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2:].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _steal() -> tuple[int, int]:
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return 0, 0
    return (values[7] if len(values) > 7 else 0), sum(values)


def private_copy(database: str, folder: Path) -> str:
    """A copy of the scale's SQLite store (online backup API), so that nothing the
    sessions do reaches var/bench/."""
    target = folder / "tavolo.sqlite"
    target.unlink(missing_ok=True)
    src, dst = sqlite3.connect(database), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return f"sqlite:///{target}"


def level(browser, database: str, pages, sessions: int, rounds: int, max_s: float,
          pause: tuple[float, float], folder: Path, log=print) -> dict:
    from bench.browser import MemorySampler

    sub = folder / f"level{sessions}"
    sub.mkdir(exist_ok=True)
    server = browser_kit.start_server(sub, database_url=private_copy(database, sub))
    observer = None
    try:
        with MemorySampler(server.process.pid) as memory:
            observer = Observer(browser, server, pages)
            observer.warm()
            warm_mb = memory.rss_mb()
            cpu0, (steal0, total0) = _cpu_seconds(server.process.pid), _steal()
            load_start = os.getloadavg()[0]
            began = time.perf_counter()
            deadline = began + max_s
            load = None
            if sessions > 1:
                process, out, stop = start_load(server.base, sessions - 1, [p.url_path for p in pages],
                                                rounds, max_s, pause, sub)
            done = 0
            while time.perf_counter() < deadline:
                observer.round()
                done += 1
                if done >= rounds and (sessions == 1 or process.poll() is not None):
                    break
            if sessions > 1:
                load = finish_load(process, out, stop, ACTION_TIMEOUT_S + pause[1] + 10)
            wall = time.perf_counter() - began
            cpu1, (steal1, total1) = _cpu_seconds(server.process.pid), _steal()
        obs = observer.result()
        errors = obs["errors"] + (load or {}).get("errors", [])
        result = {"sessions": sessions, "observer_rounds": done, "wall_s": round(wall, 1),
                  "observer": obs, "load": load, "errors": len(errors), "error_list": errors[:20],
                  "memory_warm_mb": round(warm_mb, 1), "memory_peak_mb": round(memory.peak_mb, 1),
                  "server_cpu_cores": round((cpu1 - cpu0) / wall, 2) if wall else None,
                  "steal_pct": round(100 * (steal1 - steal0) / max(1, total1 - total0), 1),
                  "loadavg_1min": [round(load_start, 1), round(os.getloadavg()[0], 1)]}
        log(f"    {sessions} session(s): filter p50 {obs['filter']['p50_s']} s, p95 "
            f"{obs['filter']['p95_s']} s (n {obs['filter']['n']}); errors {len(errors)}; "
            f"peak {memory.peak_mb:.0f} MiB; server {result['server_cpu_cores']} cores")
        return result
    finally:
        if observer is not None:
            observer.close()
        server.stop()


def run(database: str, pages: list[browser_kit.AppPage], folder: Path, sessions: int = SESSIONS,
        rounds: int = ROUNDS, max_s: float = MAX_S, pause: tuple[float, float] = PAUSE_S,
        browser=None, log=print) -> dict:
    """Level 1 (the observer alone) then level ``sessions``, each on a fresh server over a
    fresh copy of the SQLite store ``database``. ``browser``: a Playwright Chromium to use
    (the tests' fixture), else one is launched."""
    levels = [1] if sessions <= 1 else [1, sessions]
    out: dict = {"sessions": sessions, "rounds": rounds, "max_s": max_s, "pause_s": list(pause),
                 "observer_pause_s": OBSERVER_PAUSE_S,
                 "filters": {p.url_path: filter_key(p.url_path) for p in pages}, "levels": {}}

    def levels_on(chromium):
        for n in levels:
            log(f"  {n} session(s) on one server ...")
            out["levels"][str(n)] = level(chromium, database, pages, n, rounds, max_s, pause, folder, log)

    if browser is not None:
        levels_on(browser)
    else:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            chromium = pw.chromium.launch(executable_path=browser_kit.CHROMIUM, headless=True,
                                          args=browser_kit.CHROMIUM_ARGS)
            try:
                levels_on(chromium)
            finally:
                chromium.close()
    one, full = out["levels"]["1"], out["levels"][str(levels[-1])]
    for kind in ("filter", "page"):
        a, b = one["observer"][kind]["p50_s"], full["observer"][kind]["p50_s"]
        out[f"{kind}_p50_ratio"] = round(b / a, 2) if a and b else None
    out["errors"] = sum(lv["errors"] for lv in out["levels"].values())
    if len(levels) > 1:
        out["memory_per_extra_session_mb"] = round(
            (full["memory_peak_mb"] - one["memory_peak_mb"]) / (sessions - 1), 1)
    return out


# -- the load process -------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Drive Streamlit sessions over the websocket "
                                     "(the load of bench/run.py's meeting-room step).")
    parser.add_argument("--drive", required=True, help="the server's base URL (loopback)")
    parser.add_argument("--sessions", type=int, default=SESSIONS - 1)
    parser.add_argument("--pages", required=True, help="url paths, comma separated")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--max-seconds", type=float, default=MAX_S)
    parser.add_argument("--pause", default=f"{PAUSE_S[0]},{PAUSE_S[1]}")
    parser.add_argument("--stop-file", default="")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    if not args.drive.startswith(("http://127.0.0.1:", "http://localhost:")):
        parser.error("loopback only: --drive http://127.0.0.1:PORT")
    low, high = (float(x) for x in args.pause.split(","))
    result = asyncio.run(drive(args.drive, args.sessions, args.pages.split(","), args.rounds,
                               args.max_seconds, (low, high), Path(args.stop_file) if args.stop_file else None))
    Path(args.out).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
