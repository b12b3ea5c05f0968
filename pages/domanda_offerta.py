"""Domanda e offerta: households waiting against flats assignable now and in the coming
years, five-year scenarios and the annual offer plan (R.R. 4/2017). ``?rione=`` pre-filters.

The page reads its widgets, asks the view model (``tavolo.demand_view.DemandView``) and
draws with ``ui.domanda``; only the open tab runs."""

import streamlit as st

from tavolo.demand_view import DemandView
from ui import ambito, cache, domanda as w
from ui.common import ensure_frame, lang, t

ensure_frame()
frames, (info, demo), comune = ambito.frames(), cache.meta(), ambito.comune()  # the sidebar's comune
rione = w.rione_picker(frames)
if comune == ambito.AMBITO:  # one ranking and one plan per comune: no ambito aggregate here
    st.info(t("amb_domanda_ambito"), icon="📍")
    ambito.page_link()
    st.stop()
view = DemandView.build(frames, info, demo, rione, lang(), comune)
w.headline(view)

TABS = ("dem_tab_demand", "dem_tab_supply", "dem_tab_match", "dem_tab_scenarios", "dem_tab_plan")
demand_t, supply_t, match_t, scen_t, plan_t = st.tabs([t(k) for k in TABS], key="dem_tab", on_change="rerun")
if demand_t.open:
    with demand_t:
        w.demand_tab(view)
if match_t.open:
    with match_t:
        w.match_tab(view)
if supply_t.open or scen_t.open or plan_t.open:
    scenario = w.scenario(view)
    long = view.supply(scenario)  # supply by year and source, once for the three tabs
    for tab, draw in ((supply_t, w.supply_tab), (scen_t, w.scenarios_tab), (plan_t, w.plan_tab)):
        if tab.open:
            with tab:
                draw(view, scenario, long)
