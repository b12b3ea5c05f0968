"""Dati: load the office's files (checked first, all or nothing), read the data
dictionary, download every table."""

import streamlit as st

from tavolo import auth, dictionary, exports, i18n, loading, schema
from tavolo.validation import ValidationFailed, issues_frame
from ui import auth as ui_auth
from ui import backup_panel, cache, history
from ui.common import ensure_frame, lang, t, table
from ui.uploader import upload_box_in_italian


ensure_frame()
L = lang()
st.title("🗂️ " + t("page_dati"))
upload_tab, dict_tab, download_tab, backup_tab, history_tab = st.tabs(
    [t("upload"), t("dictionary"), t("download"), t("backup_tab"), t("hist_tab")])


def progress_bar(key: str):
    """An st.progress bar and the ``loading`` callback that moves it."""
    bar = st.progress(0.0, text=t(key))
    return bar, lambda fraction, label: bar.progress(min(fraction, 1.0),
                                                     text=f"{t(key)}: {int(fraction * 100)}% · {label}")


def table_rows(name: str, n: int) -> str:
    """'Alloggi: 1.170 righe', '1 riga': a table by its label with its rows."""
    label = schema.TABLES[name].label(L) if name in schema.TABLES else name
    return f"{label}: {i18n.plural(n, 'row_one', 'rows', L)}"


with upload_tab:
    st.markdown(t("upload_help"))
    st.caption(t("upload_rules"))
    st.caption(t("upload_limit").format(mb=loading.UPLOAD_LIMIT_MB))
    if not ui_auth.allowed("load"):  # the role check is in loading too: this only explains
        st.info(ui_auth.why("load"), icon="🔒")
    files = None
    if ui_auth.allowed("load"):
        upload_box_in_italian()
        files = st.file_uploader(t("upload"), type=["csv", "xlsx"], accept_multiple_files=True,
                                 key="upload_files", help=t("upload_box_help"))
    if files:
        raws, issues = loading.read_uploads([(f.name, f.getvalue()) for f in files])
        if not issues:
            bar, show = progress_bar("checking")
            _frames, issues = loading.check_raw(raws, cache.store(), progress=show)
            bar.empty()
        if issues:
            st.error(t("errors_found") + f" ({len(issues)})")
            table(issues_frame(issues, L), "issues", exports_on=False)
        else:
            st.success(t("check_ok") + " " + ", ".join(f"{table_rows(n, len(r.frame))}" for n, r in raws.items()))
            reason = st.text_input(t("reason"), value=t("reason_default"), key="load_reason")
            if st.button(t("load"), type="primary", key="load_button"):
                bar, show = progress_bar("writing")
                try:
                    counts = loading.load_raw(raws, cache.store(), reason=reason, progress=show,
                                              person=ui_auth.person())
                except auth.PermissionDenied as denied:
                    st.error(denied.message(L), icon="🔒")
                except ValidationFailed as failed:
                    st.error(t("errors_found"))
                    table(issues_frame(failed.issues, L), "issues_load", exports_on=False)
                else:
                    cache.clear()
                    st.success(t("load_ok") + " " + ", ".join(table_rows(n, c) for n, c in counts.items()))

with dict_tab:
    name = st.selectbox(t("tables"), list(schema.TABLES), key="dict_table",
                        format_func=lambda n: f"{schema.TABLES[n].label(L)} ({n}.csv)")
    st.caption(schema.TABLES[name].description(L))
    table(dictionary.columns_frame(name, L), "dict_columns", page="dati", filters={"dizionario": name},
          what=schema.TABLES[name].label("it"))

with download_tab:
    data = cache.all_frames()  # raw tables, to upload again: every comune
    info, demo = cache.meta()
    chosen = st.selectbox(t("tables"), list(schema.TABLES), key="download_table",
                          format_func=lambda n: f"{schema.TABLES[n].label(L)} ({n}.csv): "
                                                + i18n.plural(len(data[n]), "row_one", "rows", L))
    table(data[chosen].head(200), "download_preview", exports_on=False)  # downloads below
    c1, c2, c3 = st.columns(3)
    c1.download_button("CSV (Excel italiano)", exports.csv_it(data[chosen]),
                       file_name=exports.file_name("dati", {"tabella": chosen}, "csv", demo=demo),
                       mime="text/csv", key="dl_csv")
    c2.download_button("XLSX", exports.xlsx({chosen: data[chosen]},
                                            exports.table_notes([chosen], info, demo)),
                       file_name=exports.file_name("dati", {"tabella": chosen}, "xlsx", demo=demo),
                       key="dl_xlsx")
    if c3.button(t("prepare_all"), key="prepare_all"):
        st.session_state["all_xlsx"] = exports.xlsx(data, exports.table_notes(list(data), info, demo))
    if "all_xlsx" in st.session_state:
        c3.download_button(t("download_all"), st.session_state["all_xlsx"],
                           file_name=exports.file_name("dati", {"tabelle": "tutte"}, "xlsx", demo=demo),
                           key="dl_all")

with backup_tab:
    backup_panel.render(L)

with history_tab:
    history.render()
