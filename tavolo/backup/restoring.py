"""Restoring a backup: every checksum and the schema revision checked before anything is
written, the tables validated as a load would, then the whole store replaced in one
transaction (all or nothing); a damaged store is set aside first."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import sqlalchemy as sa

from tavolo import schema
from tavolo.store import AUTH_SESSIONS, CHANGE_LOG, META, SA_TABLES, Store, current_author, records

from tavolo.backup.archive import (
    CHANGE_LOG_FILE,
    INTERNAL,
    MANIFEST,
    META_FILE,
    BackupError,
    _internal_rows,
    _sha256,
    create,
    read_manifest,
)


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
