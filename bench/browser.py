"""Benchmark in headless Chromium: time from opening a page to its main content drawn, the
trivial one-line app's first draw as the floor, and the server's peak memory.

"Drawn" means:
- a map page (its file calls folium / st_folium): a Leaflet container, inside the
  component's frame, with at least one SVG path (rioni, buildings);
- any other page: its h1 and the first chart or table in view (a plotly SVG, a data grid
  canvas, an st.table); a page with neither in view counts when its main area stopped
  changing (script finished, no skeleton placeholder left, then ``QUIET_S`` quiet seconds).

Each page is opened once to warm the server (that first, cold time is kept too), then
``REPEATS`` time(s) (a map page and the trivial app ``MAP_REPEATS`` times) in fresh
browser contexts; the median is reported. Memory: the resident
set of every process in the server's process group, read from /proc every 0.1 s while the
pages are visited.
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import browser_kit  # noqa: E402

REPEATS = 1  # after the warm-up visit; more would not fit in 10 minutes on 2 cores
MAP_REPEATS = 3  # the map's draw time has a target: a median of three
TIMEOUT_S = 60
TRIVIAL_APP = 'import streamlit as st\n\nst.title("Tavolo Casa")\n'

SKELETONS = ('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"], '
             '[data-testid="stAppSkeleton"]')
CONTENT_JS = """() => {
  const SKELETONS = '""" + SKELETONS + """';
  if (document.querySelector('[data-testid="stException"]')) return ['exception', 0];
  const main = document.querySelector('[data-testid="stMain"]');
  const size = main ? main.querySelectorAll('[data-testid]').length : 0;
  if (!document.querySelector('h1')) return [null, size];
  const shown = e => e.getClientRects().length > 0;
  const any = sel => Array.from(document.querySelectorAll(sel)).some(shown);
  if (any('[data-testid="stPlotlyChart"] .main-svg, [data-testid="stDataFrame"] canvas,' +
          '[data-testid="stDataFrame"] [data-testid="data-grid-canvas"],' +
          '[data-testid="stTable"] table, [data-testid="stVegaLiteChart"] canvas,' +
          '[data-testid="stVegaLiteChart"] svg')) return ['content', size];
  const app = document.querySelector('[data-testid="stApp"]');
  if (app && app.getAttribute('data-test-script-state') === 'notRunning'
      && !document.querySelector('[data-testid="stStatusWidget"]')
      && !document.querySelector(SKELETONS)) return ['idle', size];
  return ['h1', size];
}"""
# Streamlit loads most element types' code on demand: after the script has finished, the
# page goes on filling in (skeleton placeholders stand in for metrics, grids and charts,
# for seconds on a busy machine). A page without a chart or table in view is "drawn" at
# the last change of its main area, once the script has stopped, no skeleton is left and
# nothing changed for QUIET_S seconds.
QUIET_S = 1.0
LEAFLET_JS = "() => document.querySelectorAll('.leaflet-container path').length"


def is_map_page(page: browser_kit.AppPage) -> bool:
    text = (ROOT / page.path).read_text(encoding="utf-8", errors="replace")
    return "st_folium" in text or "folium" in text or "leaflet" in text.lower()


class MemorySampler:
    """Peak RSS (MB) of all processes in a process group, sampled from /proc."""

    def __init__(self, pgid: int, interval: float = 0.1):
        self.pgid, self.interval = pgid, interval
        self.peak_mb = 0.0
        self.first_mb: float | None = None
        self._stop = threading.Event()

    def rss_mb(self) -> float:
        total_kb = 0
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                stat = (proc / "stat").read_text()
                fields = stat[stat.rindex(")") + 2:].split()
                if int(fields[2]) != self.pgid:  # pgrp
                    continue
                for line in (proc / "status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
                        break
            except (OSError, ValueError, IndexError):
                continue
        return total_kb / 1024

    def _run(self):
        while not self._stop.is_set():
            mb = self.rss_mb()
            if self.first_mb is None:
                self.first_mb = mb
            self.peak_mb = max(self.peak_mb, mb)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def time_to_drawn(browser, url: str, map_page: bool) -> tuple[float, str]:
    """Seconds from ``goto`` to the main content drawn, and what was seen."""
    context = browser.new_context(viewport=browser_kit.VIEWPORT, locale="it-IT")
    try:
        page = context.new_page()
        began = time.perf_counter()
        page.goto(url, wait_until="commit")
        deadline = began + TIMEOUT_S
        last_size, last_change = -1, began
        while time.perf_counter() < deadline:
            now = time.perf_counter()
            try:
                state, size = page.evaluate(CONTENT_JS)
            except Exception:  # noqa: BLE001 - the document is being replaced
                state, size = None, last_size
            if size != last_size:
                last_size, last_change = size, now
            if state == "exception":
                text = page.locator('[data-testid="stException"]').first.inner_text()[:300]
                raise RuntimeError(f"exception on the page: {text}")
            if map_page:
                for frame in page.frames:
                    try:
                        if frame.evaluate(LEAFLET_JS) > 0:
                            return now - began, "leaflet paths"
                    except Exception:  # noqa: BLE001 - a frame navigating away
                        continue
            elif state == "content":
                return now - began, "h1 + chart/table"
            elif state == "idle" and now - last_change > QUIET_S:
                return last_change - began, "settled (no chart/table in view)"
            time.sleep(0.025)
        frames = []
        for frame in page.frames:
            try:
                frames.append(f"{frame.url[:80]}: {frame.evaluate(LEAFLET_JS)} leaflet paths")
            except Exception as exc:  # noqa: BLE001
                frames.append(f"{frame.url[:80]}: {type(exc).__name__}")
        raise TimeoutError(f"{url}: nothing drawn after {TIMEOUT_S} s (page state {state}, "
                           f"frames: {'; '.join(frames)})")
    finally:
        context.close()


def measure_pages(browser, server, pages: list[browser_kit.AppPage], log=print) -> dict:
    out = {}
    for page in pages:
        url = f"{server.base}/{page.route}"
        map_page = is_map_page(page)
        row: dict = {"map_page": map_page}
        try:
            cold, _ = time_to_drawn(browser, url, map_page)
            runs = [time_to_drawn(browser, url, map_page)
                    for _ in range(MAP_REPEATS if map_page else REPEATS)]
            row.update(cold_s=round(cold, 3), drawn_s=round(statistics.median(r[0] for r in runs), 3),
                       runs_s=[round(r[0], 3) for r in runs], seen=runs[-1][1])
        except Exception as exc:  # noqa: BLE001 - reported, never fatal
            row["error"] = f"{type(exc).__name__}: {exc}"
        log(f"    /{page.route or ''}: {row.get('drawn_s', row.get('error'))}")
        out[page.url_path] = row
    return out


def trivial_first_draw(browser, folder: Path) -> dict:
    script = folder / "trivial_app.py"
    script.write_text(TRIVIAL_APP, encoding="utf-8")
    server = browser_kit.start_server(folder, script=str(script))
    try:
        cold, _ = time_to_drawn(browser, server.base + "/", False)
        runs = [time_to_drawn(browser, server.base + "/", False)[0] for _ in range(MAP_REPEATS)]
        return {"cold_s": round(cold, 3), "drawn_s": round(statistics.median(runs), 3),
                "runs_s": [round(r, 3) for r in runs]}
    finally:
        server.stop()


def run(datasets: dict, pages: list[browser_kit.AppPage], folder: Path, log=print) -> dict:
    """Trivial app first, then every page at every scale, each scale on its own server."""
    from playwright.sync_api import sync_playwright

    result: dict = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_kit.CHROMIUM, headless=True,
                                     args=browser_kit.CHROMIUM_ARGS)
        try:
            log("  trivial one-line app ...")
            result["trivial"] = trivial_first_draw(browser, folder)
            log(f"    trivial: {result['trivial']['drawn_s']} s")
            for scale, ds in datasets.items():
                log(f"  scale {scale}: streamlit run app.py ...")
                sub = folder / f"scale{scale}"
                sub.mkdir(exist_ok=True)
                began = time.perf_counter()
                server = browser_kit.start_server(sub, database_url=ds.url)
                healthy = time.perf_counter() - began
                try:
                    with MemorySampler(server.process.pid) as memory:
                        pages_out = measure_pages(browser, server, pages, log)
                    result[str(scale)] = {"server_healthy_s": round(healthy, 3),
                                          "pages": pages_out,
                                          "memory_start_mb": round(memory.first_mb or 0, 1),
                                          "memory_peak_mb": round(memory.peak_mb, 1)}
                    log(f"    peak memory {memory.peak_mb:.0f} MB")
                finally:
                    server.stop()
        finally:
            browser.close()
    return result
