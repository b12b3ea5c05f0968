"""The backups panel of the Dati page: the last backup's date, a warning when it is old,
the archives kept, and a button that takes one."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from tavolo import auth, backup, i18n, settings
from ui import auth as ui_auth
from ui import cache


def _take(lang: str) -> None:
    try:
        path = backup.create(cache.store(), person=ui_auth.person())
    except (backup.BackupError, auth.PermissionDenied) as err:
        st.session_state["backup_message"] = ("error", err.message(lang))
    else:
        st.session_state["backup_message"] = ("success", i18n.t("backup_done", lang).format(name=path.name))


def render(lang: str) -> None:
    st.markdown(i18n.t("backup_intro", lang))
    found = backup.list_backups()
    last = found[0] if found else None
    if last is None:
        st.warning(i18n.t("backup_none", lang).format(folder=backup.backup_dir()))
    else:
        st.info(i18n.t("backup_last", lang).format(
            date=i18n.fmt_date(last.created_at.date(), lang), time=f"{last.created_at:%H:%M}",
            rows=i18n.fmt_int(last.total_rows, lang), size=f"{i18n.fmt_num(last.size / 1024, lang, 0)} kB"))
        limit = int(settings.get("backup_warn_days"))
        age = backup.age_days(last, dt.datetime.now())
        if age > limit:
            st.warning(i18n.t("backup_old", lang).format(days=i18n.fmt_int(int(age), lang), limit=limit))
    if ui_auth.allowed("backup"):  # checked again in backup.create: this only hides it
        st.button(i18n.t("backup_take", lang), key="backup_take", on_click=_take, args=(lang,))
    else:
        st.caption("🔒 " + ui_auth.why("backup"))
    if "backup_message" in st.session_state:
        kind, text = st.session_state.pop("backup_message")
        (st.success if kind == "success" else st.error)(text)
    if found:
        st.caption(i18n.t("backup_list", lang).format(keep=settings.get("backup_keep")))
        st.dataframe(pd.DataFrame({
            i18n.t("backup_col_date", lang): [f"{i18n.fmt_date(b.created_at.date(), lang)} "
                                              f"{b.created_at:%H:%M:%S}" for b in found],
            i18n.t("backup_col_rows", lang): [b.total_rows for b in found],
            i18n.t("backup_col_size", lang): [round(b.size / 1024) for b in found],
            i18n.t("backup_col_demo", lang): [i18n.t("backup_yes" if b.demo else "backup_no", lang)
                                              for b in found],
            i18n.t("backup_col_file", lang): [b.path.name for b in found],
        }), hide_index=True, key="backup_table")
