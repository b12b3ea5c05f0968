"""The Streamlit side of the Gestione page: one render function per tab, reading the view
models of ``tavolo.gestione`` and ``tavolo.gestione_priorities`` (no figure is computed here),
and the status editor of the priority list (saves and undos in ``on_click`` callbacks,
through ``tavolo.edits``, like the Progetti editors)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from tavolo import edits, gestione as g, gestione_priorities as gp, gestione_views as gv, i18n, schema
from tavolo.errors import BilingualError
from tavolo.validation import ValidationFailed, issues_frame
from ui import cache
from ui.common import chart_with_table, escape, lang, meeting_mode, t, table, table_with_exports
from ui.programme_edits import author

FP_KEY, EDITOR_KEY, REASON_KEY, OUTCOME_KEY = "ges_fp", "ges_editor", "ges_reason_text", "ges_outcome"


def _metrics(values: list[tuple[str, str, str]]) -> None:
    for column, (label, value, help_text) in zip(st.columns(len(values)), values):
        column.metric(label, value, help=help_text or None)


def _view(tab: str, as_of: dt.date):
    """The tab's view model (tavolo.gestione_views), cached in ui.cache."""
    return cache.gestione_view(tab, as_of, lang(), meeting_mode())


# --- tab 1 ---------------------------------------------------------------------------------

def priorities(frames: dict, as_of: dt.date) -> None:
    v = _view("priorities", as_of)
    st.caption(t("ges_prio_intro"))
    _metrics(v.metrics)
    st.subheader(t("ges_prio_title"))
    chart_with_table(v.charts["priorities"], v.tables["priority_short"],
                     t("ges_caption_prio"), key="ges_priorities", table_names=["maintenance_items"])
    table_with_exports(v.tables["priority_list"], "ges_priority_list",
                       caption=t("ges_caption_prio"), table_names=["maintenance_items"])
    with st.expander(t("ges_weights_title")):
        table(v.tables["weights"], "ges_weights", exports_on=False)
    st.subheader(t("ges_money_title").format(year=as_of.year))
    chart_with_table(v.charts["money"], v.tables["money"], t("ges_caption_money"), key="ges_money")
    st.subheader(t("ges_inspections_title"))
    table_with_exports(v.tables["inspections"], "ges_inspections", table_names=["inspections"], height=320)
    if not meeting_mode():
        with st.expander(t("ges_edit_title")):
            editor(frames, v.data["items"])


def _outcome(level: str, text: str, issues=None) -> None:
    st.session_state[OUTCOME_KEY] = (level, text, issues)


def _reset() -> None:
    for key in (FP_KEY, EDITOR_KEY, REASON_KEY):
        st.session_state.pop(key, None)


def _shown(items: pd.DataFrame) -> pd.DataFrame:
    return items[["item_id", "building", "works", "status", "fund", "funding_year", "meeting_id"]].reset_index(drop=True)


def _save() -> None:
    from tavolo import programmes

    stored = cache.store().read("maintenance_items")
    shown = _shown(gp.scored(cache.frames()))
    edited = programmes.editor_result(shown, st.session_state.get(EDITOR_KEY))
    changes = gp.status_changes(stored, edited, st.session_state.get(FP_KEY, {}), dt.date.today())
    if not changes:
        _outcome("info", t("ges_no_changes"))
        return
    try:
        ids = edits.apply_changes(cache.store(), "maintenance_items", changes, author(),
                                  str(st.session_state.get(REASON_KEY) or ""), extra_check=gp.status_rules(stored))
    except ValidationFailed as failed:
        _outcome("error", t("ges_refused"), failed.issues)
        return
    except edits.EditConflict as conflict:
        _outcome("error", conflict.message(lang()))
        return
    _reset()
    _outcome("success", t("ges_saved").format(n=i18n.plural(len(ids), "hist_change_one", "hist_change_many", lang())))


def _undo(change_id: int) -> None:
    try:
        edits.undo(cache.store(), change_id, author(), t("ges_undo_reason").format(id=change_id))
    except BilingualError as err:  # EditConflict, UndoRefused, ValidationFailed
        _outcome("error", err.message(lang()))
        return
    _reset()
    _outcome("success", t("ges_undone").format(id=change_id))


