"""A meeting's agenda (ordine del giorno) and minutes (verbale) as PDF bytes.

    >>> agenda_pdf(frames, "M2026-11-24", "it")       # b"%PDF-..."
    >>> minutes_pdf(frames, "M2017-10-17", "it", views=views.for_meeting(frames, "M2017-10-17"))
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tavolo import actions as act, calendar as cal, exports, i18n, schema
from tavolo.i18n import pick
from tavolo.pdf import Document, esc

TABLE_NAME_IT = "Tavolo di coordinamento ERP Comune di Legnano - ALER"
TABLE_NAME_EN = "Public-housing coordination table, Comune di Legnano - ALER"


def _meeting(frames: dict[str, pd.DataFrame], meeting_id: str) -> pd.Series:
    meetings = frames["meetings"]
    found = meetings[meetings["meeting_id"] == meeting_id]
    if found.empty:
        raise KeyError(f"Riunione {meeting_id} inesistente / no meeting {meeting_id}")
    return found.iloc[0]


def _neighbours(frames: dict[str, pd.DataFrame], day: pd.Timestamp) -> tuple[pd.Series | None, pd.Series | None]:
    """The meeting before ``day`` (not cancelled) and the next one after it."""
    meetings = frames["meetings"][frames["meetings"]["status"] != "cancelled"].sort_values("date")
    before = meetings[meetings["date"] < day]
    after = meetings[meetings["date"] > day]
    return (before.iloc[-1] if len(before) else None), (after.iloc[0] if len(after) else None)


def _header(doc: Document, row: pd.Series, lang: str, kind_it: str, kind_en: str) -> None:
    doc.story.append(doc.h1(f"{pick(lang, kind_it, kind_en)} · {i18n.fmt_date_long(row['date'], lang)}"))
    doc.story.append(doc.p(pick(lang, TABLE_NAME_IT, TABLE_NAME_EN), "small"))
    doc.story.append(doc.space(3))
    facts = [(pick(lang, "Tema", "Theme"), row["theme"]),
             (pick(lang, "Settori convocati", "Sectors invited"), cal.sector_labels(row["sectors"], lang) or "–"),
             (pick(lang, "Stato", "Status"), schema.label(cal.STATUS_LABELS, row["status"], lang)),
             (pick(lang, "Codice", "Id"), row["meeting_id"])]
    for label, value in facts:
        doc.story.append(doc.p(f"<b>{esc(label)}</b>: {esc(value)}", markup=True))
    doc.story.append(doc.space(3))


def _open_actions_table(doc: Document, frames: dict[str, pd.DataFrame], lang: str, at: dt.date):
    opened = act.open_on(frames["actions"], frames["meetings"], at)
    if opened.empty:
        return doc.p(pick(lang, "Nessuna azione aperta.", "No open action."))
    table = act.display(opened, frames["meetings"], lang, at)
    table = table.drop(columns=[table.columns[-1]])  # closed on: empty for open actions
    late = [n for n, flag in enumerate(opened["overdue"]) if bool(flag)]
    w = doc.width
    return doc.table(table, [0.085 * w, 0.125 * w, 0.25 * w, 0.15 * w, 0.125 * w, 0.08 * w, 0.185 * w], late)


def _source(lang: str, meta: dict | None, demo: bool) -> str:
    """The footer of every page: the table's name, then demo flag, source and as-of date."""
    return f"{pick(lang, TABLE_NAME_IT, TABLE_NAME_EN)} · {exports.provenance(meta, demo, lang, limit=90)}"


