"""Edits made in the pages: validated, transactional, logged, undoable, conflict-safe.

Every change is checked against the schema registry and the data set's rules before it
is written; it is written in one transaction together with its entry in the change log
(time, author, reason, the row before and after); it can be undone from the log. Two
people editing at once: each edit carries the fingerprint of the row as it was read; if
the row changed meanwhile the save is refused with ``EditConflict``, never overwritten; the
message names who changed the row and when, and the refused attempt is kept in the change
log too (action ``edit_refused``: the row as it is, the row as the attempt wanted it, its
author and reason), so that nothing typed is lost and the history shows both attempts.

    >>> change = RowChange("update", {"action_id": "AZ0001"}, fingerprint(row),
    ...                    {"status": "done", "closed_on": "2026-11-26"})
    >>> apply_changes(store, "actions", [change], author="ufficio", reason="chiusa")
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import sqlalchemy as sa

from tavolo import auth, schema
from tavolo.errors import BilingualError
from tavolo.store import CHANGE_LOG, META, SA_TABLES, Store, current_author
from tavolo.validation import CellError, Issue, ValidationFailed, check_dataset, parse_value, typed_frame
from tavolo.values import is_missing


REFUSED = "edit_refused"  # the change log's action for an attempt refused by a conflict


class EditConflict(BilingualError, RuntimeError):
    """The row was changed by someone else since it was read; nothing was written.
    ``attempted``: the row as the refused change wanted it (None for a delete)."""

    def __init__(self, table: str, key: dict, message_it: str, message_en: str,
                 attempted: dict | None = None):
        super().__init__(message_it, message_en)
        self.table = table
        self.key = key
        self.attempted = attempted



class UndoRefused(BilingualError, ValueError):
    """A change that cannot be undone (unknown, a load, a refused attempt, already undone)."""


@dataclass(frozen=True)
class RowChange:
    """One change to one row: ``update`` (values to set), ``insert`` (the whole row) or
    ``delete``. ``fingerprint`` is the row's fingerprint when it was read (None for insert)."""

    action: str
    key: dict[str, Any]
    fingerprint: str | None = None
    values: dict[str, Any] = field(default_factory=dict)


def _plain(value: Any) -> Any:
    """JSON-friendly canonical value: ISO dates, None for missing, Python numbers."""
    if is_missing(value):
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return _plain(value.item())
    if isinstance(value, float) and value.is_integer():
        return value  # keep floats as floats: 12.0 stays 12.0
    return value


def plain_row(row: dict[str, Any] | pd.Series) -> dict[str, Any]:
    return {k: _plain(v) for k, v in dict(row).items()}


