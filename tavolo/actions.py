"""The table's decisions and action items: overdue ones, new and closed actions.

Writes go through ``tavolo.edits`` (validated, one transaction with the change log,
undoable, refused on conflict); this module only builds the ``RowChange`` objects and the
views the Tavolo page and the meeting pack show.

    >>> change = close_change(row, dt.date(2026, 11, 26))   # status done, closed_on set
    >>> edits.apply_changes(store, "actions", [change], author="ufficio", reason="chiusa")
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from tavolo import edits, i18n, schema

OVERDUE_MARK = "⚠"


def _now(today: dt.date | None) -> pd.Timestamp:
    return pd.Timestamp(today or dt.date.today())


def with_overdue(actions: pd.DataFrame, today: dt.date | None = None) -> pd.DataFrame:
    """Actions with ``overdue`` (open and past their due date) and ``days_overdue``."""
    now = _now(today)
    out = actions.copy()
    late = (out["status"] == "open") & (out["due_date"] < now)
    out["overdue"] = late.astype("boolean")
    days = (now - out["due_date"]).dt.days
    out["days_overdue"] = days.where(late, 0).astype("Int64")
    return out


def open_actions(actions: pd.DataFrame, today: dt.date | None = None) -> pd.DataFrame:
    """Open actions, overdue first, then by due date."""
    out = with_overdue(actions, today)
    out = out[out["status"] == "open"]
    return out.sort_values(["overdue", "due_date", "action_id"],
                           ascending=[False, True, True]).reset_index(drop=True)


def open_on(actions: pd.DataFrame, meetings: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """The actions that were open on ``day``: decided at a meeting up to that day and not
    closed before it (shown with status open as they were then), overdue first."""
    when = actions["meeting_id"].map(meetings.set_index("meeting_id")["date"])
    at = pd.Timestamp(day)
    was_open = (when <= at) & ((actions["status"] == "open") | (actions["closed_on"] > at))
    then = actions[was_open].copy()
    then["status"] = "open"
    then["closed_on"] = pd.NaT
    return open_actions(then, day)


def of_meeting(frame: pd.DataFrame, meeting_id: str) -> pd.DataFrame:
    return frame[frame["meeting_id"] == meeting_id].reset_index(drop=True)


def next_id(actions: pd.DataFrame, prefix: str = "AZ", width: int = 4, column: str = "action_id") -> str:
    """'AZ0108' after 'AZ0107': the highest number in use plus one."""
    numbers = [int(m.group(1)) for m in (re.fullmatch(rf"{prefix}(\d+)", str(x)) for x in actions[column]) if m]
    return f"{prefix}{(max(numbers) + 1 if numbers else 1):0{width}d}"


def owners(actions: pd.DataFrame, lang: str = "it") -> list[str]:
    """Owners to suggest: the sectors of the table, then every owner already used."""
    base = [schema.label(schema.SECTORS, key, lang) for key in schema.SECTORS]
    seen = sorted(set(actions["owner"].dropna()) - set(base))
    return base + seen


def insert_change(actions: pd.DataFrame, meeting_id: str, description: str, owner: str,
                  due_date: dt.date, decision_id: str | None = None) -> edits.RowChange:
    """A new open action (id chosen after the existing ones)."""
    values = {"meeting_id": meeting_id, "description": (description or "").strip(),
              "owner": (owner or "").strip(), "due_date": due_date.isoformat() if due_date else "",
              "status": "open", "decision_id": decision_id or None, "closed_on": None}
    return edits.RowChange("insert", {"action_id": next_id(actions)}, None, values)


def close_change(row: pd.Series | dict, closed_on: dt.date, status: str = "done",
                 fingerprint: str | None = None) -> edits.RowChange:
    """Close an action as done (or dropped) on ``closed_on``. ``fingerprint`` is the row's
    fingerprint when the user read it; by default the row's own (no conflict check
    beyond the one made inside the write transaction)."""
    if status not in ("done", "dropped"):
        raise ValueError(f"status {status!r}: done or dropped")
    row = dict(row)
    return edits.RowChange("update", {"action_id": row["action_id"]},
                           fingerprint or edits.fingerprint(_stored(row)),
                           {"status": status, "closed_on": closed_on.isoformat()})


STORED = [c.name for c in schema.TABLES["actions"].columns]


def _stored(row: dict) -> dict:
    """Only the stored columns: views add ``overdue`` and ``days_overdue``."""
    return {k: row[k] for k in STORED if k in row}


def fingerprints(actions: pd.DataFrame) -> dict[str, str]:
    """action_id -> fingerprint of the row as read (kept by the page between reruns)."""
    return {str(r["action_id"]): edits.fingerprint(_stored(r)) for r in actions.to_dict("records")}


def display(actions: pd.DataFrame, meetings: pd.DataFrame | None = None, lang: str = "it",
            today: dt.date | None = None) -> pd.DataFrame:
    """Actions as a table: overdue ones say so in words ("⚠ Scaduta da 12 giorni"), so the
    highlight does not rest on colour alone."""
    view = with_overdue(actions, today) if "overdue" not in actions else actions

    def late_text(row) -> str:
        if not bool(row.overdue):
            return ""
        days = int(row.days_overdue)
        return f"{OVERDUE_MARK} " + i18n.t("act_overdue_by", lang).format(days=i18n.plural(days, "day", "days", lang))

    out = pd.DataFrame({
        i18n.pick(lang, "Codice", "Id"): view["action_id"],
        i18n.pick(lang, "Azione", "Action"): view["description"],
        i18n.pick(lang, "Responsabile", "Owner"): view["owner"],
        i18n.pick(lang, "Scadenza", "Due date"): view["due_date"],
        i18n.pick(lang, "Stato", "Status"): [schema.label(schema.ACTION_STATUS, s, lang) for s in view["status"]],
        i18n.pick(lang, "Ritardo", "Late"): [late_text(r) for r in view.itertuples(index=False)],
        i18n.pick(lang, "Chiusa il", "Closed on"): view["closed_on"],
    })
    if meetings is not None:
        dates = meetings.set_index("meeting_id")["date"]
        out.insert(1, i18n.pick(lang, "Riunione", "Meeting"), view["meeting_id"].map(dates))
    return out


def decisions_display(decisions: pd.DataFrame, meetings: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    dates = meetings.set_index("meeting_id")["date"]
    meeting = i18n.pick(lang, "Riunione", "Meeting")
    return pd.DataFrame({
        meeting: decisions["meeting_id"].map(dates),
        i18n.pick(lang, "Decisione", "Decision"): decisions["text"],
        i18n.pick(lang, "Codice", "Id"): decisions["decision_id"],
    }).sort_values(meeting, ascending=False).reset_index(drop=True)


def label(row: pd.Series | dict, lang: str = "it") -> str:
    """'AZ0105 · Owner · 31/12/2026 · description' (shortened) for a select box."""
    row = dict(row)
    text = str(row.get("description", ""))
    text = text if len(text) <= 70 else text[:69] + "…"
    return f"{row['action_id']} · {row['owner']} · {i18n.fmt_date(row['due_date'], lang)} · {text}"


# ------------------------------------------------------------------ the page's forms
# What a person typing into the Tavolo page's forms is told: the field and what to do, in
# their words, never the import format (file, row, column) of ``validation.Issue``.

def action_problems(description: str | None, owner: str | None, due_date: dt.date | None,
                    lang: str = "it") -> list[str]:
    """What is missing from a new action, one sentence each; empty when it can be saved."""
    problems = []
    text = (description or "").strip()
    if not text:
        problems.append(i18n.pick(lang, "Scrivi la descrizione dell'azione.",
                                  "Write the description of the action."))
    elif len(text) > schema.TEXT_LENGTH:
        problems.append(i18n.pick(lang, f"La descrizione è troppo lunga: al massimo {schema.TEXT_LENGTH} caratteri.",
                                  f"The description is too long: at most {schema.TEXT_LENGTH} characters."))
    if not (owner or "").strip():
        problems.append(i18n.pick(lang, "Scegli o scrivi il responsabile (un settore o un ufficio).",
                                  "Choose or type the owner (a sector or an office)."))
    if due_date is None:
        problems.append(i18n.pick(lang, "Indica la scadenza.", "Give the due date."))
    return problems


def decision_problems(meeting_id: str | None, text: str | None, lang: str = "it") -> list[str]:
    """What is missing from a new decision, one sentence each; empty when it can be saved."""
    problems = []
    if not meeting_id:
        problems.append(i18n.pick(lang, "Scegli la riunione che ha preso la decisione.",
                                  "Choose the meeting that took the decision."))
    body = (text or "").strip()
    if not body:
        problems.append(i18n.pick(lang, "Scrivi il testo della decisione.", "Write the text of the decision."))
    elif len(body) > schema.TEXT_LENGTH:
        problems.append(i18n.pick(lang, f"Il testo è troppo lungo: al massimo {schema.TEXT_LENGTH} caratteri.",
                                  f"The text is too long: at most {schema.TEXT_LENGTH} characters."))
    return problems


DECISION_SOURCE = ("Verbale della riunione del tavolo, registrato dalla pagina Tavolo",
                   "Minutes of the table's meeting, recorded on the Tavolo page")


def decision_insert_change(decisions: pd.DataFrame, meeting_id: str, text: str) -> edits.RowChange:
    """A new decision of ``meeting_id`` (id 'D0042' after the existing ones)."""
    values = {"meeting_id": meeting_id, "text": (text or "").strip(), "source": DECISION_SOURCE[0]}
    return edits.RowChange("insert", {"decision_id": next_id(decisions, "D", 4, "decision_id")}, None, values)


def field_message(issue, table_name: str, lang: str = "it") -> str:
    """A refused edit's issue as a person reads it: 'Azione: campo obbligatorio', the
    field's label instead of the file, row and column of an import."""
    rule = i18n.pick(lang, issue.rule_it, issue.rule_en)
    column = (issue.column or "").split("+")[0]
    if column == "reason":
        label = i18n.pick(lang, "Motivo della modifica", "Reason for the change")
    else:
        try:
            label = schema.TABLES[table_name].column(column).label(lang)
        except KeyError:
            label = ""
    sentence = f"{label}: {rule}" if label else rule
    return sentence[:1].upper() + sentence[1:]
