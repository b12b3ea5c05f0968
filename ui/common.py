"""The shared frame of every page: language, sidebar, demo banner and render helpers."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from tavolo import i18n, settings
from ui import cache

LANG_KEY = "lang"
MEETING_KEY = "meeting_mode"
OFFLINE_KEY = "offline"


def ensure_frame() -> None:
    """Make sure app.py's frame (navigation, sidebar, demo banner) runs around the page.

    Because a ``pages/`` folder sits beside app.py, Streamlit starts every process (and
    every AppTest run) in its legacy multipage mode until ``st.navigation`` is first
    called: the first request to a fresh server on a deep link such as ``/mappa`` would run
    the page file alone, without the frame. Each page calls this first: in that case it
    leaves legacy mode and reruns, so app.py runs and hands over to the page."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def lang() -> str:
    """The user's language: the sidebar choice, else ``?lang=``, else the setting."""
    if LANG_KEY not in st.session_state:
        wanted = st.query_params.get("lang") or settings.get("language")
        st.session_state[LANG_KEY] = wanted if wanted in i18n.LANGS else "it"
    return st.session_state[LANG_KEY]


def t(key: str) -> str:
    return i18n.t(key, lang())


def offline() -> bool:
    if OFFLINE_KEY not in st.session_state:
        st.session_state[OFFLINE_KEY] = bool(settings.get("offline"))
    return bool(st.session_state[OFFLINE_KEY])


def meeting_mode() -> bool:
    if MEETING_KEY not in st.session_state:
        st.session_state[MEETING_KEY] = st.query_params.get("riunione") == "1"
    return bool(st.session_state[MEETING_KEY])


MEETING_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 26px; }
[data-testid="stMetricValue"] { font-size: 3.2rem; }
[data-testid="stMetricLabel"] p { font-size: 1.4rem; }
h1 { font-size: 3rem !important; }
</style>
"""


def sidebar() -> None:
    """The shared sidebar: language, data source badge, meeting mode, offline switch."""
    info, demo = cache.meta()
    with st.sidebar:
        st.radio(i18n.t("language", lang()), options=list(i18n.LANGS), key=LANG_KEY,
                 format_func=lambda v: {"it": "Italiano", "en": "English"}[v], horizontal=True)
        badge = "🟠 " + ("Dati dimostrativi" if demo else t("real_data"))
        st.markdown(f"**{t('data_source')}**: {badge}")
        st.caption(f"{t('as_of').capitalize()} {i18n.fmt_date(info.get('as_of'), lang())} · "
                   f"{cache.store().engine.dialect.name}")
        st.toggle(t("meeting_mode"), key=MEETING_KEY, help=t("meeting_mode_help"))
        st.toggle(t("offline"), key=OFFLINE_KEY, help=t("offline_help"))
        st.caption(f"{t('tenant_line')}: 840.02.12.12")
    if meeting_mode():
        st.markdown(MEETING_CSS, unsafe_allow_html=True)


def demo_banner() -> None:
    """Every page says so while demo data is loaded."""
    _info, demo = cache.meta()
    if demo:
        st.warning(t("demo_banner"), icon="⚠️")


def escape(text: object) -> str:
    """Text from data or users, safe to place in HTML."""
    return html.escape("" if text is None else str(text))


def chart_with_table(fig, table: pd.DataFrame, caption: str, key: str) -> None:
    """A chart, its one-line caption and the same numbers as a table beside it, so that a
    reader who cannot see colours loses nothing."""
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(fig, width="stretch", key=f"chart_{key}",
                        config={"displaylogo": False, "locale": lang()})
        st.caption(caption)
    with right:
        st.dataframe(table, hide_index=True, width="stretch", key=f"table_{key}")