def fingerprint(row: dict[str, Any] | pd.Series) -> str:
    """A short hash of a row's values: what the editor read."""
    text = json.dumps(plain_row(row), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _canon(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def edit_as_of(store: Store) -> dt.date:
    """The as-of date of an edit's date checks: the later of the data's as-of date and
    today (an edit records what has happened by now)."""
    today = dt.date.today()
    text = store.meta().get("as_of")
    try:
        return max(dt.date.fromisoformat(text), today) if text else today
    except ValueError:
        return today


def coerce_values(table: schema.Table, values: dict[str, Any], file: str, row: int | None,
                  as_of: dt.date | None = None) -> tuple[dict, list[Issue]]:
    """Typed values through the same cell rules as file loading (``validation.parse_value``);
    issues name the column."""
    out, issues = {}, []
    for name, value in values.items():
        try:
            col = table.column(name)
        except KeyError:
            issues.append(Issue(file, row, name, _canon(value), "colonna sconosciuta", "unknown column"))
            continue
        text = value if isinstance(value, str) else _canon(value)
        try:
            typed = parse_value(col, value, as_of)
        except CellError as err:
            issues.append(Issue(file, row, name, text, err.rule_it, err.rule_en))
            continue
        if typed is None and (col.required or col.primary_key):
            issues.append(Issue(file, row, name, "", "valore obbligatorio mancante", "required value missing"))
        out[name] = typed
    return out, issues


def _key_clause(sa_table: sa.Table, key: dict[str, Any]):
    return sa.and_(*[sa_table.c[k] == _plain(v) for k, v in key.items()])


def _related_tables(name: str) -> set[str]:
    """Tables ``name`` references and tables that reference it."""
    related = {name}
    for col in schema.TABLES[name].columns:
        if col.references:
            related.add(col.references.split(".")[0])
    for other in schema.TABLES.values():
        for col in other.columns:
            if col.references and col.references.split(".")[0] == name:
                related.add(other.name)
    return related


def _key_of(table: schema.Table, row: dict[str, Any]) -> dict[str, Any]:
    return {k: _plain(row.get(k)) for k in table.primary_key}


def _last_change(conn, table_name: str, key: dict) -> tuple[str, dt.datetime] | None:
    """Author and time of the last logged change to one row."""
    found = conn.execute(
        sa.select(CHANGE_LOG.c.author, CHANGE_LOG.c.at)
        .where(CHANGE_LOG.c.table_name == table_name,
               CHANGE_LOG.c.row_key == json.dumps(key, sort_keys=True),
               CHANGE_LOG.c.action.in_(("update", "insert", "delete")))
        .order_by(CHANGE_LOG.c.change_id.desc()).limit(1)).first()
    return (found[0], found[1]) if found else None


def _changed_by(conn, table_name: str, key: dict) -> str:
    """' (Anna Bianchi, 02/12/2026 07:14)': who changed the row last and when, the same
    in both languages; '' when the log does not say (a load replaced the table)."""
    last = _last_change(conn, table_name, key)
    if last is None:
        return ""
    author, at = last
    return f" ({author}, {pd.Timestamp(at).strftime('%d/%m/%Y %H:%M')})"


def _log_refused(store: Store, conflict: EditConflict, author: str, reason: str) -> None:
    """Keep the refused attempt in the change log (nothing else is written)."""
    key = {k: _plain(v) for k, v in conflict.key.items()}
    with store.engine.begin() as conn:
        found = conn.execute(sa.select(SA_TABLES[conflict.table])
                             .where(_key_clause(SA_TABLES[conflict.table], key))).first()
        now_row = _typed_row(schema.TABLES[conflict.table], dict(found._mapping)) if found else None
        conn.execute(sa.insert(CHANGE_LOG).values(
            at=dt.datetime.now().replace(microsecond=0), author=author, table_name=conflict.table,
            row_key=json.dumps(key, sort_keys=True), action=REFUSED,
            before_json=json.dumps(now_row, ensure_ascii=False) if now_row else None,
            after_json=json.dumps(conflict.attempted, ensure_ascii=False) if conflict.attempted else None,
            reason=reason))


def apply_changes(store: Store, table_name: str, changes: list[RowChange], author: str | None = None,
                  reason: str = "", extra_check=None, person: auth.Person | None = None) -> list[int]:
    """Validate and write ``changes`` to ``table_name`` in one transaction; returns the
    change-log ids. Raises ``ValidationFailed`` or ``EditConflict``; then nothing changed
    (a conflict is recorded in the change log as an ``edit_refused`` entry).
    ``extra_check(new_frame) -> list[Issue]`` adds page-specific rules. Once accounts
    exist, ``person`` must be allowed to edit (``auth.PermissionDenied`` otherwise) and
    the log records their display name."""
    try:
        with store_faults_as_issues(store, table_name):
            person = auth.authorize(store, person, "edit", table_name)
            return _apply_changes(store, table_name, changes, author, reason, extra_check, person)
    except EditConflict as conflict:
        _log_refused(store, conflict, auth.author(person, author) or current_author(), reason)
        raise


@contextlib.contextmanager
def store_faults_as_issues(store: Store, table_name: str):
    """A database that is unreachable, read-only or damaged during an edit becomes a
    ``ValidationFailed`` with the explanation (the pages show it like any refused edit,
    and keep what the user typed); the transaction was rolled back, nothing changed."""
    from tavolo import faults

    try:
        yield
    except sa.exc.DBAPIError as exc:
        fault = faults.explain(exc, store.url)
        raise ValidationFailed([Issue(f"{table_name} (modifica)", None, None, None, fault.message_it,
                                      fault.message_en)]) from exc


def _apply_changes(store: Store, table_name: str, changes: list[RowChange], author: str | None,
                   reason: str, extra_check, person: auth.Person | None) -> list[int]:
    table = schema.TABLES[table_name]
    file = f"{table_name} (modifica)"
    if not reason or not reason.strip():
        raise ValidationFailed([Issue(file, None, "reason", "", "indicare il motivo della modifica",
                                      "give the reason for the change")])
    frames = {name: store.read(name) for name in _related_tables(table_name)}
    current = frames[table_name]
    pk = list(table.primary_key)
    index = {tuple(_plain(v) for v in key): pos
             for pos, key in enumerate(current[pk].itertuples(index=False, name=None))}
    rows = [plain_row(r) for r in current.to_dict("records")]
    issues: list[Issue] = []
    as_of = edit_as_of(store)
    planned: list[tuple[RowChange, dict | None, dict | None]] = []  # change, before, after
    for n, change in enumerate(changes, start=1):
        key = {k: _plain(v) for k, v in change.key.items()}
        if set(key) != set(pk):
            issues.append(Issue(file, n, "+".join(pk), json.dumps(key), "chiave incompleta", "incomplete key"))
            continue
        pos = index.get(tuple(key[k] for k in pk))
        typed, found = coerce_values(table, change.values, file, n, as_of)
        issues += found
        if change.action == "insert":
            if pos is not None:
                issues.append(Issue(file, n, "+".join(pk), json.dumps(key), "identificativo già esistente",
                                    "id already exists"))
                continue
            after = {c: None for c in table.column_names} | plain_row(typed) | key
            rows.append(after)
            planned.append((change, None, after))
            continue
        if pos is None:
            raise EditConflict(table_name, key, f"La riga {key} non esiste più: è stata eliminata da un altro utente",
                               f"Row {key} no longer exists: another user deleted it")
        before = dict(rows[pos])
        if change.fingerprint and fingerprint(current.iloc[pos]) != change.fingerprint:
            with store.engine.connect() as conn:
                by = _changed_by(conn, table_name, key)
            raise EditConflict(table_name, key,
                               f"La riga {key} è stata modificata da un altro utente{by} dopo la "
                               "lettura: ricaricare la pagina e ripetere la modifica",
                               f"Row {key} was changed by another user{by} after it was read: "
                               "reload the page and make the change again",
                               attempted=None if change.action == "delete" else before | plain_row(typed))
        if change.action == "delete":
            rows[pos] = None
            planned.append((change, before, None))
        elif change.action == "update":
            if set(typed) & set(pk):
                issues.append(Issue(file, n, "+".join(pk), "", "la chiave non si modifica", "the key cannot change"))
                continue
            after = before | plain_row(typed)
            rows[pos] = after
            planned.append((change, before, after))
        else:
            issues.append(Issue(file, n, None, change.action, "azione sconosciuta", "unknown action"))
    if issues:
        raise ValidationFailed(issues)
    new_frame = typed_frame(table, [r for r in rows if r is not None])
    frames[table_name] = new_frame
    files = {name: f"{name} (database)" for name in frames} | {table_name: file}
    issues = check_dataset(frames, files)
    if extra_check is not None:
        issues += extra_check(new_frame)
    if issues:
        raise ValidationFailed(issues)
    return _write(store, table_name, planned, auth.author(person, author) or current_author(), reason)


def _write(store: Store, table_name: str, planned, author: str, reason: str) -> list[int]:
    table = schema.TABLES[table_name]
    sa_table = SA_TABLES[table_name]
    ids = []
    now = dt.datetime.now().replace(microsecond=0)
    with store.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            # Take the write lock first (the driver begins the transaction only at the first
            # write): the re-check below and the writes are then one step, and two saves at
            # the same moment cannot both pass it. PostgreSQL: SELECT ... FOR UPDATE below.
            conn.execute(sa.update(META).where(META.c.key == "data_version").values(value=META.c.value))
        for change, before, after in planned:
            key = _key_of(table, after or before)
            if before is not None:  # re-check inside the transaction: the last word on conflicts
                query = sa.select(sa_table).where(_key_clause(sa_table, key))
                if conn.dialect.name == "postgresql":
                    query = query.with_for_update()
                found = conn.execute(query).first()
                if found is None or fingerprint(_typed_row(table, dict(found._mapping))) != fingerprint(
                        _typed_row(table, before)):
                    by = _changed_by(conn, table_name, key)
                    raise EditConflict(table_name, key,
                                       f"La riga {key} è stata modificata da un altro utente{by}: "
                                       "nessun dato modificato",
                                       f"Row {key} was changed by another user{by}: no data changed",
                                       attempted=after)
            if change.action == "insert":
                conn.execute(sa.insert(sa_table).values(**_db_values(table, after)))
            elif change.action == "update":
                conn.execute(sa.update(sa_table).where(_key_clause(sa_table, key))
                             .values(**_db_values(table, {k: v for k, v in after.items() if k not in key})))
            else:
                conn.execute(sa.delete(sa_table).where(_key_clause(sa_table, key)))
            result = conn.execute(sa.insert(CHANGE_LOG).values(
                at=now, author=author, table_name=table_name, row_key=json.dumps(key, sort_keys=True),
                action=change.action, before_json=json.dumps(before, ensure_ascii=False) if before else None,
                after_json=json.dumps(after, ensure_ascii=False) if after else None, reason=reason))
            ids.append(int(result.inserted_primary_key[0]))
        Store._bump(conn)
    return ids


def _typed_row(table: schema.Table, row: dict) -> dict:
    return plain_row(typed_frame(table, [row]).iloc[0])


def _db_values(table: schema.Table, row: dict) -> dict:
    typed = typed_frame(table, [row]).iloc[0]
    out = {}
    for name in row:
        value = _plain(typed[name])
        if table.column(name).type == "date" and value is not None:
            value = dt.date.fromisoformat(value)
        out[name] = value
    return out


def history(store: Store, table_name: str | None = None) -> pd.DataFrame:
    """The change log, newest first, optionally for one table (loads excluded)."""
    log = store.change_log()
    if table_name is not None:
        log = log[log["table_name"] == table_name]
    return log.reset_index(drop=True)


def undo(store: Store, change_id: int, author: str | None = None, reason: str = "",
         person: auth.Person | None = None) -> int:
    """Revert one logged change (refused if the row changed since, or already undone);
    returns the id of the new log entry, which records the undo. Checked like an edit."""
    with store_faults_as_issues(store, "change_log"):
        return _undo(store, change_id, author, reason, person)


def _undo(store: Store, change_id: int, author: str | None, reason: str,
          person: auth.Person | None) -> int:
    person = auth.authorize(store, person, "edit", f"annulla / undo {change_id}")
    log = store.change_log()
    entry = log[log["change_id"] == change_id]
    if entry.empty:
        raise UndoRefused(f"La modifica n. {change_id} non esiste.", f"There is no change {change_id}.")
    entry = entry.iloc[0]
    if entry["action"] == "load":
        raise UndoRefused("Un caricamento non si annulla da qui.", "A load cannot be undone here.")
    if entry["action"] == REFUSED:
        raise UndoRefused("Un tentativo rifiutato non ha modificato nulla: non si annulla.",
                          "A refused attempt changed nothing: it cannot be undone.")
    if pd.notna(entry["undone_by"]) and entry["undone_by"] is not None:
        raise UndoRefused(f"La modifica n. {change_id} è già stata annullata.",
                          f"Change {change_id} has already been undone.")
    table_name = entry["table_name"]
    table = schema.TABLES[table_name]
    key = json.loads(entry["row_key"])
    # pandas may give NaN (not None) for an empty text cell of the log
    before = json.loads(entry["before_json"]) if isinstance(entry["before_json"], str) else None
    after = json.loads(entry["after_json"]) if isinstance(entry["after_json"], str) else None
    current = store.read(table_name)
    mask = pd.Series(True, index=current.index)
    for k, v in key.items():
        mask &= current[k].map(_plain) == v
    now_row = current[mask]
    reason = reason or f"annulla modifica {change_id}"
    if after is not None:
        if now_row.empty or fingerprint(now_row.iloc[0]) != fingerprint(_typed_row(table, after)):
            raise EditConflict(table_name, key,
                               f"Impossibile annullare: la riga {key} è cambiata dopo la modifica {change_id}",
                               f"Cannot undo: row {key} changed after change {change_id}")
    if entry["action"] == "insert":
        change = RowChange("delete", key, fingerprint(now_row.iloc[0]))
    elif entry["action"] == "delete":
        change = RowChange("insert", key, None, {k: v for k, v in before.items() if k not in key})
    else:
        change = RowChange("update", key, fingerprint(now_row.iloc[0]),
                           {k: v for k, v in before.items() if k not in key})
    new_id = apply_changes(store, table_name, [change], author, reason, person=person)[0]
    with store.engine.begin() as conn:
        conn.execute(sa.update(CHANGE_LOG).where(CHANGE_LOG.c.change_id == change_id).values(undone_by=new_id))
    return new_id
