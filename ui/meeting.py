"""Meeting mode (modalità riunione): the shared screen of the table's meetings.

A sequence of screens (the ``meeting_sequence`` setting, see tavolo.meeting; the screens
are registered in tavolo.meeting_screens), one message
each, in large type (ui.common.MEETING_CSS hides the sidebar and Streamlit's chrome).
Moving: the arrow keys and PageUp/PageDown (a presenter's clicker), Home/End, through
Streamlit's own button shortcuts (no script in the page); Esc leaves. An optional timed
advance reruns the app every N seconds through a fragment. The position is in the URL
(``?riunione=1&schermata=2``).
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable

import streamlit as st

from tavolo import actions as act, calendar as cal, charts_demand, charts_programmes, demand, i18n
from tavolo import meeting, meeting_screens, programmes, schema, settings, summary
from ui import cache
from ui.common import MEETING_KEY, escape, lang, t

INDEX_KEY = "mtg_index"
SHOWN_KEY = "mtg_shown_at"
ADVANCE_KEY = "mtg_advance"
SHOWN_ACTIONS = 6  # what fits one 1080p screen at 36 px


def _sequence() -> list[str]:
    try:
        return meeting.sequence()
    except settings.SettingError as err:
        st.warning(err.message(lang()))
        return list(meeting.DEFAULT_SEQUENCE)


def _go(index: int) -> None:
    # The URL follows in run(): a query parameter set in a callback did not always reach
    # the browser's address bar (seen with Streamlit 1.67: one step behind).
    st.session_state[INDEX_KEY] = index
    st.session_state[SHOWN_KEY] = time.monotonic()


def _move(delta: int, count: int, wrap: bool = False) -> None:
    _go(meeting.step(st.session_state.get(INDEX_KEY, 0), delta, count, wrap))


def _leave() -> None:
    st.session_state[MEETING_KEY] = False
    for name in ("riunione", "schermata", "avanza"):
        if name in st.query_params:
            del st.query_params[name]


def _big_figure(fig, height: int = 600):
    """The figure with type for the projector (ticks, labels and values at 22-28 px)."""
    fig = fig.__class__(fig)  # a copy: the builders' figures may be cached
    fig.update_layout(font={"size": 24, "color": "#000000"}, height=height,
                      legend={"font": {"size": 24}}, title={"font": {"size": 30}},
                      margin={"l": 30, "r": 20, "t": 80, "b": 20})
    fig.update_traces(textfont={"size": 26}, selector={"type": "bar"})
    fig.update_xaxes(tickfont={"size": 22, "color": "#000000"}, title_font={"size": 22, "color": "#000000"})
    fig.update_yaxes(tickfont={"size": 22, "color": "#000000"}, title_font={"size": 22, "color": "#000000"},
                     title_standoff=16, automargin=True)
    return fig


def _chart(fig, key: str, L: str) -> None:
    """A figure as drawn by its builder (no Streamlit theme over its fonts), no toolbar,
    as tall as the window leaves under the screen's text (the body, MEETING_CSS)."""
    with st.container(key="mtg_body"):
        st.plotly_chart(fig, width="stretch", height="stretch", key=key, theme=None,
                        config={"displayModeBar": False, "locale": L, "responsive": True})


def _headline(text: str) -> None:
    st.markdown(f"<div class='mtg-screen'><h1>{escape(text)}</h1></div>", unsafe_allow_html=True)


def _placeholder(name: str, L: str) -> None:
    _headline(meeting.title(name, L))
    st.markdown(f"<div class='mtg-screen'>{escape(t('mtg_not_available'))}</div>", unsafe_allow_html=True)


def _cards(items: list[tuple[str, str, str]]) -> None:
    """Big figures as cards: value, label and a short note, written (never colour alone)."""
    cards = "".join(f"<div class='mtg-card'><div class='mtg-value'>{escape(value)}</div>"
                    f"<div class='mtg-label'><b>{escape(label)}</b><br>{escape(note)}</div></div>"
                    for value, label, note in items)
    st.markdown(f"<div class='mtg-cards'>{cards}</div>", unsafe_allow_html=True)


