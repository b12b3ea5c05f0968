"""Chart builders: each returns a plotly figure, never renders it.

Colour is never the only carrier: every segment is labelled with its value, the legend
names the categories in order, and the page shows the same numbers in a table beside the
chart. (Plotly's fill patterns do not draw reliably in Streamlit's chart element.)
Palette: Okabe-Ito, readable by people with colour-vision deficiencies.
"""

from __future__ import annotations


import plotly.graph_objects as go

from tavolo import i18n, schema
from tavolo.summary import ProgrammeSummary, Summary, owner_label

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
             "#000000"]
FONT = "Source Sans Pro, Arial, sans-serif"


def _layout(fig: go.Figure, title: str, height: int = 320) -> go.Figure:
    fig.update_layout(title={"text": title, "x": 0, "font": {"size": 18}}, height=height,
                      font={"family": FONT, "size": 14, "color": "#1A1A1A"},
                      margin={"l": 16, "r": 16, "t": 50, "b": 10},
                      legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0,
                              "traceorder": "normal"},
                      uniformtext={"minsize": 11, "mode": "hide"},
                      plot_bgcolor="#FFFFFF", paper_bgcolor="#FFFFFF",
                      barmode="stack")
    # the margins grow to fit the axis labels, on screen and in exported files
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def _separators(lang: str) -> str:
    return i18n.separators(lang)


def flats_by_owner_status(summary: Summary, lang: str = "it",
                          owner_names: dict[str, str] | None = None) -> go.Figure:
    """One horizontal bar per owner (named, not coded: ``owner_names`` by owner id, e.g.
    from the owners table), split by status, each segment labelled."""
    fig = go.Figure()
    ids = list(summary.flats_by_owner)
    owners = [owner_label(o, owner_names) for o in ids]
    for index, status in enumerate(schema.FLAT_STATUS):
        values = [summary.flats_by_owner_status.get(o, {}).get(status, 0) for o in ids]
        if not any(values):
            continue
        fig.add_bar(
            y=owners, x=values, orientation="h",
            name=schema.label(schema.FLAT_STATUS, status, lang),
            marker={"color": OKABE_ITO[index % len(OKABE_ITO)], "line": {"color": "#FFFFFF", "width": 1}},
            text=[i18n.fmt_int(v, lang) if v else "" for v in values], textposition="inside", textangle=0,
            insidetextanchor="middle",
            hovertemplate="%{y}: %{x} " + i18n.t("flats", lang) + "<extra>%{fullData.name}</extra>")
    title = i18n.t("flats_total", lang) + " · " + i18n.t("by_status", lang).lower()
    _layout(fig, title, height=340)
    fig.update_layout(separators=_separators(lang))
    fig.update_xaxes(title=None, ticksuffix="")
    return fig


def programme_phases(programme: ProgrammeSummary, lang: str = "it") -> go.Figure:
    """The flats of a programme by phase as one labelled bar."""
    fig = go.Figure()
    for index, (phase, count) in enumerate(programme.flats_by_phase.items()):
        if not count:
            continue
        fig.add_bar(
            y=[programme.name], x=[count], orientation="h",
            name=schema.label(schema.PHASE, phase, lang),
            marker={"color": OKABE_ITO[index % len(OKABE_ITO)], "line": {"color": "#FFFFFF", "width": 1}},
            text=[str(count)], textposition="inside", textangle=0,
            insidetextanchor="middle",
            hovertemplate="%{x} " + i18n.t("flats", lang) + "<extra>%{fullData.name}</extra>")
    _layout(fig, f"{programme.name} · {i18n.t('phase', lang).lower()}", height=240)
    fig.update_layout(separators=_separators(lang), showlegend=True, legend_y=-0.3)
    fig.update_yaxes(showticklabels=False)
    fig.update_xaxes(title=None, range=[0, max(programme.flats_total, 1)])
    return fig
