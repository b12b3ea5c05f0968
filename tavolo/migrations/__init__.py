"""The store's schema migrations (Alembic), shipped inside the package.

``tavolo/migrations/`` is an Alembic script directory configured in code (no
``alembic.ini``): ``env.py`` compares against ``tavolo.store.metadata`` (the tables built
from the registry) and ``versions/`` holds one file per change, ``0001`` being the schema
of the first release that had migrations (the baseline).

``upgrade(engine)`` brings any database to the newest revision; ``tavolo.store`` calls it
whenever a store is opened or written (``python -m tavolo init``, ``make run``,
``open_store``). A database made by ``create_all`` before migrations existed has the
tables but no ``alembic_version``: the baseline creates only the tables it lacks, so such
a database is adopted as it is and then upgraded like any other.

``autogenerate(message)`` writes the next revision from the difference between the
registry and a database at the newest revision (``python -m tavolo migration "..."``);
``differences(engine)`` is that difference, empty when migrations and registry agree.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

HERE = Path(__file__).resolve().parent
VERSIONS = HERE / "versions"
VERSION_TABLE = "alembic_version"


def config(connection=None) -> Config:
    """Alembic's configuration for the package's script directory, optionally bound to an
    open connection (read by ``env.py``)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    cfg.attributes["connection"] = connection
    return cfg


def scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


def head() -> str:
    """The newest revision shipped in ``versions/``."""
    return scripts().get_current_head()


def current(engine: Engine) -> str | None:
    """The revision the database is at; None for an empty or never-migrated database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def made_before_migrations(engine: Engine) -> bool:
    """True for a database with the store's tables but no ``alembic_version``: one made by
    ``create_all`` before migrations existed, which the baseline adopts as it is."""
    inspector = sa.inspect(engine)
    return not inspector.has_table(VERSION_TABLE) and inspector.has_table("tavolo_meta")


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Bring the database to ``revision`` (default: the newest) in one transaction where
    the database allows it; returns the revision it was at before (None: empty or made
    before migrations). On SQLite the foreign-key checks are off while the migrations run
    (a table rebuilt by a batch migration must not cascade) and the whole database is
    checked afterwards."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                before = MigrationContext.configure(conn).get_current_revision()
                command.upgrade(config(conn), revision)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"foreign keys broken by the migration: {broken[:5]}")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
    return before


def differences(engine: Engine, metadata: sa.MetaData | None = None) -> list:
    """What the registry (or ``metadata``) has that the database lacks, or the other way
    round (Alembic's ``compare_metadata``, types included); empty when they agree."""
    if metadata is None:
        from tavolo import store

        metadata = store.metadata
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return [d for d in compare_metadata(context, metadata) if not _ignored(d)]


def _ignored(diff) -> bool:
    """Alembic's own bookkeeping table is no difference."""
    return isinstance(diff, tuple) and diff[0] == "remove_table" and diff[1].name == VERSION_TABLE


def next_rev_id() -> str:
    """Revisions are numbered 0001, 0002, ...: the order of the files is the order of the
    changes."""
    numbers = [int(s.revision) for s in scripts().walk_revisions() if s.revision.isdigit()]
    return f"{max(numbers, default=0) + 1:04d}"


def autogenerate(message: str) -> Path | None:
    """Write the next revision from the difference between the registry and a scratch
    SQLite database at the newest revision; None (nothing written) when there is none.
    Read the file before committing it: Alembic cannot tell a rename from a drop and an
    add, and a new column that is required needs a default for the rows already stored."""
    with tempfile.TemporaryDirectory() as folder:
        engine = sa.create_engine(f"sqlite:///{Path(folder) / 'scratch.sqlite'}")
        try:
            upgrade(engine)
            if not differences(engine):
                return None
            with engine.begin() as conn:
                script = command.revision(config(conn), message=message, autogenerate=True,
                                          rev_id=next_rev_id())
        finally:
            engine.dispose()
    return Path(script.path)
