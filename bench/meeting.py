"""Meeting screens in headless Chromium (issue 12): moving to the next screen with the
presenter's key (ArrowRight) until that screen is drawn, and where a page's first draw
spends its time (requests, component code, data over the websocket, charts).

- **Step**: a 1920x1080 context on ``?riunione=1`` with every registered screen in the
  sequence (``tavolo.meeting_screens``); each screen is first visited once (warm: the
  server's caches and the browser's code chunks are loaded, as after the first minutes of
  a meeting), then from the first screen the key is pressed once per screen and timed from
  the key press to: the top line says "n / N", the script stopped running, no stale or
  skeleton element, and the screen's body drawn (a plotly SVG, or a loaded image, when the
  screen has a body). Median of ``ROUNDS`` walks.
- **Profile** of a page's first draw (a fresh context): the requests (count, bytes of
  JavaScript), the bytes received over Streamlit's websocket, the plotly charts and data
  grids drawn, and the time to drawn as bench/browser.py counts it.

``python -m bench.meeting --database var/bench/x.sqlite --out F.json`` runs both on its
own server; ``bench/run.py`` calls :func:`run` (step 7).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import browser_kit  # noqa: E402

ROUNDS = 3
STEP_TARGET_S = 0.5  # issue 12, scale 1
TIMEOUT_S = 60  # a shared machine's load can pass 10
VIEWPORT = {"width": 1920, "height": 1080}
DRAWN_JS = """(wanted) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const top = document.querySelector('.mtg-top');
  if (!top || !top.innerText.includes(wanted)) return false;
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-stale="true"], [data-testid="stSkeleton"], '
      + '[data-testid="stSkeletonElement"], [data-testid="stAppSkeleton"]')) return false;
  const body = document.querySelector('.st-key-mtg_body');
  if (body && !body.querySelector('.main-svg')) return false;
  const img = document.querySelector('[data-testid="stImage"] img');
  if (img && !(img.complete && img.naturalWidth > 0)) return false;
  return true;
}"""
COUNT_JS = """() => ({
  charts: document.querySelectorAll('[data-testid="stPlotlyChart"]').length,
  grids: document.querySelectorAll('[data-testid="stDataFrame"]').length,
  images: document.querySelectorAll('[data-testid="stImage"]').length,
  elements: document.querySelectorAll('[data-testid="stElementContainer"]').length })"""


def _wait(page, wanted: str) -> None:
    deadline = time.perf_counter() + TIMEOUT_S
    while not page.evaluate(DRAWN_JS, wanted):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"screen {wanted} not drawn after {TIMEOUT_S} s")
        time.sleep(0.01)


def meeting_steps(browser, server, names: list[str], rounds: int = ROUNDS) -> dict:
    """Seconds from the ArrowRight key to the next screen drawn, per screen (median)."""
    context = browser.new_context(viewport=VIEWPORT, locale="it-IT")
    count = len(names)
    try:
        page = context.new_page()
        for n in range(1, count + 1):  # warm-up: every screen once
            page.goto(f"{server.base}/?riunione=1&schermata={n}", wait_until="domcontentloaded")
            _wait(page, f"{n} / {count}")
        times: dict[str, list[float]] = {name: [] for name in names[1:]}
        for _ in range(rounds):
            page.goto(f"{server.base}/?riunione=1&schermata=1", wait_until="domcontentloaded")
            _wait(page, f"1 / {count}")
            time.sleep(0.3)
            for n in range(2, count + 1):
                began = time.perf_counter()
                page.keyboard.press("ArrowRight")
                _wait(page, f"{n} / {count}")
                times[names[n - 1]].append(round(time.perf_counter() - began, 3))
                time.sleep(0.3)
        return {name: {"step_s": round(statistics.median(v), 3), "runs_s": v} for name, v in times.items()}
    finally:
        context.close()


def profile(browser, url: str, map_page: bool = False) -> dict:
    """What a first draw of ``url`` costs: requests, JavaScript, websocket bytes, charts."""
    from bench import browser as browser_mod

    context = browser.new_context(viewport=browser_kit.VIEWPORT, locale="it-IT")
    got = {"requests": 0, "js_requests": 0, "js_bytes": 0, "ws_bytes": 0, "ws_frames": 0}
    try:
        page = context.new_page()

        def on_response(response):
            got["requests"] += 1
            if response.url.split("?")[0].endswith(".js"):
                got["js_requests"] += 1
                try:
                    got["js_bytes"] += int(response.headers.get("content-length") or len(response.body()))
                except Exception:  # noqa: BLE001 - a response gone with its frame
                    pass

        def on_ws(ws):
            def frame(payload):
                got["ws_frames"] += 1
                got["ws_bytes"] += len(payload)
            ws.on("framereceived", frame)

        page.on("response", on_response)
        page.on("websocket", on_ws)
        began = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector("h1", timeout=TIMEOUT_S * 1000)
        probe = browser_kit.Probe(page, None, "")
        probe.wait_idle(timeout_ms=TIMEOUT_S * 1000, settle_s=0.3)
        got["idle_s"] = round(time.perf_counter() - began, 3)
        got.update(page.evaluate(COUNT_JS))
    finally:
        context.close()
    got["drawn_s"] = round(browser_mod.time_to_drawn(browser, url, map_page)[0], 3)
    return got


def run(database: Path, folder: Path, pages: list[browser_kit.AppPage] | None = None, log=print) -> dict:
    """Step 7 of bench/run.py: the meeting steps and the first-draw profiles, on one server
    with every registered screen in the sequence."""
    import shutil

    from playwright.sync_api import sync_playwright

    from bench import browser as browser_mod
    from tavolo import meeting_screens

    names = list(meeting_screens.NAMES)
    copy = folder / "meeting.sqlite"
    shutil.copy(database, copy)
    before = os.environ.get("TAVOLO_MEETING_SEQUENCE")
    os.environ["TAVOLO_MEETING_SEQUENCE"] = json.dumps(names)
    try:
        server = browser_kit.start_server(folder, database_url=f"sqlite:///{copy}")
    finally:
        if before is None:
            os.environ.pop("TAVOLO_MEETING_SEQUENCE", None)
        else:
            os.environ["TAVOLO_MEETING_SEQUENCE"] = before
    out: dict = {"screens": names, "rounds": ROUNDS, "target_s": STEP_TARGET_S}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=browser_kit.CHROMIUM, headless=True,
                                         args=browser_kit.CHROMIUM_ARGS)
            try:
                trivial = folder / "trivial"
                trivial.mkdir(exist_ok=True)
                out["trivial"] = browser_mod.trivial_first_draw(browser, trivial)  # the floor, same run
                log(f"  trivial app: {out['trivial']['drawn_s']} s")
                out["steps"] = meeting_steps(browser, server, names)
                log("  meeting steps: " + ", ".join(f"{k} {v['step_s']} s" for k, v in out["steps"].items()))
                out["profiles"] = {}
                targets = [("meeting", "?riunione=1&schermata=1", False)]
                targets += [(p.url_path, p.route, browser_mod.is_map_page(p)) for p in (pages or [])]
                for name, route, map_page in targets:
                    url = f"{server.base}/{route}"
                    try:
                        profile(browser, url, map_page)  # warm
                        out["profiles"][name] = profile(browser, url, map_page)
                    except Exception as exc:  # noqa: BLE001 - reported, never fatal
                        out.setdefault("errors", []).append(f"/{route}: {type(exc).__name__}: {exc}"[:300])
                        continue
                    log(f"  profile /{route}: {out['profiles'][name]}")
            finally:
                browser.close()
    finally:
        server.stop()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", type=Path, default=None, help="a SQLite file (default: scale 1)")
    parser.add_argument("--pages", default="", help="url paths to profile too")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    import tempfile

    from bench import datasets as ds_mod

    database = args.database or ds_mod.ensure(1).database
    pages = [p for p in browser_kit.discover_pages() if p.url_path in set(args.pages.split(","))]
    with tempfile.TemporaryDirectory(prefix="tavolo-meeting-") as folder:
        result = run(Path(database), Path(folder), pages)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
