"""Domanda e offerta: households waiting against flats assignable now and in the coming
years, five-year scenarios and the annual offer plan (R.R. 4/2017). ``?rione=`` pre-filters."""

import streamlit as st

from tavolo import charts_demand as ch, demand as dm, i18n, plan, plan_export, projection as pj
from tavolo import schema
from ui import ambito, cache
from ui.common import chart_with_table, ensure_frame, export_name, lang, t

ensure_frame()
L, F = lang(), ambito.frames()  # the tables of the comune chosen in the sidebar
INFO, DEMO = cache.meta()
AS_OF, COMUNE = dm.as_of_date(INFO, F), ambito.comune()  # the comune of the sidebar
NAMES, PROGS = dm.rione_names(F), F["programmes"].set_index("programme_id")["name"]
S = st.session_state


def show(frame, columns):
    return dm.display(frame, dm.COLUMNS[columns] if isinstance(columns, str) else columns, L)


def header():
    st.title("⚖️ " + t("page_domanda"))
    st.caption(t("dem_subtitle"))
    options, wanted = [""] + list(NAMES.index), st.query_params.get("rione", "")
    rione = st.selectbox(t("dem_rione"), options, index=options.index(wanted) if wanted in options else 0,
                         format_func=lambda r: NAMES.get(r, t("dem_all_rioni")), key="dem_rione")
    if rione:
        st.query_params["rione"] = rione
        st.caption(t("dem_rione_note"))
    elif "rione" in st.query_params:
        del st.query_params["rione"]
    return rione or None


def headline(rione):
    h = dm.headline(F, COMUNE, rione, ALL)
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


def demand_tab(rione):
    series = dm.calls_series(F, COMUNE, rione)
    chart_with_table(ch.calls_series(series, L), show(series, "calls"), t("dem_calls_caption"), "dem_calls")
    c1, c2 = st.columns(2)
    calls = list(series["call_id"])
    call = c1.selectbox(t("dem_profile_call"), calls, index=max(len(calls) - 1, 0), key="dem_call")
    dim = c2.selectbox(t("dem_profile_by"), dm.DIMENSIONS, key="dem_dim",
                       format_func=lambda d: t(f"dem_dimension_{d}"))
    prof, what = dm.profile(dm.applications(F, COMUNE, rione, call), dim, F, L), t(f"dem_dimension_{dim}")
    chart_with_table(ch.profile(prof, f"{t('dem_profile_by')} {what} · {call}", L), show(prof, "profile"),
                     t("dem_profile_caption").format(call=call, dim=what), "dem_profile")


def supply_tab(flats, scenario_, long):
    dim = st.segmented_control(t("dem_stock_by"), dm.STOCK_DIMENSIONS, default="owner_id",
                               key="dem_stock_dim", format_func=lambda d: t(f"dem_dim_{d}")) or "owner_id"
    flats = dm.in_stock(flats)  # today's stock: new flats not yet delivered are supply, below
    label, table = t(f"dem_dim_{dim}").lower(), dm.stock_by(flats, dim, F, L)
    chart_with_table(ch.stock(table, t("dem_stock_title").format(dim=label), L), table,
                     t("dem_stock_caption").format(dim=label), "dem_stock")
    st.markdown(f"**{t('dem_works_title')}**")
    works = dm.vacant_works_labelled(flats, L)
    st.dataframe(show(works, "works"), hide_index=True, key="dem_works")
    st.caption(dm.vacant_works_note(flats, L))
    wide = pj.supply_by_year(long, list(range(AS_OF.year, AS_OF.year + pj.HORIZON)))
    chart_with_table(ch.supply_years(wide, L), show(wide, dm.supply_columns(wide)),
                     t("dem_supply_caption").format(as_of=i18n.fmt_date(AS_OF, L)), "dem_supply")
    pipe = pj.pipeline(F, scenario_, AS_OF, COMUNE, ALL)
    chart_with_table(ch.pipeline(pipe, L), show(pj.pipeline_labels(pipe, L), "pipeline"),
                     t("dem_pipeline_caption"), "dem_pipeline")


