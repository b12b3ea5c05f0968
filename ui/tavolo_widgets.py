"""The Tavolo page's widgets: calendar, action items (add, close, undo), decisions, the
meeting card with its saved views and PDFs. Domain work is in tavolo.calendar,
tavolo.actions, tavolo.views, tavolo.minutes and tavolo.pack; this module only draws.

Edits keep the fingerprint of every action row as it was last shown (``tav_seen``), so a
row changed by someone else between showing and saving is refused (EditConflict), never
overwritten; callbacks run before the page is drawn again, so they see what the user saw.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from tavolo import actions as act, auth, auth_history, calendar as cal, edits, i18n, schema, views
from tavolo.errors import BilingualError
from tavolo.store import current_author
from tavolo.validation import ValidationFailed
from ui import auth as ui_auth
from ui import cache
from ui.common import escape, export_name, lang, t, table_with_exports

PAGE = "tavolo"
SEEN = "tav_seen"
MSG = "tav_msg"
LAST = "tav_last_changes"


def _flash(kind: str, text: str) -> None:
    st.session_state[MSG] = (kind, text)


def show_messages() -> None:
    kind, text = st.session_state.pop(MSG, (None, None))
    if kind:
        getattr(st, kind)(text)


def _author() -> str:
    """The signed-in person's name; without accounts, the name typed, else the machine's user."""
    typed = (st.session_state.get("tav_author") or "").strip() or current_author()
    return ui_auth.author_name(typed)


def _save(changes: list[edits.RowChange], reason: str, ok_key: str) -> None:
    L = lang()
    try:
        ids = edits.apply_changes(cache.store(), "actions", changes, author=_author(), reason=reason,
                                  person=ui_auth.person())
    except auth.PermissionDenied as denied:
        _flash("error", "🔒 " + denied.message(L))
    except edits.EditConflict as err:
        _flash("error", "⛔ " + err.message(L))
    except ValidationFailed as failed:
        _flash("error", "⛔ " + t("tav_not_saved") + "\n\n" + "\n".join(
            f"- {issue.message(L)}" for issue in failed.issues))
    else:
        st.session_state[LAST] = ids
        _flash("success", "✅ " + t(ok_key))


def _add_action() -> None:
    s = st.session_state
    frames = cache.frames()
    change = act.insert_change(frames["actions"], s["tav_add_meeting"], s.get("tav_add_text", ""),
                               s.get("tav_add_owner") or "", s["tav_add_due"], s.get("tav_add_decision") or None)
    _save([change], s.get("tav_add_reason", ""), "tav_added")


def _close_action() -> None:
    s = st.session_state
    action_id = s.get("tav_close_id")
    if not action_id:
        return
    seen = s.get(SEEN, {})
    row = {"action_id": action_id}
    change = edits.RowChange("update", row, seen.get(action_id),
                             {"status": s["tav_close_status"], "closed_on": s["tav_close_on"].isoformat()})
    _save([change], s.get("tav_close_reason", ""), "tav_closed")


def _undo_last() -> None:
    ids = st.session_state.pop(LAST, [])
    try:
        for change_id in reversed(ids):
            edits.undo(cache.store(), change_id, author=_author(), reason=t("tav_undo_reason"),
                       person=ui_auth.person())
    except BilingualError as err:  # a conflict, a change not undoable, a permission refused
        _flash("error", "⛔ " + err.message(lang()))
    else:
        _flash("success", "↩️ " + t("tav_undone"))


def calendar_section(frames: dict, view: pd.DataFrame, today: dt.date) -> None:
    L = lang()
    observed = cal.observed_cadence(view)
    st.caption(t("tav_cadence").format(days=cal.cadence_days(), first=i18n.fmt_date_long(cal.FIRST_MEETING, L),
                                       observed=i18n.fmt_num(observed, L, 0) if observed else "–"))
    left, right = st.columns(2)
    with left:
        st.header(t("tav_next"))
        nxt = cal.upcoming(view, n=8, today=today)
        table_with_exports(cal.display(nxt, L), "next_meetings", PAGE, {"riunioni": "prossime"},
                           t("tav_next_caption"), ["meetings"])
        st.caption(t("tav_next_caption"))
    with right:
        st.header(t("tav_past"))
        table_with_exports(cal.display(cal.past(view), L), "past_meetings", PAGE, {"riunioni": "passate"},
                           t("tav_past_caption"), ["meetings"], height=420)
    info, demo = cache.meta()
    st.download_button(t("tav_ics"), data=lambda: cal.to_ics(cal.ics_view(frames, today, projected=6), L,
                                                             meta=info, demo=demo),
                       file_name=export_name(PAGE, {"calendario": "riunioni"}, "ics"),
                       mime="text/calendar", key="tav_ics", on_click="ignore", icon="📅",
                       help=t("tav_ics_help"))


def _late_style(table: pd.DataFrame, late_col: str):
    """Overdue rows in bold on a pale background, on top of the written '⚠ Scaduta'."""
    def style(row):
        on = bool(row[late_col])
        return ["font-weight: bold; background-color: #FFE8CC" if on else "" for _ in row]
    return table.style.apply(style, axis=1)


def actions_section(frames: dict, today: dt.date) -> None:
    L = lang()
    all_actions = frames["actions"]
    st.session_state[SEEN] = act.fingerprints(all_actions)  # what the user sees now
    opened = act.open_actions(all_actions, today)
    late = int(opened["overdue"].sum())
    c1, c2, c3 = st.columns(3)
    c1.metric(t("tav_open"), i18n.fmt_int(len(opened), L))
    c2.metric(t("tav_overdue"), i18n.fmt_int(late, L), help=t("tav_overdue_help"))
    c3.metric(t("tav_done_total"), i18n.fmt_int(int((all_actions["status"] == "done").sum()), L))
    table = act.display(opened, frames["meetings"], L, today)
    table = table.drop(columns=[table.columns[-1]])  # closed on: empty while open
    late_col = t("tav_col_late")
    table_with_exports(table, "open_actions", PAGE, {"azioni": "aperte"}, t("tav_open_caption"),
                       ["actions"], display=_late_style(table, late_col))
    st.caption(t("tav_open_caption"))
    if not ui_auth.allowed("edit"):  # a viewer: no form (the domain refuses it anyway)
        st.info(ui_auth.why("edit"), icon="🔒")
    else:
        _edit_forms(frames, opened, all_actions, today)
    with st.expander(t("tav_history")):
        st.markdown("\n".join(f"- {escape(line)}" for line in
                               auth_history.lines(edits.history(cache.store(), "actions"), L, 30))
                    or t("hist_empty"))
    with st.expander(t("tav_all_actions")):
        table_with_exports(act.display(all_actions, frames["meetings"], L, today), "all_actions", PAGE,
                           {"azioni": "tutte"}, t("tav_all_actions"), ["actions"])


def _edit_forms(frames: dict, opened: pd.DataFrame, all_actions: pd.DataFrame, today: dt.date) -> None:
    """Add an action, close one, undo the last change (editors only)."""
    L = lang()
    if ui_auth.open_mode():  # with accounts the author is the signed-in person
        st.text_input(t("tav_author"), key="tav_author", placeholder=current_author(), help=t("tav_author_help"))
    add, close = st.columns(2)
    with add, st.form("tav_add_form", clear_on_submit=False):
        st.markdown(f"**{t('tav_add_title')}**")
        meetings = frames["meetings"].sort_values("date", ascending=False)
        held = meetings[meetings["date"] <= pd.Timestamp(today)]
        ids = list(meetings["meeting_id"])
        default = ids.index(held["meeting_id"].iloc[0]) if len(held) else 0
        labels = dict(zip(meetings["meeting_id"], [f"{i18n.fmt_date(d, L)} · {th}" for d, th in
                                                    zip(meetings["date"], meetings["theme"])]))
        st.selectbox(t("tav_meeting"), ids, index=default, format_func=labels.get, key="tav_add_meeting")
        st.text_area(t("tav_action_text"), key="tav_add_text", height=80)
        st.selectbox(t("tav_owner"), act.owners(all_actions, L), key="tav_add_owner", accept_new_options=True)
        st.date_input(t("tav_due"), value=today + dt.timedelta(days=30), key="tav_add_due", format="DD/MM/YYYY")
        decisions = frames["decisions"].sort_values("decision_id", ascending=False)
        dec_labels = dict(zip(decisions["decision_id"], decisions["text"]))
        st.selectbox(t("tav_decision"), [""] + list(decisions["decision_id"]), key="tav_add_decision",
                     format_func=lambda d: t("tav_none") if not d else f"{d} · {dec_labels[d][:60]}")
        st.text_input(t("tav_reason"), value=t("tav_reason_add"), key="tav_add_reason")
        st.form_submit_button(t("tav_add_button"), on_click=_add_action, type="primary")
    with close, st.form("tav_close_form"):
        st.markdown(f"**{t('tav_close_title')}**")
        options = list(opened["action_id"])
        labels = {r["action_id"]: act.label(r, L) for r in opened.to_dict("records")}
        st.selectbox(t("tav_action"), options, format_func=labels.get, key="tav_close_id",
                     placeholder=t("tav_no_open"))
        st.radio(t("tav_outcome"), ["done", "dropped"], horizontal=True, key="tav_close_status",
                 format_func=lambda s: schema.label(schema.ACTION_STATUS, s, L))
        st.date_input(t("tav_closed_on"), value=today, key="tav_close_on", format="DD/MM/YYYY")
        st.text_input(t("tav_reason"), value=t("tav_reason_close"), key="tav_close_reason")
        st.form_submit_button(t("tav_close_button"), on_click=_close_action, disabled=not options)
    if st.session_state.get(LAST):
        st.button(t("tav_undo"), on_click=_undo_last, key="tav_undo", icon="↩️")


def decisions_section(frames: dict) -> None:
    L = lang()
    table_with_exports(act.decisions_display(frames["decisions"], frames["meetings"], L), "decisions",
                       PAGE, {}, t("tav_decisions"), ["decisions"])


def _add_view(meeting_id: str) -> None:
    s = st.session_state
    try:
        views.add(cache.store(), meeting_id, s.get("tav_view_title", ""), s.get("tav_view_url", ""),
                  _author(), person=ui_auth.person())
    except auth.PermissionDenied as denied:
        _flash("error", "🔒 " + denied.message(lang()))
    except views.ViewError as err:
        _flash("error", "⛔ " + err.message(lang()))
    except ValidationFailed as failed:
        _flash("error", "⛔ " + "; ".join(i.message(lang()) for i in failed.issues))
    else:
        _flash("success", "✅ " + t("tav_view_saved"))
        s["tav_view_title"], s["tav_view_url"] = "", ""


def _remove_view(view_id: str) -> None:
    try:
        views.remove(cache.store(), view_id, _author(), person=ui_auth.person())
    except auth.PermissionDenied as denied:
        _flash("error", "🔒 " + denied.message(lang()))
        return
    _flash("success", t("tav_view_removed"))


def meeting_section(frames: dict, view: pd.DataFrame, today: dt.date) -> None:
    from tavolo import minutes

    L = lang()
    ordered = view.sort_values("date", ascending=False)
    ids = list(ordered["meeting_id"])
    upcoming = cal.upcoming(view, n=1, today=today)
    wanted = st.query_params.get("riunione_id") or (upcoming["meeting_id"].iloc[0] if len(upcoming) and
                                                   upcoming["meeting_id"].iloc[0] else ids[0])
    labels = {r.meeting_id: f"{i18n.fmt_date(r.date, L)} · {r.theme}" for r in ordered.itertuples()}
    meeting_id = st.selectbox(t("tav_meeting"), ids, index=ids.index(wanted) if wanted in ids else 0,
                              format_func=labels.get, key="tav_meeting")
    row = ordered[ordered["meeting_id"] == meeting_id].iloc[0]
    st.markdown(f"### {i18n.fmt_date_long(row['date'], L)} · {row['theme']}")
    st.caption(f"{t('tav_sectors')}: {cal.sector_labels(row['sectors'], L)} · "
               f"{schema.label(cal.STATUS_LABELS, row['status'], L)}")
    decs = act.of_meeting(frames["decisions"], meeting_id)
    st.markdown(f"**{t('tav_decisions')}**: " + ("" if len(decs) else t("tav_none")))
    for text in decs["text"]:
        st.markdown(f"- {text}")
    mine = act.of_meeting(frames["actions"], meeting_id)
    if len(mine):
        st.dataframe(act.display(mine, None, L, today), hide_index=True, key="tav_meeting_actions")
    saved = views.for_meeting(frames, meeting_id)
    st.markdown(f"**{t('tav_views')}**" + ("" if saved else f": {t('tav_no_views')}"))
    for v in saved:
        c1, c2 = st.columns([6, 1])
        filters = ", ".join(f"{k}={val}" for k, val in v.filters.items()) or t("tav_no_filters")
        c1.markdown(f"[{v.title}]({v.url.lstrip('/')}) · `{v.page}` · {filters}")
        if ui_auth.allowed("edit"):
            c2.button(t("tav_remove"), key=f"tav_rm_{v.view_id}", on_click=_remove_view, args=(v.view_id,))
    if not ui_auth.allowed("edit"):  # saved views are an editor's: a viewer reads them
        st.caption("🔒 " + ui_auth.why("edit"))
    else:
        with st.form("tav_view_form"):
            st.markdown(f"**{t('tav_view_add')}**")
            st.text_input(t("tav_view_title"), key="tav_view_title")
            st.text_input(t("tav_view_url"), key="tav_view_url",
                          placeholder="/mappa?rione=mazzafame&indicator=vacancy_rate", help=t("tav_view_url_help"))
            st.form_submit_button(t("tav_view_button"), on_click=_add_view, args=(meeting_id,))
    info, demo = cache.meta()
    b1, b2 = st.columns(2)
    b1.download_button(t("tav_agenda_pdf"), icon="📄", key="tav_agenda", on_click="ignore",
                       data=lambda: minutes.agenda_pdf(frames, meeting_id, L, today, saved, demo, info),
                       file_name=export_name(PAGE, {"odg": meeting_id}, "pdf"), mime="application/pdf")
    b2.download_button(t("tav_minutes_pdf"), icon="📄", key="tav_minutes", on_click="ignore",
                       data=lambda: minutes.minutes_pdf(frames, meeting_id, L, today, saved, demo, info),
                       file_name=export_name(PAGE, {"verbale": meeting_id}, "pdf"), mime="application/pdf")


def pack_button(today: dt.date) -> None:
    from tavolo import pack

    L = lang()
    info, demo = cache.meta()
    frames = cache.frames()
    st.download_button(t("tav_pack"), icon="📦", key="tav_pack", on_click="ignore", type="primary",
                       data=lambda: pack.build(frames, info, demo, L, today),
                       file_name=pack.file_name(today, demo), mime="application/pdf", help=t("tav_pack_help"))
