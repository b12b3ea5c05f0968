"""Chart builders of the Progetti page: each returns a plotly figure, never renders it.

As in ``tavolo.charts``: Okabe-Ito palette (the same colour for a phase as on the
Panoramica page), every mark labelled with its value, Italian number separators. On the
board every cell carries the phase in words and the flat's number: colour is never the
only carrier, so the shared screen reads the same in black and white.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from tavolo import i18n, schema
from tavolo.charts import FONT, OKABE_ITO
from tavolo.programmes import PHASES, Forecast, Money, StartComparison, fmt_month, months_text

# The phase colours of tavolo.charts.programme_phases (same index in the palette).
PHASE_COLOURS = {phase: OKABE_ITO[i % len(OKABE_ITO)] for i, phase in enumerate(PHASES)}
PLANNED, ACTUAL, LATE, FORECAST, GRID = "#0072B2", "#009E73", "#D55E00", "#E69F00", "#DDDDDD"


def text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (WCAG relative luminance)."""
    rgb = [int(fill.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "#000000" if luminance > 0.179 else "#FFFFFF"


def _separators(lang: str) -> str:
    return i18n.separators(lang)


def _layout(fig: go.Figure, title: str, height: int, large: bool = False) -> go.Figure:
    size = 20 if large else 14
    fig.update_layout(title={"text": title, "x": 0, "font": {"size": size + 4}}, height=height,
                      font={"family": FONT, "size": size, "color": "#1A1A1A"},
                      margin={"l": 10, "r": 10, "t": 60, "b": 10},
                      legend={"orientation": "h", "y": -0.12, "x": 0, "yanchor": "top"},
                      plot_bgcolor="#FFFFFF", paper_bgcolor="#FFFFFF", separators=_separators(""))
    return fig


def phase_label(phase: str, lang: str) -> str:
    return schema.label(schema.PHASE, phase, lang)


# --- progress -----------------------------------------------------------------------------

def phase_bar(counts: pd.DataFrame, name: str, lang: str = "it", large: bool = False) -> go.Figure:
    """The flats by phase as one bar, each segment written with its count; the legend
    names each phase with its count."""
    fig = go.Figure()
    total = int(counts["count"].sum())
    for row in counts.itertuples(index=False):
        if not row.count:
            continue
        colour = PHASE_COLOURS[row.phase]
        fig.add_bar(
            y=[""], x=[row.count], orientation="h",
            name=f"{phase_label(row.phase, lang)}: {i18n.fmt_int(row.count, lang)}",
            marker={"color": colour, "line": {"color": "#FFFFFF", "width": 2}},
            text=[i18n.fmt_int(row.count, lang)], textposition="inside", insidetextanchor="middle",
            textfont={"color": text_colour(colour), "size": 22 if large else 16},
            hovertemplate=f"{phase_label(row.phase, lang)}: %{{x}} {i18n.t('flats', lang)} "
                          f"({i18n.fmt_pct(row.share, lang, 0)})<extra></extra>")
    _layout(fig, f"{i18n.fmt_int(total, lang)} {i18n.t('prog_by_phase', lang)}",
            250 if large else 210, large)
    fig.update_layout(barmode="stack", separators=_separators(lang), showlegend=True,
                      legend={"traceorder": "normal", "y": -0.25},
                      uniformtext={"minsize": 12, "mode": "show"})
    fig.update_xaxes(title=None, range=[0, max(total, 1)], showgrid=True, gridcolor=GRID)
    fig.update_yaxes(showticklabels=False)
    return fig


def _floor_label(floor: int, lang: str) -> str:
    return i18n.t("prog_ground_floor", lang) if floor == 0 else \
        i18n.t("prog_floor_n", lang).format(n=floor)


def board(cells: pd.DataFrame, lang: str = "it", large: bool = False,
          height: int | None = None) -> go.Figure:
    """One cell per flat, grouped by building (one panel each), staircase (side by side)
    and floor (ground floor at the bottom, as on the facade). Each cell is coloured by
    phase and written with the phase's short name and the flat's number.

    ``height`` (px) fits the board to a screen (the meeting mode's 680): pass it here
    rather than changing the figure's height afterwards, so that the gaps between the
    buildings, in pixels, leave room for their titles."""
    buildings = list(dict.fromkeys(cells["building_id"])) if not cells.empty else []
    floors_of = {b: sorted(cells.loc[cells["building_id"] == b, "floor"].unique()) for b in buildings}
    heights = [max(len(floors_of[b]), 1) + 0.6 for b in buildings] or [1]
    titles = []
    for b in buildings:
        mine = cells[cells["building_id"] == b]
        titles.append(f"<b>{mine['building_name'].iloc[0]}</b> · {i18n.fmt_int(len(mine), lang)} "
                      f"{i18n.t('flats', lang)}")
    per_floor = 62 if large else 48
    natural = int(sum(heights) * per_floor + 110 * len(buildings) + 120)
    height = int(height or natural)
    gap_px = 95 if large else 80  # between panels: the next building's title and staircases
    fig = make_subplots(rows=max(len(buildings), 1), cols=1, row_heights=heights,
                        vertical_spacing=min(gap_px / height, 0.3) if len(buildings) > 1 else 0.02,
                        subplot_titles=titles or [""])
    cell_font = 15 if large else 11
    for index, b in enumerate(buildings, start=1):
        mine = cells[cells["building_id"] == b]
        offsets, ticks, ticktext, x = {}, [], [], 0.0
        for stair in sorted(mine["staircase"].unique()):
            width = int(mine.loc[mine["staircase"] == stair, "slot"].max()) + 1
            offsets[stair] = x
            ticks.append(x + width / 2 - 0.5)
            ticktext.append(i18n.t("prog_staircase_n", lang).format(s=stair))
            x += width + 0.5  # a gap between staircases
        cx = mine["staircase"].map(offsets) + mine["slot"]
        cy = mine["floor"].astype(float)
        for phase in PHASES:
            sel = mine["phase"] == phase
            if not sel.any():
                continue
            xs, ys = [], []
            for x0, y0 in zip(cx[sel], cy[sel]):
                xs += [x0 - 0.46, x0 + 0.46, x0 + 0.46, x0 - 0.46, x0 - 0.46, None]
                ys += [y0 - 0.44, y0 - 0.44, y0 + 0.44, y0 + 0.44, y0 - 0.44, None]
            fig.add_scatter(x=xs, y=ys, mode="lines", fill="toself", row=index, col=1,
                            fillcolor=PHASE_COLOURS[phase], line={"color": "#555555", "width": 1},
                            legendgroup=phase, showlegend=False, hoverinfo="skip")
            colour = text_colour(PHASE_COLOURS[phase])
            short = i18n.t(f"prog_short_{phase}", lang)
            since = [i18n.fmt_date(d, lang) for d in mine.loc[sel, "phase_since"]]
            fig.add_scatter(x=cx[sel], y=cy[sel], mode="text", row=index, col=1,
                            text=[f"<b>{short}</b><br>{num}" for num in mine.loc[sel, "number"]],
                            textfont={"color": colour, "size": cell_font}, showlegend=False,
                            legendgroup=phase, customdata=list(zip(mine.loc[sel, "flat_id"], since)),
                            hovertemplate="%{customdata[0]}: " + phase_label(phase, lang)
                                          + " " + i18n.t("prog_since", lang)
                                          + " %{customdata[1]}<extra></extra>")
        floors = floors_of[b]
        fig.update_xaxes(row=index, col=1, tickvals=ticks, ticktext=ticktext, showgrid=False,
                         zeroline=False, range=[-0.6, x - 0.5 + 0.1], side="top",
                         tickfont={"size": 16 if large else 13})
        fig.update_yaxes(row=index, col=1, tickvals=floors,
                         ticktext=[_floor_label(int(f), lang) for f in floors], showgrid=False,
                         zeroline=False, range=[min(floors) - 0.55, max(floors) + 0.55],
                         tickfont={"size": 16 if large else 13})
    for phase in PHASES:  # the legend: a square per phase present, in order, with its count
        total = int((cells["phase"] == phase).sum()) if not cells.empty else 0
        if total:
            fig.add_scatter(x=[None], y=[None], mode="markers", row=1, col=1, legendgroup=phase,
                            marker={"symbol": "square", "size": 18, "color": PHASE_COLOURS[phase],
                                    "line": {"color": "#555555", "width": 1}},
                            name=f"{phase_label(phase, lang)}: {i18n.fmt_int(total, lang)}")
    _layout(fig, "", height, large)
    # fixed left margin: the floor names must never be clipped, whatever the theme
    fig.update_layout(title=None, margin={"l": 130 if large else 100, "r": 10, "t": 70, "b": 10},
                      legend={"orientation": "h", "y": -0.02, "yanchor": "top", "x": 0,
                              "xanchor": "left", "font": {"size": 18 if large else 14}},
                      hoverlabel={"font": {"size": 14}})
    for ann in fig.layout.annotations:  # the building titles, left-aligned above the panel
        ann.update(font={"size": 20 if large else 16}, x=0, xanchor="left", yshift=30)
    return fig


# --- time ---------------------------------------------------------------------------------

# Pixel gaps of the labels written after a mark: a label starts past the mark's edge (a
# circle of 14 px, a 16 px bar's end, the as-of line), so its first character (the "+" of
# a delay) is never drawn under the mark.
LABEL_GAP = 6
ACTUAL_MARKER, PLANNED_MARKER = 14, 16  # px; a diamond reaches 0.65 of its size either side


def _end_label(fig: go.Figure, x, y, text: str, past_px: float, large: bool = False) -> None:
    """``text`` written to the right of the point (x, y), starting ``past_px`` + LABEL_GAP
    pixels after it."""
    fig.add_annotation(x=x, y=y, text=text, showarrow=False, xanchor="left", yanchor="middle",
                       xshift=past_px + LABEL_GAP, font={"size": 20 if large else 14},
                       name="end_label")


def gantt(delays: pd.DataFrame, start: StartComparison, forecast: Forecast, lang: str = "it",
          today: dt.date | None = None, large: bool = False) -> go.Figure:
    """Planned against actual: the works (planned window against the actual start and the
    forecast end) and each milestone (planned date, actual date, the delay between them,
    written in months). ``today`` is the data's as-of date (``programmes.as_of``): overdue
    milestones and the forecast count to it; the figure never reads the wall clock."""
    if today is None:
        today = forecast.last_handover or start.actual or start.planned or dt.date(2000, 1, 1)
    fig = go.Figure()
    rows = []  # top to bottom
    works_planned = i18n.t("prog_gantt_works_planned", lang)
    works_actual = i18n.t("prog_gantt_works_actual", lang)
    legend_done = set()

    def once(key):
        shown = key not in legend_done
        legend_done.add(key)
        return shown

    if start.planned is not None and forecast.planned_end is not None:
        rows += [works_planned, works_actual]
        fig.add_scatter(x=[start.planned, forecast.planned_end], y=[works_planned] * 2,
                        mode="lines", line={"color": PLANNED, "width": 16},
                        name=i18n.t("prog_planned", lang),
                        legendgroup="planned", showlegend=once("planned"),
                        hovertemplate="%{x|%d/%m/%Y}<extra></extra>")
        _end_label(fig, forecast.planned_end, works_planned, i18n.fmt_date(forecast.planned_end, lang), 0, large)
        begun = start.actual or start.planned
        done_to = forecast.end if forecast.status == "complete" else today
        fig.add_scatter(x=[begun, done_to], y=[works_actual] * 2, mode="lines",
                        line={"color": ACTUAL, "width": 16}, name=i18n.t("prog_actual", lang),
                        legendgroup="actual", showlegend=once("actual"),
                        hovertemplate="%{x|%d/%m/%Y}<extra></extra>")
        if forecast.status == "forecast":
            fig.add_scatter(x=[today, forecast.end], y=[works_actual] * 2, mode="lines",
                            line={"color": FORECAST, "width": 16, "dash": "dot"},
                            name=i18n.t("prog_forecast_word", lang),
                            hovertemplate="%{x|%d/%m/%Y}<extra></extra>")
            # after the bar's end, on its row, on two lines (it fits the page's narrow column):
            # clear of the as-of line the bar starts from
            _end_label(fig, forecast.end, works_actual,
                       i18n.t("prog_forecast_word", lang) + "<br>" + fmt_month(forecast.end, lang), 0, large)
    for row in delays.itertuples(index=False):
        label = "<br>".join(textwrap.wrap(str(row.name), 26)) or "–"
        rows.append(label)
        planned = row.planned_date
        reached = pd.notna(row.actual_date)
        end = row.actual_date if reached else pd.Timestamp(today)
        delay = row.delay_months
        if pd.notna(delay) and delay > 0.05:
            fig.add_scatter(x=[planned, end], y=[label, label], mode="lines",
                            line={"color": LATE, "width": 6, "dash": "solid" if reached else "dot"},
                            name=i18n.t("prog_delay", lang),
                            legendgroup="delay", showlegend=once("delay"), hoverinfo="skip")
            # past the actual date's circle (or the as-of line an overdue delay runs to)
            _end_label(fig, end, label, "+" + months_text(round(delay), lang).split(" (")[0],
                       PLANNED_MARKER * 0.65 if reached else 1, large)
        fig.add_scatter(x=[planned], y=[label], mode="markers",
                        marker={"symbol": "diamond-open", "size": PLANNED_MARKER, "color": PLANNED,
                                "line": {"width": 3}},
                        name=i18n.t("prog_planned_date", lang), legendgroup="planned_m",
                        showlegend=once("planned_m"),
                        hovertemplate=i18n.t("prog_planned_date", lang) + " %{x|%d/%m/%Y}<extra></extra>")
        if reached:
            fig.add_scatter(x=[row.actual_date], y=[label], mode="markers",
                            marker={"symbol": "circle", "size": ACTUAL_MARKER, "color": ACTUAL},
                            name=i18n.t("prog_actual_date", lang), legendgroup="actual_m",
                            showlegend=once("actual_m"),
                            hovertemplate=i18n.t("prog_actual_date", lang)
                                          + " %{x|%d/%m/%Y}<extra></extra>")
    fig.add_vline(x=pd.Timestamp(today).value / 1e6, line={"color": "#555555", "width": 1, "dash": "dash"})
    fig.add_annotation(x=pd.Timestamp(today), y=1, yref="paper",
                       text=i18n.t("prog_as_of_line", lang).format(date=i18n.fmt_date(today, lang)),
                       showarrow=False, yanchor="bottom", font={"size": 12})
    _layout(fig, i18n.t("prog_gantt_title", lang), 120 + 48 * max(len(rows), 1), large)
    fig.update_layout(separators=_separators(lang), legend={"y": -0.08})
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(rows)), automargin=True)
    fig.update_xaxes(type="date", showgrid=True, gridcolor=GRID, tickformat="%Y")
    # room on the right for the labels written after the last date
    xs = [pd.Timestamp(d) for d in [forecast.end, today, forecast.planned_end] if d is not None]
    firsts = [pd.Timestamp(d) for d in [start.planned, *delays["planned_date"].dropna()] if d is not None]
    if xs and firsts:
        lo, hi = min(firsts), max(xs)
        # a first marker clear of the axis; room after the last date for its label
        fig.update_xaxes(range=[lo - max(pd.Timedelta(days=180), (hi - lo) * 0.04), hi + (hi - lo) * 0.35])
    return fig


