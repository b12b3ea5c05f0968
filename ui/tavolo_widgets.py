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
from ui.common import escape, export_name, lang, t, table

PAGE = "tavolo"
SEEN = "tav_seen"
MSG = "tav_msg"
LAST = "tav_last_changes"  # {table: change-log ids of this session's last change}

# The forms' widgets, emptied after a save (their defaults come back); on a refusal they
# keep what was typed, so nothing is lost.
ACTION_FIELDS = ("tav_add_text", "tav_add_owner", "tav_add_due", "tav_add_decision", "tav_add_reason")
CLOSE_FIELDS = ("tav_close_id", "tav_close_status", "tav_close_on", "tav_close_reason")
DECISION_FIELDS = ("tav_dec_text", "tav_dec_reason")


def _flash(kind: str, text: str, where: str) -> None:
    st.session_state[MSG] = (where, kind, text)


def show_messages(where: str) -> None:
    """The outcome of the last save, shown next to the form that made it."""
    shown = st.session_state.get(MSG)
    if shown and shown[0] == where:
        _where, kind, text = st.session_state.pop(MSG)
        getattr(st, kind)(text)


# Free-text boxes without a ``value=``: set to "" (the browser keeps a form's typed text
# unless the value is set); the other fields are dropped, so their defaults come back.
TEXT_BOXES = {"tav_add_text", "tav_dec_text", "tav_view_title", "tav_view_url"}


def _clear(fields: tuple[str, ...]) -> None:
    for key in fields:
        if key in TEXT_BOXES:
            st.session_state[key] = ""
        else:
            st.session_state.pop(key, None)


def _refused(where: str, problems: list[str]) -> None:
    _flash("error", "⛔ " + t("tav_not_saved") + "\n\n" + "\n".join(f"- {p}" for p in problems), where)


def _author() -> str:
    """The signed-in person's name; without accounts, the name typed, else the machine's user."""
    typed = (st.session_state.get("tav_author") or "").strip() or current_author()
    return ui_auth.author_name(typed)


def _save(table: str, changes: list[edits.RowChange], reason: str, ok_key: str, where: str) -> bool:
    """Write ``changes`` through tavolo.edits (role check, author, reason, undo); the
    outcome is said in sentences next to the form. True when saved."""
    L = lang()
    try:
        ids = edits.apply_changes(cache.store(), table, changes, author=_author(), reason=reason,
                                  person=ui_auth.person())
    except auth.PermissionDenied as denied:
        _flash("error", "🔒 " + denied.message(L), where)
    except edits.EditConflict as err:
        _flash("error", "⛔ " + err.message(L), where)
    except ValidationFailed as failed:
        _refused(where, [act.field_message(issue, table, L) for issue in failed.issues])
    else:
        st.session_state.setdefault(LAST, {})[where] = ids
        _flash("success", "✅ " + t(ok_key), where)
        return True
    return False


def _add_action() -> None:
    s = st.session_state
    problems = act.action_problems(s.get("tav_add_text"), s.get("tav_add_owner"), s.get("tav_add_due"), lang())
    if problems:
        _refused("actions", problems)
        return
    change = act.insert_change(cache.frames()["actions"], s["tav_add_meeting"], s.get("tav_add_text", ""),
                               s.get("tav_add_owner") or "", s["tav_add_due"], s.get("tav_add_decision") or None)
    if _save("actions", [change], s.get("tav_add_reason", ""), "tav_added", "actions"):
        _clear(ACTION_FIELDS)


def _close_action() -> None:
    s = st.session_state
    action_id = s.get("tav_close_id")
    if not action_id:
        _refused("actions", [t("tav_close_pick")])
        return
    seen = s.get(SEEN, {})
    row = {"action_id": action_id}
    change = edits.RowChange("update", row, seen.get(action_id),
                             {"status": s["tav_close_status"], "closed_on": s["tav_close_on"].isoformat()})
    if _save("actions", [change], s.get("tav_close_reason", ""), "tav_closed", "actions"):
        _clear(CLOSE_FIELDS)


