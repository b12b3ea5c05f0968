"""The Progetti page's editors: phases, milestones and allocations, and the history of the
changes with an undo button per change.

Every save goes through ``tavolo.edits.apply_changes`` (validated, one transaction, logged
with author and reason). The fingerprints of the rows are taken when the editor first
reads them and kept in the session: a row someone else saved meanwhile is refused with
``EditConflict`` instead of being overwritten. After a save, an undo or "reload", the
fingerprints are taken again from the fresh data.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from tavolo import edits, i18n, programmes, schema
from tavolo.store import current_author
from tavolo.validation import ValidationFailed, issues_frame
from ui import cache
from ui.common import lang, t

FLASH = "prog_flash"


def author() -> str:
    """The logged-in user where login is configured, else the machine's user."""
    try:
        if st.user.is_logged_in:
            return str(st.user.get("email") or st.user.get("name"))
    except Exception:  # noqa: BLE001 - no auth configured: st.user raises or lacks the field
        pass
    return current_author()


def _state_key(kind: str, programme_id: str) -> str:
    return f"prog_{kind}_{programme_id}"


def _read_fingerprints(kind: str, programme_id: str, frame: pd.DataFrame, table: str) -> dict:
    """The fingerprints of the rows as this editor first read them."""
    key = _state_key(f"fp_{kind}", programme_id)
    if key not in st.session_state:
        st.session_state[key] = programmes.fingerprints(frame, table)
    return st.session_state[key]


def reset(programme_id: str) -> None:
    """Forget the fingerprints and the editors' pending edits: read the data afresh."""
    for kind in ("phases", "milestones", "allocations"):
        for prefix in ("fp_", "editor_", "form_"):
            st.session_state.pop(_state_key(prefix + kind, programme_id), None)


def flash() -> None:
    """The outcome of the last save or undo, shown once after the rerun."""
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message, icon="✅")


def _save(table: str, changes: list[edits.RowChange], reason: str, programme_id: str,
          extra_check=None) -> None:
    if not changes:
        st.info(t("prog_no_changes"))
        return
    try:
        ids = edits.apply_changes(cache.store(), table, changes, author(), reason, extra_check=extra_check)
    except ValidationFailed as failed:
        st.error(t("prog_edit_refused"), icon="⛔")
        st.dataframe(issues_frame(failed.issues, lang()), hide_index=True, width="stretch")
        return
    except edits.EditConflict as conflict:
        st.error(conflict.message(lang()), icon="⛔")
        st.caption(t("prog_conflict_help"))
        return
    reset(programme_id)
    st.session_state[FLASH] = t("prog_saved").format(n=len(ids))
    st.rerun()


def _reason(key: str) -> str:
    return st.text_input(t("prog_reason"), key=key, placeholder=t("prog_reason_placeholder"))


def phases_editor(frames: dict, programme_id: str, today: dt.date) -> None:
    L = lang()
    flats = programmes.flats_of(frames, programme_id)
    pf = frames["programme_flats"]
    read = _read_fingerprints("phases", programme_id, pf[pf["programme_id"] == programme_id],
                              "programme_flats")
    shown = flats[["programme_id", "flat_id", "building_name", "staircase", "floor", "phase",
                   "phase_since"]]
    with st.form(_state_key("form_phases", programme_id), border=False):
        edited = st.data_editor(
            shown, key=_state_key("editor_phases", programme_id), hide_index=True, height=380,
            disabled=["programme_id", "flat_id", "building_name", "staircase", "floor"],
            column_order=["flat_id", "building_name", "staircase", "floor", "phase", "phase_since"],
            column_config={
                "flat_id": st.column_config.TextColumn(t("prog_flat")),
                "building_name": st.column_config.TextColumn(t("prog_building")),
                "staircase": st.column_config.TextColumn(t("prog_staircase")),
                "floor": st.column_config.NumberColumn(t("prog_floor")),
                "phase": st.column_config.SelectboxColumn(
                    t("phase"), options=list(schema.PHASE), required=True,
                    format_func=lambda p: schema.label(schema.PHASE, p, L)),
                "phase_since": st.column_config.DateColumn(
                    t("prog_phase_since"), format="DD/MM/YYYY", max_value=today,
                    help=t("prog_phase_since_help")),
            })
        reason = _reason(_state_key("reason_phases", programme_id))
        submitted = st.form_submit_button(t("prog_save"), type="primary",
                                          key=_state_key("save_phases", programme_id))
    if submitted:
        changes = programmes.row_changes("programme_flats", shown, edited, ["phase", "phase_since"],
                                         read, today)
        _save("programme_flats", changes, reason, programme_id,
              programmes.not_in_future("programme_flats", "phase_since", today))


