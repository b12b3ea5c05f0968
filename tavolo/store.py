"""The store: SQLAlchemy tables built from the schema registry.

SQLite by default (a git-ignored file in ``var/``); PostgreSQL through
``TAVOLO_DATABASE_URL``. Every write happens in one transaction: a failed load leaves the
data exactly as it was. The database's structure follows the registry through the
Alembic migrations of ``tavolo.migrations``, applied when a store is first used.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tavolo import schema, settings
from tavolo.validation import Issue, ValidationFailed, check_dataset, typed_frame
from tavolo.values import is_missing

_SA_TYPES = {"str": sa.Text, "enum": sa.String(40), "multi": sa.Text, "int": sa.Integer,
             "float": sa.Float, "bool": sa.Boolean, "date": sa.Date}

metadata = sa.MetaData()


def _build_tables() -> dict[str, sa.Table]:
    out = {}
    for name in schema.LOAD_ORDER:
        table = schema.TABLES[name]
        cols = []
        for col in table.columns:
            kind = _SA_TYPES[col.type]
            args = [sa.ForeignKey(col.references)] if col.references else []
            cols.append(sa.Column(col.name, kind() if isinstance(kind, type) else kind, *args,
                                  primary_key=col.primary_key,
                                  nullable=not (col.required or col.primary_key)))
        constraints = [sa.UniqueConstraint(*g) for g in table.unique_together]
        out[name] = sa.Table(name, metadata, *cols, *constraints)
    return out


SA_TABLES = _build_tables()

# Internal tables, not part of the data set a user loads.
META = sa.Table("tavolo_meta", metadata,
                sa.Column("key", sa.String(60), primary_key=True),
                sa.Column("value", sa.Text, nullable=False))
CHANGE_LOG = sa.Table("change_log", metadata,
                      sa.Column("change_id", sa.Integer, primary_key=True, autoincrement=True),
                      sa.Column("at", sa.DateTime, nullable=False),
                      sa.Column("author", sa.String(120), nullable=False),
                      sa.Column("table_name", sa.String(60), nullable=False),
                      sa.Column("row_key", sa.Text, nullable=False),
                      sa.Column("action", sa.String(20), nullable=False),
                      sa.Column("before_json", sa.Text),
                      sa.Column("after_json", sa.Text),
                      sa.Column("reason", sa.Text, nullable=False),
                      sa.Column("undone_by", sa.Integer))
# Access (tavolo.auth): local accounts, the sign-in and permission events, the sessions.
USERS = sa.Table("users", metadata,
                 sa.Column("name", sa.String(120), primary_key=True),
                 sa.Column("display_name", sa.Text, nullable=False),
                 sa.Column("role", sa.String(20), nullable=False),
                 sa.Column("password_hash", sa.Text),  # None: signs in only through OIDC
                 sa.Column("email", sa.String(254)),
                 sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
                 sa.Column("failed_attempts", sa.Integer, nullable=False, server_default="0"),
                 sa.Column("locked_until", sa.DateTime),
                 sa.Column("created_at", sa.DateTime, nullable=False),
                 sa.Column("updated_at", sa.DateTime, nullable=False))
AUTH_EVENTS = sa.Table("auth_events", metadata,
                       sa.Column("event_id", sa.Integer, primary_key=True, autoincrement=True),
                       sa.Column("at", sa.DateTime, nullable=False),
                       sa.Column("user_name", sa.String(120)),
                       sa.Column("event", sa.String(40), nullable=False),
                       sa.Column("detail", sa.Text, nullable=False, server_default=""))
AUTH_SESSIONS = sa.Table("auth_sessions", metadata,
                         sa.Column("token_hash", sa.String(64), primary_key=True),
                         sa.Column("user_name", sa.String(120), nullable=False),
                         sa.Column("created_at", sa.DateTime, nullable=False),
                         sa.Column("last_seen", sa.DateTime, nullable=False),
                         sa.Column("ended_at", sa.DateTime))


def _sqlite_pragmas(dbapi_conn, _record):
    """Foreign keys on; wait up to 15 s for a lock instead of failing "database is locked";
    WAL journal on a writable file, so that the app's readers and one writer (a load, an
    edit, a backup) never block each other."""
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    path = cursor.execute("PRAGMA database_list").fetchone()[2]
    if path and os.access(path, os.W_OK) and os.access(os.path.dirname(path), os.W_OK):
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    # pre-ping: after a PostgreSQL restart the next request reconnects instead of failing
    engine = sa.create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def current_author() -> str:
    """The machine's user, used as author of a change when no login is configured."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user database in some containers
        return "sconosciuto"


