"""Tavolo Casa: the frame. Page config, navigation over every file of pages/, the shared
sidebar and the demo banner, then the chosen page runs."""

import streamlit as st

from tavolo import i18n
from ui import common, meeting

# Every file of pages/ is registered here (a test fails otherwise): path, title key, icon,
# url path. Emoji icons: Material icons would load a font from a CDN. The url path is the
# file's name, so that Streamlit's legacy pages/ mode (see ui.common.ensure_frame) finds
# the same page on a fresh server's first deep link; the first page is served at "/".
PAGES = [
    ("pages/panoramica.py", "page_panoramica", "🏠", "panoramica"),
    ("pages/mappa.py", "page_mappa", "🗺️", "mappa"),
    ("pages/domanda_offerta.py", "page_domanda", "⚖️", "domanda_offerta"),
    ("pages/progetti.py", "page_progetti", "🏗️", "progetti"),
    ("pages/il_tavolo.py", "page_tavolo", "🤝", "il_tavolo"),
    ("pages/dati.py", "page_dati", "🗂️", "dati"),
]

st.set_page_config(page_title="Tavolo Casa · Legnano", page_icon="🏘️", layout="wide",
                   initial_sidebar_state="expanded")

with common.faults_shown():  # a damaged database or settings file: a message, no traceback
    lang = common.lang()
    navigation = st.navigation([
        st.Page(path, title=i18n.t(title, lang), icon=icon, url_path=url, default=(index == 0))
        for index, (path, title, icon, url) in enumerate(PAGES)
    ])
    in_meeting = common.meeting_mode()  # read before the sidebar's toggle, so ?riunione=1 counts
    common.sidebar()
    if in_meeting:  # the shared screen: a sequence of screens instead of the page
        meeting.run()
        st.stop()
    common.demo_banner()
    navigation.run()
