"""Progetti: via Carlo Porta's 111 flats and the Contratto di Quartiere Mazzafame, each shown
the same way (progress, time, money, allocation) and kept up to date by the office.
``?programma=<programme_id>`` opens a programme (the map links here)."""

import datetime as dt

import streamlit as st

from tavolo import charts_programmes as charts, programmes as pr
from ui import ambito, cache, programme_edits
from ui.common import chart_with_table, ensure_frame, lang, meeting_mode, t
from ui.common import table as draw_table

ensure_frame()
L, LARGE = lang(), meeting_mode()
frames = cache.frames()
# Every figure counts from the data's as-of date (the same data: the same forecast on any
# day); the wall clock only bounds what an edit may record (no event after today).
(META, DEMO), TODAY = cache.meta(), dt.date.today()
AS_OF = pr.as_of(META, frames)


def render(pid: str) -> None:
    """One programme: the same view for every programme. First what a councillor asks
    (where are we, how late, how much money, the next milestone), then the sections in
    tabs, drawn only when opened (one chart at a time, not six)."""
    prog = pr.programme(frames, pid)
    counts = pr.phase_counts(frames, pid)
    fc, delays = pr.programme_forecast(frames, pid, AS_OF), pr.milestone_delays(frames, pid, AS_OF)
    st.header(prog["name"])
    st.caption(prog["description"])
    for column, m in zip(st.columns(4), pr.headline(frames, pid, AS_OF, L, demo=DEMO)):
        column.metric(m.label, m.value, delta=m.delta, delta_color="inverse", help=m.help or None)
        column.caption(m.caption)
    (st.info if fc.status == "forecast" else st.warning)(
        pr.forecast_sentence(fc, L) + "  \n" + charts.next_milestone_text(delays, L), icon="📈")
    planned, recorded = pr.flats_check(frames, pid)
    if planned and planned != recorded:
        st.warning(t("prog_flats_mismatch").format(planned=planned, recorded=recorded), icon="⚠️")
    chart_with_table(charts.phase_bar(counts, prog["name"], L, LARGE), pr.phase_table(counts, L),
                     t("prog_caption_phases"), key=f"phases_{pid}")
    with st.expander(t("prog_sources")):  # the sources: long, asked after the figures
        st.caption(f"{t('source')}: {prog['source']}")
        sources = pr.provenance_text(frames, pid, DEMO, L)
        if sources:
            st.markdown(sources)

    sections = {t("prog_time"): time_section, t("prog_money"): money_section,
                t("prog_section_flats"): flats_section, t("prog_allocation"): allocation_section}
    tabs = st.tabs(list(sections), key=f"prog_section_{pid}", on_change="rerun")
    for draw, tab in zip(sections.values(), tabs):
        with tab:
            if tab.open:
                draw(pid)

    # the editors (three grids and the history) run only when opened: a first draw
    # without them sends and draws a third less (docs/PERFORMANCE.md)
    editing = st.expander(t("prog_edit_title"), key=f"prog_edit_{pid}", on_change="rerun")
    with editing:
        if editing.open:
            programme_edits.editors(frames, pid, TODAY)


def time_section(pid: str) -> None:
    start, fc = pr.start_vs_actual(frames, pid, AS_OF), pr.programme_forecast(frames, pid, AS_OF)
    delays = pr.milestone_delays(frames, pid, AS_OF)
    chart_with_table(charts.gantt(delays, start, fc, L, AS_OF, LARGE), pr.delays_display(delays, L),
                     t("prog_caption_gantt"), key=f"gantt_{pid}")


def money_section(pid: str) -> None:
    cash = pr.money(frames, pid)
    chart_with_table(charts.money_chart(cash, L, LARGE), pr.money_display(cash, L),
                     t("prog_caption_money"), key=f"money_{pid}")
    draw_table(pr.acts_display(cash, L), f"acts_{pid}", caption=t("prog_money"), table_names=["funding_acts"])


def flats_section(pid: str) -> None:
    cells = pr.board_cells(frames, pid)
    st.plotly_chart(charts.board(cells, L, LARGE), width="stretch", key=f"board_{pid}",
                    config={"displaylogo": False, "locale": L})
    st.caption(t("prog_caption_board"))
    with st.expander(t("prog_board_table")):
        st.dataframe(pr.board_display(cells, L), hide_index=True, width="stretch")
        st.dataframe(pr.flats_display(cells, L), hide_index=True, width="stretch", height=300)
    st.markdown(f"**{t('prog_interventions')}**")
    st.dataframe(pr.interventions_display(pr.interventions(frames, pid), L), hide_index=True, width="stretch")


def allocation_section(pid: str) -> None:
    table = pr.allocation_table(frames, pid)
    if table.empty:
        st.info(t("prog_allocation_none"))
        return
    chart_with_table(charts.allocation_chart(table, L, LARGE), pr.allocation_display(table, L),
                     t("prog_caption_allocation"), key=f"alloc_{pid}")
    years = pr.availability(frames, pid, AS_OF)
    st.caption(pr.allocation_method(years, L))
    for check in pr.allocation_breaches(frames, pid, AS_OF).values():
        level, text = pr.allocation_verdict(check, len(table), L)
        getattr(st, level)(text, icon={"error": "⛔", "warning": "⚠️", "success": "✅"}[level])
    with st.expander(t("prog_limits_title")):
        st.dataframe(pr.limits_display(years, L), hide_index=True, width="stretch")


st.title("🏗️ " + t("page_progetti"))
st.caption(t("prog_intro"))
ambito.legnano_only("progetti")  # the table's programmes are Legnano's
ids = pr.programme_ids(frames)
if not ids:
    st.info(t("prog_none"))
    st.stop()
names = {pid: str(pr.programme(frames, pid)["name"]) for pid in ids}
wanted = st.query_params.get("programma")
if wanted in names and wanted != st.session_state.get("prog_shown"):
    st.session_state["prog_tab"] = names[wanted]  # a link (the map's) asks for this programme

tabs = st.tabs(list(names.values()), default=names[ids[0]], key="prog_tab", on_change="rerun")
for pid, tab in zip(ids, tabs):
    with tab:
        if tab.open:  # only the programme shown runs; the URL says which
            st.session_state["prog_shown"] = pid
            if st.query_params.get("programma") != pid:
                st.query_params["programma"] = pid
            render(pid)
