"""The meeting screens, registered in one place: name, title in both languages, the
function that draws it and whether it is in the default sequence.

Plain data with no import of the app (``tavolo.settings`` reads the default sequence from
here, ``tavolo.meeting`` validates a sequence against it, ``ui/meeting.py`` draws a screen
by resolving its renderer). Adding a screen is one entry here plus its renderer, a
function ``(lang) -> None`` in a module of ``ui/`` that fits one 1280x720 screen:

    Screen("ambito", ("L'ambito in cifre", "The district at a glance"), "ui.ambito:screen_meeting")

    >>> [s.name for s in SCREENS if s.default]
    ['overview', 'map', 'demand', 'board', 'actions']
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Screen:
    name: str  # the name a sequence (setting ``meeting_sequence``) uses
    titles: tuple[str, str]  # (Italian, English)
    renderer: str  # "module:function" under ui/, called with the language
    default: bool = False  # in the default sequence, in registry order


SCREENS: tuple[Screen, ...] = (
    Screen("overview", ("Il quadro in cifre", "The figures at a glance"), "ui.meeting:screen_overview", True),
    Screen("map", ("Dove sono gli alloggi", "Where the flats are"), "ui.meeting:screen_map", True),
    Screen("demand", ("Domanda e offerta", "Demand and supply"), "ui.meeting:screen_demand", True),
    Screen("board", ("Via Carlo Porta: i 111 alloggi", "Via Carlo Porta: the 111 flats"),
           "ui.meeting:screen_board", True),
    Screen("actions", ("Azioni aperte del tavolo", "Open actions of the table"), "ui.meeting:screen_actions", True),
    Screen("calendar", ("Prossime riunioni", "Next meetings"), "ui.meeting:screen_calendar"),
    Screen("priorities", ("Priorità di manutenzione straordinaria", "Extraordinary-maintenance priorities"),
           "ui.gestione_meeting:screen_priorities"),
    Screen("reports", ("Numero verde 840.02.12.12", "24-hour line 840.02.12.12"),
           "ui.gestione_meeting:screen_reports"),
)
BY_NAME: dict[str, Screen] = {s.name: s for s in SCREENS}
NAMES: list[str] = [s.name for s in SCREENS]
DEFAULT_SEQUENCE: list[str] = [s.name for s in SCREENS if s.default]