def editor(frames: dict, items: pd.DataFrame) -> None:
    L = lang()
    st.caption(t("ges_edit_help").format(author=author()))
    if FP_KEY not in st.session_state:
        st.session_state[FP_KEY] = gp.fingerprints(frames["maintenance_items"])
    found = st.session_state.pop(OUTCOME_KEY, None)
    if found:
        level, text, issues = found
        getattr(st, level)(text)
        if issues:
            table(issues_frame(issues, L), "ges_issues", exports_on=False)
    meetings = frames["meetings"].sort_values("date", ascending=False)
    names = {m.meeting_id: f"{i18n.fmt_date(m.date, L)} · {m.theme}" for m in meetings.itertuples()}
    with st.form("ges_form", border=False):
        st.data_editor(_shown(items), key=EDITOR_KEY, hide_index=True, height=320,
                       disabled=["item_id", "building", "works"], column_config={
                           "item_id": st.column_config.TextColumn(t("ges_item")),
                           "building": st.column_config.TextColumn(t("ges_building")),
                           "works": st.column_config.TextColumn(t("ges_works")),
                           "status": st.column_config.SelectboxColumn(
                               t("ges_status"), options=gp.STATUSES, required=True,
                               format_func=lambda s: schema.label(schema.MAINT_STATUS, s, L)),
                           "fund": st.column_config.TextColumn(t("ges_fund")),
                           "funding_year": st.column_config.NumberColumn(t("ges_funding_year"), min_value=2000,
                                                                         max_value=2100, step=1),
                           "meeting_id": st.column_config.SelectboxColumn(
                               t("ges_meeting"), options=list(names), format_func=lambda m: names.get(m, m))})
        st.text_input(t("ges_edit_reason"), key=REASON_KEY)
        st.form_submit_button(t("ges_save"), type="primary", key="ges_save", on_click=_save)
    st.markdown(f"**{t('ges_history')}**")
    log = gp.history(edits.history(cache.store()), L)
    if log.empty:
        st.caption(t("ges_history_empty"))
    for entry, line in zip(log.head(8).itertuples(index=False), gp.history_lines(log.head(8), L)):
        left, right = st.columns([6, 1], vertical_alignment="center")
        left.markdown(f"**{t('ges_change_no').format(id=int(entry.change_id))}** · {escape(line)}")
        if entry.can_undo:
            right.button(t("ges_undo"), key=f"ges_undo_{entry.change_id}", on_click=_undo,
                         args=(int(entry.change_id),))


# --- tab 2 ---------------------------------------------------------------------------------

def reports(frames: dict, as_of: dt.date) -> None:
    v = _view("reports", as_of)
    st.caption(t("ges_reports_intro").format(months=g.TREND_MONTHS, as_of=i18n.fmt_date(as_of, lang())))
    _metrics(v.metrics)
    chart_with_table(v.charts["trend"], v.tables["trend"], t("ges_caption_trend"),
                     key="ges_trend", table_names=["tenant_reports"])
    chart_with_table(v.charts["category"], v.tables["category"], t("ges_caption_category"),
                     key="ges_category", table_names=["tenant_reports"])
    chart_with_table(v.charts["reasons"], v.tables["reasons"], t("ges_caption_reasons"), key="ges_reasons")
    st.subheader(t("ges_area_title"))
    level = st.segmented_control(t("ges_area_title"), ["rione", "building"], default="rione", key="ges_level",
                                 format_func=lambda x: t(f"ges_level_{x}"), label_visibility="collapsed") or "rione"
    table_with_exports(v.tables[f"by_{level}"], f"ges_by_{level}", height=300)
    st.subheader(t("ges_oldest_title"))
    table_with_exports(v.tables["oldest"], "ges_oldest_open")


# --- tab 3 ---------------------------------------------------------------------------------

def vacancies(frames: dict, as_of: dt.date) -> None:
    v = _view("vacancies", as_of)
    months = v.data["months"]
    st.caption(t("ges_vacancies_intro").format(as_of=i18n.fmt_date(as_of, lang()), months=months))
    _metrics(v.metrics)
    by = st.segmented_control(t("ges_by"), list(gv.VACANCY_GROUPS), default="owner_id", key="ges_vac_by",
                              format_func=lambda x: t(f"ges_by_{x}")) or "owner_id"
    chart_with_table(v.charts[f"by_{by}"], v.tables[f"by_{by}"],
                     t("ges_caption_vacancy").format(by=t(f"ges_by_{by}").lower()), key=f"ges_vac_{by}")
    st.subheader(t("ges_risk_title"))
    if not v.data["at_risk"]:
        st.info(t("ges_risk_none"))
    else:
        table_with_exports(v.tables["at_risk"], "ges_at_risk")
    st.subheader(t("ges_long_title"))
    table_with_exports(v.tables["long"], "ges_long_vacancies", height=320)
    relet(v, as_of)


def relet(v, as_of: dt.date) -> None:
    """The completed re-let cycles: turnaround against the target, by year and by owner."""
    months = v.data["months"]
    st.subheader(t("ges_relet_title"))
    st.caption(t("ges_relet_intro").format(as_of=i18n.fmt_date(as_of, lang()), months=months))
    _metrics(v.data["relet_metrics"])
    if not v.data["cycles"]:
        st.info(t("ges_relet_none"))
        return
    chart_with_table(v.charts["relet_year"], v.tables["relet_year"], t("ges_caption_relet").format(months=months),
                     key="ges_relet_year", table_names=["flat_status_history"])
    st.markdown(f"**{t('ges_relet_stages_title')}**")
    table_with_exports(v.tables["relet_stages"], "ges_relet_stages", caption=t("ges_relet_stages_note"))
    st.caption(t("ges_relet_stages_note"))


# --- tab 4 ---------------------------------------------------------------------------------

def occupations(frames: dict, as_of: dt.date) -> None:
    v = _view("occupations", as_of)
    below = v.data["below"]
    st.caption(t("ges_occ_intro").format(n=below - 1, below=below))
    _metrics(v.metrics)
    chart_with_table(v.charts["by_year"], v.tables["by_year"], t("ges_caption_occ_year"), key="ges_occ_year")
    chart_with_table(v.charts["by_outcome"], v.tables["by_outcome"], t("ges_caption_occ_outcome"),
                     key="ges_occ_outcome")
    st.subheader(t("ges_occ_rione_title"))
    table_with_exports(v.tables["by_rione"], "ges_occ_rione")
    st.subheader(t("ges_occ_cross_title"))
    table_with_exports(v.tables["by_year_rione"], "ges_occ_year_rione")
    st.caption(t("ges_occ_cross_note"))
