"""Backups and restores of the whole store.

A backup is one zip archive, self-describing:

- ``tables/<name>.csv``: every table of the registry in the canonical CSV format that
  ``tavolo load`` reads (UTF-8, comma, ISO dates, decimal point);
- ``change_log.csv``: the history of changes, every column;
- ``meta.json``: the data set's metadata (kind, as-of date, source, data version);
- ``settings.json``: the settings file, when there is one;
- ``manifest.json``: format, creation time, schema revision, and for every file its size,
  SHA-256 checksum and row count.

The archive is read from one consistent state of the store: SQLite is copied first with
its online backup API (safe while the app runs), PostgreSQL is read inside one
REPEATABLE READ transaction. A restore checks every checksum and the schema revision
before anything is written, validates the tables as a load would, then replaces the whole
store (tables, change log, metadata) in one transaction: all or nothing.
"""

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
from tavolo.store import AUTH_EVENTS, AUTH_SESSIONS, CHANGE_LOG, META, SA_TABLES, USERS, Store, current_author, records

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


def _redacted(url: str) -> str:
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
        "database": _redacted(store.url), "schema_revision": revision,
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


# ---------------------------------------------------------------------------------------
# Restore
# ---------------------------------------------------------------------------------------
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


def verify(path: Path) -> tuple[dict, dict[str, bytes]]:
    """The manifest and the files of archive ``path``, after checking every checksum.
    Raises ``BackupError`` naming the first file that does not match."""
    manifest = read_manifest(path)
    name = Path(path).name
    files: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            listed = set(zf.namelist()) - {MANIFEST}
            expected = set(manifest["files"])
            if listed != expected:
                extra = sorted(listed ^ expected)
                raise BackupError(f"{name}: file mancanti o in più nell'archivio: {extra}",
                                  f"{name}: files missing or extra in the archive: {extra}")
            for member, facts in manifest["files"].items():
                data = zf.read(member)
                if len(data) != facts["bytes"] or _sha256(data) != facts["sha256"]:
                    raise BackupError(
                        f"{name}: il file {member} non corrisponde al suo checksum: archivio "
                        "danneggiato o modificato, nessun dato ripristinato",
                        f"{name}: file {member} does not match its checksum: archive damaged "
                        "or altered, nothing restored")
                files[member] = data
    except (zipfile.BadZipFile, OSError) as exc:  # a damaged member (CRC error, truncation)
        raise BackupError(f"{name}: archivio danneggiato ({exc}), nessun dato ripristinato",
                          f"{name}: damaged archive ({exc}), nothing restored") from exc
    return manifest, files


def _check_revision(manifest: dict, name: str, known: list[str], head: str | None) -> None:
    """An archive of the current revision or an older known one is accepted (its tables
    are read through the current registry, which fills columns added since with their
    defaults); a revision this app does not know is from a newer release: refused."""
    revision = manifest.get("schema_revision")
    if revision is None or revision == head or revision in known:
        return
    raise BackupError(
        f"{name}: archivio creato con uno schema più recente ({revision}) di quello di "
        f"quest'app ({head}); aggiornare l'app prima del ripristino",
        f"{name}: archive made with a newer schema ({revision}) than this app's ({head}); "
        "upgrade the app before restoring")


def _frames(files: dict[str, bytes], name: str):
    from tavolo.loading import check_raw
    from tavolo.validation import ValidationFailed, read_csv_bytes

    raws = {}
    for member, data in files.items():
        if member.startswith("tables/"):
            table = member.removeprefix("tables/").removesuffix(".csv")
            raw = read_csv_bytes(data, f"{name}:{member}")
            if not raw.frame.empty or len(raw.frame.columns):
                raws[table] = raw
    frames, issues = check_raw(raws, None)
    if issues:
        raise ValidationFailed(issues)
    return frames


def is_damaged(store: Store) -> bool:
    """True when the SQLite file of ``store`` cannot be read or fails its quick check."""
    if store.engine.dialect.name != "sqlite":
        return False
    path = Path(store.engine.url.database or "")
    if not path.exists():
        return False
    try:
        with store.engine.connect() as conn:
            return conn.exec_driver_sql("PRAGMA quick_check").scalar_one() != "ok"
    except sa.exc.DBAPIError:
        return True


