"""The Domanda e offerta page's renders: one function per tab, each drawing what the view
model (``tavolo.demand_view.DemandView``) computed. No figure is computed here."""

from __future__ import annotations

import streamlit as st

from tavolo import charts_demand as ch, demand as dm, i18n, plan, plan_export, schema
from tavolo.demand_view import TURNOVER_STEPS, DemandView
from ui.common import chart_with_table, export_name, t, table

S = st.session_state


def rione_picker(frames: dict) -> str | None:
    """The rione chooser, kept in ``?rione=``; None for the whole comune."""
    st.title("⚖️ " + t("page_domanda"))
    st.caption(t("dem_subtitle"))
    names = DemandView.rione_names(frames)
    options, wanted = [""] + list(names.index), st.query_params.get("rione", "")
    rione = st.selectbox(t("dem_rione"), options, index=options.index(wanted) if wanted in options else 0,
                         format_func=lambda r: names.get(r, t("dem_all_rioni")), key="dem_rione")
    if rione:
        st.query_params["rione"] = rione
        st.caption(t("dem_rione_note"))
    elif "rione" in st.query_params:
        del st.query_params["rione"]
    return rione or None


def headline(view: DemandView) -> None:
    L, h = view.lang, view.headline()
    years = lambda v: i18n.fmt_num(v, L) if v is not None else t("dem_never")  # noqa: E731
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("dem_waiting"), i18n.fmt_int(h.waiting, L))
    c1.caption(t("dem_call_of").format(call=h.call or "–"))
    c2.metric(t("dem_assignable"), i18n.fmt_int(h.assignable, L))
    c3.metric(t("dem_per_flat"), i18n.fmt_num(h.per_flat, L))
    c4.metric(t("dem_years_clear") + (" · " + t("dem_city_wide") if h.city_wide else ""),
              years(h.years_to_clear), help=t("dem_years_clear_help"))
    if h.pace_years:
        c4.caption(t("dem_pace").format(n=i18n.fmt_num(h.pace, L), first=h.pace_years[0],
                                        last=h.pace_years[1]))
    c4.caption(t("dem_inflow_note").format(
        n=i18n.fmt_num(h.inflow, L), src=t("dem_inflow_measured" if h.inflow_measured else "dem_inflow_setting"),
        years=years(h.years_with_inflow)))


def demand_tab(view: DemandView) -> None:
    L = view.lang
    series, shown = view.calls()
    chart_with_table(ch.calls_series(series, L), shown, t("dem_calls_caption"), "dem_calls")
    c1, c2 = st.columns(2)
    calls = view.call_ids()
    call = c1.selectbox(t("dem_profile_call"), calls, index=max(len(calls) - 1, 0), key="dem_call")
    dim = c2.selectbox(t("dem_profile_by"), dm.DIMENSIONS, key="dem_dim",
                       format_func=lambda d: t(f"dem_dimension_{d}"))
    (prof, shown), what = view.profile(call, dim), t(f"dem_dimension_{dim}")
    chart_with_table(ch.profile(prof, f"{t('dem_profile_by')} {what} · {call}", L), shown,
                     t("dem_profile_caption").format(call=call, dim=what), "dem_profile")


def supply_tab(view: DemandView, scenario, long) -> None:
    L = view.lang
    dim = st.segmented_control(t("dem_stock_by"), dm.STOCK_DIMENSIONS, default="owner_id",
                               key="dem_stock_dim", format_func=lambda d: t(f"dem_dim_{d}")) or "owner_id"
    label, stock = t(f"dem_dim_{dim}").lower(), view.stock(dim)
    chart_with_table(ch.stock(stock, t("dem_stock_title").format(dim=label), L), stock,
                     t("dem_stock_caption").format(dim=label), "dem_stock")
    st.markdown(f"**{t('dem_works_title')}**")
    works, note = view.works()
    table(works, "dem_works", caption=t("dem_works_title"), table_names=["flats"])
    st.caption(note)
    wide, shown = view.supply_years(long)
    chart_with_table(ch.supply_years(wide, L), shown,
                     t("dem_supply_caption").format(as_of=i18n.fmt_date(view.as_of, L)), "dem_supply")
    pipe, shown = view.pipeline(scenario)
    chart_with_table(ch.pipeline(pipe, L), shown, t("dem_pipeline_caption"), "dem_pipeline")


def match_tab(view: DemandView) -> None:
    L = view.lang
    match, shown, lost = view.matching()
    chart_with_table(ch.matching(match, L), shown, t("dem_match_caption"), "dem_match")
    if lost:
        st.caption(t("dem_unclassified").format(n=lost))
    with st.expander(t("dem_adequacy_title")):
        table(view.adequacy(), "dem_adequacy", caption=t("dem_adequacy_title"))
    rioni, shown = view.per_flat_by_rione()
    chart_with_table(ch.per_flat_by_rione(rioni, L), shown, t("dem_rione_caption"), "dem_rioni")


def scenario(view: DemandView):
    """The scenario of the sliders. Their values live in Session State under their keys,
    filled with the defaults and kept while another tab is open (a widget that is not
    drawn would lose its value)."""
    for key, value in view.scenario_defaults().items():
        S[key] = S.get(key, value)
    return view.scenario(S)


