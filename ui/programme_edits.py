"""The Progetti page's editors: phases, milestones and allocations, and the history of the
changes with an undo button per change.

Every save goes through ``tavolo.edits.apply_changes`` (validated, one transaction, logged
with author and reason). The fingerprints of the rows are taken when the editor first
reads them and kept in the session: a row someone else saved meanwhile is refused with
``EditConflict`` instead of being overwritten. After a save, an undo or "reload", the
fingerprints are taken again from the fresh data.

Saves and undos run in ``on_click`` callbacks, before the script: a click is acted on
exactly once even when the run that follows is restarted (``ui.common.ensure_frame`` on a
fresh server or in AppTest). Their outcome waits in the session for the run to show it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from tavolo import auth, auth_history, edits, i18n, programmes, schema
from tavolo.errors import BilingualError
from tavolo.store import current_author
from tavolo.validation import ValidationFailed, issues_frame
from ui import auth as ui_auth
from ui import cache
from ui.common import escape, lang, t

KINDS = ("phases", "milestones", "allocations")


def author() -> str:
    """The signed-in person's name (ui.auth), else the machine's user."""
    return ui_auth.author_name(current_author())


def _key(kind: str, programme_id: str) -> str:
    return f"prog_{kind}_{programme_id}"


def _read_fingerprints(kind: str, programme_id: str, frame: pd.DataFrame, table: str) -> dict:
    """The fingerprints of the rows as this editor first read them."""
    key = _key(f"fp_{kind}", programme_id)
    if key not in st.session_state:
        st.session_state[key] = programmes.fingerprints(frame, table)
    return st.session_state[key]


def reset(programme_id: str) -> None:
    """Forget the fingerprints, the editors' pending edits and the reasons: read afresh."""
    for kind in KINDS:
        for prefix in ("fp_", "editor_", "reason_", "confirm_"):
            st.session_state.pop(_key(prefix + kind, programme_id), None)


def _outcome(programme_id: str, kind: str, level: str, text: str, issues=None) -> None:
    st.session_state[_key(f"outcome_{kind}", programme_id)] = (level, text, issues)


def show_outcome(programme_id: str, kind: str) -> None:
    """The outcome of the last save or undo of ``kind``, shown once."""
    found = st.session_state.pop(_key(f"outcome_{kind}", programme_id), None)
    if not found:
        return
    level, text, issues = found
    getattr(st, level)(text, icon={"success": "✅", "error": "⛔", "warning": "⚠️", "info": "ℹ️"}[level])
    if issues:
        st.dataframe(issues_frame(issues, lang()), hide_index=True, width="stretch")


def _apply(kind: str, table: str, changes, reason: str, programme_id: str, extra_check=None) -> None:
    if not changes:
        _outcome(programme_id, kind, "info", t("prog_no_changes"))
        return
    try:
        ids = edits.apply_changes(cache.store(), table, changes, author(), reason, extra_check=extra_check,
                                  person=ui_auth.person())
    except auth.PermissionDenied as denied:
        _outcome(programme_id, kind, "error", denied.message(lang()))
        return
    except ValidationFailed as failed:
        _outcome(programme_id, kind, "error", t("prog_edit_refused"), failed.issues)
        return
    except edits.EditConflict as conflict:
        _outcome(programme_id, kind, "error", conflict.message(lang()) + "  \n" + t("prog_conflict_help"))
        return
    reset(programme_id)
    _outcome(programme_id, kind, "success", t("prog_saved").format(rows=i18n.plural(len(ids), "prog_row_changed", "prog_rows_changed", lang())))


# --- what each editor shows ---------------------------------------------------------------

def _phases_shown(frames: dict, programme_id: str) -> pd.DataFrame:
    return programmes.flats_of(frames, programme_id)[
        ["programme_id", "flat_id", "building_name", "staircase", "floor", "phase", "phase_since"]]


def _milestones_shown(frames: dict, programme_id: str) -> pd.DataFrame:
    ms = frames["milestones"]
    mine = ms[ms["programme_id"] == programme_id].sort_values(["planned_date", "milestone_id"])
    return mine[["milestone_id", "name", "planned_date", "actual_date"]].reset_index(drop=True)


def _allocations_shown(frames: dict, programme_id: str) -> pd.DataFrame:
    return programmes.allocation_editor_frame(frames, programme_id).drop(columns="meeting_date")


def _edited(kind: str, programme_id: str, shown: pd.DataFrame) -> pd.DataFrame:
    return programmes.editor_result(shown, st.session_state.get(_key(f"editor_{kind}", programme_id)))


