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

The parts: ``archive`` (the format, ``create``, the archives in the folder) and
``restoring`` (``verify``, ``restore``); every name is re-exported here.
"""

from tavolo.backup.archive import (
    CHANGE_LOG_FILE,
    FORMAT,
    FORMAT_VERSION,
    INTERNAL,
    MANIFEST,
    META_FILE,
    PREFIX,
    SETTINGS_FILE,
    BackupError,
    BackupInfo,
    age_days,
    archive_name,
    archives,
    backup_dir,
    create,
    info,
    last_backup,
    list_backups,
    prune,
    read_manifest,
    redacted,
    schema_revision,
)
from tavolo.backup.restoring import (
    holds_data,
    is_damaged,
    restore,
    verify,
)

__all__ = [
    "CHANGE_LOG_FILE",
    "FORMAT",
    "FORMAT_VERSION",
    "INTERNAL",
    "MANIFEST",
    "META_FILE",
    "PREFIX",
    "SETTINGS_FILE",
    "BackupError",
    "BackupInfo",
    "age_days",
    "archive_name",
    "archives",
    "backup_dir",
    "create",
    "info",
    "last_backup",
    "list_backups",
    "prune",
    "read_manifest",
    "redacted",
    "schema_revision",
    "holds_data",
    "is_damaged",
    "restore",
    "verify",
]