def _set_aside(store: Store) -> Path:
    """Move a damaged SQLite file (and its journal files) aside, keeping it for the
    record, so that a restore can write a new file in its place; returns its new path."""
    from tavolo.store import make_engine

    store.engine.dispose()
    path = Path(store.engine.url.database)
    aside = path.with_name(f"{path.name}.danneggiato-{dt.datetime.now():%Y%m%d-%H%M%S}")
    path.rename(aside)
    for suffix in ("-wal", "-shm", "-journal"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.rename(aside.with_name(aside.name + suffix))
    store.engine = make_engine(store.url)
    store._migrated = False
    return aside


def holds_data(store: Store) -> bool:
    return store.is_initialised() and any(store.counts().values())


def restore(path: Path, store: Store, replace: bool = False, author: str | None = None,
            known_revisions: list[str] | None = None, head: str | None = None,
            before_write=None, person=None) -> Path | None:
    """Replace ``store`` with archive ``path`` in one transaction.

    Refused (``BackupError``, nothing written) when the archive fails its checks, or when
    the store holds data and ``replace`` is false. With ``replace``, a backup of what is
    replaced is taken first (a damaged SQLite file, which cannot be read, is moved aside
    instead); the path of that copy is returned. After the restore the change log is
    the archive's, followed by one entry recording the restore itself."""
    path = Path(path)
    manifest, files = verify(path)
    if not is_damaged(store):
        from tavolo import auth  # a damaged file has no readable accounts: the server's admin acts

        person = auth.authorize(store, person, "backup", path.name)
        author = auth.author(person, author)
    if known_revisions is None:
        from tavolo import migrations

        known_revisions = [script.revision for script in migrations.scripts().walk_revisions()]
        head = migrations.head()
    _check_revision(manifest, path.name, known_revisions, head)
    frames = _frames(files, path.name)
    internal = {member: _internal_rows(files[member], table) for member, table in INTERNAL.items()
                if member in files}  # archives of format 1 made before accounts had no auth/
    log_rows = internal[CHANGE_LOG_FILE]
    meta = json.loads(files[META_FILE])
    safety = None
    if is_damaged(store):
        if not replace:
            raise BackupError(
                "Il database è danneggiato: usare --replace per sostituirlo con l'archivio "
                "(il file danneggiato è conservato accanto)",
                "The database is damaged: use --replace to replace it with the archive "
                "(the damaged file is kept beside it)")
        safety = _set_aside(store)
    store.create()
    if safety is None and holds_data(store):
        if not replace:
            raise BackupError(
                "Il database contiene già dati: usare --replace per sostituirli (prima ne viene "
                "fatta una copia)",
                "The database already holds data: use --replace to replace it (a backup of it "
                "is taken first)")
        safety = create(store, person=person)
    version = max(int(meta.get("data_version", 0)), int(store.meta().get("data_version", 0) or 0)) + 1
    with store.engine.begin() as conn:
        for name in reversed(schema.LOAD_ORDER):
            conn.execute(sa.delete(SA_TABLES[name]))
        conn.execute(sa.delete(CHANGE_LOG))
        conn.execute(sa.delete(META))
        for member, table in INTERNAL.items():
            if member != CHANGE_LOG_FILE and member in internal:
                conn.execute(sa.delete(table))
                if internal[member]:
                    conn.execute(sa.insert(table), internal[member])
        conn.execute(sa.delete(AUTH_SESSIONS))  # everyone signs in again after a restore
        for name in schema.LOAD_ORDER:
            rows = records(frames[name]) if name in frames else []
            if rows:
                conn.execute(sa.insert(SA_TABLES[name]), rows)
            if before_write is not None:
                before_write(name)  # tests: a hook to kill the process half way
        if log_rows:
            conn.execute(sa.insert(CHANGE_LOG), log_rows)
        conn.execute(sa.insert(CHANGE_LOG).values(
            change_id=max((r["change_id"] for r in log_rows), default=0) + 1,
            at=dt.datetime.now(), author=author or current_author(), table_name="*",
            row_key=path.name, action="restore", before_json=None,
            after_json=json.dumps({n: len(f) for n, f in frames.items()}),
            reason=f"ripristino da {path.name} del {manifest['created_at']}"))
        meta = dict(meta) | {"data_version": str(version),
                             "restored_from": path.name,
                             "restored_at": dt.datetime.now().isoformat(timespec="seconds")}
        conn.execute(sa.insert(META), [{"key": k, "value": str(v)} for k, v in meta.items()])
        if conn.dialect.name == "postgresql":  # explicit ids do not move the serials' sequences
            for table, column in (("change_log", "change_id"), ("auth_events", "event_id")):
                conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                                     f"COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"))
        from tavolo import auth

        auth.record(store, "restore", person.name if person else author, path.name, conn=conn)
    return safety
