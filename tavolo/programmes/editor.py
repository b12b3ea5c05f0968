"""Edits from the page's editors: what an editor changed (``edits.RowChange`` with the
fingerprints taken when the rows were read), the new rows it adds, the ``extra_check``
rules of each edit, and the change log of one programme."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Callable

import pandas as pd

from tavolo import edits, i18n, schema
from tavolo.programmes.allocation import allocation_table
from tavolo.validation import Issue
from tavolo.values import is_missing

EDITABLE_TABLES = ("programme_flats", "milestones", "allocations")


def row_key(table_name: str, row: dict | pd.Series) -> dict[str, Any]:
    """The primary key of a row as plain values."""
    return {k: edits.plain_row({k: row[k]})[k] for k in schema.TABLES[table_name].primary_key}


def key_text(key: dict) -> str:
    return json.dumps(key, sort_keys=True)


def fingerprints(frame: pd.DataFrame, table_name: str) -> dict[str, str]:
    """Each row's fingerprint, by key text: what the page read, kept to detect conflicts."""
    return {key_text(row_key(table_name, row)): edits.fingerprint(row)
            for row in frame.to_dict("records")}


def _editor_value(value: Any) -> Any:
    # Values coming back from an editor: NaN/NaT -> None, 23.0 -> 23, dates -> ISO.
    value = edits._plain(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _missing_key(table_name: str, row: pd.Series) -> bool:
    return any(k not in row or is_missing(row[k])
               for k in schema.TABLES[table_name].primary_key)


def row_changes(table_name: str, original: pd.DataFrame, edited: pd.DataFrame,
                columns: list[str], read_fingerprints: dict[str, str],
                today: dt.date | None = None,
                new_row: Callable[[pd.Series], tuple[dict, dict] | None] | None = None,
                ) -> list[edits.RowChange]:
    """What an editor changed, as ``RowChange``s carrying the fingerprint of each row as it
    was read: an update per changed row (only the changed columns); an insert, built by
    ``new_row(edited_row) -> (key, values)``, for a row added in the editor or a row
    shown without a key (a quota not recorded yet) that was given values. A phase
    changed without a new ``phase_since`` gets ``today`` as the date the phase began."""
    out = []
    for pos in edited.index:
        after = edited.loc[pos]
        before = original.loc[pos] if pos in original.index else None
        values = {}
        for col in columns:
            old = None if before is None else _editor_value(before[col])
            new = _editor_value(after[col])
            if old != new:
                values[col] = new
        if not values:
            continue
        if before is None or _missing_key(table_name, before):
            if new_row is None or all(v is None for v in values.values()):
                continue
            made = new_row(after)
            if made is not None:
                key, row_values = made
                out.append(edits.RowChange("insert", key, None, row_values))
            continue
        if table_name == "programme_flats" and "phase" in values and "phase_since" not in values \
                and today is not None:
            values["phase_since"] = today.isoformat()
        key = row_key(table_name, before)
        out.append(edits.RowChange("update", key, read_fingerprints.get(key_text(key)), values))
    return out


def new_id(existing: pd.Series | list, prefix: str) -> str:
    """The first ``prefix`` + two digits not in ``existing``: 'mazzafame_m01'."""
    taken = set(map(str, existing))
    n = 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    return f"{prefix}{n:02d}"


def office_source(today: dt.date) -> str:
    return f"Ufficio del tavolo, inserito in Tavolo Casa il {today.strftime('%d/%m/%Y')}"


def milestone_maker(frames: dict[str, pd.DataFrame], programme_id: str, today: dt.date):
    """``new_row`` for the milestones editor: a new id, the programme and the source."""
    taken = list(frames["milestones"]["milestone_id"])

    def make(row: pd.Series) -> tuple[dict, dict]:
        mid = new_id(taken, f"{programme_id}_m")
        taken.append(mid)
        values = {c: _editor_value(row.get(c)) for c in ("name", "planned_date", "actual_date")}
        return {"milestone_id": mid}, values | {"programme_id": programme_id,
                                                "source": office_source(today)}

    return make


def allocation_maker(frames: dict[str, pd.DataFrame], programme_id: str, today: dt.date):
    """``new_row`` for the allocation editor: a quota shown but not recorded yet."""
    taken = set(frames["allocations"]["allocation_id"])

    def make(row: pd.Series) -> tuple[dict, dict]:
        aid = f"{programme_id}_{row['quota']}"
        if aid in taken:
            aid = new_id(taken, aid + "_")
        taken.add(aid)
        values = {c: _editor_value(row.get(c)) for c in ("flats_proposed", "flats_approved", "meeting_id")}
        if values["flats_proposed"] is None:
            values["flats_proposed"] = 0
        return {"allocation_id": aid}, values | {"programme_id": programme_id, "quota": row["quota"],
                                                 "source": office_source(today)}

    return make


def allocation_editor_frame(frames: dict[str, pd.DataFrame], programme_id: str) -> pd.DataFrame:
    """Every quota of ``schema.QUOTA`` with the programme's recorded values (NA where the
    quota is not recorded yet): what the allocation editor shows."""
    table = allocation_table(frames, programme_id)
    full = pd.DataFrame({"quota": list(schema.QUOTA)}).merge(table, on="quota", how="left")
    full = full.astype({"flats_proposed": "Int64", "flats_approved": "Int64",
                        "allocation_id": object, "meeting_id": object})
    full["meeting_date"] = full["meeting_date"].astype("datetime64[s]")
    return full[["allocation_id", "quota", "flats_proposed", "flats_approved", "meeting_id",
                 "meeting_date"]]


def not_in_future(table_name: str, column: str, today: dt.date) -> Callable[[pd.DataFrame], list[Issue]]:
    """An ``extra_check``: dates in ``column`` may not come after ``today`` (a phase that
    began, a milestone reached)."""
    file = f"{table_name} (modifica)"

    def check(new_frame: pd.DataFrame) -> list[Issue]:
        late = new_frame[new_frame[column].notna() & (new_frame[column] > pd.Timestamp(today))]
        return [Issue(file, None, column, edits._plain(v),
                      f"data futura: {column} non può essere dopo oggi ({today.isoformat()})",
                      f"future date: {column} cannot be after today ({today.isoformat()})")
                for v in late[column]]

    return check


def _json(text: Any) -> dict | None:
    # A missing side of a logged change is None, or NaN once pandas infers a string column.
    return json.loads(text) if isinstance(text, str) and text else None


def _programme_of(entry: dict) -> str | None:
    for side in ("after_json", "before_json"):
        row = _json(entry.get(side))
        if row is not None:
            return row.get("programme_id")
    return None


def _describe(table_name: str, before: dict | None, after: dict | None, lang: str) -> str:
    """'phase: Progettazione → Lavori in corso' for the columns that changed."""
    table = schema.TABLES[table_name]
    before, after = before or {}, after or {}
    parts = []
    for col in table.columns:
        if col.primary_key or col.name in ("programme_id", "source"):
            continue
        old, new = before.get(col.name), after.get(col.name)
        if old == new:
            continue
        if col.values:
            old = schema.label(col.values, old, lang) if old is not None else None
            new = schema.label(col.values, new, lang) if new is not None else None
        elif col.type == "date":
            old = i18n.fmt_date(old, lang) if old is not None else None
            new = i18n.fmt_date(new, lang) if new is not None else None
        old, new = ("–" if v is None else v for v in (old, new))
        parts.append(f"{col.label(lang)}: {old} → {new}")
    return "; ".join(parts)


def programme_history(log: pd.DataFrame, programme_id: str, lang: str = "it") -> pd.DataFrame:
    """The changes to the programme's phases, milestones and allocations, newest first:
    change_id, at, author, table, row (the key), what changed, reason, undone_by, can_undo."""
    columns = ["change_id", "at", "author", "table_name", "row", "change", "reason", "undone_by",
               "can_undo"]
    if log.empty:
        return pd.DataFrame(columns=columns)
    mine = log[log["table_name"].isin(EDITABLE_TABLES)]
    rows = []
    for entry in mine.to_dict("records"):
        if _programme_of(entry) != programme_id:
            continue
        before, after = _json(entry["before_json"]), _json(entry["after_json"])
        key = json.loads(entry["row_key"])
        undone = entry.get("undone_by")
        undone = None if is_missing(undone) else int(undone)
        refused = entry["action"] == "edit_refused"  # an attempt a conflict refused: nothing to undo
        change = _describe(entry["table_name"], before, after, lang)
        rows.append({"change_id": int(entry["change_id"]), "at": entry["at"],
                     "author": entry["author"], "table_name": entry["table_name"],
                     "row": ", ".join(str(v) for k, v in key.items() if k != "programme_id"),
                     "change": i18n.t("prog_refused_entry", lang) + change if refused else change,
                     "reason": entry["reason"], "undone_by": undone,
                     "can_undo": undone is None and not refused})
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values("change_id", ascending=False).reset_index(drop=True)


def editor_result(shown: pd.DataFrame, state: dict | None) -> pd.DataFrame:
    """The table an ``st.data_editor`` ends with, from the frame it was given and its edit
    state (``{"edited_rows": {position: {column: value}}, "added_rows": [{...}],
    "deleted_rows": [...]}``): what a save callback sees, before the script reruns."""
    out = shown.copy().reset_index(drop=True)
    state = state or {}

    def typed(column: str, value: Any) -> Any:
        if is_missing(value):
            return pd.NaT if pd.api.types.is_datetime64_any_dtype(out[column]) else None
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            return pd.Timestamp(value).normalize()
        return value

    for position, values in (state.get("edited_rows") or {}).items():
        for column, value in values.items():
            if column in out.columns:
                out.loc[int(position), column] = typed(column, value)
    added = [{c: typed(c, v) for c, v in row.items() if c in out.columns}
             for row in (state.get("added_rows") or [])]
    if added:
        out = pd.concat([out, pd.DataFrame(added, columns=out.columns)], ignore_index=True)
    deleted = [int(p) for p in (state.get("deleted_rows") or [])]
    return out.drop(index=deleted) if deleted else out
