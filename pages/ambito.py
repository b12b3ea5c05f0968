"""Ambito: the comuni of the ambito side by side (public flats per 1,000 inhabitants, by
owner, vacancy by reason, applications per assignable flat, flats available next year and
the poverty reserve), the ambito's annual plan and the comuni on a map. The figures come
from ``tavolo.ambito_view``; the comune chosen in the sidebar is highlighted."""

import streamlit as st

from tavolo import ambito_plan, ambito_view as amb, charts_ambito as ch, geodata, i18n
from ui import ambito as ui_ambito, cache
from ui.common import chart_with_table, ensure_frame, export_name, lang, t, table, table_with_exports

ensure_frame()
L, F = lang(), cache.all_frames()
CHOSEN = ui_ambito.comune()
OV = cache.ambito_overview()
NAMES = amb.owner_names(F, OV.owners, L)

st.title("🧭 " + t("amb_title"))
st.caption(t("amb_intro") + " " + t("amb_as_of").format(as_of=i18n.fmt_date(OV.as_of, L), year=OV.year))
st.caption(t("amb_page_note"))
if len(OV.codes) < 2:
    st.info(t("amb_single"), icon="ℹ️")

total = OV.total
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("amb_kpi_flats"), i18n.fmt_int(total["flats"], L))
c1.caption(" · ".join(f"{NAMES[o]} {i18n.fmt_int(total[f'owner_{o}'], L)}" for o in OV.owners))
c2.metric(t("amb_kpi_per_1000"), i18n.fmt_num(total["per_1000"], L, 1))
c2.caption(f"{i18n.fmt_int(total['population'], L)} {t('amb_col_population').lower()} · "
           + t("amb_n_comuni").format(n=len(OV.codes)))
c3.metric(t("amb_kpi_available").format(year=OV.year), i18n.fmt_int(total["available_next_year"], L))
c4.metric(t("amb_kpi_poverty").format(year=OV.year), i18n.fmt_int(total["poverty_reserve"], L),
          help=t("amb_kpi_poverty_help"))

TABS = ("amb_tab_compare", "amb_tab_table", "amb_tab_plan", "amb_tab_map")
compare_t, table_t, plan_t, map_t = st.tabs([t(k) for k in TABS], key="amb_tab", on_change="rerun")
if compare_t.open:  # lazy tabs: only the open one runs
    with compare_t:
        for metric in amb.METRICS:
            chart_with_table(cache.ambito_figure(metric, L, CHOSEN),
                             amb.metric_table(OV, metric, F, L),
                             t(f"amb_cap_{metric}").format(year=OV.year), key=f"amb_{metric}",
                             page="ambito", table_names=["comuni", "flats"])
if table_t.open:
    with table_t:
        st.caption(t("amb_table_caption"))
        table_with_exports(amb.display(OV, F, L), "amb_table", page="ambito",
                           caption=t("amb_table_title"), table_names=["comuni", "flats"])
if plan_t.open:  # the ambito's plans (tavolo.ambito_plan), laid out as published
    with plan_t:
        kind = st.segmented_control(t("amb_plan_kind"), ("annual", "triennale"), default="annual",
                                    key="amb_plan_kind", format_func=lambda k: t(f"amb_plan_{k}"))
        three = kind == "triennale"
        ap = cache.ambito_plan(tuple(range(OV.year, OV.year + 3))) if three else OV.plan
        span = f"{ap.years[0]}-{ap.years[-1]}" if three else str(ap.years[0])
        st.subheader(f"{t('apl_title_triennale' if three else 'apl_title_annual')} {span}", anchor=False)
        st.caption(t("amb_plan_caption"))
        table(ambito_plan.triennale_table(ap, L) if three else ambito_plan.table(ap, OV.year, L),
              "amb_plan_table", exports_on=False)  # its download is the plan's XLSX below
        st.download_button(t("amb_plan_download"), lambda: ambito_plan.xlsx(ap, cache.meta()[0], L),
                           file_name=export_name("ambito", {"anni": span}, "xlsx",
                                                 "piano-triennale" if three else "piano-annuale"),
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key="amb_plan_xlsx", on_click="ignore", icon="⬇️")
if map_t.open:
    with map_t:
        metric = st.segmented_control(t("amb_map_metric"), ch.MAP_METRICS, default="per_1000",
                                      key="amb_map_metric", format_func=lambda m: ch.map_label(m, OV.year, L))
        areas = geodata.comuni_areas(OV.codes)  # a small file; the figure itself is cached
        missing = sorted(set(OV.table["name"]) - set(areas["name"]))
        caption = t("amb_map_caption").format(metric=ch.map_label(metric or "per_1000", OV.year, L).lower())
        if missing:
            caption += " " + t("amb_map_missing").format(names=", ".join(missing))
        chart_with_table(cache.ambito_figure(f"map:{metric or 'per_1000'}", L, CHOSEN),
                         amb.metric_table(OV, metric or "per_1000", F, L),
                         caption, key="amb_map", page="ambito")
        st.caption(f"{t('source')}: " + "; ".join(sorted(set(areas["attribution"].dropna()))))
