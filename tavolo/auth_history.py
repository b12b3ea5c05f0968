"""The change log told as sentences ("Storico modifiche"): who changed what, when and why,
with filters by person, table and date and an Italian CSV export.

    >>> frame = sentences(store.change_log(), "it")
    >>> filter_history(frame, people=["Anna Rossi"], tables=["actions"],
    ...                start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from tavolo import i18n, schema
from tavolo.values import is_missing

COLUMNS = ["change_id", "at", "author", "table_name", "tables", "table", "action", "sentence", "reason",
           "undone_by"]
_VERBS = {"update": ("ha modificato", "changed"), "insert": ("ha aggiunto", "added"),
          "delete": ("ha eliminato", "deleted"), "load": ("ha caricato", "loaded")}
_ACTIONS = {"update": ("modifica", "change"), "insert": ("aggiunta", "addition"),
            "delete": ("eliminazione", "deletion"), "load": ("caricamento", "load"),
            "edit_refused": ("tentativo rifiutato", "refused attempt")}


def _json(text) -> dict | None:
    return json.loads(text) if isinstance(text, str) and text else None


def _value(col: schema.Column, value, lang: str) -> str:
    if value is None:
        return "–"
    if col.values:
        return schema.label(col.values, value, lang)
    if col.type == "date":
        return i18n.fmt_date(pd.Timestamp(value), lang)
    if col.type == "bool":
        return i18n.t("yes" if value else "no", lang)
    if col.type in ("int", "float") and isinstance(value, (int, float)):
        return i18n.fmt_num(value, lang, 2) if col.type == "float" else i18n.fmt_int(value, lang)
    return str(value)


def _changes(table: schema.Table, before: dict, after: dict, lang: str) -> str:
    parts = []
    for col in table.columns:
        if col.primary_key or before.get(col.name) == after.get(col.name):
            continue
        old, new = _value(col, before.get(col.name), lang), _value(col, after.get(col.name), lang)
        parts.append(f"{col.label(lang)} " + i18n.t("hist_from_to", lang).format(old=old, new=new))
    return "; ".join(parts)


def table_label(name: str, lang: str = "it") -> str:
    if name == "*":
        return i18n.t("hist_all_tables", lang)
    return schema.TABLES[name].label(lang) if name in schema.TABLES else name


def sentence(entry: dict, lang: str = "it") -> str:
    """'Anna Rossi ha modificato Azioni AZ0001: Stato da «Aperta» a «Chiusa»'."""
    verb = i18n.pick(lang, *_VERBS.get(entry["action"], (entry["action"], entry["action"])))
    who = entry["author"]
    if entry["action"] == "load":
        counts = _json(entry["after_json"]) or {}
        listed = ", ".join(f"{table_label(n, lang)} ({i18n.plural(c, 'row_one', 'rows', lang)})"
                           for n, c in sorted(counts.items()))
        return f"{who} {verb} {listed}"
    name = entry["table_name"]
    key = ", ".join(str(v) for v in (_json(entry["row_key"]) or {}).values())
    text = f"{who} {verb} {table_label(name, lang)} {key}".rstrip()
    if entry["action"] == "update" and name in schema.TABLES:
        changed = _changes(schema.TABLES[name], _json(entry["before_json"]) or {},
                           _json(entry["after_json"]) or {}, lang)
        if changed:
            text += f": {changed}"
    undone = entry.get("undone_by")
    if undone is not None and not pd.isna(undone):
        text += " " + i18n.t("hist_undone_by", lang).format(n=int(undone))
    return text


def when_text(at, lang: str = "it") -> str:
    """'01/12/2026 14:02': the moment of a change as people write it."""
    at = pd.Timestamp(at)
    return f"{i18n.fmt_date(at, lang)} {at:%H:%M}"


def history_line(at, author: str, what: str, reason: str | None = None, undone_by=None,
                 lang: str = "it") -> str:
    """One change told as a sentence: '01/12/2026 14:02, Mario Rossi: Fasi degli alloggi
    CP114-001, Fase da «Progettazione» a «Lavori»; motivo: verbale del 28/11' (with
    '(annullata dalla modifica n. 7)' when undone). Missing parts are left out, never
    written as None or nan."""
    text = f"{when_text(at, lang)}, {author or '–'}: {what}".rstrip(": ")
    if isinstance(reason, str) and reason.strip():
        text += f"; {i18n.t('hist_reason', lang)}: {reason.strip()}"
    if undone_by is not None and not pd.isna(undone_by):
        text += " " + i18n.t("hist_undone_by", lang).format(n=int(undone_by))
    return text


def what_changed(entry: dict, lang: str = "it") -> str:
    """What one change-log entry did, without who and when: 'Azioni AZ0001, Stato da
    «Aperta» a «Chiusa»', 'aggiunta: Azioni AZ0102', 'caricamento: Alloggi (1.170 righe)'."""
    noun = i18n.pick(lang, *_ACTIONS.get(entry["action"], (entry["action"],) * 2))
    if entry["action"] == "load":
        counts = _json(entry["after_json"]) or {}
        return f"{noun}: " + ", ".join(f"{table_label(n, lang)} ({i18n.plural(c, 'row_one', 'rows', lang)})"
                                       for n, c in sorted(counts.items()))
    name = entry["table_name"]
    key = ", ".join(str(v) for v in (_json(entry["row_key"]) or {}).values())
    target = f"{table_label(name, lang)} {key}".rstrip()
    if entry["action"] == "update" and name in schema.TABLES:
        changed = _changes(schema.TABLES[name], _json(entry["before_json"]) or {},
                           _json(entry["after_json"]) or {}, lang)
        return f"{target}, {changed}" if changed else target
    return f"{noun}: {target}"


