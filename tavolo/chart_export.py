"""Charts as PNG, SVG and PDF, drawn on the server by kaleido with ONE warm Chromium.

Starting a browser costs seconds (2-9 s on a busy machine), so the first export opens one
Chromium in a background thread that runs its own asyncio loop, and every later export
reuses it (0.1-0.5 s). Exports are serialised with a lock: one figure at a time in the one
tab. MathJax is off, since kaleido would load it from a CDN; plotly.js comes from the
installed plotly package, so nothing leaves the machine.

Why not ``kaleido.start_sync_server()``: when the browser cannot start, its worker thread
dies and every later call waits forever (checked with kaleido 1.5.0 and a wrong
``BROWSER_PATH``). Here a missing browser is found before anything starts and raises
``ChromiumMissing``, whose message is in Italian and English; a start or render that hangs
is cut by a timeout and the browser is restarted at the next export.

    >>> png = export(fig, "png")          # bytes starting with b"\\x89PNG"
    >>> available()                        # False on a machine without Chromium
"""

from __future__ import annotations

import asyncio
import atexit
import copy
import html
import os
import re
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tavolo.errors import BilingualError

FORMATS: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
DEFAULT_WIDTH = 1100
DEFAULT_HEIGHT = 500
START_TIMEOUT_S = 60.0
RENDER_TIMEOUT_S = 45.0

MISSING_IT = ("Esportazione dei grafici non disponibile: Chromium non è installato su questo "
              "server (installare il pacchetto Debian 'chromium' o indicarne il percorso in "
              "BROWSER_PATH). Le tabelle si possono comunque scaricare in CSV e XLSX.")
MISSING_EN = ("Chart export unavailable: Chromium is not installed on this server (install "
              "the Debian package 'chromium' or set its path in BROWSER_PATH). Tables can "
              "still be downloaded as CSV and XLSX.")


class ChromiumMissing(BilingualError, RuntimeError):
    """No Chromium on this machine: charts cannot be exported (everything else works)."""

    def __init__(self) -> None:
        super().__init__(MISSING_IT, MISSING_EN)


class ExportFailed(BilingualError, RuntimeError):
    """The browser was found but the export failed or took too long."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"Esportazione del grafico non riuscita: {detail}", f"Chart export failed: {detail}")


def missing_message(lang: str = "it") -> str:
    return ChromiumMissing().message(lang)


def browser_path() -> str | None:
    """The Chromium kaleido will use: ``BROWSER_PATH`` when set (and only it), else the
    first chromium/chrome found by choreographer (PATH, then the usual folders)."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        path = Path(explicit)
        return str(path) if path.is_file() and os.access(path, os.X_OK) else None
    try:
        from choreographer.browsers.chromium import Chromium

        found = Chromium.find_browser(skip_local=False)
    except Exception:  # noqa: BLE001 - any failure to look means "not found"
        return None
    return found if found and Path(found).is_file() else None


def available() -> bool:
    """True when a Chromium is there to draw exports."""
    return browser_path() is not None


@dataclass(frozen=True)
class Timing:
    format: str
    seconds: float
    cold: bool  # True when this export had to start the browser


