"""Meeting mode's sequence of screens, as plain data (ui/meeting.py draws them).

The sequence is the ``meeting_sequence`` setting: a list of screen names among SCREENS,
shown in that order. The presenter moves with the arrow and page keys (a clicker sends
PageUp/PageDown) or lets the screens advance by themselves every N seconds. The position
travels in the URL (``?riunione=1&schermata=2``, 1-based) so that a reload, or a second
screen opened on the same link, shows the same screen.

    >>> step(0, +1, 5), step(4, +1, 5), step(4, +1, 5, wrap=True), step(0, -1, 5)
    (1, 4, 0, 0)
"""

from __future__ import annotations

from tavolo import settings

# screen name -> (Italian title, English title)
SCREENS: dict[str, tuple[str, str]] = {
    "overview": ("Il quadro in cifre", "The figures at a glance"),
    "map": ("Dove sono gli alloggi", "Where the flats are"),
    "demand": ("Domanda e offerta", "Demand and supply"),
    "board": ("Via Carlo Porta: i 111 alloggi", "Via Carlo Porta: the 111 flats"),
    "actions": ("Azioni aperte del tavolo", "Open actions of the table"),
    "calendar": ("Prossime riunioni", "Next meetings"),
    "priorities": ("Priorità di manutenzione straordinaria", "Extraordinary-maintenance priorities"),
    "reports": ("Numero verde 840.02.12.12", "24-hour line 840.02.12.12"),
    # the Ambito page's screen (renderer ui.ambito:screen_meeting); with the registry of
    # tavolo/meeting_screens.py: Screen("ambito", (these titles), "ui.ambito:screen_meeting")
    "ambito": ("L'ambito: i comuni a confronto", "The ambito: the comuni side by side"),
}
DEFAULT_SEQUENCE = ["overview", "map", "demand", "board", "actions"]
ADVANCE_CHOICES = (0, 15, 30, 60, 120)  # seconds; 0 = the presenter moves

# Keys a presenter's clicker or keyboard sends (Streamlit shortcut names) and the move each
# makes; ui/meeting.py gives each its button. Home/End jump to the ends, Esc leaves.
KEYS: dict[str, int] = {"Right": +1, "PageDown": +1, "Left": -1, "PageUp": -1}
JUMP_KEYS: dict[str, str] = {"Home": "first", "End": "last"}
EXIT_KEY = "Esc"


def validate(sequence: object) -> list[str]:
    """The sequence as a list of known screen names; raises ``SettingError`` (in Italian
    and English) for an empty list, an unknown screen or a repeated one."""
    def fail(rule_it: str, rule_en: str):
        raise settings.SettingError(
            f"Impostazione 'meeting_sequence': valore {sequence!r} non valido ({rule_it})",
            f"Setting 'meeting_sequence': invalid value {sequence!r} ({rule_en})")

    if isinstance(sequence, str):
        sequence = [part.strip() for part in sequence.split(",") if part.strip()]
    if not isinstance(sequence, list) or not sequence:
        fail("attesa una lista di schermate", "expected a list of screens")
    unknown = [s for s in sequence if s not in SCREENS]
    if unknown:
        fail(f"schermate sconosciute {unknown}; ammesse: {', '.join(SCREENS)}",
             f"unknown screens {unknown}; allowed: {', '.join(SCREENS)}")
    if len(set(sequence)) != len(sequence):
        fail("una schermata compare due volte", "a screen appears twice")
    return list(sequence)


def sequence() -> list[str]:
    """The configured sequence (setting ``meeting_sequence``), validated."""
    return validate(settings.get("meeting_sequence"))


def step(index: int, delta: int, count: int, wrap: bool = False) -> int:
    """The position after moving ``delta`` screens: stops at the ends, or goes round
    when ``wrap`` (the timed advance loops)."""
    if count <= 0:
        return 0
    if wrap:
        return (index + delta) % count
    return max(0, min(count - 1, index + delta))


def position(param: object, count: int) -> int:
    """The 0-based position from the 1-based ``schermata`` query parameter; anything
    invalid gives the first screen, a number past the end the last one."""
    try:
        value = int(str(param))
    except (TypeError, ValueError):
        return 0
    return max(0, min(count - 1, value - 1)) if count else 0


def title(screen: str, lang: str = "it") -> str:
    it, en = SCREENS[screen]
    return en if lang == "en" else it


def advance_seconds(param: object) -> int:
    """The timed advance from the ``avanza`` query parameter: one of ADVANCE_CHOICES."""
    try:
        value = int(str(param))
    except (TypeError, ValueError):
        return 0
    return value if value in ADVANCE_CHOICES else 0