def lines(log: pd.DataFrame, lang: str = "it", limit: int | None = None) -> list[str]:
    """The change log (``Store.change_log()`` or ``edits.history()``), newest first, as
    :func:`history_line` sentences."""
    entries = log.to_dict("records")[:limit]
    return [history_line(e["at"], e["author"], what_changed(e, lang), e.get("reason"), e.get("undone_by"), lang)
            for e in entries]


def sentences(log: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """The change log (``Store.change_log()``), newest first, one sentence per entry."""
    rows = []
    for entry in log.to_dict("records"):
        undone = entry.get("undone_by")
        rows.append({"change_id": int(entry["change_id"]), "at": pd.Timestamp(entry["at"]),
                     "author": entry["author"], "table_name": entry["table_name"],
                     "tables": (entry["row_key"] if entry["action"] == "load" else entry["table_name"]),
                     "table": table_label(entry["table_name"], lang),
                     "action": i18n.pick(lang, *_ACTIONS.get(entry["action"], (entry["action"],) * 2)),
                     "sentence": sentence(entry, lang), "reason": entry["reason"],
                     "undone_by": None if is_missing(undone) else int(undone)})
    return pd.DataFrame(rows, columns=COLUMNS)


def filter_history(frame: pd.DataFrame, people: list[str] | None = None, tables: list[str] | None = None,
                   start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    """Entries by any of ``people`` (authors), touching any of ``tables`` (a load touches
    the tables it loaded), between ``start`` and ``end`` included."""
    keep = pd.Series(True, index=frame.index)
    if people:
        keep &= frame["author"].isin(people)
    if tables:
        wanted = set(tables)
        keep &= frame["tables"].map(lambda names: bool(wanted & set(str(names).split(","))))
    if start is not None:
        keep &= frame["at"] >= pd.Timestamp(start)
    if end is not None:
        keep &= frame["at"] < pd.Timestamp(end) + pd.Timedelta(days=1)
    return frame[keep].reset_index(drop=True)


def export_frame(frame: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """The filtered history with headers and times for Italian Excel (``exports.csv_it``)."""
    head = {key: i18n.t(f"hist_col_{key}", lang)
            for key in ("no", "when", "who", "table", "action", "what", "reason", "undone")}
    return pd.DataFrame({
        head["no"]: frame["change_id"].astype("Int64"),
        head["when"]: [f"{i18n.fmt_date(at, lang)} {at:%H:%M}" for at in frame["at"]],
        head["who"]: frame["author"],
        head["table"]: frame["table"],
        head["action"]: frame["action"],
        head["what"]: frame["sentence"],
        head["reason"]: frame["reason"],
        head["undone"]: frame["undone_by"].astype("Int64"),
    })
