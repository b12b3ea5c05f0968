"""The Streamlit side of the Gestione page: one render function per tab, reading the view
models of ``tavolo.gestione`` and ``tavolo.gestione_priorities`` (no figure is computed here),
and the status editor of the priority list (saves and undos in ``on_click`` callbacks,
through ``tavolo.edits``, like the Progetti editors)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from tavolo import edits, gestione as g, gestione_charts as ch, gestione_priorities as gp, i18n, schema
from tavolo.validation import ValidationFailed, issues_frame
from ui import cache
from ui.common import chart_with_table, lang, meeting_mode, t, table, table_with_exports
from ui.programme_edits import author

FP_KEY, EDITOR_KEY, REASON_KEY, OUTCOME_KEY = "ges_fp", "ges_editor", "ges_reason_text", "ges_outcome"


def _metrics(values: list[tuple[str, str, str]]) -> None:
    for column, (label, value, help_text) in zip(st.columns(len(values)), values):
        column.metric(label, value, help=help_text or None)


def _pct(v) -> str:
    return "–" if v is None else i18n.fmt_pct(v, lang())


def _days(v) -> str:
    return "–" if v is None else i18n.fmt_num(v, lang(), 1)


# --- tab 1 ---------------------------------------------------------------------------------

def priorities(frames: dict, as_of: dt.date) -> None:
    L, large = lang(), meeting_mode()
    st.caption(t("ges_prio_intro"))
    items = gp.scored(frames)
    rows, verdict = gp.money(items, as_of.year)
    open_ = items[items["rank"].notna()]
    approved = open_[open_["status"] == "approved"]
    _metrics([(t("ges_open_items"), i18n.fmt_int(len(open_), L), ""),
              (t("ges_approved_kpi"), i18n.fmt_int(len(approved), L), ""),
              (t("ges_fits_kpi"), i18n.fmt_eur(sum(r.fits for r in rows), L), ""),
              (t("ges_waits_kpi"), i18n.fmt_eur(sum(r.waits for r in rows), L), "")])
    st.subheader(t("ges_prio_title"))
    chart_with_table(ch.priority_chart(items, L, large), gp.priority_display(open_, verdict, L).iloc[:, :5],
                     t("ges_caption_prio"), key="ges_priorities", table_names=["maintenance_items"])
    table_with_exports(gp.priority_display(items, verdict, L), "ges_priority_list",
                       caption=t("ges_caption_prio"), table_names=["maintenance_items"])
    with st.expander(t("ges_weights_title")):
        table(gp.Weights.from_settings().table(L), "ges_weights", exports_on=False)
    st.subheader(t("ges_money_title").format(year=as_of.year))
    chart_with_table(ch.money_chart(rows, as_of.year, L, large), gp.money_display(rows, as_of.year, L),
                     t("ges_caption_money"), key="ges_money")
    st.subheader(t("ges_inspections_title"))
    table_with_exports(gp.inspections_display(gp.inspections(frames), L), "ges_inspections",
                       table_names=["inspections"], height=320)
    if not large:
        with st.expander(t("ges_edit_title")):
            editor(frames, items)


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
    _outcome("success", t("ges_saved").format(n=len(ids)))


def _undo(change_id: int) -> None:
    try:
        edits.undo(cache.store(), change_id, author(), t("ges_undo_reason").format(id=change_id))
    except (edits.EditConflict, ValueError, ValidationFailed) as err:
        _outcome("error", err.message(lang()) if isinstance(err, edits.EditConflict) else str(err))
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
    for entry in log.head(8).itertuples(index=False):
        left, right = st.columns([6, 1], vertical_alignment="center")
        undone = f" · {t('ges_undone_by').format(id=entry.undone_by)}" if entry.undone_by else ""
        left.markdown(f"**#{entry.change_id}** · {pd.Timestamp(entry.at).strftime('%d/%m/%Y %H:%M')} · "
                      f"{entry.author} · `{entry.item}`  \n{entry.change or '–'}  \n*{entry.reason}*{undone}")
        if entry.can_undo:
            right.button(t("ges_undo"), key=f"ges_undo_{entry.change_id}", on_click=_undo,
                         args=(int(entry.change_id),))


# --- tab 2 ---------------------------------------------------------------------------------

def reports(frames: dict, as_of: dt.date) -> None:
    L, large = lang(), meeting_mode()
    st.caption(t("ges_reports_intro").format(months=g.TREND_MONTHS, as_of=i18n.fmt_date(as_of, L)))
    rep = g.reports_frame(frames, as_of=as_of)
    window = g.in_window(rep, as_of)
    fig = g.report_figures(window)
    _metrics([(t("ges_open_now"), i18n.fmt_int(int(rep["status"].isin(g.OPEN_REPORT).sum()), L), t("ges_open_now_help")),
              (t("ges_median_close"), _days(fig.median_days_to_close), ""),
              (t("ges_p90_close"), _days(fig.p90_days_to_close), ""),
              (t("ges_within_target_kpi"), _pct(fig.within_target_share), t("ges_within_target_help")),
              (t("ges_without_repair_kpi"), _pct(fig.closed_without_repair_share), t("ges_without_repair_help"))])
    monthly = g.monthly(rep, as_of)
    chart_with_table(ch.reports_trend(monthly, L, large), g.monthly_display(monthly, L), t("ges_caption_trend"),
                     key="ges_trend", table_names=["tenant_reports"])
    cat = g.by_category(window)
    chart_with_table(ch.category_days(cat, L, large), g.category_display(cat, L), t("ges_caption_category"),
                     key="ges_category", table_names=["tenant_reports"])
    reasons = g.close_reasons(window)
    chart_with_table(ch.reasons_chart(reasons, L, large), g.reasons_display(reasons, L), t("ges_caption_reasons"),
                     key="ges_reasons")
    st.subheader(t("ges_area_title"))
    level = st.segmented_control(t("ges_area_title"), ["rione", "building"], default="rione", key="ges_level",
                                 format_func=lambda v: t(f"ges_level_{v}"), label_visibility="collapsed") or "rione"
    table_with_exports(g.area_display(g.by_area(window, frames, level), L), f"ges_by_{level}", height=300)
    st.subheader(t("ges_oldest_title"))
    table_with_exports(g.oldest_display(g.oldest_open(rep), L), "ges_oldest_open")


# --- tab 3 ---------------------------------------------------------------------------------

def vacancies(frames: dict, as_of: dt.date) -> None:
    from tavolo import settings

    L, large = lang(), meeting_mode()
    months, recent = settings.get("relet_target_months"), settings.get("occupation_recent_months")
    st.caption(t("ges_vacancies_intro").format(as_of=i18n.fmt_date(as_of, L), months=months))
    vac = g.vacancies(frames, as_of)
    fig = g.vacancy_figures(vac)
    _metrics([(t("ges_vacant_kpi"), i18n.fmt_int(fig.vacant, L), ""),
              (t("ges_over_target_kpi"), i18n.fmt_int(fig.over_target, L), ""),
              (t("ges_median_vacant_kpi"), "–" if fig.median_days_vacant is None
               else i18n.fmt_int(round(fig.median_days_vacant), L), ""),
              (t("ges_at_risk_kpi"), i18n.fmt_int(fig.at_risk, L), t("ges_at_risk_help").format(months=recent))])
    by = st.segmented_control(t("ges_by"), ["owner_id", "rione_id", "reason"], default="owner_id", key="ges_vac_by",
                              format_func=lambda v: t(f"ges_by_{v}")) or "owner_id"
    summary = g.vacancy_summary(vac, by)
    shown = g.vacancy_summary_display(summary, by, frames, L)
    chart_with_table(ch.vacancy_chart(summary, shown.iloc[:, 0].tolist(), t(f"ges_by_{by}"), L, large), shown,
                     t("ges_caption_vacancy").format(by=t(f"ges_by_{by}").lower()), key=f"ges_vac_{by}")
    st.subheader(t("ges_risk_title"))
    risk = vac[vac["at_risk"]]
    if risk.empty:
        st.info(t("ges_risk_none"))
    else:
        table_with_exports(g.vacancies_display(risk, L), "ges_at_risk")
    st.subheader(t("ges_long_title"))
    table_with_exports(g.vacancies_display(vac[vac["over_target"]], L), "ges_long_vacancies", height=320)
    st.caption("ℹ️ " + t("ges_relet_later"))


# --- tab 4 ---------------------------------------------------------------------------------

def occupations(frames: dict, as_of: dt.date) -> None:
    L, large = lang(), meeting_mode()
    below = g.suppress_below()
    st.caption(t("ges_occ_intro").format(n=below - 1, below=below))
    occ = g.occupations_frame(frames, as_of)
    fig = g.occupation_figures(occ).suppressed_json(below)

    def shown(v) -> str:
        return v if isinstance(v, str) else i18n.fmt_int(v, L)

    share = fig["vacant_before_share"]
    _metrics([(t("ges_occ_total"), shown(fig["total"]), ""), (t("ges_occ_open"), shown(fig["open"]), ""),
              (t("ges_occ_resolve"), _days(fig["median_days_to_resolve"]), ""),
              (t("ges_occ_vacant_before").format(months=fig["prior_months"]), _pct(share),
               t("ges_occ_vacant_before_help").format(months=fig["prior_months"]))])
    tables = g.occupation_tables(frames, as_of, L, below)
    chart_with_table(ch.suppressed_bars(tables["by_year"], t("ges_occ_year_title"), L, large), tables["by_year"],
                     t("ges_caption_occ_year"), key="ges_occ_year")
    chart_with_table(ch.suppressed_bars(tables["by_outcome"], t("ges_occ_outcome_title"), L, large, ch.ORANGE),
                     tables["by_outcome"], t("ges_caption_occ_outcome"), key="ges_occ_outcome")
    st.subheader(t("ges_occ_rione_title"))
    table_with_exports(tables["by_rione"], "ges_occ_rione")
    st.subheader(t("ges_occ_cross_title"))
    table_with_exports(tables["by_year_rione"], "ges_occ_year_rione")
    st.caption(t("ges_occ_cross_note"))