def _add_decision() -> None:
    s = st.session_state
    problems = act.decision_problems(s.get("tav_dec_meeting"), s.get("tav_dec_text"), lang())
    if problems:
        _refused("decisions", problems)
        return
    change = act.decision_insert_change(cache.frames()["decisions"], s["tav_dec_meeting"], s["tav_dec_text"])
    if _save("decisions", [change], s.get("tav_dec_reason", ""), "tav_dec_added", "decisions"):
        _clear(DECISION_FIELDS)


def _undo_last(where: str) -> None:
    ids = st.session_state.get(LAST, {}).pop(where, [])
    try:
        for change_id in reversed(ids):
            edits.undo(cache.store(), change_id, author=_author(), reason=t("tav_undo_reason"),
                       person=ui_auth.person())
    except BilingualError as err:  # a conflict, a change not undoable, a permission refused
        _flash("error", "⛔ " + err.message(lang()), where)
    else:
        _flash("success", "↩️ " + t("tav_undone"), where)


def _undo_button(where: str) -> None:
    if st.session_state.get(LAST, {}).get(where):
        st.button(t("tav_undo"), on_click=_undo_last, args=(where,), key=f"tav_undo_{where}", icon="↩️")


def _meeting_choice(frames: dict, today: dt.date, key: str) -> None:
    """A meeting, the last one held first chosen."""
    L = lang()
    meetings = frames["meetings"].sort_values("date", ascending=False)
    held = meetings[meetings["date"] <= pd.Timestamp(today)]
    ids = list(meetings["meeting_id"])
    default = ids.index(held["meeting_id"].iloc[0]) if len(held) else 0
    labels = dict(zip(meetings["meeting_id"], [f"{i18n.fmt_date(d, L)} · {th}" for d, th in
                                                zip(meetings["date"], meetings["theme"])]))
    st.selectbox(t("tav_meeting"), ids, index=default, format_func=labels.get, key=key)


def calendar_section(frames: dict, view: pd.DataFrame, today: dt.date) -> None:
    L = lang()
    observed = cal.observed_cadence(view)
    st.caption(t("tav_cadence").format(days=cal.cadence_days(), first=i18n.fmt_date_long(cal.FIRST_MEETING, L),
                                       observed=i18n.fmt_num(observed, L, 0) if observed else "–"))
    # one under the other, across the page: every column of the calendar in view
    st.header(t("tav_next"))
    nxt = cal.upcoming(view, n=8, today=today)
    table(cal.display(nxt, L), "next_meetings", page=PAGE, filters={"riunioni": "prossime"},
          caption=t("tav_next_caption"), table_names=["meetings"])
    st.caption(t("tav_next_caption"))
    st.header(t("tav_past"))
    table(cal.display(cal.past(view), L), "past_meetings", page=PAGE, filters={"riunioni": "passate"},
          caption=t("tav_past_caption"), table_names=["meetings"], height=420)
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
    shown = act.display(opened, frames["meetings"], L, today)
    shown = shown.drop(columns=[shown.columns[-1]])  # closed on: empty while open
    late_col = t("tav_col_late")
    table(shown, "open_actions", page=PAGE, filters={"azioni": "aperte"}, caption=t("tav_open_caption"),
          table_names=["actions"], display=_late_style(shown, late_col))
    st.caption(t("tav_open_caption"))
    show_messages("actions")
    if not ui_auth.allowed("edit"):  # a viewer: no form (the domain refuses it anyway)
        st.info(ui_auth.why("edit"), icon="🔒")
    else:
        _edit_forms(frames, opened, all_actions, today)
    with st.expander(t("tav_history")):
        st.markdown("\n".join(f"- {escape(line)}" for line in
                               auth_history.lines(edits.history(cache.store(), "actions"), L, 30))
                    or t("hist_empty"))
    with st.expander(t("tav_all_actions")):
        table(act.display(all_actions, frames["meetings"], L, today), "all_actions", page=PAGE,
              filters={"azioni": "tutte"}, caption=t("tav_all_actions"), table_names=["actions"])


