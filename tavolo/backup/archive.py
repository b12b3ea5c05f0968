"""Taking backups: the archive format, one consistent read of the store, the archives in
the backup folder and their pruning."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from tavolo import loading, paths, schema, settings
from tavolo.errors import BilingualError
from tavolo.store import AUTH_EVENTS, CHANGE_LOG, META, USERS, Store


FORMAT = "tavolo-backup"
FORMAT_VERSION = 1
PREFIX = "tavolo-backup-"
MANIFEST = "manifest.json"
CHANGE_LOG_FILE = "change_log.csv"
META_FILE = "meta.json"
SETTINGS_FILE = "settings.json"
# Internal tables kept with the data: the history of changes, the accounts (with their
# password hashes, never passwords) and the sign-in events. Sign-in sessions are not kept.
INTERNAL = {CHANGE_LOG_FILE: CHANGE_LOG, "auth/users.csv": USERS, "auth/auth_events.csv": AUTH_EVENTS}


class BackupError(BilingualError):
    """A backup or restore refused; nothing was written."""


@dataclass(frozen=True)
class BackupInfo:
    """One archive in the backup folder, as ``backup --list`` shows it."""

    path: Path
    created_at: dt.datetime
    size: int
    rows: dict[str, int]
    schema_revision: str | None
    demo: bool

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def backup_dir() -> Path:
    """Where archives go: the ``backup_dir`` setting, default ``var/backups``."""
    configured = settings.get("backup_dir")
    return Path(configured) if configured else paths.VAR_DIR / "backups"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def redacted(url: str) -> str:
    """The database URL without password, for the manifest."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "?"


def schema_revision(conn) -> str | None:
    """The store's migration revision, None for a store made before migrations existed."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


# ---------------------------------------------------------------------------------------
# Reading one consistent state
# ---------------------------------------------------------------------------------------
@contextlib.contextmanager
def _snapshot(store: Store):
    """A connection on one consistent state of ``store``."""
    if store.engine.dialect.name == "sqlite":
        source = store.engine.url.database
        with tempfile.TemporaryDirectory(prefix="tavolo-backup-") as tmp:
            copy = Path(tmp) / "snapshot.sqlite"
            src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            dst = sqlite3.connect(copy)
            try:
                src.backup(dst)  # the online backup API: consistent while others write
            finally:
                dst.close()
                src.close()
            engine = sa.create_engine(f"sqlite:///{copy}")
            try:
                with engine.connect() as conn:
                    yield conn
            finally:
                engine.dispose()
    else:
        with store.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
            with conn.begin():
                yield conn


def _internal_csv(conn, table: sa.Table) -> tuple[bytes, int]:
    """An internal table (change log, accounts, sign-in events) as CSV, every column,
    in key order; None as an empty cell, datetimes in ISO form."""
    rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).fetchall()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    for row in rows:
        writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, dt.datetime) else v)
                         for v in row])
    return out.getvalue().encode("utf-8"), len(rows)


def _internal_rows(data: bytes, table: sa.Table) -> list[dict]:
    """The rows of ``_internal_csv`` back, typed by the table's columns."""
    def value(column: sa.Column, text: str):
        if text == "":
            return None
        if isinstance(column.type, sa.DateTime):
            return dt.datetime.fromisoformat(text)
        if isinstance(column.type, sa.Boolean):
            return text == "True"
        if isinstance(column.type, sa.Integer):
            return int(text)
        return text

    reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
    return [{c.name: value(c, row[c.name]) for c in table.columns} for row in reader]


# ---------------------------------------------------------------------------------------
# Backup
# ---------------------------------------------------------------------------------------
def archive_name(at: dt.datetime) -> str:
    return f"{PREFIX}{at:%Y%m%d-%H%M%S}.zip"