def milestones_editor(frames: dict, programme_id: str, today: dt.date) -> None:
    ms = frames["milestones"]
    mine = ms[ms["programme_id"] == programme_id].sort_values("planned_date").reset_index(drop=True)
    read = _read_fingerprints("milestones", programme_id, mine, "milestones")
    shown = mine[["milestone_id", "name", "planned_date", "actual_date"]]
    with st.form(_state_key("form_milestones", programme_id), border=False):
        edited = st.data_editor(
            shown, key=_state_key("editor_milestones", programme_id), hide_index=True,
            num_rows="add", disabled=["milestone_id"],
            column_config={
                "milestone_id": st.column_config.TextColumn(t("prog_id")),
                "name": st.column_config.TextColumn(t("prog_milestone"), required=True, width="large"),
                "planned_date": st.column_config.DateColumn(t("prog_planned_date"), format="DD/MM/YYYY",
                                                            required=True),
                "actual_date": st.column_config.DateColumn(t("prog_actual_date"), format="DD/MM/YYYY",
                                                           max_value=today),
            })
        reason = _reason(_state_key("reason_milestones", programme_id))
        submitted = st.form_submit_button(t("prog_save"), type="primary",
                                          key=_state_key("save_milestones", programme_id))
    if submitted:
        changes = programmes.row_changes(
            "milestones", shown, edited, ["name", "planned_date", "actual_date"], read, today,
            new_row=programmes.milestone_maker(frames, programme_id, today))
        _save("milestones", changes, reason, programme_id,
              programmes.not_in_future("milestones", "actual_date", today))


def allocations_editor(frames: dict, programme_id: str, today: dt.date) -> None:
    L = lang()
    shown = programmes.allocation_editor_frame(frames, programme_id).drop(columns="meeting_date")
    alloc = frames["allocations"]
    read = _read_fingerprints("allocations", programme_id,
                              alloc[alloc["programme_id"] == programme_id], "allocations")
    meetings = frames["meetings"].sort_values("date", ascending=False)
    names = {m.meeting_id: f"{i18n.fmt_date(m.date, L)} · {m.theme}" for m in meetings.itertuples()}
    planned, recorded = programmes.flats_check(frames, programme_id)
    available = planned or recorded
    with st.form(_state_key("form_allocations", programme_id), border=False):
        edited = st.data_editor(
            shown, key=_state_key("editor_allocations", programme_id), hide_index=True,
            disabled=["allocation_id", "quota"], column_order=["quota", "flats_proposed",
                                                                "flats_approved", "meeting_id"],
            column_config={
                "quota": st.column_config.SelectboxColumn(
                    t("prog_quota"), options=list(schema.QUOTA),
                    format_func=lambda q: schema.label(schema.QUOTA, q, L), width="medium"),
                "flats_proposed": st.column_config.NumberColumn(t("prog_proposed"), min_value=0, step=1),
                "flats_approved": st.column_config.NumberColumn(t("prog_approved"), min_value=0, step=1),
                "meeting_id": st.column_config.SelectboxColumn(
                    t("prog_meeting"), options=list(names), format_func=lambda m: names.get(m, m),
                    width="large"),
            })
        confirmed = st.checkbox(t("prog_confirm_breach"), key=_state_key("confirm_allocations", programme_id),
                                help=t("prog_confirm_breach_help"))
        reason = _reason(_state_key("reason_allocations", programme_id))
        submitted = st.form_submit_button(t("prog_save"), type="primary",
                                          key=_state_key("save_allocations", programme_id))
    if not submitted:
        return
    year = programmes.year_of_allocation(edited, frames["meetings"], today)
    for column in ("flats_proposed", "flats_approved"):
        if edited[column].notna().any():
            result = programmes.check_table(edited, column, available, year)
            listed = "\n\n" + "\n".join(f"- {programmes.breach_message(b, L)}" for b in result.errors)
            what = t(f"prog_alloc_{column}")
            if result.blocking:
                st.error(t("prog_breach_blocking").format(what=what, flats=available) + listed, icon="⛔")
                return
            if result.errors and not confirmed:
                st.warning(t("prog_breach_needs_confirm").format(what=what, year=year) + listed,
                           icon="⚠️")
                return
    changes = programmes.row_changes(
        "allocations", shown, edited, ["flats_proposed", "flats_approved", "meeting_id"], read, today,
        new_row=programmes.allocation_maker(frames, programme_id, today))
    if confirmed:
        reason = f"{reason} [{t('prog_confirmed_tag')}]" if reason.strip() else reason
    _save("allocations", changes, reason, programme_id,
          programmes.allocation_rules_check(programme_id, available, frames["meetings"], today, confirmed))


