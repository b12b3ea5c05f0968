"""Chart builders of the Domanda e offerta page: each returns a plotly figure.

Same style as ``tavolo.charts``: Okabe-Ito palette, every bar labelled with its value,
Italian separators, the legend in reading order; colour never carries a meaning alone (the
page puts the same numbers in a table beside each chart).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from tavolo import i18n, plan, schema
from tavolo.charts import OKABE_ITO, _layout, _separators

GREY = "#999999"
BREACH = "#D55E00"


def _bar_style(index: int) -> dict:
    return {"color": OKABE_ITO[index % len(OKABE_ITO)], "line": {"color": "#FFFFFF", "width": 1}}


def _finish(fig: go.Figure, title: str, lang: str, height: int = 340, stack: bool = True) -> go.Figure:
    _layout(fig, title, height=height)
    fig.update_layout(separators=_separators(lang), barmode="stack" if stack else "group",
                      uniformtext={"minsize": 11, "mode": "hide"})
    fig.update_traces(textangle=0, selector={"type": "bar"})  # a label too long hides, never turns
    return fig


def _labels(values, lang: str) -> list[str]:
    return [i18n.fmt_int(v, lang) if v else "" for v in values]


def calls_series(series: pd.DataFrame, lang: str = "it") -> go.Figure:
    """Applications per call (in date order), stacked by outcome."""
    fig = go.Figure()
    x = [f"{c}" for c in series["call_id"]]
    for index, outcome in enumerate(schema.OUTCOME):
        values = series[outcome].tolist()
        if not any(values):
            continue
        fig.add_bar(x=x, y=values, name=schema.label(schema.OUTCOME, outcome, lang),
                    marker=_bar_style(index), text=_labels(values, lang), textposition="inside",
                    insidetextanchor="middle",
                    hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>")
    fig.add_scatter(x=x, y=series["total"], mode="text", text=_labels(series["total"], lang),
                    textposition="top center", showlegend=False, hoverinfo="skip",
                    textfont={"size": 15})
    _finish(fig, i18n.t("dem_calls_title", lang), lang, height=380)
    fig.update_yaxes(title=i18n.t("dem_col_applications", lang),
                     range=[0, max(series["total"].max() if len(series) else 1, 1) * 1.15])
    return fig


def horizontal(labels: list[str], values: list[float], title: str, lang: str, axis: str,
               colour: int = 0, text: list[str] | None = None, height: int | None = None) -> go.Figure:
    """One horizontal bar per category, in the given order from the top, labelled."""
    fig = go.Figure()
    fig.add_bar(y=labels, x=values, orientation="h", marker=_bar_style(colour),
                text=text if text is not None else _labels(values, lang), textposition="auto",
                hovertemplate="%{y}: %{x}<extra></extra>", showlegend=False)
    _finish(fig, title, lang, height=height or max(260, 60 + 34 * len(labels)))
    fig.update_yaxes(autorange="reversed", automargin=True, type="category")
    fig.update_xaxes(title=axis)
    return fig


def profile(prof: pd.DataFrame, title: str, lang: str = "it") -> go.Figure:
    """Applications by one dimension (``demand.profile``)."""
    text = [f"{i18n.fmt_int(n, lang)} ({i18n.fmt_pct(s, lang, 0)})" if n else ""
            for n, s in zip(prof["applications"], prof["share"])]
    return horizontal(prof["label"].tolist(), prof["applications"].tolist(), title, lang,
                      i18n.t("dem_col_applications", lang), colour=0, text=text)


def stock(table: pd.DataFrame, title: str, lang: str = "it") -> go.Figure:
    """Flats by a dimension (first column) and status (the other columns but the total)."""
    fig = go.Figure()
    first, total = table.columns[0], table.columns[-1]
    status_labels = {schema.label(schema.FLAT_STATUS, s, lang): i for i, s in enumerate(schema.FLAT_STATUS)}
    for col in table.columns[1:-1]:
        values = table[col].tolist()
        fig.add_bar(y=table[first], x=values, orientation="h", name=col,
                    marker=_bar_style(status_labels.get(col, 0)), text=_labels(values, lang),
                    textposition="inside", insidetextanchor="middle",
                    hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>")
    fig.add_scatter(y=table[first], x=table[total], mode="text", text=_labels(table[total], lang),
                    textposition="middle right", showlegend=False, hoverinfo="skip")
    _finish(fig, title, lang, height=max(320, 130 + 36 * len(table)))
    fig.update_yaxes(autorange="reversed", automargin=True, type="category")
    fig.update_xaxes(range=[0, max(table[total].max(), 1) * 1.12])
    return fig


def supply_years(wide: pd.DataFrame, lang: str = "it") -> go.Figure:
    """Flats expected per year, stacked by source."""
    fig = go.Figure()
    years = [str(y) for y in wide["year"]]
    for index, source in enumerate(c for c in wide.columns if c not in ("year", "total")):
        values = wide[source].tolist()
        if not any(values):
            continue
        fig.add_bar(x=years, y=values, name=i18n.t(f"plan_source_{source}", lang),
                    marker=_bar_style(index), text=_labels(values, lang), textposition="inside",
                    insidetextanchor="middle", hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>")
    fig.add_scatter(x=years, y=wide["total"], mode="text", text=_labels(wide["total"], lang),
                    textposition="top center", showlegend=False, hoverinfo="skip", textfont={"size": 15})
    _finish(fig, i18n.t("dem_supply_title", lang), lang, height=400)
    fig.update_yaxes(title=i18n.t("flats", lang), range=[0, max(wide["total"].max(), 1) * 1.15])
    fig.update_xaxes(type="category")
    return fig


def pipeline(pipe: pd.DataFrame, lang: str = "it") -> go.Figure:
    """Programme flats by expected year, stacked by programme."""
    fig = go.Figure()
    beyond = i18n.t("dem_beyond", lang)
    years = pipe["year"].astype("string").fillna(beyond)
    order = sorted(set(years) - {beyond}) + ([beyond] if beyond in set(years) else [])
    for index, (name, grp) in enumerate(pipe.assign(y=years).groupby("name", sort=False)):
        values = grp.groupby("y")["flats"].sum().reindex(order, fill_value=0).tolist()
        fig.add_bar(x=order, y=values, name=name, marker=_bar_style(index),
                    text=_labels(values, lang), textposition="inside", insidetextanchor="middle",
                    hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>")
    _finish(fig, i18n.t("dem_pipeline_title", lang), lang, height=360)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=order)
    fig.update_yaxes(title=i18n.t("flats", lang))
    return fig


def matching(match: pd.DataFrame, lang: str = "it") -> go.Figure:
    """Per household size: households waiting next to adequate flats assignable today; the
    shortfall or surplus is written under each size."""
    fig = go.Figure()

    def balance(n):
        key = "dem_short" if n < 0 else "dem_surplus" if n > 0 else "dem_even"
        return i18n.t(key, lang).format(n=i18n.fmt_int(abs(n), lang))

    x = [f"<b>{label}</b><br>{balance(n)}" for label, n in zip(match["label"], match["balance"])]
    fig.add_bar(x=x, y=match["applicants"], name=i18n.t("dem_col_applicants", lang),
                marker=_bar_style(0), text=_labels(match["applicants"], lang), textposition="outside",
                hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>")
    fig.add_bar(x=x, y=match["flats"], name=i18n.t("dem_col_adequate", lang),
                marker=_bar_style(1), text=[i18n.fmt_int(v, lang) for v in match["flats"]],
                textposition="outside", hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>")
    _finish(fig, i18n.t("dem_match_title", lang), lang, height=440, stack=False)
    top = max(match["applicants"].max(), match["flats"].max(), 1) if len(match) else 1
    fig.update_yaxes(title=i18n.t("dem_col_applicants", lang) + " / " + i18n.t("flats", lang),
                     range=[0, top * 1.18])
    fig.update_xaxes(type="category", title=i18n.t("dem_size_axis", lang))
    fig.update_traces(textfont_size=16)
    fig.update_layout(legend={"y": -0.3})
    return fig


def per_flat_by_rione(table: pd.DataFrame, lang: str = "it") -> go.Figure:
    """Households waiting per flat assignable today, by rione (rioni without any
    assignable flat are written so, not drawn as zero)."""
    values = table["per_flat"].fillna(0).tolist()
    text = [i18n.fmt_num(v, lang, 1) if f else f"{i18n.fmt_int(a, lang)} · {i18n.t('dem_no_flat', lang)}"
            for v, f, a in zip(table["per_flat"], table["flats"], table["applicants"])]
    fig = horizontal(table["rione"].tolist(), values, i18n.t("dem_rione_title", lang), lang,
                     i18n.t("dem_col_per_flat", lang), colour=2, text=text)
    fig.update_traces(textposition="outside", cliponaxis=False)
    fig.update_xaxes(range=[0, max(max(values, default=1), 1) * 1.3])
    return fig


def coverage(by_year: pd.DataFrame, name: str, lang: str = "it") -> go.Figure:
    """Share of today's waiting list housed by each year, with and without a programme."""
    fig = go.Figure()
    years = [str(y) for y in by_year["year"]]
    for index, (col, key) in enumerate((("coverage_with", "dem_with"),
                                        ("coverage_without", "dem_without"))):
        values = (by_year[col].fillna(0) * 100).tolist()
        fig.add_bar(x=years, y=values, name=i18n.t(key, lang).format(name=name),
                    marker=_bar_style(index * 3 if index else 0),
                    text=[i18n.fmt_pct(v / 100, lang, 0) for v in values], textposition="outside",
                    hovertemplate="%{x}: %{y:.0f}%<extra>%{fullData.name}</extra>")
    _finish(fig, i18n.t("dem_coverage_title", lang), lang, height=420, stack=False)
    fig.update_yaxes(title="%", range=[0, 118], ticksuffix="%")
    fig.update_xaxes(type="category")
    return fig