def _to_db(value):
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()  # numpy scalar -> Python
    return value


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows ready for an SQL insert: None for missing, Python dates and numbers."""
    cols = list(frame.columns)
    return [{c: _to_db(v) for c, v in zip(cols, row)}
            for row in frame.astype(object).itertuples(index=False, name=None)]


class Store:
    """Access to the database: read tables, replace the data set in one transaction."""

    def __init__(self, url: str | None = None):
        self.url = url or settings.database_url()
        self.engine = make_engine(self.url)
        self._migrated = False

    # -- structure ----------------------------------------------------------------------
    def create(self) -> None:
        """Create the tables, or bring an existing database to the newest migration
        (adopting one made before migrations existed); once per ``Store``."""
        if not self._migrated:
            from tavolo import migrations

            migrations.upgrade(self.engine)
            self._migrated = True

    def revision(self) -> str | None:
        """The migration the database is at (None before ``create``)."""
        from tavolo import migrations

        return migrations.current(self.engine)

    def is_initialised(self) -> bool:
        inspector = sa.inspect(self.engine)
        if not inspector.has_table("tavolo_meta"):
            return False
        return self.meta().get("data_version") is not None

    # -- metadata -------------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return {k: v for k, v in conn.execute(sa.select(META.c.key, META.c.value))}

    def version(self) -> str:
        """A token that changes on every write: the cache key of every loader."""
        return self.meta().get("data_version", "0")

    @staticmethod
    def _set_meta(conn, values: dict[str, str]) -> None:
        for key, value in values.items():
            conn.execute(sa.delete(META).where(META.c.key == key))
            conn.execute(sa.insert(META).values(key=key, value=str(value)))

    @staticmethod
    def _bump(conn) -> None:
        row = conn.execute(sa.select(META.c.value).where(META.c.key == "data_version")).first()
        version = int(row[0]) + 1 if row else 1
        Store._set_meta(conn, {"data_version": version,
                               "updated_at": dt.datetime.now().isoformat(timespec="seconds")})

    # -- reading --------------------------------------------------------------------------
    def read(self, name: str, conn=None) -> pd.DataFrame:
        """Table ``name`` as a typed frame (see ``validation.typed_frame``), in key order;
        read on ``conn`` when given (one consistent snapshot for a backup).

        Plain SQL without SQLAlchemy's per-row type processing: values come as the driver
        gives them (ISO date strings on SQLite, dates on PostgreSQL) and are typed once per
        column by pandas, about three times faster on large tables."""
        table = schema.TABLES[name]
        quote = self.engine.dialect.identifier_preparer.quote
        columns = ", ".join(quote(c) for c in table.column_names)
        order = ", ".join(quote(c) for c in table.primary_key)
        sql = f"SELECT {columns} FROM {quote(name)} ORDER BY {order}"
        if conn is not None:
            rows = conn.exec_driver_sql(sql).fetchall()
        else:
            with self.engine.connect() as own:
                rows = own.exec_driver_sql(sql).fetchall()
        raw = pd.DataFrame.from_records(rows, columns=table.column_names) if rows else \
            pd.DataFrame(columns=table.column_names)
        return typed_frame(table, raw)

    def read_all(self) -> dict[str, pd.DataFrame]:
        return {name: self.read(name) for name in schema.LOAD_ORDER}

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {name: conn.execute(sa.select(sa.func.count()).select_from(SA_TABLES[name])).scalar_one()
                    for name in schema.LOAD_ORDER}

    # -- writing --------------------------------------------------------------------------
    def replace(self, frames: dict[str, pd.DataFrame], files: dict[str, str] | None = None,
                meta: dict[str, str] | None = None, author: str | None = None,
                reason: str = "caricamento dati", checked: bool = False, person=None) -> None:
        """Replace the tables in ``frames`` in one transaction, after checking the whole data
        set they make with the tables already stored (``checked=True``: the caller, such as
        ``loading.load_raw``, has just checked it). On any issue nothing is written and
        ``ValidationFailed`` is raised; ``tavolo.auth.PermissionDenied`` when ``person`` may
        not load (real data: only once an admin account exists)."""
        from tavolo import auth  # auth imports this module

        self.create()
        stored = self.meta()
        kinds = [(meta or {}).get(f"table_kind:{n}", stored.get(f"table_kind:{n}", "demo")) for n in frames]
        person = auth.check_load(self, person, kinds, sorted(frames))
        author = auth.author(person, author)
        current = self.read_all() if self.is_initialised() else {}
        combined = {name: typed_frame(schema.TABLES[name], frames[name]) if name in frames
                    else current.get(name, typed_frame(schema.TABLES[name], []))
                    for name in schema.LOAD_ORDER}
        file_names = {n: (files or {}).get(n, f"{n} (database)") for n in schema.LOAD_ORDER}
        issues = [] if checked else check_dataset(combined, file_names)
        if issues:
            raise ValidationFailed(issues)
        try:
            with self.engine.begin() as conn:
                for name in reversed(schema.LOAD_ORDER):
                    conn.execute(sa.delete(SA_TABLES[name]))
                for name in schema.LOAD_ORDER:
                    rows = records(combined[name])
                    if rows:
                        conn.execute(sa.insert(SA_TABLES[name]), rows)
                conn.execute(sa.insert(CHANGE_LOG).values(
                    at=dt.datetime.now(), author=author or current_author(), table_name="*",
                    row_key=",".join(sorted(frames)), action="load",
                    before_json=None, after_json=json.dumps({n: len(f) for n, f in frames.items()}),
                    reason=reason))
                self._set_meta(conn, meta or {})
                self._bump(conn)
                auth.record(self, "load", person.name if person else author or current_author(),
                            f"{', '.join(sorted(frames))} ({', '.join(sorted(set(kinds)))}): {reason}", conn=conn)
        except sa.exc.IntegrityError as exc:  # a rule the checks above missed: still all or nothing
            raise ValidationFailed([Issue("database", None, None, None,
                                          f"vincolo del database violato: {exc.orig}",
                                          f"database constraint violated: {exc.orig}")]) from exc

    def change_log(self) -> pd.DataFrame:
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(
                sa.select(CHANGE_LOG).order_by(CHANGE_LOG.c.change_id.desc()))]
        return pd.DataFrame(rows, columns=[c.name for c in CHANGE_LOG.columns])

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None, initialise: bool = True) -> Store:
    """The store at ``url`` (default from settings); on first use it is created and filled
    from the data shipped in ``data/``."""
    store = Store(url)
    store.create()  # applies the migrations the database lacks
    if initialise and not store.is_initialised():
        from tavolo import loading

        loading.load_dir(loading.DEFAULT_DATA_DIR, store, reason="primo avvio: dati di data/")
    return store
