"""A throwaway PostgreSQL server for the tests.

    server = PostgresServer()   # initdb + pg_ctl start, about 1-2 s
    server.url                  # postgresql+psycopg://postgres@127.0.0.1:PORT/tavolo
    server.stop()               # stops the server and removes its data dir

The server is private to the test run: its own data dir in a temporary folder, a free
TCP port on 127.0.0.1 only, a unix socket in the temporary folder, trust authentication
for local connections only. It never touches a cluster the Debian package may have
started on port 5432.

Root cannot run initdb or pg_ctl: when running as root, both run as the `postgres` OS
user (created by the Debian package `postgresql`) and the temporary folder is given to
that user.

Binaries are looked up by `find_binaries()`: the directory named by the environment
variable TAVOLO_PG_BINDIR if set (and only there: set it to a missing folder to test the
"not installed" path), otherwise `initdb` in PATH, then /usr/lib/postgresql/*/bin, newest
major version first.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PG_LIB_GLOB = "/usr/lib/postgresql/*/bin"
BINDIR_ENV = "TAVOLO_PG_BINDIR"
DB_NAME = "tavolo"
SUPERUSER = "postgres"  # database role created by initdb
OS_USER = "postgres"  # OS account used when running as root
STARTUP_TIMEOUT = 30.0  # seconds, for the whole start-up: initdb, pg_ctl start, CREATE DATABASE


class PostgresServerError(RuntimeError):
    """The server could not be set up; the message carries the command output/log."""


@dataclass(frozen=True)
class PgBinaries:
    bindir: Path
    initdb: Path
    pg_ctl: Path
    postgres: Path

    def version(self) -> str:
        out = subprocess.run(
            [str(self.postgres), "--version"], capture_output=True, text=True, timeout=10
        )
        return out.stdout.strip()


def _bindir_of(directory: str | os.PathLike) -> PgBinaries | None:
    d = Path(directory)
    names = {n: d / n for n in ("initdb", "pg_ctl", "postgres")}
    if all(p.is_file() and os.access(p, os.X_OK) for p in names.values()):
        return PgBinaries(bindir=d, **names)
    return None


def _version_key(path: str) -> tuple:
    # /usr/lib/postgresql/15/bin -> (15,); "9.6" -> (9, 6)
    ver = Path(path).parent.name
    return tuple(int(x) for x in re.findall(r"\d+", ver)) or (0,)


def find_binaries() -> PgBinaries | None:
    """Locate initdb, pg_ctl and postgres (all in one directory), or return None."""
    override = os.environ.get(BINDIR_ENV)
    if override:
        return _bindir_of(override)

    candidates: list[str] = []
    initdb = shutil.which("initdb")
    if initdb:
        # Debian puts symlinks (or nothing) in PATH; initdb and pg_ctl look for
        # `postgres` beside their real location, so resolve the link.
        candidates.append(os.path.dirname(os.path.realpath(initdb)))
    candidates += sorted(glob.glob(PG_LIB_GLOB), key=_version_key, reverse=True)
    for c in candidates:
        found = _bindir_of(c)
        if found:
            return found
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """Start a private PostgreSQL server; see the module docstring."""

    def __init__(
        self,
        binaries: PgBinaries | None = None,
        dbname: str = DB_NAME,
        timeout: float = STARTUP_TIMEOUT,
    ) -> None:
        self.binaries = binaries or find_binaries()
        if self.binaries is None:
            raise PostgresServerError(
                "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found "
                f"in PATH or {PG_LIB_GLOB}"
            )
        self.dbname = dbname
        self.timeout = timeout
        self.port: int | None = None
        self.url: str | None = None
        self.startup_seconds: float | None = None
        self._running = False

        self._as_user = self._pick_os_user()
        self.tmpdir = Path(tempfile.mkdtemp(prefix="tavolo-pg-"))
        self.datadir = self.tmpdir / "data"
        self.sockdir = self.tmpdir / "sock"
        self.logfile = self.tmpdir / "server.log"
        atexit.register(self.stop)
        t0 = time.monotonic()
        self._deadline = t0 + timeout
        try:
            self._prepare_tmpdir()
            self._initdb()
            self._start()
            self._create_database()
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - t0

    # -- helpers ---------------------------------------------------------------

    @staticmethod
    def _pick_os_user() -> pwd.struct_passwd | None:
        if os.geteuid() != 0:
            return None  # run the binaries as ourselves
        try:
            return pwd.getpwnam(OS_USER)
        except KeyError:
            raise PostgresServerError(
                f"running as root, but there is no OS user {OS_USER!r} to run initdb and "
                "pg_ctl as (root cannot): install the Debian package postgresql, or "
                "run the tests as an ordinary user"
            ) from None

    def _prepare_tmpdir(self) -> None:
        self.sockdir.mkdir()
        self.logfile.touch()
        if self._as_user is not None:
            uid, gid = self._as_user.pw_uid, self._as_user.pw_gid
            for p in (self.tmpdir, self.sockdir, self.logfile):
                os.chown(p, uid, gid)
            # the postgres user must be able to reach the temporary folder
            parent = self.tmpdir.parent
            probe = self._cmd(["test", "-w", str(self.tmpdir)])
            if subprocess.run(probe, cwd="/", capture_output=True, timeout=10).returncode != 0:
                raise PostgresServerError(
                    f"OS user {OS_USER!r} cannot write to {self.tmpdir}: is {parent} "
                    "traversable by it? (set TMPDIR to a folder such as /tmp)"
                )

    def _cmd(self, argv: list[str]) -> list[str]:
        """Wrap argv so that it runs as the postgres OS user when we are root."""
        if self._as_user is None:
            return argv
        if shutil.which("runuser"):
            return ["runuser", "-u", OS_USER, "--", *argv]
        return ["su", OS_USER, "-s", "/bin/sh", "-c", shlex.join(argv)]

    def _run(self, argv: list[str], what: str, timeout: float) -> str:
        env = dict(os.environ, LC_ALL="C", LANG="C")
        env.pop("PGDATA", None)
        # Own process group, so that a hung command can be killed with its children
        # (runuser -> pg_ctl -> ...). The postmaster detaches itself (setsid) anyway.
        proc = subprocess.Popen(
            self._cmd(argv),
            cwd=str(self.tmpdir),  # a folder the postgres user can enter
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            out, _ = proc.communicate(timeout=max(timeout, 0.1))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            out, _ = proc.communicate()
            raise PostgresServerError(
                f"{what} did not finish within {timeout:.1f} s: {shlex.join(argv)}\n"
                f"{out}{self._log_tail()}"
            ) from None
        if proc.returncode != 0:
            raise PostgresServerError(
                f"{what} failed (exit {proc.returncode}): {shlex.join(argv)}\n"
                f"{out}{self._log_tail()}"
            )
        return out

    def _log_tail(self, lines: int = 60) -> str:
        try:
            text = self.logfile.read_text(errors="replace")
        except OSError:
            return ""
        if not text.strip():
            return ""
        tail = "\n".join(text.splitlines()[-lines:])
        return f"\n--- server log {self.logfile} (last {lines} lines) ---\n{tail}\n"

    # -- steps -----------------------------------------------------------------

    def _initdb(self) -> None:
        b = self.binaries
        self._run(
            [
                str(b.initdb),
                "-D", str(self.datadir),
                "-U", SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",  # throwaway: no need to fsync the new cluster
            ],
            "initdb",
            self._remaining(),
        )
        # Trust, but only for the unix socket (in our private folder) and loopback.
        hba = (
            "# written by tests/pgserver.py: throwaway test server\n"
            "local all all               trust\n"
            "host  all all 127.0.0.1/32  trust\n"
        )
        (self.datadir / "pg_hba.conf").write_text(hba)

    def _remaining(self) -> float:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise PostgresServerError(
                f"PostgreSQL start-up took more than {self.timeout:.0f} s{self._log_tail()}"
            )
        return left

    def pause(self) -> None:
        """Stop the server but keep its data, as a restart of the database host would."""
        self._pg_ctl_stop()
        self._running = False

    def resume(self) -> None:
        """Start a paused server again on the same port, with its data."""
        self._deadline = time.monotonic() + self.timeout
        self._start(attempts=1, port=self.port)

    def _start(self, attempts: int = 3, port: int | None = None) -> None:
        for attempt in range(attempts):
            self.port = port or _free_port()
            opts = " ".join(
                [
                    "-c listen_addresses=127.0.0.1",
                    f"-p {self.port}",
                    f"-c unix_socket_directories={shlex.quote(str(self.sockdir))}",
                    # throwaway data: skip durability work
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                ]
            )
            remaining = self._remaining()
            try:
                self._run(
                    [
                        str(self.binaries.pg_ctl),
                        "-D", str(self.datadir),
                        "-l", str(self.logfile),
                        "-o", opts,
                        "-w", "-t", str(max(1, int(remaining) - 1)),
                        "start",
                    ],
                    "pg_ctl start",
                    remaining,
                )
                self._running = True
                return
            except PostgresServerError as e:
                # The port was free when picked, but another process may take it
                # before the server binds: retry with a new one.
                port_taken = "could not bind" in str(e) or "already in use" in str(e)
                self._pg_ctl_stop(quiet=True)
                if not port_taken or attempt == attempts - 1:
                    raise

    def _create_database(self) -> None:
        import psycopg  # the URL is for psycopg, so it is installed

        wait = max(2, int(self._remaining()))
        base = f"host=127.0.0.1 port={self.port} user={SUPERUSER} connect_timeout={wait}"
        with psycopg.connect(f"{base} dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.dbname}"')
        self.url = f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{self.dbname}"

    # -- shutdown ----------------------------------------------------------------

    def _pg_ctl_stop(self, quiet: bool = False) -> None:
        if not (self.datadir / "postmaster.pid").exists():
            return
        try:
            try:
                self._pg_ctl_stop_mode("fast")
            except PostgresServerError:
                self._pg_ctl_stop_mode("immediate")
        except PostgresServerError:
            self._kill_postmaster()
            if not quiet:
                raise

    def _kill_postmaster(self) -> None:
        """Last resort: SIGQUIT (immediate shutdown) to the PID in postmaster.pid."""
        try:
            pid = int((self.datadir / "postmaster.pid").read_text().split()[0])
            os.kill(pid, signal.SIGQUIT)
        except (OSError, ValueError, IndexError):
            pass

    def _pg_ctl_stop_mode(self, mode: str) -> None:
        self._run(
            [str(self.binaries.pg_ctl), "-D", str(self.datadir), "-m", mode,
             "-w", "-t", "15", "stop"],
            f"pg_ctl stop -m {mode}",
            25,
        )

    def stop(self) -> None:
        """Stop the server (if running) and remove its folder. Safe to call twice."""
        try:
            if self.tmpdir.exists():
                self._pg_ctl_stop(quiet=True)
        finally:
            self._running = False
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            atexit.unregister(self.stop)

    def __enter__(self) -> "PostgresServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self._running else "stopped"
        return f"<PostgresServer {state} {self.url or ''} bindir={self.binaries.bindir}>"


if __name__ == "__main__":  # manual check: python tests/pgserver.py
    b = find_binaries()
    print("binaries:", b and b.bindir, b and b.version())
    if b:
        with PostgresServer(b) as s:
            print(s, f"started in {s.startup_seconds:.2f} s")