def match_tab(flats, waiting):
    match = dm.matching_by_size(waiting, flats)
    chart_with_table(ch.matching(match, L), show(match, "matching"), t("dem_match_caption"), "dem_match")
    lost = dm.unclassified_assignable(flats)
    if lost:
        st.caption(t("dem_unclassified").format(n=lost))
    with st.expander(t("dem_adequacy_title")):
        st.dataframe(plan.adequacy_display(L), hide_index=True, key="dem_adequacy")
    rioni = dm.per_flat_by_rione(waiting, flats, F)
    chart_with_table(ch.per_flat_by_rione(rioni, L), show(rioni, "rioni"), t("dem_rione_caption"),
                     "dem_rioni")


SCENARIO_KEYS = ("dem_turnover", "dem_demand", "dem_recovery", "dem_new", "dem_new_year")
TURNOVER_STEPS = [i / 10 for i in range(151)]  # 0,0 .. 15,0 % in steps of 0,1


def _on_step(pct: float) -> float:
    return min(TURNOVER_STEPS, key=lambda step: abs(step - float(pct)))


def scenario(default):
    """The scenario of the sliders. Their values live in Session State under their keys,
    filled with the defaults and kept while another tab is open (a widget that is not drawn
    would lose its value)."""
    defaults_by_key = {"dem_turnover": _on_step(default.turnover_pct), "dem_demand": default.demand_per_year,
                       "dem_recovery": 0.0, "dem_new": 0, "dem_new_year": AS_OF.year + 2}
    defaults_by_key |= {f"dem_end_{p}": y for p, y in default.works_end.items()}
    defaults_by_key |= {f"dem_design_{p}": y for p, y in default.design_year.items()}
    for key, value in defaults_by_key.items():
        S[key] = S.get(key, value)
    return default.with_(
        turnover_pct=S["dem_turnover"], demand_per_year=S["dem_demand"],
        works_end={p: S[f"dem_end_{p}"] for p in default.works_end},
        design_year={p: S[f"dem_design_{p}"] for p in default.design_year},
        new_build_flats=S["dem_new"], new_build_year=S["dem_new_year"], works_recovery_pct=S["dem_recovery"])


def scenario_sliders(default, turnover):
    st.caption(t("dem_scen_intro"))
    years, calls = list(range(AS_OF.year, AS_OF.year + pj.HORIZON + 2)), dm.assignments_by_year(F, COMUNE)
    first, last = (calls["year"].min(), calls["year"].max()) if len(calls) else ("–", "–")
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
    for col, p in zip((c2, c3), default.works_end):
        col.select_slider(t("dem_scen_works_end").format(name=PROGS[p]), years, key=f"dem_end_{p}")
        col.select_slider(t("dem_scen_design").format(name=PROGS[p]), years + [None], key=f"dem_design_{p}",
                          format_func=lambda v: str(v) if v else t("dem_beyond"))
    c2.number_input(t("dem_scen_new_build"), 0, 5000, step=10, key="dem_new")
    c3.select_slider(t("dem_scen_new_build_year"), years[:pj.HORIZON], key="dem_new_year")


def scenarios_tab(default, turnover, scenario_, long):
    scenario_sliders(default, turnover)
    proj = pj.project(F, scenario_, AS_OF, comune=COMUNE, fl=ALL, long=long)
    name = PROGS.get(proj.without_programme, "")
    for col, key, column in zip(st.columns(2), ("dem_with", "dem_without"), ("cum_with", "cum_without")):
        year = proj.clear_year(column)
        label = t("dem_clear_year").format(families=i18n.plural(proj.waiting, "dem_family", "dem_families", L))
        col.metric(f"{t(key).format(name=name)}: {label}",
                   t("dem_clear_in").format(year=year) if year else t("dem_not_in_view"))
    st.caption(t("dem_clear_note").format(n=i18n.fmt_int(scenario_.demand_per_year, L)))
    caption = t("dem_coverage_caption").format(n=i18n.fmt_int(scenario_.demand_per_year, L), name=name)
    chart_with_table(ch.coverage(proj.by_year, name, L), show(proj.by_year, "coverage"), caption,
                     "dem_coverage")


