"""The shared frame of every page: language, sidebar, demo banner and render helpers."""

from __future__ import annotations

import contextlib
import html
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from tavolo import exports, i18n, settings
from ui import cache, table_fit

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


@contextlib.contextmanager
def faults_shown():
    """Run the frame and the page; a damaged or unreachable database, or an invalid
    settings file, is shown as a message that says what to do instead of a traceback.
    Nothing is cached on failure: the next rerun tries again (PostgreSQL back up)."""
    import sqlalchemy as sa

    from tavolo import faults

    try:
        yield
    except settings.SettingError as err:
        st.error(err.message_it if _lang_or_it() == "it" else err.message_en, icon="⚙️")
    except sa.exc.DBAPIError as exc:
        fault = faults.explain(exc, settings.database_url())
        st.error(fault.message(_lang_or_it()), icon="🛑")


def _lang_or_it() -> str:
    return st.session_state.get(LANG_KEY, "it")


def lang() -> str:
    """The user's language: the sidebar choice, else ``?lang=``, else the setting."""
    if LANG_KEY not in st.session_state:
        wanted = st.query_params.get("lang") or settings.get("language")
        st.session_state[LANG_KEY] = wanted if wanted in i18n.LANGS else "it"
    return st.session_state[LANG_KEY]


def _keep_lang_in_url() -> None:
    """The language chosen stays in the URL (``?lang=en``), like the other view
    parameters, so that a reload or a shared link keeps it; the default language (the
    setting, else Italian) leaves the URL clean. Written on every run: a page switch
    starts from a URL without it."""
    configured = settings.get("language")
    default = configured if configured in i18n.LANGS else "it"
    chosen = lang()
    if chosen != default:
        if st.query_params.get("lang") != chosen:
            st.query_params["lang"] = chosen
    elif "lang" in st.query_params:
        del st.query_params["lang"]


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


# Meeting mode: the shared screen, 1920x1080 on a projector and read from 4 m: body text
# 36 px, headline 64 px, figures 88 px (a 36 px letter is about 3 cm high on a 2.5 m wide
# image), black on white, thick outlines; Streamlit's sidebar, header, toolbar and footer
# hidden; one message per screen, which fits the screen without scrolling (ui/meeting.py).
MEETING_CSS = """
<style>
html { font-size: clamp(11px, 1.85vh, 20px); }  /* 20 px on 1080 lines, 13 px on 720: the same layout */
html, body, [data-testid="stAppViewContainer"], [data-testid="stMain"] {
  background: #FFFFFF !important; color: #000000 !important; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], [data-testid="stSidebarNav"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.8rem 2.4rem 0.4rem 2.4rem !important; max-width: 100% !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.8rem; line-height: 1.3; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  font-size: 1.1rem !important; color: #1A1A1A !important; }
[data-testid="stImage"] img { max-height: 66vh; width: auto !important; margin: 0 auto; display: block; }
button[kind], [data-testid^="stBaseButton"] { font-size: 1.3rem !important; min-height: 2.6rem;
  border: 3px solid #000000 !important; color: #000000 !important; }
.st-key-mtg_hidden_keys { display: none !important; }
.mtg-top { font-size: 1.2rem; color: #000000; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.mtg-screen h1 { font-size: 3.2rem !important; line-height: 1.12 !important; font-weight: 800 !important;
  color: #000000 !important; margin: 0.3rem 0 0.6rem 0 !important; padding: 0 !important; }
.mtg-screen p, .mtg-screen li { font-size: 1.8rem !important; line-height: 1.3; color: #000000; }
.mtg-screen li { margin-bottom: 0.5rem; }
.mtg-cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 1.2rem; margin: 0.6rem 0 1rem 0; }
.mtg-card { border: 4px solid #000000; border-radius: 12px; padding: 0.8rem 1rem; }
.mtg-value { font-size: 4.4rem; font-weight: 800; line-height: 1.05; }
.mtg-label { font-size: 1.5rem; line-height: 1.2; }
.mtg-late { border-left: 0.5rem solid #000000; padding-left: 0.5rem; font-weight: 800; }
.mtg-footer { font-size: 1.3rem; color: #000000; }
/* one screen, no scrolling: elements that draw nothing take no gap either */
[data-testid="stElementContainer"]:has(> [data-testid="stMarkdown"] style),
[data-testid="stLayoutWrapper"]:has(> .st-key-mtg_hidden_keys),
[data-testid="stElementContainer"]:has(.st-key-mtg_hidden_keys) { display: none !important; }
.st-key-mtg_controls { border-top: 2px solid #000000; padding-top: 0.4rem; }
.st-key-mtg_controls [data-testid="stCaptionContainer"] { margin: 0 !important; padding: 0 !important; min-height: 0 !important; height: auto !important; }
/* the screen is the window: the body (a chart) takes the height the rest leaves */
[data-testid="stMainBlockContainer"] { height: 100vh; box-sizing: border-box; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { height: 100%; }
[data-testid="stLayoutWrapper"]:has(> .st-key-mtg_body), .st-key-mtg_body { flex: 1 1 0 !important; min-height: 0 !important; overflow: hidden; }
</style>
"""


