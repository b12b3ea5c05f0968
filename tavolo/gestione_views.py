"""The view model of each tab of the Gestione page: every figure, table and chart a tab
shows, built once per data version, language, meeting mode and settings (``ui.cache.
gestione_view`` caches them) so that a rerun only draws. No Streamlit here; the renders
in ``ui.gestione`` read these and compute nothing.

Each builder takes the typed frames, the data's as-of date, the language and whether the
charts are for the meeting screen (``large``), and returns a ``View``: ``metrics`` as
(label, value, help) triples, ``tables`` and ``charts`` by name, and ``data`` for what the
editor or a choice needs (e.g. the scored items). Views are shared between sessions:
nobody may mutate them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from tavolo import gestione as g, gestione_charts as ch, gestione_priorities as gp, i18n, settings


@dataclass(frozen=True)
class View:
    metrics: list[tuple[str, str, str]] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    charts: dict[str, object] = field(default_factory=dict)
    data: dict[str, object] = field(default_factory=dict)


def _pct(v, lang: str) -> str:
    return "–" if v is None else i18n.fmt_pct(v, lang)


def _days(v, lang: str) -> str:
    return "–" if v is None else i18n.fmt_num(v, lang, 1)


def priorities(frames: dict, as_of: dt.date, lang: str, large: bool = False) -> View:
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    items = gp.scored(frames)
    rows, verdict = gp.money(items, as_of.year)
    open_ = items[items["rank"].notna()]
    approved = open_[open_["status"] == "approved"]
    insp = gp.inspections(frames)
    return View(
        metrics=[(t("ges_open_items"), i18n.fmt_int(len(open_), lang), ""),
                 (t("ges_approved_kpi"), i18n.fmt_int(len(approved), lang), ""),
                 (t("ges_fits_kpi"), i18n.fmt_eur(sum(r.fits for r in rows), lang), ""),
                 (t("ges_waits_kpi"), i18n.fmt_eur(sum(r.waits for r in rows), lang), "")],
        tables={"priority_short": gp.priority_display(open_, verdict, lang).iloc[:, :5],
                "priority_list": gp.priority_display(items, verdict, lang),
                "weights": gp.Weights.from_settings().table(lang),
                "money": gp.money_display(rows, as_of.year, lang),
                "inspections": gp.inspections_display(insp, lang)},
        charts={"priorities": ch.priority_chart(items, lang, large),
                "money": ch.money_chart(rows, as_of.year, lang, large)},
        data={"items": items})


def reports(frames: dict, as_of: dt.date, lang: str, large: bool = False) -> View:
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    rep = g.reports_frame(frames, as_of=as_of)
    window = g.in_window(rep, as_of)
    fig = g.report_figures(window)
    monthly = g.monthly(rep, as_of)
    cat = g.by_category(window)
    reasons = g.close_reasons(window)
    return View(
        metrics=[(t("ges_open_now"), i18n.fmt_int(int(rep["status"].isin(g.OPEN_REPORT).sum()), lang),
                  t("ges_open_now_help")),
                 (t("ges_median_close"), _days(fig.median_days_to_close, lang), ""),
                 (t("ges_p90_close"), _days(fig.p90_days_to_close, lang), ""),
                 (t("ges_within_target_kpi"), _pct(fig.within_target_share, lang), t("ges_within_target_help")),
                 (t("ges_without_repair_kpi"), _pct(fig.closed_without_repair_share, lang),
                  t("ges_without_repair_help"))],
        tables={"trend": g.monthly_display(monthly, lang), "category": g.category_display(cat, lang),
                "reasons": g.reasons_display(reasons, lang),
                "by_rione": g.area_display(g.by_area(window, frames, "rione"), lang),
                "by_building": g.area_display(g.by_area(window, frames, "building"), lang),
                "oldest": g.oldest_display(g.oldest_open(rep), lang)},
        charts={"trend": ch.reports_trend(monthly, lang, large), "category": ch.category_days(cat, lang, large),
                "reasons": ch.reasons_chart(reasons, lang, large)})


VACANCY_GROUPS = ("owner_id", "rione_id", "reason")


def vacancies(frames: dict, as_of: dt.date, lang: str, large: bool = False) -> View:
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    months, recent = settings.get("relet_target_months"), settings.get("occupation_recent_months")
    vac = g.vacancies(frames, as_of)
    fig = g.vacancy_figures(vac)
    tables, charts = {}, {}
    for by in VACANCY_GROUPS:
        summary = g.vacancy_summary(vac, by)
        shown = g.vacancy_summary_display(summary, by, frames, lang)
        tables[f"by_{by}"] = shown
        charts[f"by_{by}"] = ch.vacancy_chart(summary, shown.iloc[:, 0].tolist(), t(f"ges_by_{by}"), lang, large)
    risk = vac[vac["at_risk"]]
    tables["at_risk"] = g.vacancies_display(risk, lang)
    tables["long"] = g.vacancies_display(vac[vac["over_target"]], lang)
    cycles = g.relet_cycles(frames, as_of)
    relet = g.relet_figures(cycles, frames, as_of)
    releases = ", ".join(f"{y}: {i18n.fmt_int(n, lang)}" for y, n in relet.releases_by_year.items())
    relet_metrics = [
        (t("ges_relet_cycles_kpi"), i18n.fmt_int(relet.cycles, lang), ""),
        (t("ges_relet_median_kpi"), "–" if relet.median_turnaround_days is None
         else i18n.fmt_int(round(relet.median_turnaround_days), lang), ""),
        (t("ges_relet_within_kpi").format(months=months), _pct(relet.within_target_share, lang), ""),
        (t("ges_turnover_kpi"), i18n.fmt_pct(relet.turnover_rate, lang),
         t("ges_turnover_help").format(releases=releases or "–"))]
    if len(cycles):
        by_year = g.relet_summary(cycles, "year")
        tables["relet_year"] = g.relet_year_display(by_year, lang)
        tables["relet_stages"] = g.relet_stage_display(g.relet_summary(cycles, "owner_id"), "owner_id", frames, lang)
        charts["relet_year"] = ch.relet_chart(by_year, g.target_days_from_months(months),
                                              t("ges_relet_target_line").format(months=months), lang, large)
    return View(
        metrics=[(t("ges_vacant_kpi"), i18n.fmt_int(fig.vacant, lang), ""),
                 (t("ges_over_target_kpi"), i18n.fmt_int(fig.over_target, lang), ""),
                 (t("ges_median_vacant_kpi"), "–" if fig.median_days_vacant is None
                  else i18n.fmt_int(round(fig.median_days_vacant), lang), ""),
                 (t("ges_at_risk_kpi"), i18n.fmt_int(fig.at_risk, lang), t("ges_at_risk_help").format(months=recent))],
        tables=tables, charts=charts,
        data={"months": months, "relet_metrics": relet_metrics, "cycles": len(cycles), "at_risk": len(risk)})


def occupations(frames: dict, as_of: dt.date, lang: str, large: bool = False) -> View:
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    below = g.suppress_below()
    fig = g.occupation_figures(g.occupations_frame(frames, as_of)).suppressed_json(below)

    def shown(v) -> str:
        return v if isinstance(v, str) else i18n.fmt_int(v, lang)

    tables = g.occupation_tables(frames, as_of, lang, below)
    return View(
        metrics=[(t("ges_occ_total"), shown(fig["total"]), ""), (t("ges_occ_open"), shown(fig["open"]), ""),
                 (t("ges_occ_resolve"), _days(fig["median_days_to_resolve"], lang), ""),
                 (t("ges_occ_vacant_before").format(months=fig["prior_months"]),
                  # a share resting on a small count is withheld: the suppressed count instead
                  fig["vacant_before"] if fig["vacant_before_share"] is None and isinstance(fig["vacant_before"], str)
                  else _pct(fig["vacant_before_share"], lang),
                  t("ges_occ_vacant_before_help").format(months=fig["prior_months"]))],
        tables=tables,
        charts={"by_year": ch.suppressed_bars(tables["by_year"], t("ges_occ_year_title"), lang, large),
                "by_outcome": ch.suppressed_bars(tables["by_outcome"], t("ges_occ_outcome_title"), lang, large,
                                                 ch.ORANGE)},
        data={"below": below})


VIEWS = {"priorities": priorities, "reports": reports, "vacancies": vacancies, "occupations": occupations}