def history(programme_id: str, limit: int = 8) -> None:
    """The programme's changes, newest first, each with an undo button while undoable."""
    L = lang()
    log = programmes.programme_history(edits.history(cache.store()), programme_id, L)
    if log.empty:
        st.caption(t("prog_history_empty"))
        return
    tables = {n: schema.TABLES[n].label(L) for n in programmes.EDITABLE_TABLES}
    for entry in log.head(limit).itertuples(index=False):
        left, right = st.columns([6, 1], vertical_alignment="center")
        when = pd.Timestamp(entry.at).strftime("%d/%m/%Y %H:%M")
        undone = f" · {t('prog_undone_by').format(id=entry.undone_by)}" if entry.undone_by else ""
        left.markdown(f"**#{entry.change_id}** · {when} · {entry.author} · {tables[entry.table_name]} "
                      f"`{entry.row}`  \n{entry.change or '–'}  \n*{entry.reason}*{undone}")
        if entry.can_undo and right.button(t("prog_undo"), key=f"prog_undo_{programme_id}_{entry.change_id}"):
            try:
                edits.undo(cache.store(), int(entry.change_id), author(),
                           t("prog_undo_reason").format(id=entry.change_id))
            except (edits.EditConflict, ValueError, ValidationFailed) as err:
                st.error(err.message(L) if isinstance(err, edits.EditConflict) else str(err), icon="⛔")
            else:
                reset(programme_id)
                st.session_state[FLASH] = t("prog_undone").format(id=entry.change_id)
                st.rerun()
    if len(log) > limit:
        with st.expander(t("prog_history_all").format(n=len(log))):
            st.dataframe(log.drop(columns=["can_undo"]), hide_index=True, width="stretch")


def editors(frames: dict, programme_id: str, today: dt.date) -> None:
    """The editing area of one programme: three editors and the history."""
    flash()
    st.caption(t("prog_edit_help").format(author=author()))
    if st.button(t("prog_reload"), key=f"prog_reload_{programme_id}", help=t("prog_reload_help")):
        reset(programme_id)
        st.rerun()
    phases, milestones, allocations, log = st.tabs(
        [t("prog_tab_phases"), t("prog_tab_milestones"), t("prog_tab_allocations"), t("prog_tab_history")])
    with phases:
        phases_editor(frames, programme_id, today)
    with milestones:
        milestones_editor(frames, programme_id, today)
    with allocations:
        allocations_editor(frames, programme_id, today)
    with log:
        history(programme_id)