def scenario_sliders(view: DemandView) -> None:
    L, default, turnover = view.lang, view.default_scenario, view.turnover
    st.caption(t("dem_scen_intro"))
    years, (first, last) = view.slider_years(), view.assignment_years()
    measured = t("dem_scen_turnover_help").format(value=i18n.fmt_pct(turnover.rate, L),
                                                  first=turnover.years[0], last=turnover.years[-1])
    c1, c2, c3 = st.columns(3)
    # a select slider: Streamlit's slider format cannot write a decimal comma ("3,2")
    c1.select_slider(t("dem_scen_turnover"), TURNOVER_STEPS, key="dem_turnover",
                     format_func=lambda v: i18n.fmt_num(v, L, 1),
                     help=measured if turnover.measured else t("dem_scen_turnover_setting"))
    c1.slider(t("dem_scen_demand"), 0.0, max(500.0, 2 * default.demand_per_year), step=1.0, key="dem_demand",
              format="%.0f", help=t("dem_scen_demand_help").format(first=first, last=last))
    c1.slider(t("dem_scen_recovery"), 0.0, 50.0, step=1.0, key="dem_recovery", format="%.0f")
    names = view.programme_names
    for col, p in zip((c2, c3), default.works_end):
        col.select_slider(t("dem_scen_works_end").format(name=names[p]), years, key=f"dem_end_{p}")
        col.select_slider(t("dem_scen_design").format(name=names[p]), years + [None], key=f"dem_design_{p}",
                          format_func=lambda v: str(v) if v else t("dem_beyond"))
    c2.number_input(t("dem_scen_new_build"), 0, 5000, step=10, key="dem_new")
    c3.select_slider(t("dem_scen_new_build_year"), view.horizon_years(), key="dem_new_year")


def scenarios_tab(view: DemandView, scenario_, long) -> None:
    L = view.lang
    scenario_sliders(view)
    proj, shown = view.projection(scenario_, long)
    name = view.programme_names.get(proj.without_programme, "")
    for col, key, column in zip(st.columns(2), ("dem_with", "dem_without"), ("cum_with", "cum_without")):
        year = proj.clear_year(column)
        label = t("dem_clear_year").format(families=i18n.plural(proj.waiting, "dem_family", "dem_families", L))
        col.metric(f"{t(key).format(name=name)}: {label}",
                   t("dem_clear_in").format(year=year) if year else t("dem_not_in_view"))
    st.caption(t("dem_clear_note").format(n=i18n.fmt_int(scenario_.demand_per_year, L)))
    caption = t("dem_coverage_caption").format(n=i18n.fmt_int(scenario_.demand_per_year, L), name=name)
    chart_with_table(ch.coverage(proj.by_year, name, L), shown, caption, "dem_coverage")


def plan_tab(view: DemandView, scenario_, long) -> None:
    L = view.lang
    st.caption(t("plan_intro"))
    c1, c2, c3 = st.columns(3)
    year = int(c1.number_input(t("plan_year"), 2000, 2100, view.plan_default_year(), key="plan_year"))
    override = c2.toggle(t("plan_override"), key="plan_override")
    available = int(c3.number_input(t("plan_available"), 0, 100000, 23, key="plan_available")) \
        if override else None
    base = view.annual_plan(year, available, scenario_, long)
    st.markdown(f"**{t('plan_choose')}**")
    cols = st.columns(len(plan.RESERVED) + 1)
    annual = base.rechoose({q: int(col.number_input(schema.label(schema.QUOTA, q, L), -1000, 100000,
                                                    int(base.allocation[q]),
                                                    key=f"plan_{q}_{year}_{base.available}"))
                            for col, q in zip(cols, plan.RESERVED)})
    cols[-1].metric(t("plan_ordinary_auto"), i18n.fmt_int(annual.allocation["ordinary"], L))
    for b in annual.breaches:
        (st.error if b.severity == "error" else st.warning)(b.message(L), icon="⚠️")
    if not annual.breaches:
        st.success(t("plan_ok"), icon="✅")
    filters = {"anno": year, "comune": view.comune}
    chart_with_table(ch.plan_allocation(annual, L), annual.compact_table(L), t("plan_chart_caption"),
                     "plan_quotas", page="piano", filters=filters)
    if annual.poverty_detail(L):
        st.caption(t("plan_poverty_by_owner").format(detail=annual.poverty_detail(L)))
    table(annual.table(L), "plan_table", page="piano", filters=filters, caption=t("plan_chart_caption"))
    for line in plan.count_notes(annual, L):
        st.caption(line)
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('plan_expected')}**")
        table(annual.sources_table(L), "plan_sources", room="half", page="piano", filters=filters,
              what=t("plan_expected"))
        st.caption(t("plan_override_note") if override else t("plan_past_note") if year < view.as_of.year else "")
    with right:
        st.markdown(f"**{t('plan_stock')}**")
        table(annual.stock_table(L), "plan_stock", room="half", page="piano", filters=filters,
              what=t("plan_stock"))
        if annual.stock_outside_text(L):
            st.caption(annual.stock_outside_text(L))
        st.caption(t("plan_assigned_prev").format(year=year - 1) + ": "
                   + i18n.fmt_int(annual.assigned_previous_year, L))
    st.download_button(t("plan_download"), lambda: plan_export.plan_xlsx(annual, L), key="plan_xlsx",
                       file_name=export_name("piano", filters, "xlsx"),
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       on_click="ignore", icon="⬇️")
    with st.expander(t("plan_rules_title")):
        st.caption(t("plan_settings_note"))
        table(plan.settings_table(L), "plan_settings", page="piano", what=t("plan_rules_title"))