def sidebar() -> None:
    """The shared sidebar: language, comune, data source badge, meeting mode, offline switch."""
    info, demo = cache.meta()
    offline()  # set the toggles' initial state from ?riunione= and TAVOLO_OFFLINE first
    meeting_mode()
    with st.sidebar:
        st.radio(i18n.t("language", lang()), options=list(i18n.LANGS), key=LANG_KEY,
                 format_func=lambda v: {"it": "Italiano", "en": "English"}[v], horizontal=True)
        _keep_lang_in_url()
        from ui import ambito  # the comune chooser (ui.ambito imports this module)
        ambito.chooser()
        badge = "🟠 " + t("demo_data" if demo else "real_data")
        st.markdown(f"**{t('data_source')}**: {badge}")
        st.caption(f"{t('as_of').capitalize()} {i18n.fmt_date(info.get('as_of'), lang())}")
        st.toggle(t("meeting_mode"), key=MEETING_KEY, help=t("meeting_mode_help"))
        st.toggle(t("offline"), key=OFFLINE_KEY, help=t("offline_help"))
        st.caption(f"{t('tenant_line')}: 840.02.12.12")
    st.html(TABLE_CSS)
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


def current_page() -> str:
    """The url path of the page running ("panoramica"), for export file names."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        pages = ctx.pages_manager.get_pages()
        info = pages.get(ctx.pages_manager.current_page_script_hash) or {}
        # the default page has an empty url path: its file's name then
        stem = Path(str(info.get("script_path") or "")).stem
        return str(info.get("url_pathname") or "") or stem or "tavolo-casa"
    except Exception:  # noqa: BLE001 - outside a page run (tests): a neutral name
        return "tavolo-casa"


def _export_notes(caption: str, filters: dict | None, table_names: list[str] | None) -> list[tuple[str, str]]:
    info, demo = cache.meta()
    notes = exports.table_notes(list(table_names or []), info, demo)
    notes.insert(1, (t("exp_note_caption"), caption or ""))
    for name, value in (filters or {}).items():
        notes.append((f"{t('exp_note_filter')}: {name}", "" if value is None else str(value)))
    return notes


def export_note() -> str:
    """The line every exported file carries: demo flag (while demo data are loaded),
    source and as-of date of the data set."""
    info, demo = cache.meta()
    return exports.provenance(info, demo, lang())


def export_name(page: str, filters: dict | None, ext: str, what: str | None = None) -> str:
    """A readable file name ('tavolo-casa_mappa_indicatore-tasso-di-sfitto_2026-11-26_
    dati-dimostrativi.png'): the page's and the indicator's Italian names, the demo flag."""
    _info, demo = cache.meta()
    return exports.file_name(page, filters, ext, what=what, demo=demo)


def _figure_title(fig) -> str | None:
    try:
        text = fig.layout.title.text
    except AttributeError:
        return None
    return re.sub(r"<[^>]+>", " ", text) if text else None


def _caption_head(caption: str) -> str | None:
    """The first clause of a caption, for a file name."""
    head = re.split(r"[.:;,(]", caption or "", maxsplit=1)[0].strip()
    return head or None


def chart_exports(fig, key: str, page: str | None = None, filters: dict | None = None,
                  caption: str = "") -> None:
    """PNG, SVG and PDF downloads of ``fig``, drawn by the server's warm Chromium only
    when clicked, with margins that fit the labels and the data set's note (demo flag,
    source, as-of date) in the image; without Chromium, a plain sentence says so."""
    from tavolo import chart_export

    page = page or current_page()
    if not chart_export.available():
        st.caption("ℹ️ " + chart_export.missing_message(lang()))
        return
    note = export_note()
    what = _figure_title(fig) or _caption_head(caption)  # words, never the widget key
    row = st.container(horizontal=True, gap="small", key=f"exp_chart_{key}")
    for fmt in chart_export.FORMATS:
        def render(fmt=fmt) -> bytes:
            return chart_export.export(fig, fmt, note=note)

        row.download_button(fmt.upper(), data=render, mime=chart_export.FORMATS[fmt],
                            file_name=export_name(page, filters, fmt, what),
                            key=f"exp_{fmt}_{key}", on_click="ignore", icon="⬇️",
                            help=t("exp_chart_help").format(fmt=fmt.upper()))


def table_exports(table: pd.DataFrame, key: str, page: str | None = None,
                  filters: dict | None = None, caption: str = "",
                  table_names: list[str] | None = None, what: str | None = None) -> None:
    """CSV for Italian Excel (";", decimal comma, BOM, a first row with the data set's
    note) and XLSX with a notes sheet (source, as-of date, units, filters) whose numbers
    are numbers; both built only when clicked."""
    page = page or current_page()
    what = what or _caption_head(caption)  # words, never the widget key
    note, L = export_note(), lang()
    row = st.container(horizontal=True, gap="small", key=f"exp_table_{key}")
    row.download_button("CSV", data=lambda: exports.csv_it(table, note=note), mime="text/csv",
                        file_name=export_name(page, filters, "csv", what),
                        key=f"exp_csv_{key}", on_click="ignore", icon="⬇️", help=t("exp_csv_help"))
    row.download_button("XLSX", data=lambda: exports.xlsx(
        {key[:31]: table}, _export_notes(caption, filters, table_names), display_lang=L),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        file_name=export_name(page, filters, "xlsx", what),
        key=f"exp_xlsx_{key}", on_click="ignore", icon="⬇️", help=t("exp_xlsx_help"))


def _column_config(table: pd.DataFrame, fitted: table_fit.Fit, given: dict | None) -> dict:
    """Each column's width from ``fitted``; dates shown as 17/10/2017 (Streamlit would add
    a time of day); a configuration the caller gives for a column is kept, with the width
    added when it has none."""
    config = {}
    for col in table.columns:
        width = fitted.widths.get(str(col)) or fitted.rest_widths.get(str(col))
        if given and col in given:
            chosen = dict(given[col]) if isinstance(given[col], dict) else given[col]
            if isinstance(chosen, dict) and width and not chosen.get("width"):
                chosen["width"] = width
            config[col] = chosen
        elif pd.api.types.is_datetime64_any_dtype(table[col]):
            config[col] = st.column_config.DateColumn(format="DD/MM/YYYY", width=width)
        else:
            config[col] = st.column_config.Column(width=width)
    return config


# Streamlit's own "Download as CSV" in a table's toolbar writes a comma-separated English
# file without the data set's note; the app's tables offer the Italian CSV and XLSX under
# them (``table``), the Dati page and the history their own downloads, so the toolbar's
# is hidden on every table and editor: one download, the right one (the copy to the
# clipboard stays). tests/browser/test_tables.py checks that none is visible on any page.
TABLE_CSS = """<style>
[data-testid="stDataFrame"] [data-testid="stElementToolbarButton"]:has(button[aria-label="Download as CSV"])
{ display: none !important; }
</style>"""


def table(data: pd.DataFrame, key: str, *, room: int | str = "full", exports_on: bool = True,
          page: str | None = None, filters: dict | None = None, caption: str = "",
          table_names: list[str] | None = None, what: str | None = None, display=None,
          column_config: dict | None = None, height: int | str = "auto", **dataframe_kwargs):
    """THE way a page draws a table: every column wide enough for its header and values
    in ``room`` (``ui.table_fit.ROOMS``: "full", "half", "side", or px), text wrapped in
    taller rows when widths alone do not fit, and, when even that does not fit, the first
    columns with the others behind a toggle; under it the Italian CSV and XLSX
    (``exports_on``), and no toolbar download of Streamlit's. ``display`` (e.g. a pandas
    Styler of ``data``) is what is shown, ``data`` what is measured and exported. Returns
    what ``st.dataframe`` returns (the selection, with ``on_select``)."""
    fitted = table_fit.fit(data, room)
    config = _column_config(data, fitted, column_config)
    with st.container(key=f"tbl_{key}"):
        shown = st.dataframe(data if display is None else display, hide_index=True, width="stretch",
                             key=f"table_{key}", column_config=config, row_height=fitted.row_height,
                             column_order=fitted.shown if fitted.rest else None, height=height,
                             **dataframe_kwargs)
        if fitted.rest and st.toggle(t("table_more_columns").format(n=len(fitted.rest)),
                                     key=f"tbl_more_{key}"):
            rest = [data.columns[0]] + fitted.rest
            st.dataframe(data[rest], hide_index=True, width="stretch", key=f"table_{key}_rest",
                         column_config={c: config[c] for c in rest}, row_height=fitted.row_height)
        if exports_on:
            table_exports(data, key, page, filters, caption, table_names, what=what)
    return shown


def table_with_exports(table_: pd.DataFrame, key: str, page: str | None = None,
                       filters: dict | None = None, caption: str = "",
                       table_names: list[str] | None = None, display=None, **dataframe_kwargs) -> None:
    """``table`` with its CSV and XLSX downloads (the older name, kept for its callers)."""
    table(table_, key, page=page, filters=filters, caption=caption, table_names=table_names,
          display=display, **dataframe_kwargs)


def chart_with_table(fig, table_: pd.DataFrame, caption: str, key: str, *, page: str | None = None,
                     filters: dict | None = None, table_names: list[str] | None = None,
                     exports_on: bool = True) -> None:
    """A chart, its one-line caption and the same numbers as a table, so that a reader who
    cannot see colours loses nothing: beside the chart when the table fits there on one
    line, else under it across the page; under the chart PNG, SVG and PDF, under the table
    CSV and XLSX. ``page`` and ``filters`` go into the file names (default: the page's url
    path); ``table_names`` adds the registry's units to the XLSX notes."""
    beside = table_fit.fit(table_, "side")
    if beside.row_height is None and not beside.rest:
        left, right = st.columns([3, 2])
        room = "side"
    else:
        left = right = st.container()
        room = "full"
    with left:
        st.plotly_chart(fig, width="stretch", key=f"chart_{key}",
                        config={"displaylogo": False, "locale": lang()})
        st.caption(caption)
        if exports_on:
            chart_exports(fig, key, page, filters, caption)
    with right:
        table(table_, key, room=room, exports_on=exports_on, page=page, filters=filters,
              caption=caption, table_names=table_names, what=_figure_title(fig))
