"""Benchmark worker: chart export time, first (the browser starts) and following.

    python -m bench.export_worker --url sqlite:///... --out F.json

The figure: ``tavolo.charts.flats_by_owner_status`` of the overview at scale 1.
Two paths are timed when present, each in its own phase:

- ``app``: the app's exporter, ``tavolo.chart_export.to_png`` (one warm Chromium);
- ``plotly``: ``plotly.io.to_image(fig, format="png")`` with kaleido's
  ``start_sync_server(mathjax=False)`` keeping the browser warm (MathJax would come from
  a CDN). It is only started once a Chromium is known to be there: kaleido 1.5's server
  thread dies on a missing browser and every later call would wait forever.

Each call runs under a watchdog (``CALL_TIMEOUT_S``) so that a hang is reported, not waited on.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FOLLOWING = 4
CALL_TIMEOUT_S = 90


def _timed(fn, *args, **kwargs) -> tuple[float, bytes]:
    box: dict = {}

    def target():
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    began = time.perf_counter()
    thread.start()
    thread.join(CALL_TIMEOUT_S)
    elapsed = time.perf_counter() - began
    if thread.is_alive():
        raise TimeoutError(f"no answer after {CALL_TIMEOUT_S} s")
    if "error" in box:
        raise box["error"]
    return elapsed, box["value"]


def _series(call) -> dict:
    first, data = _timed(call)
    if not (isinstance(data, bytes) and data.startswith(b"\x89PNG")):
        raise ValueError(f"not a PNG: {data[:16]!r}")
    following = [_timed(call)[0] for _ in range(FOLLOWING)]
    return {"status": "ok", "first_s": round(first, 3),
            "following_s": round(statistics.median(following), 3),
            "following_runs_s": [round(x, 3) for x in following], "png_bytes": len(data)}


def find_chromium() -> str | None:
    """The browser kaleido would use (choreographer's search), or None."""
    import os

    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    try:
        from choreographer.browsers.chromium import Chromium

        found = Chromium.find_browser(skip_local=False)
    except Exception:  # noqa: BLE001
        return None
    return str(found) if found and Path(found).is_file() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)

    from tavolo import charts, loading, summary
    from tavolo.store import Store

    store = Store(args.url)
    fig = charts.flats_by_owner_status(summary.summarise(store.read_all(), store.meta(),
                                                         loading.is_demo(store)), "it")
    result: dict = {"figure": "tavolo.charts.flats_by_owner_status (scale 1)"}
    chromium = find_chromium()
    result["chromium"] = chromium
    if chromium is None:
        note = "kaleido cannot find chromium (install Debian's chromium or set BROWSER_PATH)"
        result["app"] = result["plotly"] = {"status": "n/a", "note": note}
        Path(args.out).write_text(json.dumps(result, indent=2))
        return 0

    try:
        from tavolo import chart_export
    except ImportError:
        result["app"] = {"status": "n/a", "note": "no tavolo.chart_export"}
    else:
        try:
            result["app"] = {"function": "tavolo.chart_export.to_png",
                             **_series(lambda: chart_export.to_png(fig))}
        except BaseException as exc:  # noqa: BLE001
            result["app"] = {"status": "error", "error": f"{type(exc).__name__}: {exc}"}
        finally:
            try:
                chart_export.shutdown()
            except Exception:  # noqa: BLE001
                pass

    import kaleido
    import plotly.io as pio

    server = hasattr(kaleido, "start_sync_server")
    try:
        began = time.perf_counter()
        if server:
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        started = time.perf_counter() - began
        series = _series(lambda: pio.to_image(fig, format="png"))
        series["first_s"] = round(series["first_s"] + started, 3)
        result["plotly"] = {"function": "plotly.io.to_image" + (" + kaleido.start_sync_server"
                                                                 if server else " (cold each call)"),
                            **series}
    except BaseException as exc:  # noqa: BLE001
        result["plotly"] = {"status": "error", "error": f"{type(exc).__name__}: {exc}"}
    Path(args.out).write_text(json.dumps(result, indent=2))
    if server:
        try:
            kaleido.stop_sync_server(silence_warnings=True)
        except Exception:  # noqa: BLE001
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
