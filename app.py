"""Tavolo Casa: the frame. Page config, navigation over every page of ``ui.pages.PAGES``,
the sign-in once accounts exist (``ui.auth.gate``), the shared sidebar and the demo
banner, then the chosen page runs."""

import streamlit as st

from tavolo import i18n
from ui import auth, common, meeting
from ui.pages import PAGES  # every file of pages/: path, title key, icon, url path

st.set_page_config(page_title="Tavolo Casa · Legnano", page_icon="🏘️", layout="wide",
                   initial_sidebar_state="expanded")

with common.faults_shown():  # a damaged database or settings file: a message, no traceback
    lang = common.lang()
    navigation = st.navigation([
        st.Page(path, title=i18n.t(title, lang), icon=icon, url_path=url, default=(index == 0))
        for index, (path, title, icon, url) in enumerate(PAGES)
    ])
    in_meeting = common.meeting_mode()  # read before the sidebar's toggle, so ?riunione=1 counts
    auth.gate()  # once accounts exist: the sign-in form until someone signs in
    common.sidebar()
    auth.sidebar_status()
    if in_meeting:  # the shared screen: a sequence of screens instead of the page
        meeting.run()
        st.stop()
    common.demo_banner()
    navigation.run()
