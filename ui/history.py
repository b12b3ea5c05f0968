"""The "Storico modifiche" section (a tab of the Dati page): the change log as sentences
with real names, filters by person, table and date, and an Italian CSV export; for
administrators also the sign-ins, refusals and settings changes."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from tavolo import auth, auth_history, exports, i18n
from ui import auth as ui_auth
from ui import cache
from ui.common import lang, t, table as table_


def render() -> None:
    L = lang()
    store = cache.store()
    st.caption(t("hist_intro"))
    frame = auth_history.sentences(store.change_log(), L)
    if frame.empty:
        st.info(t("hist_empty"))
        return
    c1, c2, c3 = st.columns(3)
    people = c1.multiselect(t("hist_people"), sorted(frame["author"].dropna().unique()), key="hist_people")
    names = sorted({n for names in frame["tables"] for n in str(names).split(",") if n and n != "*"})
    tables = c2.multiselect(t("hist_tables"), names, key="hist_tables",
                            format_func=lambda n: auth_history.table_label(n, L))
    first, last = frame["at"].min().date(), frame["at"].max().date()
    period = c3.date_input(t("hist_dates"), value=(first, last), format="DD/MM/YYYY", key="hist_dates")
    start, end = (tuple(period) + (None, None))[:2] if isinstance(period, (tuple, list)) else (period, None)
    shown = auth_history.filter_history(frame, people, tables, start, end)
    st.caption(t("hist_count").format(n=i18n.plural(len(shown), "hist_change_one", "hist_change_many", L),
                                      total=i18n.fmt_int(len(frame), L)))
    if shown.empty:
        st.info(t("hist_empty"))
    else:
        table = auth_history.export_frame(shown, L)
        table_(table, "hist_table", exports_on=False)  # its CSV below
        filters = {"persone": "-".join(people)[:40], "tabelle": "-".join(tables)[:40],
                   "dal": start.isoformat() if isinstance(start, dt.date) else None}
        st.download_button(t("hist_csv"), exports.csv_it(table), mime="text/csv", key="hist_csv",
                           file_name=exports.file_name("storico", filters, "csv"), on_click="ignore")
    if ui_auth.allowed("users") and not ui_auth.open_mode():
        with st.expander(t("hist_events")):
            events = auth.events(store).head(500)
            table_(events.rename(columns={"at": t("hist_col_when"), "user_name": t("hist_col_who"),
                                                "event": t("hist_col_event"), "detail": t("hist_col_detail")})
                         .drop(columns=["event_id"]), "hist_events", exports_on=False)
