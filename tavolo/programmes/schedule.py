"""Time: the as-of date every figure counts from (the data's, never the wall clock),
milestone delays, the planned start against what happened, and the end forecast from
the pace achieved (a forecast, never a date anyone promised).

A month is an average calendar month (365.25 / 12 days): 2019-01-01 -> 2019-09-01 is 8.0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from tavolo.programmes.progress import flats_check, programme
from tavolo.values import is_missing

MONTH_DAYS = 365.25 / 12


# --- dates ------------------------------------------------------------------------------

def _day(value: Any) -> pd.Timestamp | None:
    if is_missing(value):
        return None
    stamp = pd.Timestamp(value)
    return None if pd.isna(stamp) else stamp.normalize()


def months_between(start: Any, end: Any) -> float | None:
    """Average months from ``start`` to ``end`` (negative when ``end`` comes first);
    None when either is missing. 2019-01-01 -> 2019-09-01: 7.98."""
    a, b = _day(start), _day(end)
    if a is None or b is None:
        return None
    return (b - a).days / MONTH_DAYS


def add_months(start: Any, months: float) -> dt.date:
    """``start`` plus ``months`` average months, as a date."""
    return (_day(start) + pd.Timedelta(days=round(months * MONTH_DAYS))).date()


def as_of(meta: dict | None, frames: dict[str, pd.DataFrame] | None = None) -> dt.date:
    """The date the programme figures count from: the data set's as-of date
    (``meta['as_of']``), moved forward to the latest event recorded in the programmes'
    tables (a phase begun, a milestone reached) when an edit recorded a later one. Opening
    the page a month later with the same data gives the same date, hence the same delays
    and forecasts.

    ``{"as_of": "2026-10-31"}`` with a flat handed over on 2026-11-20 -> 2026-11-20."""
    found = []
    value = (meta or {}).get("as_of")
    if value:
        try:
            found.append(pd.Timestamp(str(value)[:10]))
        except ValueError:
            pass
    for table, column in (("programme_flats", "phase_since"), ("milestones", "actual_date")):
        if frames and table in frames and column in frames[table]:
            latest = frames[table][column].dropna()
            if not latest.empty:
                found.append(pd.Timestamp(latest.max()))
    if not found:  # a data set with no date at all has nothing to count from
        return dt.date.today()
    return max(found).date()


# --- time -------------------------------------------------------------------------------

def milestone_delays(frames: dict[str, pd.DataFrame], programme_id: str,
                     today: dt.date) -> pd.DataFrame:
    """Each milestone with its delay in months: actual - planned when reached, ``today``
    (the data's as-of date: see ``as_of``) - planned when overdue, None when not due yet.
    ``state``: on_time, late, overdue, upcoming."""
    ms = frames["milestones"]
    mine = ms[ms["programme_id"] == programme_id].sort_values(["planned_date", "milestone_id"])
    return delays(mine, today)


def delays(milestones: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The delay arithmetic of ``milestone_delays`` on any milestones frame."""
    out = milestones.copy().reset_index(drop=True)
    now = pd.Timestamp(today)
    values, states = [], []
    for row in out.itertuples(index=False):
        planned, actual = _day(row.planned_date), _day(row.actual_date)
        if actual is not None:
            delay = months_between(planned, actual)
            states.append("late" if delay > 0 else "on_time")
        elif planned is not None and planned < now:
            delay = months_between(planned, now)
            states.append("overdue")
        else:
            delay = None
            states.append("upcoming")
        values.append(delay)
    out["delay_months"] = pd.array(values, dtype="Float64")
    out["reached"] = pd.array(out["actual_date"].notna(), dtype="boolean")
    out["state"] = states
    return out


@dataclass(frozen=True)
class StartComparison:
    """The planned start of works against what happened."""

    planned: dt.date | None
    actual: dt.date | None
    milestone: str | None
    delay_months: float | None  # actual (or the as-of date) - planned
    reached: bool


def _start_milestone(ms: pd.DataFrame, planned_start: pd.Timestamp | None) -> pd.Series | None:
    # The milestone planned on the programme's start date; else one named like a start.
    if planned_start is not None:
        same = ms[ms["planned_date"] == planned_start]
        if not same.empty:
            return same.iloc[0]
    named = ms[ms["name"].str.lower().str.contains("avvio|inizio|start", regex=True, na=False)]
    return None if named.empty else named.sort_values("planned_date").iloc[0]


def start_vs_actual(frames: dict[str, pd.DataFrame], programme_id: str,
                    today: dt.date) -> StartComparison:
    """The programme's planned start (e.g. 2019 for via Carlo Porta) against the actual
    start of works recorded in its milestones."""
    prog = programme(frames, programme_id)
    planned = _day(prog["start_planned"])
    ms = frames["milestones"]
    found = _start_milestone(ms[ms["programme_id"] == programme_id], planned)
    actual = _day(found["actual_date"]) if found is not None else None
    if found is not None and planned is None:
        planned = _day(found["planned_date"])
    delay = months_between(planned, actual if actual is not None else pd.Timestamp(today))
    return StartComparison(planned.date() if planned is not None else None,
                           actual.date() if actual is not None else None,
                           None if found is None else str(found["name"]), delay, actual is not None)


@dataclass(frozen=True)
class Forecast:
    """The end of a programme drawn from the pace achieved: flats handed over per month
    since the first handover, extrapolated to the flats that remain.

    ``status``: ``forecast`` (``end`` is a forecast), ``complete`` (every flat handed over:
    ``end`` is the last handover), ``no_handover`` (no flat handed over yet: no pace, no
    forecast), ``too_early`` (less than a month since the first handover)."""

    status: str
    total: int
    handed_over: int
    remaining: int
    first_handover: dt.date | None
    last_handover: dt.date | None
    months_elapsed: float | None
    pace_per_month: float | None
    months_left: float | None
    end: dt.date | None
    planned_end: dt.date | None
    delay_months: float | None  # end - planned_end
    as_of: dt.date | None = None  # the date the pace is measured to (the data's)

    @property
    def has_end(self) -> bool:
        return self.end is not None


def forecast_end(handover_dates: pd.Series | list, total: int, today: dt.date,
                 planned_end: Any = None, min_months: float = 1.0) -> Forecast:
    """The forecast on hand-made inputs: ``handover_dates`` one per flat handed over,
    ``today`` the date the pace is measured to (the data's as-of date, ``as_of``).

    33 flats handed over from 2024-01-01 to 2024-11-26 (330 days: 10 days a flat) with 10
    remaining give an end 100 days later, 2025-03-06."""
    dates = sorted(d for d in (_day(x) for x in handover_dates) if d is not None)
    handed = len(dates)
    remaining = max(int(total) - handed, 0)
    planned = _day(planned_end)
    first = dates[0] if dates else None
    last = dates[-1] if dates else None

    def result(status, elapsed=None, pace=None, left=None, end=None):
        delay = months_between(planned, end) if end is not None and planned is not None else None
        return Forecast(status, int(total), handed, remaining, first and first.date(),
                        last and last.date(), elapsed, pace, left, end, planned and planned.date(),
                        delay, _day(today) and _day(today).date())

    if handed == 0:
        return result("no_handover")
    if remaining == 0:
        return result("complete", end=last.date())
    now = pd.Timestamp(today)
    elapsed = months_between(first, now)
    if elapsed < min_months:
        return result("too_early", elapsed=elapsed)
    pace = handed / elapsed
    left = remaining / pace
    # days per flat handed over so far, times the flats that remain
    end = (now + pd.Timedelta(days=round(remaining * (now - first).days / handed))).date()
    return result("forecast", elapsed, pace, left, end)


def programme_forecast(frames: dict[str, pd.DataFrame], programme_id: str,
                       today: dt.date) -> Forecast:
    """``forecast_end`` on the programme: the handover dates are the ``phase_since`` of its
    flats handed over; the total is the programme's flats (planned, else recorded)."""
    pf = frames["programme_flats"]
    mine = pf[pf["programme_id"] == programme_id]
    handed = mine.loc[mine["phase"] == "handed_over", "phase_since"]
    planned, recorded = flats_check(frames, programme_id)
    prog = programme(frames, programme_id)
    return forecast_end(handed, planned or recorded, today, prog["end_planned"])
