"""Meeting mode's sequence of screens, as plain data (ui/meeting.py draws them).

The sequence is the ``meeting_sequence`` setting: a list of screen names registered in
``tavolo.meeting_screens``, shown in that order. The presenter moves with the arrow and page keys (a clicker sends
PageUp/PageDown) or lets the screens advance by themselves every N seconds. The position
travels in the URL (``?riunione=1&schermata=2``, 1-based) so that a reload, or a second
screen opened on the same link, shows the same screen.

    >>> step(0, +1, 5), step(4, +1, 5), step(4, +1, 5, wrap=True), step(0, -1, 5)
    (1, 4, 0, 0)
"""

from __future__ import annotations

from tavolo import i18n, meeting_screens, settings

# The screens (titles, renderers, default sequence) are registered in tavolo.meeting_screens.
SCREENS = meeting_screens.BY_NAME
DEFAULT_SEQUENCE = meeting_screens.DEFAULT_SEQUENCE
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
    return i18n.pick(lang, *SCREENS[screen].titles)


def advance_seconds(param: object) -> int:
    """The timed advance from the ``avanza`` query parameter: one of ADVANCE_CHOICES."""
    try:
        value = int(str(param))
    except (TypeError, ValueError):
        return 0
    return value if value in ADVANCE_CHOICES else 0
