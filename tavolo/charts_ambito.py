"""Chart builders of the Ambito page: the comuni side by side, one horizontal bar per
comune (Legnano first, at the top), every bar labelled with its value; the table twin of
each is ``tavolo.ambito_view.metric_table``. Each returns a plotly figure."""

from __future__ import annotations

import plotly.graph_objects as go

from tavolo import ambito_view, i18n
from tavolo.charts import FONT, OKABE_ITO, _separators


def _finish(fig: go.Figure, title: str, n: int, lang: str, stack: bool, highlight: str | None,
            names: list[str], codes: list[str]) -> go.Figure:
    fig.update_layout(title={"text": title, "x": 0, "font": {"size": 18}},
                      height=max(260, 90 + 34 * n), separators=_separators(lang),
                      font={"family": FONT, "size": 14, "color": "#1A1A1A"},
                      margin={"l": 16, "r": 40, "t": 50, "b": 10}, barmode="stack" if stack else "group",
                      legend={"orientation": "h", "yanchor": "top", "y": -0.08, "x": 0,
                              "traceorder": "normal"},
                      uniformtext={"minsize": 11, "mode": "hide"},
                      plot_bgcolor="#FFFFFF", paper_bgcolor="#FFFFFF")
    # the chosen comune in bold on its axis label (written, not colour alone)
    ticks = [f"<b>▶ {name}</b>" if code == highlight else name for name, code in zip(names, codes)]
    fig.update_yaxes(autorange="reversed", automargin=True, tickvals=names, ticktext=ticks)
    fig.update_xaxes(automargin=True, gridcolor="#DDDDDD", zeroline=True, zerolinecolor="#888888")
    return fig


def _bar(fig: go.Figure, names, values, name: str, color: str, text: list[str], hover: str) -> None:
    fig.add_bar(y=names, x=values, orientation="h", name=name, text=text, textposition="auto",
                textangle=0, insidetextanchor="middle", cliponaxis=False,
                marker={"color": color, "line": {"color": "#FFFFFF", "width": 1}},
                hovertemplate="%{y}: " + hover + "<extra>" + name + "</extra>")


def figure(ov: ambito_view.Overview, metric: str, lang: str = "it", owner_names: dict[str, str] | None = None,
           highlight: str | None = None) -> go.Figure:
    """The chart of ``metric`` (one of ``ambito.METRICS``) over the comuni of ``ov``."""
    T = lambda key: i18n.t(key, lang)  # noqa: E731
    tb = ov.table
    names, codes = tb["name"].tolist(), tb["comune_code"].tolist()
    fig = go.Figure()
    stack = True
    if metric == "per_1000":
        values = tb["per_1000"].tolist()
        _bar(fig, names, values, T("amb_col_per_1000"), OKABE_ITO[0],
             [i18n.fmt_num(v, lang, 1) for v in values], "%{x:.1f}")
        avg = ov.total["per_1000"]
        if avg == avg:  # not NaN
            fig.add_vline(x=avg, line={"color": "#000000", "dash": "dash", "width": 2})
            # the average's label above the plot area, clear of the bars
            fig.add_annotation(x=avg, y=1.0, yref="paper", yanchor="bottom", showarrow=False,
                               text=f"{T('amb_ambito')} {i18n.fmt_num(avg, lang, 1)}",
                               font={"size": 13, "color": "#000000"}, bgcolor="#FFFFFF")
        fig.update_layout(showlegend=False)
        title = T("amb_chart_per_1000")
    elif metric == "owner":
        for index, owner in enumerate(ov.owners):
            values = tb[f"owner_{owner}"].tolist()
            label = (owner_names or {}).get(owner, owner)
            _bar(fig, names, values, label, OKABE_ITO[index % len(OKABE_ITO)],
                 [i18n.fmt_int(v, lang) if v else "" for v in values], "%{x}")
        title = T("amb_chart_owner")
    elif metric == "vacancy":
        for index, (column, key) in enumerate((("vacancy_assignable_rate", "amb_col_vac_assignable"),
                                                ("vacancy_works_rate", "amb_col_vac_works"))):
            values = (tb[column] * 100).tolist()
            _bar(fig, names, values, T(key), OKABE_ITO[index + 1],
                 [i18n.fmt_pct(v / 100, lang) if v else "" for v in values], "%{x:.1f} %")
        fig.update_xaxes(ticksuffix=" %")
        title = T("amb_chart_vacancy")
    elif metric == "per_assignable":
        values = tb["per_assignable"].tolist()
        _bar(fig, names, values, T("amb_col_per_assignable"), OKABE_ITO[3],
             [i18n.fmt_num(v, lang, 1) if v == v else "–" for v in values], "%{x:.1f}")
        fig.update_layout(showlegend=False)
        title = T("amb_chart_per_assignable")
    elif metric == "available":
        stack = False
        for index, (column, key) in enumerate((("available_next_year", "amb_col_available"),
                                                ("poverty_reserve", "amb_col_poverty"))):
            values = tb[column].tolist()
            _bar(fig, names, values, T(key).format(year=ov.year), OKABE_ITO[index * 2],
                 [i18n.fmt_int(v, lang) for v in values], "%{x}")
        title = T("amb_chart_available").format(year=ov.year)
    else:
        raise KeyError(metric)
    return _finish(fig, title, len(names), lang, stack, highlight, names, codes)


