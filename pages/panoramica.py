"""Panoramica: the figures of the table at a glance, each with its as-of date and source."""

import streamlit as st

from tavolo import charts, i18n, schema, summary as summary_mod
from ui import cache
from ui.common import ensure_frame, chart_with_table, lang, t

ensure_frame()
L = lang()
s = cache.overview()
as_of = i18n.fmt_date(s.as_of, L)
source_line = f"{t('source')}: {s.source} · {t('as_of')} {as_of}"
owner_names = summary_mod.owner_names(cache.frames())  # 'Comune di Legnano', not 'COMUNE'

st.title("🏠 " + t("page_panoramica"))
st.caption(t("app_subtitle"))

c1, c2, c3, c4 = st.columns(4)
c1.metric(t("flats_total"), i18n.fmt_int(s.flats_total, L), help=t("pan_flats_help"))
c1.caption(" · ".join(f"{owner_names.get(o, o)} {i18n.fmt_int(n, L)} ({i18n.fmt_pct(s.let_share_by_owner.get(o), L, 0)} "
                      f"{schema.label(schema.FLAT_STATUS, 'let', L).lower()})"
                      for o, n in s.flats_by_owner.items()))
if s.flats_not_delivered:
    c1.caption(t("pan_not_delivered").format(n=i18n.fmt_int(s.flats_not_delivered, L)))
c2.metric(t("vacancy_rate"), i18n.fmt_pct(s.vacancy_rate, L), help=t("pan_vacancy_help"))
c2.caption(t("pan_vacant_detail").format(
    vacant=i18n.fmt_int(s.vacant, L), total=i18n.fmt_int(s.flats_total, L),
    works=i18n.fmt_int(s.flats_by_status.get("vacant_works", 0), L),
    prog=i18n.fmt_int(s.vacant_works_in_programmes, L)) + f" · {t('as_of')} {as_of}")
c3.metric(t("applications_waiting"), i18n.fmt_int(s.applications_waiting, L))
c3.caption(f"{t('call')}: {s.applications_call or '–'}")
ratio = i18n.fmt_num(s.applications_per_assignable, L, 1)
c4.metric(t("applications_per_assignable"), ratio, help=t("pan_per_assignable_help"))
c4.caption(f"{i18n.fmt_int(s.assignable, L)} {t('pan_assignable_now')}")

prog = s.programmes[0] if s.programmes else None
d1, d2 = st.columns(2)
if prog:
    d1.metric(t("programme_progress") + f" · {prog.name}",
              f"{i18n.fmt_int(prog.handed_over, L)} / {i18n.fmt_int(prog.flats_total, L)}",
              help=t("programme_kpi_help"))
    d1.caption(f"{i18n.fmt_pct(prog.share_handed_over, L, 0)} {t('delivered')} · {t('as_of')} {as_of}")
if s.next_meeting:
    d2.metric(t("next_meeting"), i18n.fmt_date(s.next_meeting["date"], L))
    d2.caption(s.next_meeting["theme"])
else:
    d2.metric(t("next_meeting"), t("none_planned"))
st.caption(source_line)

st.header(t("by_owner") + " · " + t("by_status").lower())
chart_with_table(charts.flats_by_owner_status(s, L, owner_names=owner_names),
                 summary_mod.summary_table(s, L, owner_names).rename(
                     columns={"status": t("status"), "total": t("total")}),
    t("pan_status_caption").format(prog=i18n.fmt_int(s.vacant_works_in_programmes, L)), key="flats_status")

st.header(t("programme_progress"))
for prog in s.programmes:
    chart_with_table(charts.programme_phases(prog, L), summary_mod.phase_table(prog, L),
                     t("caption_programme").format(name=prog.name, done=prog.handed_over,
                                                   total=prog.flats_total),
                     key=f"prog_{prog.programme_id}")
    st.caption(f"{t('source')}: {prog.source}")

st.header(t("next_meeting"))
if s.next_meeting:
    meeting = s.next_meeting
    st.markdown(f"**{i18n.fmt_date_long(meeting['date'], L)}** · {meeting['theme']}")
    st.caption(", ".join(schema.label(schema.SECTORS, x, L) for x in meeting["sectors"]))
else:
    st.info(t("none_planned"))