def _edit_forms(frames: dict, opened: pd.DataFrame, all_actions: pd.DataFrame, today: dt.date) -> None:
    """Add an action, close one, undo the last change (editors only)."""
    L = lang()
    if ui_auth.open_mode():  # with accounts the author is the signed-in person
        st.text_input(t("tav_author"), key="tav_author", placeholder=current_author(), help=t("tav_author_help"))
    add, close = st.columns(2)
    with add, st.form("tav_add_form", clear_on_submit=False):
        st.markdown(f"**{t('tav_add_title')}**")
        _meeting_choice(frames, today, "tav_add_meeting")
        st.text_area(t("tav_action_text"), key="tav_add_text", height=80)
        st.selectbox(t("tav_owner"), act.owners(all_actions, L), key="tav_add_owner", accept_new_options=True)
        st.date_input(t("tav_due"), value=today + dt.timedelta(days=30), key="tav_add_due", format="DD/MM/YYYY")
        decisions = frames["decisions"].sort_values("decision_id", ascending=False)
        # labels computed here: a format function reading the session (t) would be
        # evaluated outside the script run by AppTest
        dec_labels = {"": t("tav_none")} | {d: f"{d} · {text[:60]}" for d, text in
                                            zip(decisions["decision_id"], decisions["text"])}
        st.selectbox(t("tav_decision"), list(dec_labels), key="tav_add_decision", format_func=dec_labels.get)
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
    _undo_button("actions")


def decisions_section(frames: dict, today: dt.date) -> None:
    """The decisions of every meeting, and (editors) the form that records one."""
    L = lang()
    table(act.decisions_display(frames["decisions"], frames["meetings"], L), "decisions", page=PAGE,
          caption=t("tav_decisions"), table_names=["decisions"])
    show_messages("decisions")
    if not ui_auth.allowed("edit"):
        st.info(ui_auth.why("edit"), icon="🔒")
        return
    if ui_auth.open_mode():
        st.text_input(t("tav_author"), key="tav_author", placeholder=current_author(), help=t("tav_author_help"))
    with st.form("tav_dec_form"):
        st.markdown(f"**{t('tav_dec_title')}**")
        _meeting_choice(frames, today, "tav_dec_meeting")
        st.text_area(t("tav_dec_text"), key="tav_dec_text", height=100, max_chars=schema.TEXT_LENGTH)
        st.text_input(t("tav_reason"), value=t("tav_reason_dec"), key="tav_dec_reason")
        st.form_submit_button(t("tav_dec_button"), on_click=_add_decision, type="primary")
    _undo_button("decisions")


def _add_view(meeting_id: str) -> None:
    s = st.session_state
    try:
        views.add(cache.store(), meeting_id, s.get("tav_view_title", ""), s.get("tav_view_url", ""),
                  _author(), person=ui_auth.person())
    except auth.PermissionDenied as denied:
        _flash("error", "🔒 " + denied.message(lang()), "meeting")
    except views.ViewError as err:
        _flash("error", "⛔ " + err.message(lang()), "meeting")
    except ValidationFailed as failed:
        _refused("meeting", [act.field_message(i, "saved_views", lang()) for i in failed.issues])
    else:
        _flash("success", "✅ " + t("tav_view_saved"), "meeting")
        _clear(("tav_view_title", "tav_view_url"))


def _remove_view(view_id: str) -> None:
    try:
        views.remove(cache.store(), view_id, _author(), person=ui_auth.person())
    except auth.PermissionDenied as denied:
        _flash("error", "🔒 " + denied.message(lang()), "meeting")
        return
    _flash("success", t("tav_view_removed"), "meeting")


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
        table(act.display(mine, None, L, today), "tav_meeting_actions", page=PAGE,
              filters={"riunione": meeting_id}, caption=t("tav_meeting_actions"), table_names=["actions"])
    saved = views.for_meeting(frames, meeting_id)
    show_messages("meeting")
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