def screen_overview(L: str) -> None:
    s = cache.overview()
    ratio = i18n.fmt_num(s.applications_per_assignable, L, 1)
    _headline(t("mtg_overview_message").format(waiting=i18n.fmt_int(s.applications_waiting, L),
                                                assignable=i18n.fmt_int(s.assignable, L), ratio=ratio))
    names = summary.owner_names(cache.frames())  # 'Comune di Legnano', not 'COMUNE'
    owners = " · ".join(f"{names.get(o, o)} {i18n.fmt_int(n, L)}" for o, n in s.flats_by_owner.items())
    _cards([(i18n.fmt_int(s.flats_total, L), t("flats_total"), owners),
            (i18n.fmt_pct(s.vacancy_rate, L), t("vacancy_rate"), f"{i18n.fmt_int(s.vacant, L)} {t('flats')}"),
            (i18n.fmt_int(s.applications_waiting, L), t("applications_waiting"),
             f"{t('call')}: {s.applications_call or '–'}"),
            (ratio, t("applications_per_assignable"), f"{i18n.fmt_int(s.assignable, L)} {t('assignable_now')}")])
    nxt = s.next_meeting
    when = (f"{t('next_meeting')}: {i18n.fmt_date_long(nxt['date'], L)} · {nxt['theme']}"
            if nxt else f"{t('next_meeting')}: {t('none_planned')}")
    st.markdown(f"<div class='mtg-screen'><p><b>{escape(when)}</b></p></div>", unsafe_allow_html=True)


def screen_map(L: str) -> None:
    _headline(t("mtg_map_message"))
    st.image(cache.meeting_map_png(L), width="stretch")


def screen_demand(L: str) -> None:
    frames = cache.frames()
    comune = demand.default_comune(frames)
    flats, waiting = demand.flats(frames, comune), demand.waiting(frames, comune)
    match = demand.matching_by_size(waiting, flats)
    short = match.loc[match["balance"] < 0, "label"].tolist()
    _headline(t("mtg_demand_message").format(
        waiting=i18n.fmt_int(len(waiting), L),
        assignable=i18n.fmt_int(int(demand.assignable(flats).sum()), L)))
    if short:
        st.markdown(f"<div class='mtg-screen'><p>{escape(t('mtg_demand_short').format(sizes=', '.join(short)))}"
                    "</p></div>", unsafe_allow_html=True)
    _chart(_big_figure(charts_demand.matching(match, L), 560), "mtg_demand_chart", L)


def screen_board(L: str) -> None:
    frames = cache.frames()
    ids = programmes.programme_ids(frames)
    pid = "carlo_porta" if "carlo_porta" in ids else (ids[0] if ids else None)
    if pid is None:
        _placeholder("board", L)
        return
    cells = programmes.board_cells(frames, pid)
    done = int((cells["phase"] == "handed_over").sum()) if len(cells) else 0
    name = programmes.programme(frames, pid)["name"]
    _headline(t("mtg_board_message").format(name=name, done=i18n.fmt_int(done, L),
                                             total=i18n.fmt_int(len(cells), L)))
    fig = charts_programmes.board(cells, L, large=True, height=680)
    _chart(fig, "mtg_board_chart", L)


def screen_actions(L: str) -> None:
    frames = cache.frames()
    opened = act.open_actions(frames["actions"])
    late = int(opened["overdue"].sum())
    _headline(t("mtg_actions_message").format(n=len(opened), late=late))
    rows = []
    for row in opened.head(SHOWN_ACTIONS).itertuples(index=False):
        mark = (f"<span class='mtg-late'>⚠ {escape(t('tav_overdue_word'))} · </span>"
                if bool(row.overdue) else "")
        rows.append(f"<li>{mark}<b>{escape(row.owner)}</b> · {escape(row.description)} · "
                    f"{escape(t('tav_due'))} {i18n.fmt_date(row.due_date, L)}</li>")
    if not rows:
        rows.append(f"<li>{escape(t('tav_no_open'))}</li>")
    more = len(opened) - SHOWN_ACTIONS
    extra = f"<p>{escape(t('mtg_more').format(n=more))}</p>" if more > 0 else ""
    st.markdown(f"<div class='mtg-screen'><ul>{''.join(rows)}</ul>{extra}</div>", unsafe_allow_html=True)


