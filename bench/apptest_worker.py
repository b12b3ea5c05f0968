"""Benchmark worker, one process per scale (``TAVOLO_DATABASE_URL`` set by bench/run.py):
each page's warm rerun with ``streamlit.testing.v1.AppTest``, and the map's HTML size and
build time against a naive folium map.

    python -m bench.apptest_worker --scale 1 --pages '[["pages/x.py", "x"], ...]' --out F.json

Warm rerun: a fresh AppTest per page; the page is run once (the first page of the process
also fills the data caches), then ``.run()`` is timed three more times: the table shows the
median, in wall-clock seconds and in CPU seconds of this process (the script runs in
AppTest's thread; on a shared, busy machine CPU time is close to what the wall clock
would say on an idle one). When the first two warm reruns miss the target, the third runs
under the sampling profiler (bench/sampler.py, a few % overhead) and the heaviest
functions are recorded.

The map: looked for as ``tavolo.maps.build_map`` (MAP_BUILDER below), called with the
frames and, when it takes them, ``lang="it"`` and ``offline=True``; it may return a
folium Map (rendered with ``get_root().render()``) or the HTML as a string.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import statistics
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.naive_map import naive_map  # noqa: E402
from bench.sampler import Sampler  # noqa: E402

MAP_MODULE, MAP_FUNCTION = "tavolo.maps", "build_map"
DEFAULT_PAGE = "pages/panoramica.py"  # what app.py shows first (ui.pages.PAGES[0])
WARM_RUNS = 3


def _exceptions(at) -> list[str]:
    out = []
    for e in at.exception:
        out.append(str(getattr(e, "message", None) or getattr(e, "value", None) or e))
    return out


def page_timings(pages: list[tuple[str, str]], timeout: float, profile_over: float | None) -> dict:
    from streamlit.testing.v1 import AppTest

    results = {}
    cold_first = None
    for index, (path, url_path) in enumerate(pages):
        row: dict = {"path": path}
        try:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
            began = time.perf_counter()
            at.run()
            if cold_first is None:
                cold_first = time.perf_counter() - began
            if index > 0 or path != DEFAULT_PAGE:  # the first run showed the default page
                at.switch_page(path)
                began = time.perf_counter()
                at.run()
            row["first_s"] = round(time.perf_counter() - began, 3)
            warm, cpu = [], []
            for run in range(WARM_RUNS):
                sampler = None
                if (run == WARM_RUNS - 1 and profile_over is not None
                        and statistics.median(warm) > profile_over):
                    sampler = Sampler()
                    sampler.__enter__()
                began, began_cpu = time.perf_counter(), time.process_time()
                at.run()
                warm.append(time.perf_counter() - began)
                cpu.append(time.process_time() - began_cpu)
                if sampler is not None:
                    sampler.__exit__(None, None, None)
                    row["profile"] = sampler.top(15)
            row["warm_runs_s"] = [round(w, 3) for w in warm]
            row["warm_s"] = round(statistics.median(warm), 3)
            row["warm_cpu_s"] = round(statistics.median(cpu), 3)
            row["exceptions"] = _exceptions(at)
        except Exception as exc:  # noqa: BLE001 - reported in the table, never fatal
            row["error"] = f"{type(exc).__name__}: {exc}"
            row["traceback"] = traceback.format_exc(limit=6)
        results[url_path] = row
    return {"pages": results, "cold_first_run_s": round(cold_first or 0, 3)}


def _render(result) -> str:
    if isinstance(result, bytes):
        return result.decode("utf-8")
    if isinstance(result, str):
        return result
    if hasattr(result, "get_root"):
        return result.get_root().render()
    if hasattr(result, "_repr_html_"):
        return result._repr_html_()
    raise TypeError(f"{MAP_MODULE}.{MAP_FUNCTION} returned {type(result).__name__}: "
                    "expected a folium Map or an HTML string")


def map_figures(url: str) -> dict:
    try:
        module = importlib.import_module(MAP_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != MAP_MODULE:
            return {"status": "error", "error": f"importing {MAP_MODULE}: {exc}"}
        return {"status": "n/a", "note": f"n/a (no map page yet: no {MAP_MODULE})"}
    except Exception as exc:  # noqa: BLE001
        return {"status": "error", "error": f"importing {MAP_MODULE}: {type(exc).__name__}: {exc}"}
    builder = getattr(module, MAP_FUNCTION, None)
    if builder is None:
        return {"status": "n/a", "note": f"n/a ({MAP_MODULE} has no {MAP_FUNCTION}())"}

    from tavolo.store import Store

    store = Store(url)
    began = time.perf_counter()
    frames = store.read_all()
    out: dict = {"status": "ok", "read_all_s": round(time.perf_counter() - began, 3),
                 "buildings": int(len(frames["buildings"]))}
    params = inspect.signature(builder).parameters
    kwargs = {k: v for k, v in {"lang": "it", "offline": True}.items() if k in params}
    try:
        began = time.perf_counter()
        built = builder(frames, **kwargs)
        built_at = time.perf_counter()
        html = _render(built)
        done = time.perf_counter()
        out.update(build_s=round(built_at - began, 3), render_s=round(done - built_at, 3),
                   total_s=round(done - began, 3), html_bytes=len(html.encode("utf-8")))
    except Exception as exc:  # noqa: BLE001
        out.update(status="error", error=f"{type(exc).__name__}: {exc}",
                   traceback=traceback.format_exc(limit=8))
        return out
    began = time.perf_counter()
    naive = naive_map(frames["buildings"])
    out.update(naive_s=round(time.perf_counter() - began, 3), naive_bytes=len(naive.encode("utf-8")))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, required=True)
    parser.add_argument("--pages", required=True, help="JSON list of [path, url_path]")
    parser.add_argument("--out", required=True)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--profile-over", type=float, default=None,
                        help="profile the warm rerun of pages slower than this (s)")
    parser.add_argument("--no-map", action="store_true")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    result = {"scale": args.scale, "database_url": os.environ.get("TAVOLO_DATABASE_URL")}
    result.update(page_timings([tuple(p) for p in json.loads(args.pages)], args.timeout,
                               args.profile_over))
    result["map"] = {"status": "skipped"} if args.no_map else map_figures(os.environ["TAVOLO_DATABASE_URL"])
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
