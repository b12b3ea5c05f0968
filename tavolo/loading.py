"""Checking and loading a folder (or an upload) of table files into the store.

A load is all or nothing: the files are parsed and the whole resulting data set (the new
tables plus the ones already stored) is checked before anything is written, and the
write itself is one transaction. ``check`` and ``load`` run the same function
(``check_raw``) with the same as-of date, so a file ``check`` accepts, ``load`` loads, and
a refused load was refused by ``check`` with the same messages; the store does not check
the data set a second time.

This module does not import ``tavolo.store`` (the store imports it to fill itself from
``data/``): a ``store`` argument is anything with ``is_initialised``, ``read`` and ``replace``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tavolo import paths, schema
from tavolo.validation import (
    Issue,
    RawTable,
    ValidationFailed,
    check_dataset,
    read_dir,
    read_upload,
    sheet_rows_of,
    typed_frame,
    validate_raw,
)

if TYPE_CHECKING:
    import pandas as pd

    from tavolo import auth
    from tavolo.store import Store

DEFAULT_DATA_DIR = paths.DATA_DIR
DATASET_FILE = "dataset.json"
# Largest upload on the Dati page, per file and for all files together. The same figure is
# Streamlit's server.maxUploadSize in .streamlit/config.toml (a test checks).
UPLOAD_LIMIT_MB = 50

# ``progress(fraction, label)``: fraction from 0 to 1 of a check or load, and what is being done.
ProgressCallback = Callable[[float, str], None]
_CELLS_SHARE = 0.8  # the cells take most of a check; the cross-table checks the rest


def read_dataset_info(folder: Path) -> dict:
    """The folder's ``dataset.json`` (kind, as-of date, source), {} when there is none;
    raises ``ValidationFailed`` when it cannot be read as a JSON object."""
    path = Path(folder) / DATASET_FILE
    if not path.exists():
        return {}
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        info = exc
    if not isinstance(info, dict):
        raise ValidationFailed([Issue(DATASET_FILE, None, None, None,
                                      f"file illeggibile: atteso un oggetto JSON ({info})",
                                      f"unreadable file: a JSON object expected ({info})")])
    return info


def canonical_csv(name: str, frame: pd.DataFrame) -> bytes:
    """Table ``name`` as the canonical CSV ``tavolo load`` reads (the shipped data's
    format: UTF-8, comma, ISO dates, ``true``/``false``, decimal point, ``\n`` line
    ends). The one writer: the demo generator's ``data/`` and the backups' tables."""
    export = frame.copy()
    for col in schema.TABLES[name].columns:
        if col.type == "date":
            export[col.name] = export[col.name].dt.strftime("%Y-%m-%d")
        elif col.type == "bool":
            export[col.name] = export[col.name].map({True: "true", False: "false"})
    return export.to_csv(index=False, lineterminator="\n").encode("utf-8")


def as_of_date(info: dict | None) -> dt.date:
    """The as-of date a check or load uses, and the load records: the data set's
    (``dataset.json``), else today, the day an office's files are loaded."""
    text = (info or {}).get("as_of")
    return dt.date.fromisoformat(text) if text else dt.date.today()


def check_raw(raws: dict[str, RawTable], store: Store | None = None, info: dict | None = None,
              progress: ProgressCallback | None = None):
    """Typed frames and every issue of raw tables (cells, then keys, references and rules
    of the whole data set, with the store's other tables when a store is given)."""
    total = sum(len(raw.frame) * max(len(schema.TABLES[name].columns), 1)
                for name, raw in raws.items()) or 1
    done = [0]

    def cells(count: int, label: str) -> None:
        done[0] += count
        if progress is not None:
            progress(_CELLS_SHARE * min(done[0] / total, 1.0), label)

    try:
        as_of = as_of_date(info)
    except ValueError:
        return {}, [Issue(DATASET_FILE, None, "as_of", str((info or {}).get("as_of")),
                          "data di riferimento non valida: usare aaaa-mm-gg",
                          "invalid as-of date: use yyyy-mm-dd")]
    frames, issues = validate_raw(raws, as_of, cells)
    if issues:
        return frames, issues
    if progress is not None:
        progress(_CELLS_SHARE, "chiavi e riferimenti / keys and references")
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


def check_dir(folder: Path, store: Store | None = None,
              progress: ProgressCallback | None = None) -> list[Issue]:
    raws, issues = read_dir(Path(folder))
    if issues:
        return issues
    try:
        info = read_dataset_info(folder)
    except ValidationFailed as failed:
        return failed.issues
    issues = check_raw(raws, store, info, progress)[1]
    if progress is not None:
        progress(1.0, "fatto / done")
    return issues


