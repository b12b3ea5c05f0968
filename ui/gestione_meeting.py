"""Meeting-mode screens of the Gestione page: the priority list of extraordinary
maintenance and the 24-hour line (registered in tavolo/meeting_screens.py; the figures come
from tavolo.gestione and tavolo.gestione_priorities, counted from the data's as-of date)."""

from __future__ import annotations

from tavolo import demand, gestione as g, gestione_charts as ch, gestione_priorities as gp, i18n
from ui import cache
from ui.common import t


def _as_of():
    return demand.as_of_date(cache.meta()[0])


def screen_priorities(L: str) -> None:
    from ui import meeting as m  # the meeting screen's helpers (imported late: it imports this module)

    as_of = _as_of()
    items = gp.scored(cache.frames())
    rows, _verdict = gp.money(items, as_of.year)
    open_ = items[items["rank"].notna()]
    top = open_.iloc[0] if len(open_) else None
    m._headline(t("mtg_prio_message").format(n=i18n.fmt_int(len(open_), L),
                                              first=top["building"] if top is not None else "–"))
    m._cards([(i18n.fmt_int(int((open_["status"] == "approved").sum()), L), t("ges_approved_kpi"), ""),
              (i18n.fmt_eur(sum(r.fits for r in rows), L), t("ges_fits_kpi"), str(as_of.year)),
              (i18n.fmt_eur(sum(r.waits for r in rows), L), t("ges_waits_kpi"), str(as_of.year)),
              (i18n.fmt_int(int((open_["status"] == "proposed").sum()), L), t("mtg_prio_proposed"), "")])
    m._chart(m._big_figure(ch.priority_chart(items, L, large=True, top=6), 420), "mtg_prio_chart", L)


def screen_reports(L: str) -> None:
    from ui import meeting as m

    as_of = _as_of()
    rep = g.reports_frame(cache.frames(), as_of=as_of)
    fig = g.report_figures(g.in_window(rep, as_of))
    open_now = int(rep["status"].isin(g.OPEN_REPORT).sum())

    def days(v):
        return "–" if v is None else i18n.fmt_num(v, L, 0)

    def pct(v):
        return "–" if v is None else i18n.fmt_pct(v, L, 0)

    m._headline(t("mtg_reports_message").format(open=i18n.fmt_int(open_now, L), median=days(fig.median_days_to_close)))
    m._cards([(i18n.fmt_int(open_now, L), t("ges_open_now"), "840.02.12.12"),
              (days(fig.p90_days_to_close), t("ges_p90_close"), ""),
              (pct(fig.within_target_share), t("ges_within_target_kpi"), ""),
              (pct(fig.closed_without_repair_share), t("ges_without_repair_kpi"), "")])
    m._chart(m._big_figure(ch.reports_trend(g.monthly(rep, as_of, 12), L, large=True), 420), "mtg_reports_chart", L)