def _reason(kind: str, programme_id: str) -> str:
    return str(st.session_state.get(_key(f"reason_{kind}", programme_id)) or "")


# --- the save callbacks -------------------------------------------------------------------

def _save_phases(programme_id: str) -> None:
    frames, today = cache.frames(), dt.date.today()
    shown = _phases_shown(frames, programme_id)
    read = st.session_state.get(_key("fp_phases", programme_id), {})
    changes = programmes.row_changes("programme_flats", shown, _edited("phases", programme_id, shown),
                                     ["phase", "phase_since"], read, today)
    _apply("phases", "programme_flats", changes, _reason("phases", programme_id), programme_id,
           programmes.not_in_future("programme_flats", "phase_since", today))


def _save_milestones(programme_id: str) -> None:
    frames, today = cache.frames(), dt.date.today()
    shown = _milestones_shown(frames, programme_id)
    read = st.session_state.get(_key("fp_milestones", programme_id), {})
    changes = programmes.row_changes(
        "milestones", shown, _edited("milestones", programme_id, shown),
        ["name", "planned_date", "actual_date"], read, today,
        new_row=programmes.milestone_maker(frames, programme_id, today))
    _apply("milestones", "milestones", changes, _reason("milestones", programme_id), programme_id,
           programmes.not_in_future("milestones", "actual_date", today))


def _save_allocations(programme_id: str) -> None:
    frames, today, L = cache.frames(), dt.date.today(), lang()
    shown = _allocations_shown(frames, programme_id)
    edited = _edited("allocations", programme_id, shown)
    confirmed = bool(st.session_state.get(_key("confirm_allocations", programme_id)))
    # the rules year by year of availability, counted from the data's as-of date
    years = programmes.availability(frames, programme_id, programmes.as_of(cache.meta()[0], frames))
    available = sum(y.flats for y in years)
    for column in ("flats_proposed", "flats_approved"):
        if not edited[column].notna().any():
            continue
        result = programmes.check_table(edited, column, years)
        listed = "\n\n" + "\n".join(f"- {programmes.breach_message(b, L)}" for b in result.errors)
        what = t(f"prog_alloc_{column}")
        if result.blocking:
            _outcome(programme_id, "allocations", "error",
                     t("prog_breach_blocking").format(what=what, flats=available) + listed)
            return
        if result.errors and not confirmed:
            _outcome(programme_id, "allocations", "warning",
                     t("prog_breach_needs_confirm").format(what=what) + listed)
            return
    reason = _reason("allocations", programme_id)
    if confirmed and reason.strip():
        reason = f"{reason} [{t('prog_confirmed_tag')}]"
    read = st.session_state.get(_key("fp_allocations", programme_id), {})
    changes = programmes.row_changes(
        "allocations", shown, edited, ["flats_proposed", "flats_approved", "meeting_id"], read, today,
        new_row=programmes.allocation_maker(frames, programme_id, today))
    _apply("allocations", "allocations", changes, reason, programme_id,
           programmes.allocation_rules_check(programme_id, years, confirmed))


def _undo(programme_id: str, change_id: int) -> None:
    try:
        edits.undo(cache.store(), change_id, author(), t("prog_undo_reason").format(id=change_id),
                   person=ui_auth.person())
    except BilingualError as err:  # refused: permission, conflict, not undoable, invalid
        _outcome(programme_id, "history", "error", err.message(lang()))
    else:
        reset(programme_id)
        _outcome(programme_id, "history", "success", t("prog_undone").format(id=change_id))


# --- the editors --------------------------------------------------------------------------

def _form_end(kind: str, programme_id: str, on_save, extra=None) -> None:
    """The reason, an optional extra widget, and the save button of a form."""
    if extra:
        extra()
    st.text_input(t("prog_reason"), key=_key(f"reason_{kind}", programme_id),
                  placeholder=t("prog_reason_placeholder"))
    st.form_submit_button(t("prog_save"), type="primary", key=_key(f"save_{kind}", programme_id),
                          on_click=on_save, args=(programme_id,))


