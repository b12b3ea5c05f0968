"""Tavolo: the coordination table's calendar, decisions and action items, the views kept
for each meeting, and the meeting pack. ``?scheda=azioni`` (or ``calendario``,
``decisioni``, ``riunione``) opens a tab; ``?riunione_id=M2026-11-24`` opens that meeting.
The tab shown stays after a form is saved (the tabs have a key) and in the URL."""

import datetime as dt

import streamlit as st

from tavolo import calendar as cal
from ui import ambito, cache, tavolo_widgets as w
from ui.common import ensure_frame, t

ensure_frame()
frames = cache.frames()
today = dt.date.today()
view = cal.meetings_view(frames, today)

TABS = {"calendario": ("tav_tab_calendar", lambda: w.calendar_section(frames, view, today)),
        "azioni": ("tav_tab_actions", lambda: w.actions_section(frames, today)),
        "decisioni": ("tav_tab_decisions", lambda: w.decisions_section(frames, today)),
        "riunione": ("tav_tab_meeting", lambda: w.meeting_section(frames, view, today))}

st.title("🤝 " + t("page_tavolo"))
st.caption(t("tav_intro"))
ambito.legnano_only("il_tavolo")  # the table is Legnano's and ALER's
w.pack_button(today)

titles = {slug: t(key) for slug, (key, _draw) in TABS.items()}
S = st.session_state
wanted = st.query_params.get("scheda") or ("riunione" if st.query_params.get("riunione_id") else None)
if wanted in titles and wanted != S.get("tav_shown"):
    S["tav_tab"] = titles[wanted]  # a link asks for this tab
elif S.get("tav_tab") not in titles.values() and S.get("tav_shown") in titles:
    S["tav_tab"] = titles[S["tav_shown"]]  # the language changed: the same tab, renamed

tabs = st.tabs(list(titles.values()), default=titles["calendario"], key="tav_tab", on_change="rerun")
for (slug, (_key, draw)), tab in zip(TABS.items(), tabs):
    with tab:
        if tab.open:  # only the tab shown runs; the URL says which
            S["tav_shown"] = slug
            if st.query_params.get("scheda") != slug:
                st.query_params["scheda"] = slug
            draw()
