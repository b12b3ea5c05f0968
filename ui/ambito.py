"""The comune chooser of the shared sidebar and what the pages read from it.

The choice is a comune's ISTAT code or ``tavolo.ambito_view.AMBITO`` (the whole ambito, every
table aggregated); default Legnano. It lives in Session State under ``KEY`` and in the URL
as ``?comune=015118`` (or ``?comune=ambito``): a bookmark or a shared link opens the same
choice, and the choice survives a move to another page (whose URL loses the parameter
until the sidebar writes it again).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tavolo import ambito_view
from ui import cache
from ui.common import lang, t

KEY = "comune"
URL_KEY = "comune_url"  # the value this session last wrote to the URL
PARAM = "comune"
AMBITO = ambito_view.AMBITO


def _choices() -> tuple[list[str], str]:
    allowed, default, _labels = cache.comune_choices()
    return allowed, default


def comune() -> str:
    """The chosen comune code, or ``ambito_view.AMBITO``: the URL's value when the URL was not
    written by this session (a bookmark, a link), else the sidebar's."""
    ss, qp = st.session_state, st.query_params
    allowed, default = _choices()
    wanted = qp.get(PARAM)
    if wanted is not None and wanted != ss.get(URL_KEY) and wanted in allowed:
        ss[KEY] = wanted
    if ss.get(KEY) not in allowed:
        ss[KEY] = ambito_view.parse(wanted, allowed, default)
    return ss[KEY]


def chooser() -> str:
    """The sidebar's selectbox (shown when the data hold more than one comune); keeps the
    URL in step. Returns the choice."""
    value = comune()
    allowed, default, labels = cache.comune_choices()
    if len(allowed) > 1:
        names = labels.get(lang(), labels["it"])
        value = st.selectbox(t("amb_chooser"), allowed, key=KEY, help=t("amb_chooser_help"),
                             format_func=lambda v: names.get(v, v))
    qp = st.query_params
    if value != default:
        if qp.get(PARAM) != value:
            qp[PARAM] = value
    elif PARAM in qp:
        del qp[PARAM]
    st.session_state[URL_KEY] = value if value != default else None
    return value


def data_key() -> str | None:
    """The choice as ``ui.cache.frames`` takes it: a comune code, None for the ambito."""
    value = comune()
    return None if value == AMBITO else value


def frames() -> dict[str, pd.DataFrame]:
    """Every table restricted to the chosen comune (every table for the ambito)."""
    return cache.frames(data_key())


def owner_names() -> dict[str, str]:
    """Owners' names as the chosen comune says them ('Comune di Arconate')."""
    return ambito_view.owner_names_for(cache.frames(), comune(), lang())


def label(value: str | None = None) -> str:
    _allowed, _default, labels = cache.comune_choices()
    value = value or comune()
    return labels.get(lang(), labels["it"]).get(value, value)


def legnano_only(page: str) -> None:
    """On a page whose figures are Legnano's only, say so when another comune or the
    ambito is chosen."""
    note = ambito_view.legnano_only_note(page, cache.frames(), comune(), lang())
    if note:
        st.info(note, icon="📍")


def page_link() -> None:
    try:  # a page not (yet) in the navigation has no link
        st.page_link("pages/ambito_view.py", label=t("amb_open_page"), icon="↗️")
    except Exception:  # noqa: BLE001
        pass


def screen_meeting(L: str) -> None:
    """The meeting screen of the ambito (renderer of the "ambito" meeting screen): the
    headline, four figures of the ambito and the comuni side by side in large type."""
    from tavolo import charts_ambito, i18n
    from ui import meeting as m  # the meeting screen's helpers (imported late: they import ui)

    ov = cache.ambito_overview()
    total = ov.total
    m._headline(t("mtg_ambito_message").format(
        flats=i18n.fmt_int(total["flats"], L), n=len(ov.codes),
        available=i18n.fmt_int(total["available_next_year"], L), year=ov.year))
    m._cards([(i18n.fmt_num(total["per_1000"], L, 1), t("amb_kpi_per_1000"), ov.ambito),
              (i18n.fmt_pct(total["vacancy_rate"], L), t("amb_col_vacancy"),
               f"{t('amb_col_vac_works')} {i18n.fmt_pct(total['vacancy_works_rate'], L)}"),
              (i18n.fmt_num(total["per_assignable"], L, 1), t("amb_col_per_assignable"),
               f"{i18n.fmt_int(total['assignable'], L)} {t('assignable_now')}"),
              (i18n.fmt_int(total["poverty_reserve"], L), t("amb_kpi_poverty").format(year=ov.year),
               t("mtg_ambito_poverty_note"))])
    fig = m._big_figure(charts_ambito.figure(ov, "per_1000", L, highlight=comune()), 640)
    fig.update_yaxes(tickfont={"size": 17})
    fig.update_traces(textfont={"size": 17}, selector={"type": "bar"})
    m._chart(fig, "mtg_ambito_chart", L)