def create(store: Store, out_dir: Path | None = None, keep: int | None = None,
           now: dt.datetime | None = None, person=None) -> Path:
    """Write one archive of ``store`` into ``out_dir`` (default ``backup_dir()``) and
    return its path. Afterwards only the newest ``keep`` archives (default: the
    ``backup_keep`` setting) are kept in that folder. Once accounts exist, ``person``
    must be an admin (``auth.PermissionDenied`` otherwise); the backup is recorded."""
    from tavolo import auth

    person = auth.authorize(store, person, "backup")
    if not store.is_initialised():
        raise BackupError("Il database è vuoto: niente da salvare",
                          "The database is empty: nothing to back up")
    out_dir = Path(out_dir) if out_dir else backup_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    now = now or dt.datetime.now()
    files: dict[str, bytes] = {}
    rows: dict[str, int] = {}
    with _snapshot(store) as conn:
        revision = schema_revision(conn)
        for name in schema.LOAD_ORDER:
            frame = store.read(name, conn)
            files[f"tables/{name}.csv"] = loading.canonical_csv(name, frame)
            rows[f"tables/{name}.csv"] = len(frame)
        for member, table in INTERNAL.items():
            files[member], rows[member] = _internal_csv(conn, table)
        meta = {k: v for k, v in conn.execute(sa.select(META.c.key, META.c.value))}
    files[META_FILE] = json.dumps(meta, indent=2, ensure_ascii=False, sort_keys=True).encode("utf-8")
    settings_path = settings.settings_file()
    if settings_path.exists():
        files[SETTINGS_FILE] = settings_path.read_bytes()
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "created_at": now.isoformat(timespec="seconds"),
        "database": redacted(store.url), "schema_revision": revision,
        "demo": loading.is_demo_meta(meta),
        "files": {path: {"bytes": len(data), "sha256": _sha256(data), "rows": rows.get(path)}
                  for path, data in files.items()},
    }
    target = out_dir / archive_name(now)
    n = 1
    while target.exists():  # two backups in the same second
        target = out_dir / archive_name(now).replace(".zip", f"-{n}.zip")
        n += 1
    tmp = target.with_suffix(".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
        for path, data in files.items():
            zf.writestr(path, data)
    tmp.replace(target)  # never a half-written archive under a backup's name
    prune(out_dir, settings.get("backup_keep") if keep is None else keep)
    with contextlib.suppress(sa.exc.DBAPIError):  # a read-only store can still be backed up
        auth.record(store, "backup", person.name if person else None, target.name)
    return target


def archives(folder: Path | None = None) -> list[Path]:
    """The archives in ``folder``, oldest first (by the time in their name)."""
    folder = Path(folder) if folder else backup_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{PREFIX}*.zip"), key=_order)


def _order(path: Path) -> tuple[str, int]:
    # tavolo-backup-20261201-223005.zip, then -1.zip, -2.zip for the same second: by the
    # time in the name (a copied file's modification time says nothing)
    stamp = path.stem[len(PREFIX):len(PREFIX) + 15]
    rest = path.stem[len(PREFIX) + 16:]
    return stamp, int(rest) if rest.isdigit() else 0


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` archives; returns the deleted ones."""
    found = archives(folder)
    old = found[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old


def info(path: Path) -> BackupInfo:
    manifest = read_manifest(path)
    rows = {p.removeprefix("tables/").removesuffix(".csv"): f["rows"]
            for p, f in manifest["files"].items() if p.startswith("tables/")}
    return BackupInfo(Path(path), dt.datetime.fromisoformat(manifest["created_at"]),
                      Path(path).stat().st_size, rows, manifest.get("schema_revision"),
                      bool(manifest.get("demo")))


def list_backups(folder: Path | None = None) -> list[BackupInfo]:
    """Every readable archive of ``folder``, newest first."""
    out = []
    for path in reversed(archives(folder)):
        with contextlib.suppress(BackupError):
            out.append(info(path))
    return out


def last_backup(folder: Path | None = None) -> BackupInfo | None:
    found = list_backups(folder)
    return found[0] if found else None


def age_days(backup: BackupInfo | None, now: dt.datetime | None = None) -> float | None:
    """Days since ``backup`` was taken (None when there is none)."""
    if backup is None:
        return None
    return ((now or dt.datetime.now()) - backup.created_at).total_seconds() / 86400


def read_manifest(path: Path) -> dict:
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read(MANIFEST))
    except (OSError, zipfile.BadZipFile, KeyError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path.name}: non è un archivio di Tavolo Casa leggibile ({exc})",
                          f"{path.name}: not a readable Tavolo Casa archive ({exc})") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path.name}: formato sconosciuto", f"{path.name}: unknown format")
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise BackupError(
            f"{path.name}: archivio di una versione più recente dell'app (formato "
            f"{manifest.get('format_version')}); aggiornare l'app prima del ripristino",
            f"{path.name}: archive from a newer version of the app (format "
            f"{manifest.get('format_version')}); upgrade the app before restoring")
    return manifest
