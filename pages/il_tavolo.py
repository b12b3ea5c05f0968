"""Tavolo: the coordination table's calendar, decisions and action items, the views kept
for each meeting, and the meeting pack. ``?riunione_id=M2026-11-24`` opens that meeting."""

import datetime as dt

import streamlit as st

from tavolo import calendar as cal
from ui import ambito, cache, tavolo_widgets as w
from ui.common import ensure_frame, t

ensure_frame()
frames = cache.frames()
today = dt.date.today()
view = cal.meetings_view(frames, today)

st.title("🤝 " + t("page_tavolo"))
st.caption(t("tav_intro"))
ambito.legnano_only("il_tavolo")  # the table is Legnano's and ALER's
w.show_messages()
w.pack_button(today)

tab_cal, tab_act, tab_dec, tab_meet = st.tabs(
    [t("tav_tab_calendar"), t("tav_tab_actions"), t("tav_tab_decisions"), t("tav_tab_meeting")])
with tab_cal:
    w.calendar_section(frames, view, today)
with tab_act:
    w.actions_section(frames, today)
with tab_dec:
    w.decisions_section(frames)
with tab_meet:
    w.meeting_section(frames, view, today)