# --- money --------------------------------------------------------------------------------

MONEY_KINDS = ("grant", "committed", "spent")
_MONEY_COLOURS = {"grant": ["#0072B2", "#56B4E9", "#CC79A7", "#000000"], "committed": ["#E69F00"],
                  "spent": ["#009E73"]}


def money_chart(cash: Money, lang: str = "it", large: bool = False) -> go.Figure:
    """Funding (one segment per act, so a top-up shows), committed and spent, each bar
    written with its total and each segment with its amount."""
    fig = go.Figure()
    kind_labels = {k: schema.label(schema.TABLES["funding_acts"].column("kind").values, k, lang)
                   for k in MONEY_KINDS}
    rows = [kind_labels[k] for k in MONEY_KINDS]
    for kind in MONEY_KINDS:
        acts = cash.acts[cash.acts["kind"] == kind]
        for i, act in enumerate(acts.itertuples(index=False)):
            colours = _MONEY_COLOURS[kind]
            colour = colours[i % len(colours)]
            fig.add_bar(y=[kind_labels[kind]], x=[act.amount_eur], orientation="h",
                        name=f"{act.act} ({i18n.fmt_date(act.date, lang)})",
                        marker={"color": colour, "line": {"color": "#FFFFFF", "width": 2}},
                        text=[i18n.fmt_eur(act.amount_eur, lang)], textposition="inside",
                        insidetextanchor="middle", textfont={"color": text_colour(colour)},
                        hovertemplate=f"{act.act}: %{{x:,.0f}} €<extra></extra>")
    totals = {"grant": cash.funding, "committed": cash.committed, "spent": cash.spent}
    for kind in MONEY_KINDS:
        share = "" if kind == "grant" or not cash.funding else \
            f" ({i18n.fmt_pct(totals[kind] / cash.funding, lang, 0)})"
        fig.add_annotation(x=totals[kind], y=kind_labels[kind], xanchor="left", showarrow=False,
                           text=f"<b>{i18n.fmt_eur(totals[kind], lang)}</b>{share}", xshift=6)
    title = i18n.t("prog_money_title", lang)
    if cash.cost_per_flat is not None:
        title += " · " + i18n.t("prog_cost_per_funded_short", lang).format(
            n=i18n.fmt_int(cash.funded_flats, lang)) + " " + i18n.fmt_eur(cash.cost_per_flat, lang)
    _layout(fig, title, 330 if not large else 400, large)
    top = max(totals.values()) or 1
    fig.update_layout(barmode="stack", separators=_separators(lang),
                      legend={"y": -0.18, "traceorder": "normal"})
    fig.update_xaxes(range=[0, top * 1.3], showgrid=True, gridcolor=GRID, tickformat=",.0f",
                     ticksuffix=i18n.pick(lang, " €", ""), tickprefix=i18n.pick(lang, "", "€"))
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(rows)))
    return fig