def plan_tab(scenario_, long):
    st.caption(t("plan_intro"))
    c1, c2, c3 = st.columns(3)
    year = int(c1.number_input(t("plan_year"), 2000, 2100, plan.default_year(AS_OF), key="plan_year"))
    override = c2.toggle(t("plan_override"), key="plan_override")
    available = int(c3.number_input(t("plan_available"), 0, 100000, 23, key="plan_available")) \
        if override else None
    long = long if AS_OF.year <= year < AS_OF.year + pj.HORIZON else None
    base = pj.annual_plan(F, year, INFO, COMUNE, available=available, scenario=scenario_, demo=DEMO,
                          fl=ALL, long=long)
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
    chart_with_table(ch.plan_allocation(annual, L), annual.compact_table(L), t("plan_chart_caption"),
                     "plan_quotas")
    if annual.poverty_detail(L):
        st.caption(t("plan_poverty_by_owner").format(detail=annual.poverty_detail(L)))
    st.dataframe(annual.table(L), hide_index=True, key="plan_table")
    for line in plan.count_notes(annual, L):
        st.caption(line)
    left, right = st.columns(2)
    left.markdown(f"**{t('plan_expected')}**")
    left.dataframe(annual.sources_table(L), hide_index=True, key="plan_sources")
    left.caption(t("plan_override_note") if override else t("plan_past_note") if year < AS_OF.year else "")
    right.markdown(f"**{t('plan_stock')}**")
    right.dataframe(annual.stock_table(L), hide_index=True, key="plan_stock")
    if annual.stock_outside_text(L):
        right.caption(annual.stock_outside_text(L))
    right.caption(t("plan_assigned_prev").format(year=year - 1) + ": "
                  + i18n.fmt_int(annual.assigned_previous_year, L))
    st.download_button(t("plan_download"), lambda: plan_export.plan_xlsx(annual, L), key="plan_xlsx",
                       file_name=export_name("piano", {"anno": year, "comune": COMUNE}, "xlsx"),
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       on_click="ignore", icon="⬇️")
    with st.expander(t("plan_rules_title")):
        st.caption(t("plan_settings_note"))
        st.dataframe(plan.settings_table(L), hide_index=True, key="plan_settings")


RIONE = header()
if COMUNE == ambito.AMBITO:  # one ranking and one plan per comune: no ambito aggregate here
    st.info(t("amb_domanda_ambito"), icon="📍")
    ambito.page_link()
    st.stop()
ALL = dm.flats(F, COMUNE)  # the comune's flats, computed once and passed on
FLATS, WAITING = dm.in_rione(ALL, RIONE), dm.waiting(F, COMUNE, RIONE)
headline(RIONE)
# Lazy tabs: only the open one runs (on_change="rerun"), which keeps reruns fast at scale.
TABS = ("dem_tab_demand", "dem_tab_supply", "dem_tab_match", "dem_tab_scenarios", "dem_tab_plan")
demand_t, supply_t, match_t, scen_t, plan_t = st.tabs([t(k) for k in TABS], key="dem_tab", on_change="rerun")
if demand_t.open:
    with demand_t:
        demand_tab(RIONE)
if match_t.open:
    with match_t:
        match_tab(FLATS, WAITING)
if supply_t.open or scen_t.open or plan_t.open:
    TURNOVER = dm.turnover(F, AS_OF, COMUNE, fl=ALL)
    DEFAULT = pj.default_scenario(F, AS_OF, COMUNE, ALL, TURNOVER)
    SCENARIO = scenario(DEFAULT)
    LONG = pj.supply(F, SCENARIO, AS_OF, comune=COMUNE, fl=ALL)  # supply by year and source, once
    for tab, draw, args in ((supply_t, supply_tab, (FLATS, SCENARIO, LONG)),
                            (scen_t, scenarios_tab, (DEFAULT, TURNOVER, SCENARIO, LONG)),
                            (plan_t, plan_tab, (SCENARIO, LONG))):
        if tab.open:
            with tab:
                draw(*args)