def phases_editor(frames: dict, programme_id: str, today: dt.date) -> None:
    L = lang()
    pf = frames["programme_flats"]
    _read_fingerprints("phases", programme_id, pf[pf["programme_id"] == programme_id], "programme_flats")
    show_outcome(programme_id, "phases")
    with st.form(_key("form_phases", programme_id), border=False):
        st.data_editor(
            _phases_shown(frames, programme_id), key=_key("editor_phases", programme_id),
            hide_index=True, height=380,
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
        _form_end("phases", programme_id, _save_phases)


def milestones_editor(frames: dict, programme_id: str, today: dt.date) -> None:
    shown = _milestones_shown(frames, programme_id)
    ms = frames["milestones"]
    _read_fingerprints("milestones", programme_id, ms[ms["programme_id"] == programme_id], "milestones")
    show_outcome(programme_id, "milestones")
    with st.form(_key("form_milestones", programme_id), border=False):
        st.data_editor(
            shown, key=_key("editor_milestones", programme_id), hide_index=True, num_rows="add",
            disabled=["milestone_id"],
            column_config={
                "milestone_id": st.column_config.TextColumn(t("prog_id")),
                "name": st.column_config.TextColumn(t("prog_milestone"), required=True, width="large"),
                "planned_date": st.column_config.DateColumn(t("prog_planned_date"), format="DD/MM/YYYY",
                                                            required=True),
                "actual_date": st.column_config.DateColumn(t("prog_actual_date"), format="DD/MM/YYYY",
                                                           max_value=today),
            })
        _form_end("milestones", programme_id, _save_milestones)


def allocations_editor(frames: dict, programme_id: str) -> None:
    L = lang()
    alloc = frames["allocations"]
    _read_fingerprints("allocations", programme_id, alloc[alloc["programme_id"] == programme_id],
                       "allocations")
    meetings = frames["meetings"].sort_values("date", ascending=False)
    names = {m.meeting_id: f"{i18n.fmt_date(m.date, L)} · {m.theme}" for m in meetings.itertuples()}
    show_outcome(programme_id, "allocations")
    with st.form(_key("form_allocations", programme_id), border=False):
        st.data_editor(
            _allocations_shown(frames, programme_id), key=_key("editor_allocations", programme_id),
            hide_index=True, disabled=["allocation_id", "quota"],
            column_order=["quota", "flats_proposed", "flats_approved", "meeting_id"],
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
        _form_end("allocations", programme_id, _save_allocations, lambda: st.checkbox(
            t("prog_confirm_breach"), key=_key("confirm_allocations", programme_id),
            help=t("prog_confirm_breach_help")))


def _lines(log: pd.DataFrame, tables: dict[str, str], L: str) -> list[str]:
    """The programme's changes as sentences (auth_history.history_line)."""
    return [auth_history.history_line(e.at, e.author, f"{tables[e.table_name]} {e.row}, {e.change or '–'}",
                                      e.reason, e.undone_by, L) for e in log.itertuples(index=False)]


def history(programme_id: str, limit: int = 8) -> None:
    """The programme's changes, newest first, each with an undo button while undoable."""
    L = lang()
    show_outcome(programme_id, "history")
    log = programmes.programme_history(edits.history(cache.store()), programme_id, L)
    if log.empty:
        st.caption(t("prog_history_empty"))
        return
    tables = {n: schema.TABLES[n].label(L) for n in programmes.EDITABLE_TABLES}
    for entry, line in zip(log.head(limit).itertuples(index=False), _lines(log.head(limit), tables, L)):
        left, right = st.columns([6, 1], vertical_alignment="center")
        left.markdown(f"**{t('prog_change_no').format(id=int(entry.change_id))}** · {escape(line)}")
        if entry.can_undo:
            right.button(t("prog_undo"), key=f"prog_undo_{programme_id}_{entry.change_id}",
                         on_click=_undo, args=(programme_id, int(entry.change_id)))
    if len(log) > limit:
        with st.expander(t("prog_history_all").format(n=len(log))):
            st.markdown("\n".join(f"- {escape(line)}" for line in _lines(log, tables, L)))


def editors(frames: dict, programme_id: str, today: dt.date) -> None:
    """The editing area of one programme: three editors and the history."""
    if not ui_auth.allowed("edit"):  # a viewer: no editor (the domain refuses it anyway)
        st.info(ui_auth.why("edit"), icon="🔒")
        return
    st.caption(t("prog_edit_help").format(author=author()))
    st.button(t("prog_reload"), key=f"prog_reload_{programme_id}", help=t("prog_reload_help"),
              on_click=reset, args=(programme_id,))
    phases, milestones, allocations, log = st.tabs(
        [t("prog_tab_phases"), t("prog_tab_milestones"), t("prog_tab_allocations"), t("prog_tab_history")])
    with phases:
        phases_editor(frames, programme_id, today)
    with milestones:
        milestones_editor(frames, programme_id, today)
    with allocations:
        allocations_editor(frames, programme_id)
    with log:
        history(programme_id)
