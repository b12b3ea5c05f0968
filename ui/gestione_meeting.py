"""Meeting-mode screens of the Gestione page: the priority list of extraordinary
maintenance and the 24-hour line (registered in tavolo/meeting_screens.py). They draw the
cached tab views (``ui.cache.gestione_view``, built by tavolo.gestione_views with
``large=True``, counted from the data's as-of date): a rerun computes nothing."""

from __future__ import annotations

from tavolo import demand
from ui import cache


def _view(tab: str, L: str):
    return cache.gestione_view(tab, demand.as_of_date(cache.meta()[0]), L, True)


def _screen(tab: str, key: str, L: str) -> None:
    from ui import meeting as m  # the meeting screen's helpers (imported late: it imports this module)

    v = _view(tab, L)
    m._headline(v.data["meeting"]["headline"])
    m._cards(v.data["meeting"]["cards"])
    m._chart(m._big_figure(v.charts["meeting"], 420), key, L)


def screen_priorities(L: str) -> None:
    _screen("priorities", "mtg_prio_chart", L)


def screen_reports(L: str) -> None:
    _screen("reports", "mtg_reports_chart", L)
