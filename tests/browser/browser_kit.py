"""Helpers of the browser tests and the benchmark (issue 7): page discovery from ui/pages.py,
a `streamlit run` server in its own process group, and `Probe`, a page under observation.

Imported by tests/browser/conftest.py and by bench/run.py (which puts this folder on
sys.path); no pytest import at module level.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Debian's chromium; TAVOLO_CHROMIUM=/other/path overrides (a missing path simulates no browser).
CHROMIUM = os.environ.get("TAVOLO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PORTS = range(8601, 8621)  # this suite's range on the shared machine (never 8501/8599)
VIEWPORT = {"width": 1600, "height": 2400}
SCREENSHOTS = ROOT / "screenshots"  # git-ignored
START_TIMEOUT_S = 90  # the first start also creates the SQLite store from data/
RENDER_TIMEOUT_MS = 120_000  # generous: the 2 cores are shared


# -- pages ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AppPage:
    path: str  # pages/x.py
    title_key: str  # a key of tavolo.i18n
    icon: str
    url_path: str
    default: bool  # app.py makes the first entry the default page, served at "/"

    @property
    def route(self) -> str:
        """The URL path the page is served at: Streamlit serves the default page at the
        root (``/<its url_path>`` would log "page does not seem to exist")."""
        return "" if self.default else self.url_path


def discover_pages() -> list[AppPage]:
    """The entries of the page registry app.py navigates over (``ui.pages.PAGES``)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from ui.pages import PAGES

    return [AppPage(p, k, i, u, default=(n == 0)) for n, (p, k, i, u) in enumerate(PAGES)]


def title(key: str, lang: str) -> str:
    from tavolo import i18n

    return i18n.t(key, lang)


# -- environment ------------------------------------------------------------------------
def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def free_port() -> int:
    """A port of PORTS nobody listens on now, tried in random order: two runs of the suite
    (or the suite and the benchmark) on the shared machine rarely reach for the same one,
    and `start_server` retries when they do."""
    ports = list(PORTS)
    random.shuffle(ports)
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


