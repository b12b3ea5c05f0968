"""Chart builders of the Gestione page: each returns a plotly figure, never renders it.

As in ``tavolo.charts``: Okabe-Ito palette, every mark written with its value, Italian
separators, the same numbers in the table beside each chart. The occupations charts take
the tab's already suppressed tables: a small count reaches a figure as "< 5" text over an
empty bar, never as a number (a test reads the figure's JSON).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from tavolo import i18n, schema
from tavolo.charts import FONT, OKABE_ITO
from tavolo.gestione import month_label
from tavolo.gestione_priorities import PARTS, MoneyRow

ORANGE, BLUE, GREEN, VERMILION, GREY = "#E69F00", "#0072B2", "#009E73", "#D55E00", "#7F7F7F"


def _layout(fig: go.Figure, title: str, height: int, lang: str, large: bool = False) -> go.Figure:
    size = 20 if large else 14
    fig.update_layout(title={"text": title, "x": 0, "font": {"size": size + 4}}, height=height,
                      font={"family": FONT, "size": size, "color": "#1A1A1A"},
                      margin={"l": 10, "r": 10, "t": 60, "b": 10},
                      legend={"orientation": "h", "y": -0.15, "x": 0, "yanchor": "top"},
                      plot_bgcolor="#FFFFFF", paper_bgcolor="#FFFFFF",
                      separators=i18n.pick(lang, ",.", ".,"))
    return fig


def _t(key: str, lang: str) -> str:
    return i18n.t(key, lang)


def reports_trend(monthly: pd.DataFrame, lang: str = "it", large: bool = False) -> go.Figure:
    """Opened and closed per month (bars) and the backlog at month end (line)."""
    x = [month_label(m, lang) for m in monthly["month"]]
    fig = go.Figure()
    for col, colour in (("opened", BLUE), ("closed", GREEN)):
        fig.add_bar(x=x, y=monthly[col], name=_t(f"ges_{col}", lang), marker_color=colour,
                    text=[i18n.fmt_int(v, lang) for v in monthly[col]], textposition="outside")
    fig.add_scatter(x=x, y=monthly["backlog"], name=_t("ges_backlog", lang), mode="lines+markers+text",
                    line={"color": VERMILION, "width": 3}, text=[i18n.fmt_int(v, lang) for v in monthly["backlog"]],
                    textposition="top center")
    _layout(fig, _t("ges_trend_title", lang), 420, lang, large)
    fig.update_layout(barmode="group", uniformtext={"minsize": 9, "mode": "hide"})
    fig.update_xaxes(tickangle=-45, type="category")
    fig.update_layout(legend_y=-0.32)
    fig.update_yaxes(range=[0, max(1, float(monthly[["opened", "closed", "backlog"]].to_numpy().max())) * 1.18])
    return fig


def category_days(cat: pd.DataFrame, lang: str = "it", large: bool = False) -> go.Figure:
    """Median and 90th percentile of days to close by category, with the target as a marker."""
    cat = cat[cat["closed"] > 0]
    y = [schema.label(schema.REPORT_CATEGORY, c, lang) for c in cat["category"]]
    fig = go.Figure()
    for col, colour, key in (("median_days", BLUE, "ges_median_days"), ("p90_days", ORANGE, "ges_p90_days")):
        fig.add_bar(y=y, x=cat[col], orientation="h", name=_t(key, lang), marker_color=colour,
                    text=[i18n.fmt_num(v, lang, 1) for v in cat[col]], textposition="outside")
    fig.add_scatter(y=y, x=cat["target_days"], mode="markers", name=_t("ges_target_days", lang),
                    marker={"symbol": "line-ns", "size": 22, "line": {"width": 4, "color": "#000000"}})
    _layout(fig, _t("ges_category_title", lang), 420, lang, large)
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    return fig


def reasons_chart(reasons: pd.DataFrame, lang: str = "it", large: bool = False) -> go.Figure:
    """Closed reports by closing reason; repairs and closures without repair apart."""
    fig = go.Figure()
    for repair, colour, key in ((True, GREEN, "ges_repair"), (False, ORANGE, "ges_without_repair")):
        part = reasons[reasons["repair"] == repair]
        labels = part["reason"].replace("", _t("ges_no_reason", lang))
        fig.add_bar(y=labels, x=part["reports"], orientation="h", name=_t(key, lang), marker_color=colour,
                    text=[i18n.fmt_int(v, lang) for v in part["reports"]], textposition="outside")
    _layout(fig, _t("ges_reasons_title", lang), 340, lang, large)
    fig.update_yaxes(autorange="reversed")
    return fig


def vacancy_chart(summary: pd.DataFrame, names: list[str], by_label: str, lang: str = "it",
                  large: bool = False) -> go.Figure:
    """Vacant flats within and over the re-let target, stacked, by owner, rione or reason."""
    within = summary["vacant"] - summary["over_target"]
    fig = go.Figure()
    for values, colour, key in ((within, GREEN, "ges_within"), (summary["over_target"], VERMILION, "ges_over_target")):
        fig.add_bar(y=names, x=values, orientation="h", name=_t(key, lang), marker_color=colour,
                    text=[i18n.fmt_int(v, lang) if v else "" for v in values], textposition="inside",
                    insidetextanchor="middle")
    _layout(fig, _t("ges_vacancy_chart_title", lang).format(by=by_label.lower()), 360, lang, large)
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    return fig


def relet_chart(summary: pd.DataFrame, target_days: float, target_label: str, lang: str = "it",
                large: bool = False) -> go.Figure:
    """Median and 90th-percentile days to re-let by year of re-let, the target as a line."""
    x = [str(y) for y in summary["year"]]
    fig = go.Figure()
    for col, colour, key in (("median_days", BLUE, "ges_relet_median"), ("p90_days", ORANGE, "ges_relet_p90")):
        fig.add_bar(x=x, y=summary[col], name=_t(key, lang), marker_color=colour,
                    text=["" if pd.isna(v) else i18n.fmt_int(round(float(v)), lang) for v in summary[col]],
                    textposition="outside")
    fig.add_scatter(x=x, y=[target_days] * len(x), mode="lines", name=target_label,
                    line={"color": "#000000", "width": 3, "dash": "dash"})
    _layout(fig, _t("ges_relet_chart_title", lang), 380, lang, large)
    fig.update_layout(barmode="group")
    fig.update_xaxes(type="category")
    top = summary[["median_days", "p90_days"]].max().max()
    fig.update_yaxes(range=[0, max(float(top) if pd.notna(top) else 0, target_days, 1) * 1.18])
    return fig


def suppressed_bars(table: pd.DataFrame, title: str, lang: str = "it", large: bool = False,
                    colour: str = BLUE) -> go.Figure:
    """Bars of an already suppressed table (first column: labels, second: counts or "< N"):
    a suppressed cell is an empty bar carrying its text, so no small number enters the figure."""
    labels = table.iloc[:, 0].astype(str).tolist()
    cells = table.iloc[:, 1].tolist()
    heights = [v if isinstance(v, int) else 0 for v in cells]
    fig = go.Figure()
    fig.add_bar(x=labels, y=heights, marker_color=colour, name=table.columns[1],
                text=[i18n.fmt_int(v, lang) if isinstance(v, int) else str(v) for v in cells],
                textposition="outside", hovertemplate="%{x}: %{text}<extra></extra>", showlegend=False)
    _layout(fig, title, 340, lang, large)
    fig.update_xaxes(type="category")
    return fig


def priority_chart(items: pd.DataFrame, lang: str = "it", large: bool = False, top: int = 12) -> go.Figure:
    """The open items in rank order, each bar the score split into its parts."""
    items = items[items["rank"].notna()].head(top)
    y = [f"{int(r)}. {b} · {schema.label(schema.MAINT_ELEMENT, e, lang)}"
         for r, b, e in zip(items["rank"], items["building"], items["element"])]
    fig = go.Figure()
    for i, p in enumerate(PARTS):
        values = items[f"part_{p}"]
        fig.add_bar(y=y, x=values, orientation="h", name=_t(f"ges_part_{p}", lang),
                    marker_color=OKABE_ITO[i % len(OKABE_ITO)],
                    text=[i18n.fmt_num(v, lang, 0) if v >= 1 else "" for v in values], textposition="inside",
                    insidetextanchor="middle")
    fig.add_scatter(y=y, x=items["score"], mode="text", text=[i18n.fmt_num(v, lang, 1) for v in items["score"]],
                    textposition="middle right", showlegend=False, hoverinfo="skip")
    _layout(fig, _t("ges_prio_title", lang), 140 + 34 * max(len(items), 1), lang, large)
    fig.update_layout(barmode="stack")
    fig.update_xaxes(range=[0, float(items["score"].max() or 1) * 1.15])
    fig.update_yaxes(autorange="reversed")
    return fig


def money_chart(rows: list[MoneyRow], year: int, lang: str = "it", large: bool = False) -> go.Figure:
    """Per owner: the year's funds beside what is committed, what fits and what waits."""
    owners = [r.owner_id for r in rows]
    fig = go.Figure()
    fig.add_bar(x=owners, y=[r.funds for r in rows], name=_t("ges_funds", lang), marker_color=GREY,
                offsetgroup="funds", text=[i18n.fmt_eur(r.funds, lang) for r in rows], textposition="outside")
    for attr, colour, key in (("committed", BLUE, "ges_committed"), ("fits", GREEN, "ges_fits"),
                              ("waits", VERMILION, "ges_waits")):
        values = [getattr(r, attr) for r in rows]
        fig.add_bar(x=owners, y=values, name=_t(key, lang), marker_color=colour, offsetgroup="use",
                    text=[i18n.fmt_eur(v, lang) if v else "" for v in values], textposition="inside")
    _layout(fig, _t("ges_money_title", lang).format(year=year), 380, lang, large)
    fig.update_layout(barmode="relative")
    return fig
