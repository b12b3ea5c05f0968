"""Checking and loading a folder (or an upload) of table files into the store.

A load is all or nothing: the files are parsed and the whole resulting data set (the new
tables plus the ones already stored) is checked before anything is written, and the
write itself is one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tavolo import auth, paths, schema
from tavolo.store import Store
from tavolo.validation import Issue, RawTable, ValidationFailed, read_dir, read_upload, validate_raw

DEFAULT_DATA_DIR = paths.DATA_DIR
DATASET_FILE = "dataset.json"


def read_dataset_info(folder: Path) -> dict:
    path = Path(folder) / DATASET_FILE
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def check_raw(raws: dict[str, RawTable], store: Store | None = None):
    """Typed frames and every issue of raw tables, checked together with the store's other
    tables when a store is given."""
    from tavolo.validation import check_dataset, sheet_rows_of, typed_frame

    frames, issues = validate_raw(raws)
    if issues:
        return frames, issues
    combined = dict(frames)
    files = {name: raw.file for name, raw in raws.items()}
    if store is not None and store.is_initialised():
        for name in schema.LOAD_ORDER:
            if name not in combined:
                combined[name] = store.read(name)
                files[name] = f"{name} (database)"
    else:
        for name in schema.LOAD_ORDER:
            combined.setdefault(name, typed_frame(schema.TABLES[name], []))
    rows = {name: sheet_rows_of(raw) for name, raw in raws.items()}
    return frames, check_dataset(combined, files, rows)


def check_dir(folder: Path, store: Store | None = None) -> list[Issue]:
    raws, issues = read_dir(Path(folder))
    if issues:
        return issues
    return check_raw(raws, store)[1]


def _meta_for(tables: list[str], info: dict) -> dict[str, str]:
    kind = info.get("kind", "real")
    meta = {f"table_kind:{name}": kind for name in tables}
    meta["as_of"] = info.get("as_of", dt.date.today().isoformat())
    meta["source"] = info.get("source", "Caricamento dell'ufficio")
    if "scale" in info:
        meta["scale"] = str(info["scale"])
    return meta


def load_raw(raws: dict[str, RawTable], store: Store, info: dict | None = None,
             author: str | None = None, reason: str = "caricamento dati",
             person: auth.Person | None = None) -> dict[str, int]:
    """Validate and write raw tables in one transaction; returns rows per table loaded.
    Raises ``ValidationFailed`` (nothing written) on any issue, ``auth.PermissionDenied``
    when ``person`` may not load (see ``Store.replace``)."""
    person = auth.authorize(store, person, "load", ", ".join(sorted(raws)))
    frames, issues = check_raw(raws, store)
    if issues:
        raise ValidationFailed(issues)
    info = info or {}
    store.replace(frames, {n: r.file for n, r in raws.items()}, meta=_meta_for(list(frames), info),
                  author=author, reason=reason, person=person)
    return {name: len(frame) for name, frame in frames.items()}


def load_dir(folder: Path, store: Store, author: str | None = None,
             reason: str = "caricamento dati", person: auth.Person | None = None) -> dict[str, int]:
    raws, issues = read_dir(Path(folder))
    if issues:
        raise ValidationFailed(issues)
    return load_raw(raws, store, read_dataset_info(folder), author=author, reason=reason, person=person)


def read_uploads(files: list[tuple[str, bytes]]) -> tuple[dict[str, RawTable], list[Issue]]:
    """Raw tables from uploaded files (name, content)."""
    out: dict[str, RawTable] = {}
    issues: list[Issue] = []
    for name, data in files:
        tables, found = read_upload(data, name)
        issues += found
        for table, raw in tables.items():
            if table in out:
                issues.append(Issue(raw.file, None, None, table,
                                    f"tabella già presente in {out[table].file}",
                                    f"table already given in {out[table].file}"))
            out[table] = raw
    return out, issues


def is_demo(store: Store) -> bool:
    """True while any table loaded holds demo data."""
    meta = store.meta()
    kinds = [v for k, v in meta.items() if k.startswith("table_kind:")]
    return not kinds or any(k == "demo" for k in kinds)
