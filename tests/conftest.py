"""Shared pytest fixtures for Tavolo Casa."""

import os

import pytest

# =====================================================================================
# BEGIN PostgreSQL server fixture (tests/pgserver.py)
#
# `pg_url`: session-scoped; starts one throwaway PostgreSQL server on 127.0.0.1 (free
# port, own data dir, trust auth on loopback only) and yields its SQLAlchemy URL,
# postgresql+psycopg://postgres@127.0.0.1:PORT/tavolo. The server is stopped and its
# folder removed at the end of the session.
#
# Server binaries missing (Debian package `postgresql` not installed):
#   - outside CI the tests that use `pg_url` are SKIPPED;
#   - with CI=true they FAIL, since a skip would hide a missing install step (.ci/run).
# Skip reasons are easy to miss: run pytest with `-rs` (the Makefile's `test` target
# should); without it, pytest_terminal_summary below still prints the PostgreSQL one.
# TAVOLO_PG_BINDIR=/path/to/bin forces a binaries folder (a missing one simulates an
# absent install).
# =====================================================================================

try:  # tests/ as a package (rootdir on sys.path) or as a plain folder (pytest default)
    from tests.pgserver import PostgresServer, find_binaries
except ImportError:
    from pgserver import PostgresServer, find_binaries

PG_MISSING_REASON = (
    "PostgreSQL server binaries not found: install Debian package postgresql "
    "(apt-get install postgresql; initdb/pg_ctl looked for in PATH and "
    "/usr/lib/postgresql/*/bin)"
)
_pg_skip_reasons: list[str] = []


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


@pytest.fixture(scope="session")
def pg_url():
    binaries = find_binaries()
    if binaries is None:
        if _in_ci():
            pytest.fail(f"CI=true and {PG_MISSING_REASON}", pytrace=False)
        reason = PG_MISSING_REASON
        if os.environ.get("TAVOLO_PG_BINDIR"):
            reason += f" (TAVOLO_PG_BINDIR={os.environ['TAVOLO_PG_BINDIR']} is set: only there)"
        _pg_skip_reasons.append(reason)
        pytest.skip(reason)
    server = PostgresServer(binaries)
    try:
        yield server.url
    finally:
        server.stop()


def pytest_collection_modifyitems(config, items):
    """The lanes of the Makefile: every test that uses ``pg_url`` is ``postgres`` and every
    test under tests/browser/ is ``browser``, marked or not, so that ``make check``
    (``-m "not browser and not postgres"``) leaves them out."""
    browser_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "browser")
    for item in items:
        if "pg_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)
        if str(item.path).startswith(browser_dir + os.sep):
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Print why the PostgreSQL tests were skipped, unless -rs already shows it."""
    if not _pg_skip_reasons:
        return
    chars = config.getoption("reportchars", "") or ""
    if "s" in chars or "a" in chars or "A" in chars:
        return
    skipped = len(terminalreporter.stats.get("skipped", []))
    terminalreporter.write_sep("=", "PostgreSQL tests skipped", yellow=True)
    terminalreporter.write_line(f"{skipped} test(s) skipped in all; PostgreSQL: {_pg_skip_reasons[0]}")


# =====================================================================================
# END PostgreSQL server fixture
# =====================================================================================


# =====================================================================================
# Foundation fixtures: demo data, SQLite stores, isolated settings
# =====================================================================================
import shutil  # noqa: E402


@pytest.fixture(scope="session")
def demo_frames():
    """``tavolo.demo.generate(1)``, generated once per session (about a second).
    Shared by every test: copy a frame before changing it."""
    from tavolo import demo

    return demo.generate(1)


@pytest.fixture(scope="session")
def demo_sqlite_template(tmp_path_factory):
    """An SQLite store built once per session from ``data/``, the way the app builds it on
    first start (``open_store``). Use ``demo_db_url`` or ``demo_store`` for a private copy."""
    from tavolo.store import open_store

    path = tmp_path_factory.mktemp("store_template") / "demo.sqlite"
    store = open_store(f"sqlite:///{path}")
    store.dispose()
    return path


@pytest.fixture
def demo_db_url(demo_sqlite_template, tmp_path):
    """URL of a fresh copy of the session's demo SQLite store, private to the test."""
    path = tmp_path / "tavolo.sqlite"
    shutil.copyfile(demo_sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def demo_store(demo_db_url):
    """A ``Store`` on a private copy of the demo SQLite store."""
    from tavolo.store import Store

    store = Store(demo_db_url)
    yield store
    store.dispose()


@pytest.fixture
def isolated_settings(tmp_path, monkeypatch):
    """Settings read from a (missing) file in ``tmp_path`` and no ``TAVOLO_*`` variable
    from the caller's environment; returns the settings file's path."""
    for key in list(os.environ):
        if key.startswith("TAVOLO_") and key != "TAVOLO_PG_BINDIR":
            monkeypatch.delenv(key)
    path = tmp_path / "settings.json"
    monkeypatch.setenv("TAVOLO_SETTINGS_FILE", str(path))
    return path


# =====================================================================================
# Accounts and PostgreSQL databases shared by the suites
# =====================================================================================
ADMIN_PASSWORD = "una password lunga"


@pytest.fixture(scope="session")
def make_admin():
    """``make_admin(store, name="casa", display_name="ufficio casa")``: an admin account
    in ``store`` (real data are loaded, backed up and restored only once one exists)."""
    from tavolo import auth

    def make(store, name: str = "casa", display_name: str = "ufficio casa"):
        return auth.add_user(store, name, "admin", ADMIN_PASSWORD, display_name=display_name)

    return make


@pytest.fixture
def demo_admin(demo_store, make_admin):
    """The admin 'casa' ("ufficio casa") in ``demo_store``."""
    return make_admin(demo_store)


class PgDatabases:
    """Throwaway databases on the session's PostgreSQL server (``pg_url``): ``create``
    returns a new database's name (``template``: a copy of that one), ``url`` its
    SQLAlchemy URL, ``new_url`` both at once, ``drop`` removes it."""

    def __init__(self, pg_url: str):
        import sqlalchemy as sa

        self._sa = sa
        self.pg_url = pg_url
        self.admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")

    def url(self, name: str) -> str:
        return self._sa.make_url(self.pg_url).set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None, prefix: str = "t") -> str:
        import uuid

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        suffix = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as conn:
            conn.execute(self._sa.text(f'CREATE DATABASE "{name}"{suffix}'))
        return name

    def new_url(self, prefix: str = "t") -> str:
        return self.url(self.create(prefix=prefix))

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(self._sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def pg_databases(pg_url):
    """A ``PgDatabases`` on the session's server (PostgreSQL tests only)."""
    databases = PgDatabases(pg_url)
    yield databases
    databases.admin.dispose()