# Sequential blues (ColorBrewer "Blues", readable in grey and by colour-blind readers):
# light = few, dark = many; the value is also written on each comune.
MAP_COLOURS = ["#DEEBF7", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C"]
MAP_METRICS = ("per_1000", "vacancy", "per_assignable", "available")
_MAP_VALUE = {"per_1000": "per_1000", "vacancy": "vacancy_rate", "per_assignable": "per_assignable",
              "available": "available_next_year"}
_MAP_LABEL = {"per_1000": "amb_col_per_1000", "vacancy": "amb_col_vacancy",
              "per_assignable": "amb_col_per_assignable", "available": "amb_col_available"}


def map_value_text(metric: str, value: float, lang: str) -> str:
    if value != value:  # NaN
        return "–"
    if metric == "vacancy":
        return i18n.fmt_pct(value, lang)
    if metric == "available":
        return i18n.fmt_int(value, lang)
    return i18n.fmt_num(value, lang, 1)


def map_label(metric: str, year: int, lang: str = "it") -> str:
    return i18n.t(_MAP_LABEL[metric], lang).format(year=year)


def map_figure(ov: ambito_view.Overview, areas, metric: str = "per_1000", lang: str = "it",
               highlight: str | None = None) -> go.Figure:
    """The comuni of ``areas`` (``geodata.comuni_areas``, EPSG:4326) as filled polygons on
    plain axes, shaded in five classes of ``metric`` and labelled with the comune's name
    and value: a choropleth drawn without a basemap, hence without internet, and exportable
    like any chart. The chosen comune has a thick black outline."""
    import math

    import numpy as np

    column = _MAP_VALUE[metric]
    values = dict(zip(ov.table["comune_code"], ov.table[column]))
    known = np.array([v for v in values.values() if v == v], dtype=float)
    edges = np.unique(np.quantile(known, np.linspace(0, 1, len(MAP_COLOURS) + 1))) if len(known) else []
    fig = go.Figure()
    label_x, label_y, label_text, label_colour = [], [], [], []
    # small comuni carry their value only (the name is in the hover and the table), so
    # that the labels of the dense east of the ambito do not overlap
    size = areas.to_crs("EPSG:32632").geometry.area.to_numpy() if len(areas) else np.array([])
    small = size < np.quantile(size, 0.4) if len(size) else np.array([], dtype=bool)
    for position, row in enumerate(areas.itertuples(index=False)):
        value = values.get(row.comune_code, float("nan"))
        shade = None
        if value == value and len(edges) > 1:
            index = min(int(np.searchsorted(edges, value, side="right")) - 1, len(edges) - 2)
            shade = round(index * (len(MAP_COLOURS) - 1) / max(len(edges) - 2, 1))
            colour = MAP_COLOURS[shade]
        else:
            colour = "#FFFFFF" if value != value else MAP_COLOURS[2]
        geoms = getattr(row.geometry, "geoms", [row.geometry])
        xs, ys = [], []
        for poly in geoms:
            x, y = poly.exterior.coords.xy
            xs += list(x) + [None]
            ys += list(y) + [None]
        chosen = row.comune_code == highlight
        fig.add_scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=colour, showlegend=False,
                        line={"color": "#000000", "width": 4 if chosen else 1},
                        name=str(row.name), hoveron="fills",
                        hovertemplate=f"{row.name}: {map_value_text(metric, value, lang)}<extra></extra>")
        point = row.geometry.representative_point()
        label_x.append(point.x)
        label_y.append(point.y)
        shown = map_value_text(metric, value, lang)
        text = shown if small[position] and not chosen else f"{row.name}<br>{shown}"
        label_text.append(f"<b>{text}</b>" if chosen else text)
        # white on the two darkest blues (contrast), black elsewhere
        label_colour.append("#FFFFFF" if shade is not None and shade >= 3 else "#000000")
    fig.add_scatter(x=label_x, y=label_y, mode="text", text=label_text, showlegend=False,
                    textfont={"size": 12, "color": label_colour}, hoverinfo="skip")
    # the five classes as a legend (written ranges, not colour alone)
    for index in range(len(edges) - 1):
        colour = MAP_COLOURS[round(index * (len(MAP_COLOURS) - 1) / max(len(edges) - 2, 1))]
        fig.add_scatter(x=[None], y=[None], mode="markers", name=(
            f"{map_value_text(metric, edges[index], lang)} – {map_value_text(metric, edges[index + 1], lang)}"),
            marker={"size": 14, "color": colour, "symbol": "square", "line": {"color": "#000000", "width": 1}})
    lat = float(areas.geometry.union_all().centroid.y) if len(areas) else 45.6
    fig.update_layout(title={"text": map_label(metric, ov.year, lang), "x": 0, "font": {"size": 18}},
                      height=680, separators=_separators(lang), plot_bgcolor="#FFFFFF",
                      paper_bgcolor="#FFFFFF", font={"family": FONT, "size": 14, "color": "#1A1A1A"},
                      margin={"l": 10, "r": 10, "t": 50, "b": 10},
                      legend={"orientation": "h", "yanchor": "top", "y": -0.02, "x": 0})
    fig.update_xaxes(visible=False)
    # one degree of longitude is cos(latitude) degrees of latitude long
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(lat)))
    return fig