def plan_allocation(annual: plan.AnnualPlan, lang: str = "it") -> go.Figure:
    """The flats chosen per quota, each bar labelled with its number and what the rule
    requires ("dovuti") or allows at most ("max"); a quota that breaks its rule is drawn in
    vermillion AND says so in words."""
    lines = annual.lines(lang)
    breached = {q for b in annual.breaches if b.severity == "error" and b.quota
                for q in (b.quota, *b.shared_with)}
    text, colours = [], []
    for quota, kind, chosen, required, allowed in zip(
            lines["quota"], [r.kind for r in annual.rules.quotas], lines["chosen"],
            lines["required"], lines["allowed"]):
        label = i18n.fmt_int(chosen, lang)
        if kind == "reserve":
            label += " · " + i18n.t("plan_due", lang).format(n=i18n.fmt_int(required, lang))
        elif kind == "cap":
            label += " · " + i18n.t("plan_max", lang).format(n=i18n.fmt_int(allowed, lang))
        if quota in breached:
            label += " · ⚠ " + i18n.t("plan_under" if kind == "reserve" else "plan_over", lang)
        text.append(label)
        colours.append(BREACH if quota in breached else OKABE_ITO[0])
    chosen = [int(v) for v in lines["chosen"]]
    fig = horizontal(lines["label"].tolist(), chosen,
                     i18n.t("plan_chart_title", lang) + f" · {annual.year}", lang,
                     i18n.t("flats", lang), text=text)
    fig.update_traces(marker={"color": colours}, textposition="outside", cliponaxis=False)
    marks = [v for v in [*lines["required"], *lines["allowed"]] if v is not None and not pd.isna(v)]
    top = max([*chosen, *marks], default=1)
    fig.update_xaxes(range=[min(0, min(chosen, default=0)), max(top, 1) * (2.2 if breached else 1.6)])
    fig.update_layout(height=380, bargap=0.25)
    return fig