class _WarmBrowser:
    """One Chromium (one kaleido tab) living in a daemon thread with its own event loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self.timings: deque[Timing] = deque(maxlen=50)

    def running(self) -> bool:
        return self._kaleido is not None and self._thread is not None and self._thread.is_alive()

    def _start(self) -> None:
        path = browser_path()
        if path is None:
            raise ChromiumMissing()
        import kaleido

        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="tavolo-kaleido", daemon=True)
        thread.start()

        async def open_browser():
            k = kaleido.Kaleido(n=1, mathjax=False, timeout=RENDER_TIMEOUT_S, path=path)
            await k.open()
            return k

        future = asyncio.run_coroutine_threadsafe(open_browser(), loop)
        try:
            self._kaleido = future.result(timeout=START_TIMEOUT_S)
        except Exception as exc:  # noqa: BLE001 - reported in both languages
            future.cancel()
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=5)
            raise ExportFailed(f"Chromium ({path}) non si avvia / does not start: {exc!r}") from exc
        self._loop, self._thread = loop, thread

    def _stop(self) -> None:
        loop, k = self._loop, self._kaleido
        self._kaleido = None
        self._loop = None
        if loop is None:
            return
        if k is not None:
            try:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(timeout=10)
            except Exception:  # noqa: BLE001 - the browser may already be gone
                pass
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._thread = None

    def render(self, figure: dict, opts: dict) -> bytes:
        with self._lock:
            began = time.perf_counter()
            cold = not self.running()
            if cold:
                self._stop()
                self._start()
            future = asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(figure, opts=opts), self._loop)
            try:
                data = future.result(timeout=RENDER_TIMEOUT_S + 5)
            except Exception as exc:  # noqa: BLE001 - restart the browser next time
                future.cancel()
                self._stop()
                raise ExportFailed(repr(exc)) from exc
            self.timings.append(Timing(opts["format"], time.perf_counter() - began, cold))
            return data

    def close(self) -> None:
        with self._lock:
            self._stop()


_BROWSER = _WarmBrowser()
atexit.register(_BROWSER.close)


def _size(fig, width: int | None, height: int | None) -> tuple[int, int]:
    layout = getattr(fig, "layout", None)
    fig_width = getattr(layout, "width", None) if layout is not None else None
    fig_height = getattr(layout, "height", None) if layout is not None else None
    return int(width or fig_width or DEFAULT_WIDTH), int(height or fig_height or DEFAULT_HEIGHT)


# Exported figures: margins that fit their labels. On screen a chart may keep tight
# margins (Streamlit's frame), but a file goes into a report: every cartesian axis grows
# the margin to fit its tick labels (plotly's automargin), the legend may push the
# margins, the title keeps off the edge, and nothing starts outside the canvas. Applied
# here, at export time, to every chart builder's figure (charts, charts_demand,
# charts_programmes), so the builders need no export-specific code.
MIN_MARGIN = {"l": 16, "r": 24, "t": 50, "b": 16}
NOTE_FONT_SIZE = 12
NOTE_COLOUR = "#333333"
_AXIS = re.compile(r"^[xy]axis\d*$")
_CARTESIAN = {"bar", "scatter", "scattergl", "histogram", "box", "violin", "heatmap", "waterfall",
              "funnel", "candlestick", "ohlc", "contour", "histogram2d", "image"}


def prepare(fig, note: str | None = None) -> dict:
    """The figure as a dict ready to draw in a file: white page, margins that fit the
    labels, and ``note`` (e.g. 'Dati dimostrativi · Fonte: ... · Aggiornati al ...', see
    ``tavolo.exports.provenance``) written under the title, as text of the image."""
    figure = copy.deepcopy(fig.to_dict() if hasattr(fig, "to_dict") else dict(fig))
    layout = figure.setdefault("layout", {})
    # A white page: exports go into minutes and reports, not onto the app's background.
    layout.setdefault("paper_bgcolor", "#FFFFFF")
    margin = dict(layout.get("margin") or {})
    for side, least in MIN_MARGIN.items():
        default = 100 if side == "t" else 80  # plotly's own defaults
        margin[side] = max(int(margin.get(side, default) or 0), least)
    margin["autoexpand"] = True
    axes = {k for k in layout if _AXIS.match(k)}
    if any(t.get("type", "scatter") in _CARTESIAN for t in figure.get("data", [])):
        axes |= {"xaxis", "yaxis"}
    for key in sorted(axes):
        layout[key] = {**(layout.get(key) or {}), "automargin": True}
    title = layout.get("title")
    title = {"text": title} if isinstance(title, str) else dict(title or {})
    if title.get("text") and title.get("x", 0.5) <= 0.05:
        # flush left would start the title on the canvas' edge: anchor it at the margin
        title.update({"x": 0, "xref": "container", "xanchor": "left",
                      "pad": {**(title.get("pad") or {}), "l": margin["l"]}})
    if note:
        title_size = ((title.get("font") or {}).get("size") or 17)
        if title.get("text"):
            title["subtitle"] = {"text": _escape(note), "font": {"size": NOTE_FONT_SIZE, "color": NOTE_COLOUR}}
        else:
            title.update({"text": _escape(note), "font": {"size": NOTE_FONT_SIZE, "color": NOTE_COLOUR},
                          "x": 0, "xref": "container", "xanchor": "left", "pad": {"l": margin["l"]}})
            title_size = 0
        title.update({"yref": "container", "y": 1, "yanchor": "top"})
        title["pad"] = {**(title.get("pad") or {}), "t": 10}
        # the note gets its own band: what the top margin held (e.g. the board's
        # annotations above the plot) keeps its place
        margin["t"] = max(margin["t"] + NOTE_FONT_SIZE + 12, 18 + title_size + NOTE_FONT_SIZE + 26)
    if title:
        layout["title"] = title
    layout["margin"] = margin
    return figure


def _escape(text: str) -> str:
    """Plotly reads a little HTML in text: a note from data is shown as written."""
    return html.escape(str(text), quote=False)


def export(fig, fmt: str = "png", width: int | None = None, height: int | None = None,
           scale: float | None = None, note: str | None = None) -> bytes:
    """The figure as ``fmt`` ("png", "svg" or "pdf") bytes, drawn by the warm Chromium,
    with margins that fit its labels and ``note`` (source, as-of date, demo flag) drawn
    under its title.

    Raises ``ChromiumMissing`` without a browser, ``ExportFailed`` on a failed render."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValueError(f"Formato non previsto / unknown format: {fmt} (png, svg, pdf)")
    w, h = _size(fig, width, height)
    figure = prepare(fig, note)
    if note:  # the note takes room at the top: the plot keeps its height
        before = ((fig.to_dict() if hasattr(fig, "to_dict") else dict(fig)).get("layout") or {})
        h += max(0, figure["layout"]["margin"]["t"] - int((before.get("margin") or {}).get("t", 100)))
    opts = {"format": fmt, "width": w, "height": h, "scale": scale or (2 if fmt == "png" else 1)}
    return _BROWSER.render(figure, opts)


def to_png(fig, **kwargs) -> bytes:
    return export(fig, "png", **kwargs)


def to_svg(fig, **kwargs) -> bytes:
    return export(fig, "svg", **kwargs)


def to_pdf(fig, **kwargs) -> bytes:
    return export(fig, "pdf", **kwargs)


def timings() -> list[Timing]:
    """The latest exports' durations, oldest first (the first one is cold)."""
    return list(_BROWSER.timings)


def shutdown() -> None:
    """Close the warm browser (it restarts at the next export)."""
    _BROWSER.close()