# --- allocation ---------------------------------------------------------------------------

def allocation_chart(table: pd.DataFrame, lang: str = "it", large: bool = False) -> go.Figure:
    """Proposed against approved flats per quota, side by side, each bar written."""
    fig = go.Figure()
    labels = [schema.label(schema.QUOTA, q, lang) for q in table["quota"]]
    # a horizontal group draws its first trace at the bottom: approved under proposed
    for column, colour, key in (("flats_approved", "#0072B2", "prog_approved"),
                                ("flats_proposed", "#56B4E9", "prog_proposed")):
        values = [None if pd.isna(v) else int(v) for v in table[column]]
        fig.add_bar(y=labels, x=[v or 0 for v in values], orientation="h",
                    name=i18n.t(key, lang), marker={"color": colour},
                    text=[i18n.fmt_int(v, lang) if v is not None else i18n.t("prog_not_decided", lang)
                          for v in values], textposition="outside",
                    hovertemplate="%{y}: %{x}<extra>" + i18n.t(key, lang) + "</extra>")
    _layout(fig, i18n.t("prog_allocation_title", lang), 120 + 56 * max(len(labels), 1), large)
    top = max([int(v) for v in table[["flats_proposed", "flats_approved"]].stack().dropna()] or [1])
    fig.update_layout(barmode="group", separators=_separators(lang),
                      legend={"y": -0.1, "traceorder": "reversed"})
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)), automargin=True)
    fig.update_xaxes(range=[0, top * 1.35], title=i18n.t("flats", lang), showgrid=True, gridcolor=GRID)
    return fig


# --- the page's first lines -----------------------------------------------------------------

def next_milestone(delays: pd.DataFrame) -> pd.Series | None:
    """The first milestone not reached yet, by planned date (overdue or upcoming); None
    when every milestone is reached. ``delays``: ``programmes.milestone_delays``."""
    if delays.empty:
        return None
    waiting = delays[~delays["actual_date"].notna()]
    if waiting.empty:
        return None
    return waiting.sort_values("planned_date", na_position="last").iloc[0]


def next_milestone_text(delays: pd.DataFrame, lang: str = "it") -> str:
    """'Prossima tappa: Fine lavori (promessa), prevista il 31/12/2019: in ritardo di 83 mesi'
    (the delay counted to the data's as-of date, as ``milestone_delays`` does)."""
    row = next_milestone(delays)
    if row is None:
        return i18n.t("prog_next_none", lang)
    text = i18n.t("prog_next", lang).format(name=row["name"], date=i18n.fmt_date(row["planned_date"], lang))
    if row["state"] == "overdue" and pd.notna(row["delay_months"]):
        text += " " + i18n.t("prog_next_overdue", lang).format(delay=months_text(row["delay_months"], lang))
    return text
