"""Gestione: joint inspections and the priorities of extraordinary maintenance, the tenants'
24-hour line, vacant flats and occupations without title, one tab each (the renders in
``ui.gestione``, the figures in ``tavolo.gestione`` and ``tavolo.gestione_priorities``).
``?scheda=segnalazioni`` (or ``priorita``, ``sfitti``, ``occupazioni``) opens a tab."""

import streamlit as st

from tavolo import demand
from ui import ambito, cache, gestione
from ui.common import ensure_frame, t

ensure_frame()
frames, (info, _demo) = ambito.frames(), cache.meta()  # the comune of the sidebar
AS_OF = demand.as_of_date(info)  # every figure counts from the data's date, not the clock

TABS = {"priorita": ("ges_tab_priorities", gestione.priorities),
        "segnalazioni": ("ges_tab_reports", gestione.reports),
        "sfitti": ("ges_tab_vacancies", gestione.vacancies),
        "occupazioni": ("ges_tab_occupations", gestione.occupations)}

st.title("🧰 " + t("page_gestione"))
st.caption(t("ges_intro") + " " + t("amb_shown_for").format(chosen=ambito.label()))
titles = {slug: t(key) for slug, (key, _render) in TABS.items()}
wanted = st.query_params.get("scheda")
if wanted in titles and wanted != st.session_state.get("ges_shown"):
    st.session_state["ges_tab"] = titles[wanted]

tabs = st.tabs(list(titles.values()), default=titles["priorita"], key="ges_tab", on_change="rerun")
for (slug, (_key, render)), tab in zip(TABS.items(), tabs):
    with tab:
        if tab.open:  # only the tab shown runs; the URL says which
            st.session_state["ges_shown"] = slug
            if st.query_params.get("scheda") != slug:
                st.query_params["scheda"] = slug
            render(frames, AS_OF)
