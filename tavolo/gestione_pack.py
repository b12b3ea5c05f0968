"""The Gestione section of the meeting pack (``tavolo.pack``): the priority list of
extraordinary maintenance and the money, the 24-hour line's figures, vacant flats and
re-let cycles, and occupations without title, every count of these suppressed below the
setting ``suppress_below`` as on the page. Counted from the data's as-of date.

``tables(frames, as_of, lang)`` gives every table the section prints (already formatted
and suppressed): the section prints these and nothing else, so a test on them covers it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tavolo import gestione as g, gestione_charts as gch, gestione_priorities as gp, i18n

TOP = 10  # rows of the priority list in the pack


def _t(key: str, lang: str) -> str:
    return i18n.t(key, lang)


def _figures(rows: list[tuple[str, str]], lang: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[_t("ges_pack_figure", lang), _t("ges_pack_value", lang)])


def _days(v, lang: str) -> str:
    return "–" if v is None else i18n.fmt_num(v, lang, 1)


def _pct(v, lang: str) -> str:
    return "–" if v is None else i18n.fmt_pct(v, lang)


def tables(frames: dict[str, pd.DataFrame], as_of: dt.date, lang: str = "it",
           below: int | None = None) -> dict[str, pd.DataFrame]:
    """The section's tables: ``priorities``, ``money``, ``reports``, ``vacancies`` and the
    occupations tab's own suppressed tables (``occ_figures``, ``occ_by_year``, ``occ_by_outcome``)."""
    below = g.suppress_below(below)
    items = gp.scored(frames)
    rows, verdict = gp.money(items, as_of.year)
    open_ = items[items["rank"].notna()]
    shown = gp.priority_display(open_.head(TOP), verdict, lang)
    keep = [_t(k, lang) for k in ("ges_rank", "ges_building", "ges_element", "ges_score", "ges_cost",
                                  "ges_status", "ges_money")]
    shown[_t("ges_rank", lang)] = [str(int(r)) for r in open_.head(TOP)["rank"]]
    rep = g.reports_frame(frames, as_of=as_of)
    fig = g.report_figures(g.in_window(rep, as_of))
    reports = _figures([
        (_t("ges_open_now", lang), i18n.fmt_int(int(rep["status"].isin(g.OPEN_REPORT).sum()), lang)),
        (_t("ges_median_close", lang), _days(fig.median_days_to_close, lang)),
        (_t("ges_p90_close", lang), _days(fig.p90_days_to_close, lang)),
        (_t("ges_within_target_kpi", lang), _pct(fig.within_target_share, lang)),
        (_t("ges_without_repair_kpi", lang), _pct(fig.closed_without_repair_share, lang))], lang)
    vac = g.vacancy_figures(g.vacancies(frames, as_of))
    relet = g.relet_figures(g.relet_cycles(frames, as_of), frames, as_of)
    vacancies = _figures([
        (_t("ges_vacant_kpi", lang), i18n.fmt_int(vac.vacant, lang)),
        (_t("ges_over_target_months", lang).format(months=vac.target_months), i18n.fmt_int(vac.over_target, lang)),
        (_t("ges_median_vacant_kpi", lang), "–" if vac.median_days_vacant is None
         else i18n.fmt_int(round(vac.median_days_vacant), lang)),
        (_t("ges_at_risk_kpi", lang), i18n.fmt_int(vac.at_risk, lang)),
        (_t("ges_relet_cycles_kpi", lang), i18n.fmt_int(relet.cycles, lang)),
        (_t("ges_relet_median_kpi", lang), "–" if relet.median_turnaround_days is None
         else i18n.fmt_int(round(relet.median_turnaround_days), lang)),
        (_t("ges_relet_within_kpi", lang).format(months=relet.target_months), _pct(relet.within_target_share, lang)),
        (_t("ges_turnover_kpi", lang), i18n.fmt_pct(relet.turnover_rate, lang))], lang)
    occ = g.occupation_figures(g.occupations_frame(frames, as_of)).suppressed_json(below)

    def count(v) -> str:
        return v if isinstance(v, str) else i18n.fmt_int(v, lang)

    occ_tables = g.occupation_tables(frames, as_of, lang, below)
    return {
        "priorities": shown[keep], "money": gp.money_display(rows, as_of.year, lang),
        "reports": reports, "vacancies": vacancies,
        "occ_figures": _figures([(_t("ges_occ_total", lang), count(occ["total"])),
                                 (_t("ges_occ_open", lang), count(occ["open"]))], lang),
        "occ_by_year": occ_tables["by_year"].astype(str), "occ_by_outcome": occ_tables["by_outcome"].astype(str),
    }


def section(doc, charts, frames: dict[str, pd.DataFrame], as_of: dt.date, lang: str, number: int) -> None:
    """Append the section to ``doc`` (a ``tavolo.pdf.Document``); ``charts`` is the pack's
    chart drawer (a chart falls back to its table without Chromium)."""
    below = g.suppress_below()
    tab = tables(frames, as_of, lang, below)
    story = doc.story
    story.append(doc.page_break())
    story.append(doc.h2(f"{number}. " + _t("ges_pack_title", lang)))
    story.append(doc.p(_t("ges_pack_intro", lang).format(as_of=i18n.fmt_date(as_of, lang)), "small"))
    story.append(doc.h2(_t("ges_prio_title", lang)))
    items = gp.scored(frames)
    charts.add(gch.priority_chart(items, lang, top=TOP), None, _t("ges_caption_prio", lang), 105, height=520)
    story.append(doc.table(tab["priorities"]))
    story.append(doc.space(3))
    story.append(doc.p(_t("ges_money_title", lang).format(year=as_of.year), "small"))
    story.append(doc.table(tab["money"]))
    story.append(doc.page_break())
    story.append(doc.h2(_t("ges_tab_reports", lang)))
    story.append(doc.table(tab["reports"], [0.6 * doc.width, 0.4 * doc.width]))
    story.append(doc.space(3))
    rep = g.reports_frame(frames, as_of=as_of)
    monthly = g.monthly(rep, as_of)
    charts.add(gch.reports_trend(monthly, lang), g.monthly_display(monthly, lang), _t("ges_caption_trend", lang),
               90, height=420)
    story.append(doc.h2(_t("ges_tab_vacancies", lang)))
    story.append(doc.table(tab["vacancies"], [0.6 * doc.width, 0.4 * doc.width]))
    story.append(doc.page_break())
    story.append(doc.h2(_t("ges_tab_occupations", lang)))
    story.append(doc.p(_t("ges_pack_suppressed", lang).format(below=below), "small"))
    story.append(doc.table(tab["occ_figures"], [0.6 * doc.width, 0.4 * doc.width]))
    story.append(doc.space(2))
    story.append(doc.table(tab["occ_by_year"]))
    story.append(doc.space(2))
    story.append(doc.table(tab["occ_by_outcome"]))