class PortTaken(RuntimeError):
    pass


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path
    database: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def origin(self) -> str:
        return f"127.0.0.1:{self.port}"

    def log_tail(self, n: int = 40) -> str:
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(lines[-n:])

    def stop(self) -> None:
        if self.process.poll() is None:
            for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
                try:
                    os.killpg(self.process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue


def start_server(folder: Path, port: int | None = None, offline: bool = True,
                 database_url: str | None = None, script: str = "app.py") -> Server:
    """Start ``streamlit run SCRIPT`` in its own process group and wait until healthy.
    Without an explicit port, a port taken meanwhile by someone else means another try."""
    for _attempt in range(1 if port else 5):
        try:
            return _start_once(folder, port or free_port(), offline, database_url, script)
        except PortTaken:
            continue
    raise RuntimeError(f"no port of {PORTS.start}-{PORTS.stop - 1} could be bound")


def _start_once(folder: Path, port: int, offline: bool, database_url: str | None,
                script: str) -> Server:
    database = folder / "tavolo.sqlite"
    env = dict(os.environ)
    env.update({"TAVOLO_DATABASE_URL": database_url or f"sqlite:///{database}",
                "TAVOLO_SETTINGS_FILE": str(folder / "settings.json"),  # not the shared var/
                "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
                "PYTHONUNBUFFERED": "1"})
    if offline:
        env["TAVOLO_OFFLINE"] = "1"
    else:
        env.pop("TAVOLO_OFFLINE", None)
    log = folder / f"streamlit-{port}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(port),
             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(process, port, log, database)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = server.log_tail()
            if f"Port {port} is not available" in tail or "already in use" in tail:
                raise PortTaken(tail)
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{tail}")
        # Healthy, and it is ours: our process says it serves this port (another server
        # on the same port would answer the health check too).
        if f"127.0.0.1:{port}" in server.log.read_text(encoding="utf-8", errors="replace"):
            try:
                with urllib.request.urlopen(f"{server.base}/_stcore/health", timeout=2) as r:
                    if r.status == 200 and process.poll() is None:
                        return server
            except OSError:
                pass
        time.sleep(0.25)
    server.stop()
    raise RuntimeError(f"streamlit not healthy after {START_TIMEOUT_S} s:\n{server.log_tail()}")


# -- a page under observation ------------------------------------------------------------
IGNORED_SCHEMES = ("data:", "blob:", "about:", "chrome-extension:")


@dataclass
class Probe:
    """A page opened by `visit`, with everything it asked for and complained about."""

    page: object  # playwright.sync_api.Page
    server: Server
    route: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    # Streamlit's frontend, opened at /<page>, first looks for its server under that path
    # (/<page>/_stcore/health and /host-config), gets a 404 and falls back to the root:
    # two "Failed to load resource" console errors that are Streamlit's, not the app's.
    def _base_path_probe(self, location_url: str) -> bool:
        if not self.route:
            return False
        prefix = f"{self.server.base}/{self.route}/_stcore/"
        return location_url in (prefix + "health", prefix + "host-config")

    def on_console(self, message) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        if "Failed to load resource" in message.text and self._base_path_probe(url):
            return
        self.console_errors.append(f"{message.text} [{url}]")

    def listen(self) -> None:
        """Record from now on: every request, console errors, uncaught page errors."""
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", self.on_console)
        self.page.on("pageerror", lambda e: self.page_errors.append(str(e)))

    def foreign_requests(self) -> list[str]:
        """Requests to any host other than 127.0.0.1:PORT (data:, blob:, about: are fine)."""
        return [u for u in self.requests if not u.startswith(IGNORED_SCHEMES)
                and urllib.parse.urlsplit(u).netloc != self.server.origin]

    # -- waiting ------------------------------------------------------------------------
    def wait_idle(self, timeout_ms: int = RENDER_TIMEOUT_MS, settle_s: float = 0.3) -> None:
        """Wait until the script has finished and the page is drawn: stApp says notRunning,
        no status widget (the "Running..." indicator), no stale element, and no skeleton
        (Streamlit loads most element types' code on demand and shows a placeholder
        meanwhile: an exception box, a metric or a chart can appear seconds after the
        script ended); twice ``settle_s`` apart."""
        js = """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
                && !document.querySelector('[data-testid="stStatusWidget"]')
                && !document.querySelector('[data-stale="true"]')
                && !document.querySelector('[data-testid="stSkeleton"], '
                    + '[data-testid="stSkeletonElement"], [data-testid="stAppSkeleton"]');
        }"""
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            self.page.wait_for_function(js, timeout=max(1, int((deadline - time.monotonic()) * 1000)))
            time.sleep(settle_s)
            if self.page.evaluate(js):
                return
            if time.monotonic() > deadline:
                raise TimeoutError("Streamlit did not stop running")

    def wait_rendered(self) -> None:
        self.page.wait_for_selector("h1", timeout=RENDER_TIMEOUT_MS)
        self.wait_idle()

    # -- checks -------------------------------------------------------------------------
    def exceptions(self) -> list[str]:
        return self.page.locator('[data-testid="stException"]').all_inner_texts()

    def assert_healthy(self) -> None:
        """No Python exception on the page, no console error, no page error, and (the
        server runs with TAVOLO_OFFLINE=1) no request to another host."""
        problems = []
        if errors := self.exceptions():
            problems.append("exception shown on the page:\n" + "\n---\n".join(errors))
        if self.page_errors:
            problems.append("JavaScript errors:\n" + "\n".join(self.page_errors))
        if self.console_errors:
            problems.append("console errors:\n" + "\n".join(self.console_errors))
        if foreign := self.foreign_requests():
            problems.append(f"requests outside {self.server.origin} in offline mode:\n"
                            + "\n".join(sorted(set(foreign))))
        assert not problems, f"/{self.route}: " + "\n\n".join(problems)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))  # the viewport is tall: Streamlit scrolls an inner container
        return path

    # -- common gestures ----------------------------------------------------------------
    def sidebar(self):
        return self.page.locator('[data-testid="stSidebar"]')

    def main(self):
        return self.page.locator('[data-testid="stMain"]')

    def h1(self) -> str:
        return self.page.locator("h1").first.inner_text().strip()


AXE_FINDINGS: list[dict] = []  # {"page", "id", "impact", "help", "nodes": [...]}