def agenda_pdf(frames: dict[str, pd.DataFrame], meeting_id: str, lang: str = "it",
               today: dt.date | None = None, views: list | None = None, demo: bool = False,
               meta: dict | None = None) -> bytes:
    """The agenda: the meeting's facts, the items (previous minutes, theme, open actions
    with overdue ones marked, views to discuss, any other business), the next date."""
    today = today or dt.date.today()
    row = _meeting(frames, meeting_id)
    before, after = _neighbours(frames, row["date"])
    doc = Document(pick(lang, "Ordine del giorno", "Agenda"), today, demo, lang,
                   subject=f"{meeting_id}", source=_source(lang, meta, demo))
    _header(doc, row, lang, "Ordine del giorno", "Agenda")
    items = []
    if before is not None:
        items.append(pick(lang, f"Approvazione del verbale della riunione del {i18n.fmt_date(before['date'], lang)}",
                        f"Approval of the minutes of the meeting of {i18n.fmt_date(before['date'], lang)}"))
    items.append(f"{row['theme']}")
    items.append(pick(lang, "Verifica delle azioni aperte (in evidenza quelle scadute)",
                    "Review of the open actions (overdue ones marked)"))
    if views:
        items.append(pick(lang, "Viste da esaminare: ", "Views to examine: ") + "; ".join(v.title for v in views))
    items.append(pick(lang, "Varie ed eventuali", "Any other business"))
    doc.story.append(doc.h2(pick(lang, "Punti all'ordine del giorno", "Items")))
    for n, item in enumerate(items, start=1):
        doc.story.append(doc.p(f"{n}. {item}"))
    at = min(row["date"].date(), today)
    doc.story.append(doc.h2(pick(lang, "Azioni aperte al ", "Open actions as of ") + i18n.fmt_date(at, lang)))
    doc.story.append(_open_actions_table(doc, frames, lang, at))
    doc.story.append(doc.p(pick(lang, "⚠ = scaduta: riga in grassetto con bordo spesso a sinistra.",
                              "⚠ = overdue: row in bold with a thick left rule."), "small"))
    if after is not None:
        doc.story.append(doc.h2(pick(lang, "Riunione successiva", "Next meeting")))
        doc.story.append(doc.p(f"{i18n.fmt_date_long(after['date'], lang)} · {after['theme']}"))
    return doc.build()


def minutes_pdf(frames: dict[str, pd.DataFrame], meeting_id: str, lang: str = "it",
                today: dt.date | None = None, views: list | None = None, demo: bool = False,
                meta: dict | None = None) -> bytes:
    """The minutes: facts, decisions taken, actions decided (owner, due date, status),
    the open actions reviewed, the views discussed (title and address), the next
    meeting and the signature lines. A meeting not yet held gives a form to fill."""
    today = today or dt.date.today()
    row = _meeting(frames, meeting_id)
    _before, after = _neighbours(frames, row["date"])
    doc = Document(pick(lang, "Verbale", "Minutes"), today, demo, lang, subject=f"{meeting_id}",
                   source=_source(lang, meta, demo))
    _header(doc, row, lang, "Verbale della riunione", "Minutes of the meeting")
    if row["status"] != "held":
        doc.story.append(doc.p(pick(lang, "Riunione non ancora svolta: verbale da completare.",
                                  "Meeting not held yet: minutes to be completed."), "small"))
    decisions = act.of_meeting(frames["decisions"], meeting_id)
    doc.story.append(doc.h2(pick(lang, "Decisioni", "Decisions")))
    if decisions.empty:
        doc.story.append(doc.p(pick(lang, "Nessuna decisione registrata.", "No decision recorded.")))
    for n, dec in enumerate(decisions.itertuples(index=False), start=1):
        doc.story.append(doc.p(f"{n}. {dec.text} ({dec.decision_id})"))
    mine = act.of_meeting(frames["actions"], meeting_id)
    doc.story.append(doc.h2(pick(lang, "Azioni decise", "Actions decided")))
    if mine.empty:
        doc.story.append(doc.p(pick(lang, "Nessuna azione registrata.", "No action recorded.")))
    else:
        view = act.with_overdue(mine, today)
        table = act.display(view, None, lang, today)
        w = doc.width
        doc.story.append(doc.table(table, [0.09 * w, 0.33 * w, 0.16 * w, 0.1 * w, 0.09 * w, 0.13 * w, 0.1 * w],
                                   [n for n, flag in enumerate(view["overdue"]) if bool(flag)]))
    doc.story.append(doc.h2(pick(lang, "Azioni aperte del tavolo", "Open actions of the table")))
    doc.story.append(_open_actions_table(doc, frames, lang, min(row["date"].date(), today)))
    doc.story.append(doc.h2(pick(lang, "Viste esaminate", "Views examined")))
    if not views:
        doc.story.append(doc.p(pick(lang, "Nessuna vista salvata per questa riunione.",
                                  "No view saved for this meeting.")))
    for v in views or []:
        doc.story.append(doc.p(f"<b>{esc(v.title)}</b>: {esc(v.url)}", markup=True))
    if after is not None:
        doc.story.append(doc.h2(pick(lang, "Riunione successiva", "Next meeting")))
        doc.story.append(doc.p(f"{i18n.fmt_date_long(after['date'], lang)} · {after['theme']}"))
    doc.story.append(doc.space(12))
    line = pick(lang, "Firma", "Signature") + ": ______________________"
    signatures = pd.DataFrame([[line] * 3], columns=[
        pick(lang, "Per il Comune di Legnano", "For the Comune di Legnano"), pick(lang, "Per ALER", "For ALER"),
        pick(lang, "Il segretario", "The secretary")])
    doc.story.append(doc.table(signatures, [doc.width / 3] * 3))
    return doc.build()