def _meta_for(tables: list[str], info: dict) -> dict[str, str]:
    kind = info.get("kind", "real")
    meta = {f"table_kind:{name}": kind for name in tables}
    meta["as_of"] = as_of_date(info).isoformat()
    meta["source"] = info.get("source", "Caricamento dell'ufficio")
    if "scale" in info:
        meta["scale"] = str(info["scale"])
    return meta


def load_raw(raws: dict[str, RawTable], store: Store, info: dict | None = None,
             author: str | None = None, reason: str = "caricamento dati",
             progress: ProgressCallback | None = None, person: auth.Person | None = None) -> dict[str, int]:
    """Check (``check_raw``) and write raw tables in one transaction; returns rows per
    table loaded. Raises ``ValidationFailed`` (nothing written) on any issue,
    ``auth.PermissionDenied`` when ``person`` may not load (see ``Store.replace``)."""
    from tavolo import auth  # imported here: auth imports the store, loading does not

    person = auth.authorize(store, person, "load", ", ".join(sorted(raws)))
    frames, issues = check_raw(raws, store, info, progress)
    if issues:
        raise ValidationFailed(issues)
    info = info or {}
    if progress is not None:
        progress(0.9, "scrittura / writing")
    store.replace(frames, {n: r.file for n, r in raws.items()}, meta=_meta_for(list(frames), info),
                  author=author, reason=reason, checked=True, person=person)
    if progress is not None:
        progress(1.0, "fatto / done")
    return {name: len(frame) for name, frame in frames.items()}


def load_dir(folder: Path, store: Store, author: str | None = None,
             reason: str = "caricamento dati", progress: ProgressCallback | None = None,
             person: auth.Person | None = None) -> dict[str, int]:
    raws, issues = read_dir(Path(folder))
    if issues:
        raise ValidationFailed(issues)
    return load_raw(raws, store, read_dataset_info(folder), author=author, reason=reason,
                    progress=progress, person=person)


def upload_size_issues(files: list[tuple[str, int]], limit_mb: int | None = None) -> list[Issue]:
    """Issues for uploaded files (name, size in bytes) over the limit (``UPLOAD_LIMIT_MB``
    when not given), one by one and together."""
    limit_mb = UPLOAD_LIMIT_MB if limit_mb is None else limit_mb
    limit = limit_mb * 1024 * 1024
    issues = [Issue(name, None, None, f"{size / 1024 / 1024:.1f} MB",
                    f"file troppo grande: al massimo {limit_mb} MB per caricamento",
                    f"file too large: at most {limit_mb} MB per upload")
              for name, size in files if size > limit]
    total = sum(size for _name, size in files)
    if not issues and total > limit:
        issues.append(Issue(", ".join(name for name, _size in files), None, None,
                            f"{total / 1024 / 1024:.1f} MB",
                            f"file troppo grandi insieme: al massimo {limit_mb} MB per caricamento",
                            f"files too large together: at most {limit_mb} MB per upload"))
    return issues


def read_uploads(files: list[tuple[str, bytes]]) -> tuple[dict[str, RawTable], list[Issue]]:
    """Raw tables from uploaded files (name, content), refused over the upload limit."""
    issues = upload_size_issues([(name, len(data)) for name, data in files])
    if issues:
        return {}, issues
    out: dict[str, RawTable] = {}
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


def is_demo_meta(meta: dict[str, str]) -> bool:
    """True while any table loaded holds demo data: the ``table_kind:<table>`` entries
    ``load_raw`` writes in the store's metadata; with none (nothing loaded yet) the data are
    the demo's. The one definition of "the demo is loaded"."""
    kinds = [v for k, v in meta.items() if k.startswith("table_kind:")]
    return not kinds or any(k == "demo" for k in kinds)


def is_demo(store: Store) -> bool:
    """``is_demo_meta`` on the store's metadata."""
    return is_demo_meta(store.meta())


def is_demo_frames(frames: dict[str, pd.DataFrame]) -> bool:
    """The fallback when only frames are at hand (no store metadata): the buildings'
    ``source`` says "dimostrativ..." (the demo generator writes it on every record)."""
    source = frames["buildings"].get("source")
    return bool(source is not None and source.astype(str).str.contains("dimostrativ").any())