def screen_calendar(L: str) -> None:
    view = cal.meetings_view(cache.frames())
    nxt = cal.upcoming(view, n=3)
    _headline(meeting.title("calendar", L))
    items = []
    for row in nxt.itertuples(index=False):
        theme = row.theme or schema.label(cal.STATUS_LABELS, row.status, L)
        sectors = cal.sector_labels(row.sectors, L)
        items.append(f"<li><b>{i18n.fmt_date_long(row.date, L)}</b> · {escape(theme)}"
                     + (f"<br><small>{escape(sectors)}</small>" if sectors else "") + "</li>")
    st.markdown(f"<div class='mtg-screen'><ul>{''.join(items)}</ul></div>", unsafe_allow_html=True)


def renderer(name: str) -> Callable[[str], None]:
    """The function drawing screen ``name``, as registered in tavolo.meeting_screens."""
    module, function = meeting_screens.BY_NAME[name].renderer.split(":")
    return getattr(importlib.import_module(module), function)


def _controls(index: int, count: int, L: str) -> None:
    """Previous / position / next / timed advance / leave, and one hidden button per other
    key of ``meeting.KEYS`` (a button has one shortcut): Streamlit's own shortcuts, so no
    script is injected in the page."""
    c_prev, c_pos, c_next, c_auto, c_exit = st.columns([2, 2, 2, 3, 2], vertical_alignment="center")
    # the selectbox's label is read by screen readers, not drawn: one row of controls
    c_prev.button(t("mtg_prev"), key="mtg_prev", shortcut="Left", on_click=_move, args=(-1, count),
                  disabled=index == 0, width="stretch")
    c_pos.markdown(f"<div class='mtg-footer' style='text-align:center'><b>{index + 1} / {count}</b></div>",
                   unsafe_allow_html=True)
    c_next.button(t("mtg_next"), key="mtg_next", shortcut="Right", on_click=_move, args=(1, count),
                  disabled=index == count - 1, width="stretch")
    c_auto.selectbox(t("mtg_advance"), meeting.ADVANCE_CHOICES, key=ADVANCE_KEY, label_visibility="collapsed",
                     format_func=lambda s: t("mtg_advance_off") if not s else t("mtg_advance_every").format(s=s))
    c_exit.button(t("mtg_exit"), key="mtg_exit", shortcut=meeting.EXIT_KEY, on_click=_leave, width="stretch")
    with st.container(key="mtg_hidden_keys"):  # display: none in MEETING_CSS
        for key, delta in meeting.KEYS.items():
            if key not in ("Left", "Right"):
                st.button(key, key=f"mtg_key_{key}", shortcut=key, on_click=_move, args=(delta, count))
        for key, where in meeting.JUMP_KEYS.items():
            st.button(key, key=f"mtg_key_{key}", shortcut=key, on_click=_go,
                      args=(0 if where == "first" else count - 1,))


def _ticker(count: int) -> None:
    seconds = st.session_state.get(ADVANCE_KEY, 0)
    if not seconds:
        return

    def tick() -> None:
        shown = st.session_state.get(SHOWN_KEY, time.monotonic())
        if time.monotonic() - shown >= seconds - 0.5:
            _move(1, count, wrap=True)
            st.rerun(scope="app")

    st.fragment(tick, run_every=seconds)()


def run() -> None:
    """Draw the current screen of the sequence and the controls."""
    L = lang()
    sequence = _sequence()
    count = len(sequence)
    if INDEX_KEY not in st.session_state:
        st.session_state[INDEX_KEY] = meeting.position(st.query_params.get("schermata"), count)
        st.session_state[SHOWN_KEY] = time.monotonic()
    if ADVANCE_KEY not in st.session_state:
        st.session_state[ADVANCE_KEY] = meeting.advance_seconds(st.query_params.get("avanza"))
    index = min(st.session_state[INDEX_KEY], count - 1)
    st.query_params["riunione"] = "1"
    st.query_params["schermata"] = str(index + 1)
    info, demo = cache.meta()
    name = sequence[index]
    top = (f"Tavolo Casa · {index + 1} / {count} · {meeting.title(name, L)} · {t('as_of')} "
           f"{i18n.fmt_date(info.get('as_of'), L)}")
    if demo:
        top += " · " + t("demo_data").upper()
    st.markdown(f"<div class='mtg-top'>{escape(top)}</div>", unsafe_allow_html=True)
    renderer(name)(L)
    with st.container(key="mtg_controls"):  # a rule above it (MEETING_CSS), no divider's height
        _controls(index, count, L)
        st.caption(t("mtg_keys_help"))
    _ticker(count)
