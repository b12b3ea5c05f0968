"""The table's meeting calendar: past and next meetings, the cadence, and the ``.ics`` file.

The meetings table holds the meetings held and planned. The cadence setting
(``meeting_cadence_days``, default 14: the article's "bimensile" read as twice a month)
continues the schedule past the last meeting in the table: such dates are *projected*
(status "projected", no id) and are shown apart from the planned ones.

    >>> cadence_dates(dt.date(2017, 10, 17), 14, dt.date(2017, 11, 20))[:3]
    [datetime.date(2017, 10, 17), datetime.date(2017, 10, 31), datetime.date(2017, 11, 14)]
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tavolo import i18n, schema, settings
from tavolo.values import is_missing

FIRST_MEETING = dt.date(2017, 10, 17)
PROJECTED = "projected"
ICS_DOMAIN = "tavolo-casa.comune.legnano"
PRODID = "-//Comune di Legnano - ALER//Tavolo Casa//IT"
COLUMNS = ["meeting_id", "date", "theme", "sectors", "status", "when", "n_decisions",
           "n_actions", "n_open_actions"]


def cadence_days() -> int:
    """Days between two meetings (the ``meeting_cadence_days`` setting)."""
    return int(settings.get("meeting_cadence_days"))


def cadence_dates(start: dt.date, cadence: int, until: dt.date) -> list[dt.date]:
    """Every ``cadence`` days from ``start`` up to ``until`` included."""
    if cadence < 1:
        raise ValueError("cadence must be at least 1 day")
    out, day = [], start
    while day <= until:
        out.append(day)
        day += dt.timedelta(days=cadence)
    return out


def _today(today: dt.date | None) -> pd.Timestamp:
    return pd.Timestamp(today or dt.date.today())


def sector_keys(value: object) -> list[str]:
    """'servizi_sociali|sicurezza' -> ['servizi_sociali', 'sicurezza']."""
    if is_missing(value):
        return []
    return [part for part in str(value).split("|") if part]


def sector_labels(value: object, lang: str = "it") -> str:
    return ", ".join(schema.label(schema.SECTORS, key, lang) for key in sector_keys(value))


def meetings_view(frames: dict[str, pd.DataFrame], today: dt.date | None = None) -> pd.DataFrame:
    """Every meeting with ``when`` ("past" or "next"), its number of decisions, actions
    and actions still open, sorted by date. A meeting is past once its day is over or
    when it was held; planned meetings from today on are next."""
    meetings = frames["meetings"]
    decisions = frames.get("decisions", pd.DataFrame(columns=["meeting_id"]))
    actions = frames.get("actions", pd.DataFrame(columns=["meeting_id", "status"]))
    now = _today(today)
    out = meetings[["meeting_id", "date", "theme", "sectors", "status"]].copy()
    out["when"] = "past"
    out.loc[(out["date"] >= now) & (out["status"] != "held"), "when"] = "next"
    n_dec = decisions.groupby("meeting_id").size()
    n_act = actions.groupby("meeting_id").size()
    n_open = actions[actions["status"] == "open"].groupby("meeting_id").size()
    for col, counts in (("n_decisions", n_dec), ("n_actions", n_act), ("n_open_actions", n_open)):
        out[col] = out["meeting_id"].map(counts).fillna(0).astype("Int64")
    return out.sort_values(["date", "meeting_id"]).reset_index(drop=True)[COLUMNS]


def past(view: pd.DataFrame, n: int | None = None) -> pd.DataFrame:
    """Past meetings, newest first."""
    out = view[view["when"] == "past"].sort_values("date", ascending=False)
    return (out if n is None else out.head(n)).reset_index(drop=True)


def upcoming(view: pd.DataFrame, n: int = 6, today: dt.date | None = None,
             cadence: int | None = None) -> pd.DataFrame:
    """The next ``n`` meetings: the planned ones (not cancelled), then dates projected by
    the cadence after the last meeting in the table (status "projected", no id)."""
    cadence = cadence or cadence_days()
    now = _today(today)
    planned = view[(view["when"] == "next") & (view["status"] != "cancelled")]
    planned = planned.sort_values("date").head(n)
    missing = n - len(planned)
    if missing <= 0:
        return planned.reset_index(drop=True)
    if len(view):
        last = view["date"].max().date()
    else:  # no meeting yet: the schedule from the first meeting
        last = FIRST_MEETING - dt.timedelta(days=cadence)
    day = last + dt.timedelta(days=cadence)
    while pd.Timestamp(day) < now:
        day += dt.timedelta(days=cadence)
    projected = []
    for _ in range(missing):
        projected.append({"meeting_id": None, "date": pd.Timestamp(day), "theme": "", "sectors": "",
                          "status": PROJECTED, "when": "next", "n_decisions": 0, "n_actions": 0,
                          "n_open_actions": 0})
        day += dt.timedelta(days=cadence)
    extra = pd.DataFrame(projected, columns=COLUMNS).astype(
        {"date": "datetime64[s]", "n_decisions": "Int64", "n_actions": "Int64", "n_open_actions": "Int64"})
    if planned.empty:
        return extra
    return pd.concat([planned, extra], ignore_index=True)


def observed_cadence(view: pd.DataFrame) -> float | None:
    """The median number of days between two meetings not cancelled (None if fewer than 2)."""
    dates = view.loc[view["status"] != "cancelled", "date"].sort_values()
    if len(dates) < 2:
        return None
    return float(dates.diff().dt.days.dropna().median())


STATUS_LABELS = dict(schema.MEETING_STATUS) | {PROJECTED: ("Da programmare (cadenza)",
                                                           "To schedule (cadence)")}


def display(view: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """The meetings as a table for the page and exports: labels in ``lang``."""
    return pd.DataFrame({
        i18n.pick(lang, "Data", "Date"): view["date"],
        i18n.pick(lang, "Tema", "Theme"): view["theme"].fillna(""),
        i18n.pick(lang, "Settori", "Sectors"): [sector_labels(v, lang) for v in view["sectors"]],
        i18n.pick(lang, "Stato", "Status"): [schema.label(STATUS_LABELS, s, lang) for s in view["status"]],
        i18n.pick(lang, "Decisioni", "Decisions"): view["n_decisions"],
        i18n.pick(lang, "Azioni aperte", "Open actions"): view["n_open_actions"],
        i18n.pick(lang, "Codice", "Id"): view["meeting_id"].fillna(""),
    })


def to_ics(view: pd.DataFrame, lang: str = "it", stamp: dt.datetime | None = None,
           meta: dict | None = None, demo: bool = False) -> bytes:
    """The meetings of ``view`` as an iCalendar file: one all-day event per meeting (the
    table records days, not hours), summary with the theme, sectors in the description.
    Projected dates get status TENTATIVE and a UID from their date. Every description
    ends with the data set's note (demo flag, source, as-of date: ``meta``), since a
    calendar shows an event on its own. Text is escaped by icalendar (RFC 5545): a
    hostile theme stays text."""
    from icalendar import Calendar, Event

    from tavolo import exports

    note = exports.provenance(meta, demo, lang)

    stamp = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Tavolo ERP Comune di Legnano - ALER")
    cal.add("x-wr-timezone", "Europe/Rome")
    cal.add("x-wr-caldesc", note)
    title = i18n.pick(lang, "Tavolo ERP", "Public-housing table")
    status_map = {"held": "CONFIRMED", "planned": "CONFIRMED", "cancelled": "CANCELLED",
                  PROJECTED: "TENTATIVE"}
    for row in view.itertuples(index=False):
        day = row.date.date()
        event = Event()
        uid = row.meeting_id if isinstance(row.meeting_id, str) and row.meeting_id else f"proj-{day.isoformat()}"
        event.add("uid", f"{uid}@{ICS_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        theme = row.theme if isinstance(row.theme, str) and row.theme else schema.label(
            STATUS_LABELS, row.status, lang)
        event.add("summary", f"{title}: {theme}")
        sectors = sector_labels(row.sectors, lang)
        lines = [f"{i18n.pick(lang, 'Settori', 'Sectors')}: {sectors}" if sectors else "",
                 f"{i18n.pick(lang, 'Stato', 'Status')}: {schema.label(STATUS_LABELS, row.status, lang)}",
                 f"{i18n.pick(lang, 'Data', 'Date')}: {i18n.fmt_date_long(day, lang)}"]
        event.add("description", "\n".join(line for line in lines if line) + "\n\n" + note)
        event.add("status", status_map.get(row.status, "CONFIRMED"))
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    return cal.to_ical()


def read_ics(data: bytes) -> list[tuple[str, dt.date, str]]:
    """(uid, day, summary) of every event in an iCalendar file, in file order."""
    from icalendar import Calendar

    cal = Calendar.from_ical(data)
    out = []
    for event in cal.walk("VEVENT"):
        start = event.decoded("dtstart")
        day = start.date() if isinstance(start, dt.datetime) else start
        out.append((str(event.get("uid")), day, str(event.get("summary"))))
    return out


def ics_view(frames: dict[str, pd.DataFrame], today: dt.date | None = None,
             projected: int = 0) -> pd.DataFrame:
    """Every meeting of the table, plus ``projected`` cadence dates after the last one."""
    view = meetings_view(frames, today)
    if projected <= 0:
        return view
    nxt = upcoming(view, n=len(view) + projected, today=today)
    extra = nxt[nxt["status"] == PROJECTED].head(projected)
    return pd.concat([view, extra], ignore_index=True)
