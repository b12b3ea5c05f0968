"""The programmes followed by the table (Progetti page): via Carlo Porta's 111 flats and the
Contratto di Quartiere Mazzafame, with the same functions for each.

Pure pandas over the typed frames of ``Store.read_all()``:

- progress: ``phase_counts`` (they add up to the programme's flats) and ``board_cells``
  (one cell per flat, grouped by building, staircase and floor);
- time: ``as_of`` (the date every figure counts from: the data's, never the wall clock),
  ``milestone_delays`` (months between planned and actual, or the as-of date when not
  reached), ``start_vs_actual`` (the planned start against what happened) and
  ``forecast_end`` (the end drawn from the pace actually achieved: a forecast, never a date
  anyone promised);
- money: ``money`` (funding acts, committed, spent, cost per flat);
- allocation: ``allocation_table``, ``availability`` (the flats by the year they enter an
  annual plan: ``projection.flat_years``, the same dates as the projection's) and
  ``allocation_breaches`` (``tavolo.plan.check_allocation_years``, the one implementation
  of the annual-plan rules, applied year by year of availability, never to all the
  programme's flats as if they were one year's supply);
- edits: ``row_changes`` (what an editor changed, as ``edits.RowChange`` with the
  fingerprints taken when the rows were read), the ``extra_check`` rules of each edit, and
  ``programme_history`` (the change log of one programme).

A month is an average calendar month (365.25 / 12 days): 2019-01-01 -> 2019-09-01 is 8.0.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd
from babel.dates import format_date

from tavolo import edits, facts, i18n, plan, projection, schema
from tavolo.validation import Issue

MONTH_DAYS = 365.25 / 12
PHASES: tuple[str, ...] = tuple(schema.PHASE)
EDITABLE_TABLES = ("programme_flats", "milestones", "allocations")


# --- dates ------------------------------------------------------------------------------

def _day(value: Any) -> pd.Timestamp | None:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
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


# --- the programme ------------------------------------------------------------------------

def programme(frames: dict[str, pd.DataFrame], programme_id: str) -> pd.Series:
    """The programme's row (KeyError when unknown)."""
    progs = frames["programmes"]
    found = progs[progs["programme_id"] == programme_id]
    if found.empty:
        raise KeyError(programme_id)
    return found.iloc[0]


def programme_ids(frames: dict[str, pd.DataFrame]) -> list[str]:
    return [str(p) for p in frames["programmes"]["programme_id"]]


def flats_of(frames: dict[str, pd.DataFrame], programme_id: str) -> pd.DataFrame:
    """The programme's flats with their phase, building, staircase and floor."""
    pf = frames["programme_flats"]
    mine = pf[pf["programme_id"] == programme_id]
    flats = frames["flats"][["flat_id", "building_id", "staircase", "floor", "surface_m2", "rooms"]]
    buildings = frames["buildings"][["building_id", "name", "owner_id"]].rename(
        columns={"name": "building_name"})
    out = mine.merge(flats, on="flat_id", how="left").merge(buildings, on="building_id", how="left")
    return out.sort_values(["building_id", "staircase", "floor", "flat_id"]).reset_index(drop=True)


def phase_counts(frames: dict[str, pd.DataFrame], programme_id: str) -> pd.DataFrame:
    """Flats by phase, every phase in order (zero included): phase, count, share."""
    pf = frames["programme_flats"]
    phases = pf.loc[pf["programme_id"] == programme_id, "phase"]
    counts = phases.value_counts()
    total = int(len(phases))
    rows = [{"phase": p, "count": int(counts.get(p, 0)),
             "share": (int(counts.get(p, 0)) / total) if total else 0.0} for p in PHASES]
    return pd.DataFrame(rows).astype({"count": "int64", "share": "float64"})


def flats_check(frames: dict[str, pd.DataFrame], programme_id: str) -> tuple[int, int]:
    """(flats planned by the programme, flats recorded with a phase): they should match."""
    planned = programme(frames, programme_id)["flats_planned"]
    recorded = int((frames["programme_flats"]["programme_id"] == programme_id).sum())
    return (0 if pd.isna(planned) else int(planned)), recorded


def _flat_number(flat_id: str) -> str:
    """'CP114-007' -> '007': the number written on the board."""
    return str(flat_id).rsplit("-", 1)[-1]


def board_cells(frames: dict[str, pd.DataFrame], programme_id: str) -> pd.DataFrame:
    """One row per flat with its place on the board: building, staircase, floor, and
    ``slot`` (its position among the flats of the same staircase and floor)."""
    flats = flats_of(frames, programme_id)
    if flats.empty:
        return flats.assign(slot=pd.Series(dtype="int64"), number=pd.Series(dtype=object))
    flats = flats.copy()
    flats["staircase"] = flats["staircase"].fillna("-").astype(str)
    flats["floor"] = flats["floor"].fillna(0).astype("int64")
    flats["slot"] = flats.groupby(["building_id", "staircase", "floor"]).cumcount().astype("int64")
    flats["number"] = flats["flat_id"].map(_flat_number)
    return flats


def board_table(cells: pd.DataFrame) -> pd.DataFrame:
    """The board as counts: one row per building and staircase, one column per phase."""
    if cells.empty:
        return pd.DataFrame(columns=["building_name", "staircase", *PHASES, "total"])
    table = (cells.groupby(["building_name", "staircase", "phase"]).size()
             .unstack("phase", fill_value=0).reindex(columns=list(PHASES), fill_value=0))
    table["total"] = table.sum(axis=1)
    return table.reset_index()


def interventions(frames: dict[str, pd.DataFrame], programme_id: str) -> pd.DataFrame:
    """The programme's buildings: name, owner, flats, flats followed phase by phase, and
    the statuses of the flats that are not (e.g. the Mazzafame renovations)."""
    buildings = frames["buildings"]
    mine = buildings[buildings["programme_id"] == programme_id]
    flats = frames["flats"]
    pf = frames["programme_flats"]
    followed = set(pf.loc[pf["programme_id"] == programme_id, "flat_id"])
    rows = []
    for b in mine.itertuples(index=False):
        its = flats[flats["building_id"] == b.building_id]
        tracked = its[its["flat_id"].isin(followed)]
        others = its[~its["flat_id"].isin(followed)]
        rows.append({"building_id": b.building_id, "name": b.name, "owner_id": b.owner_id,
                     "flats": int(len(its)), "followed": int(len(tracked)),
                     "phases": {k: int(v) for k, v in
                                pf[pf["flat_id"].isin(tracked["flat_id"])]["phase"].value_counts().items()},
                     "statuses": {k: int(v) for k, v in others["status"].value_counts().items()}})
    return pd.DataFrame(rows, columns=["building_id", "name", "owner_id", "flats", "followed",
                                       "phases", "statuses"])


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


# --- money ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Money:
    """A programme's money. Funding acts, commitments and spending are entries: each kind
    is summed (an entry such as "SAL cumulati al 2024" is one entry, not a running total)."""

    acts: pd.DataFrame  # act_id, act, date, kind, amount_eur, source; by date
    funding: float
    committed: float
    spent: float
    flats: int
    cost_per_flat: float | None  # funding / funded_flats
    committed_share: float | None  # committed / funding
    spent_share: float | None  # spent / funding
    flats_in_buildings: int = 0  # every flat of the programme's buildings (renovations too)
    funded_flats: int = 0  # the programme's flats the money pays for (see ``funded_flats``)
    unfunded_flats: int = 0  # flats still in design: no works contract, awaiting funds
    also_pays: tuple[tuple[str, int], ...] = ()  # (building, flats) renovated, not followed

    @property
    def cost_per_building_flat(self) -> float | None:
        """Funding over every flat of the programme's buildings: the fairer figure when the
        funding also pays renovations of flats not followed phase by phase (Mazzafame)."""
        if not self.flats_in_buildings or not self.funding:
            return None
        return self.funding / self.flats_in_buildings

    def funding_steps(self) -> pd.DataFrame:
        """The funding over time: each grant act with the running total after it."""
        grants = self.acts[self.acts["kind"] == "grant"].copy()
        grants["cumulative_eur"] = grants["amount_eur"].cumsum()
        return grants.reset_index(drop=True)


# A flat whose works are tendered (or further on) has its money in place; a flat still in
# design has no works contract and waits for funds (via Carlo Porta 122 in the demo).
UNFUNDED_PHASES = ("design",)


def funded_flats(frames: dict[str, pd.DataFrame], programme_id: str) -> tuple[int, int]:
    """(funded, unfunded) flats of the programme: the flats recorded in a phase from
    ``tendered`` on are funded, those still in ``design`` are not. With no flat recorded,
    the planned flats count as funded (nothing says otherwise).

    3 flats in works, handed over, tendered and 2 in design -> (3, 2)."""
    pf = frames["programme_flats"]
    phases = pf.loc[pf["programme_id"] == programme_id, "phase"]
    if phases.empty:
        planned, _ = flats_check(frames, programme_id)
        return planned, 0
    unfunded = int(phases.isin(UNFUNDED_PHASES).sum())
    return len(phases) - unfunded, unfunded


def money(frames: dict[str, pd.DataFrame], programme_id: str) -> Money:
    """The programme's money; the cost per flat is the funding over the funded flats, and
    ``also_pays`` names the buildings whose renovation the same money pays (flats of the
    programme's buildings not followed phase by phase: via dei Salici, via Sauro)."""
    acts = frames["funding_acts"]
    mine = acts[acts["programme_id"] == programme_id].sort_values(["date", "act_id"])
    mine = mine[["act_id", "act", "date", "kind", "amount_eur", "source"]].reset_index(drop=True)

    def total(kind: str) -> float:
        return float(mine.loc[mine["kind"] == kind, "amount_eur"].fillna(0).sum())

    funding, committed, spent = total("grant"), total("committed"), total("spent")
    planned, recorded = flats_check(frames, programme_id)
    flats = planned or recorded
    buildings = frames["buildings"]
    ids = buildings.loc[buildings["programme_id"] == programme_id, "building_id"]
    in_buildings = int(frames["flats"]["building_id"].isin(ids).sum())
    funded, unfunded = funded_flats(frames, programme_id)
    works = interventions(frames, programme_id)
    also = tuple((str(r.name), int(r.flats)) for r in works.itertuples(index=False)
                 if r.followed == 0 and r.flats > 0)
    return Money(mine, funding, committed, spent, flats,
                 funding / funded if funded and funding else None,
                 committed / funding if funding else None, spent / funding if funding else None,
                 in_buildings, funded, unfunded, also)


# --- allocation -------------------------------------------------------------------------

def allocation_table(frames: dict[str, pd.DataFrame], programme_id: str) -> pd.DataFrame:
    """The programme's allocation by quota (in the order of ``schema.QUOTA``) with the date
    of the meeting that decided it."""
    alloc = frames["allocations"]
    mine = alloc[alloc["programme_id"] == programme_id].copy()
    meetings = frames["meetings"][["meeting_id", "date"]].rename(columns={"date": "meeting_date"})
    mine = mine.merge(meetings, on="meeting_id", how="left")
    mine["order"] = mine["quota"].map({q: i for i, q in enumerate(schema.QUOTA)})
    return mine.sort_values("order").drop(columns="order").reset_index(drop=True)


@dataclass(frozen=True)
class YearFlats:
    """The programme's flats available in one plan year (``year`` None: not dated yet),
    with the rules in force for that year (``tavolo.plan.rules``)."""

    year: int | None
    flats: int
    rules: plan.Rules

    def limits(self) -> dict[str, int | None]:
        """Per quota: the flats required (reserve), the most allowed (cap), None (ordinary)."""
        return plan.limits(self.flats, self.rules)


def availability(frames: dict[str, pd.DataFrame], programme_id: str, as_of: dt.date,
                 scenario: projection.Scenario | None = None) -> list[YearFlats]:
    """The programme's flats by the year they become available to an annual plan, each
    year with its rules: the one definition, ``projection.flat_years`` (assigned or handed
    over: the year recorded; ready: the as-of year; under works or in design: the years of
    the projection's ``scenario``, by default the planned end of works), so that the
    allocation check, the projection and the annual plan date each flat alike. Flats not
    dated (beyond the scenario's view, or assigned without a date) are checked with the
    rules of the year after the as-of year. With no flat recorded, the planned flats, not
    dated. Sorted by year, undated last."""
    pf = frames["programme_flats"]
    later = plan.rules(as_of.year + 1)
    if pf[pf["programme_id"] == programme_id].empty:
        planned, _ = flats_check(frames, programme_id)
        return [YearFlats(None, planned, later)] if planned else []
    years = projection.flat_years(frames, as_of, scenario)
    years = years.loc[years["programme_id"] == programme_id, "year"]
    counts = years.value_counts(dropna=False)
    dated = sorted(int(y) for y in counts.index if pd.notna(y))
    out = [YearFlats(y, int(counts[y]), plan.rules(y)) for y in dated]
    undated = int(years.isna().sum())
    if undated:
        out.append(YearFlats(None, undated, later))
    return out


def _as_allocation(table: pd.DataFrame, column: str) -> dict[str, int]:
    out = {}
    for row in table.itertuples(index=False):
        value = getattr(row, column)
        out[str(row.quota)] = 0 if value is None or pd.isna(value) else int(value)
    return out


@dataclass(frozen=True)
class AllocationCheck:
    """The rules one column (proposed or approved) of an allocation breaks, checked on
    the flats of each year of availability."""

    column: str  # flats_proposed or flats_approved
    years: tuple[YearFlats, ...]
    allocation: dict[str, int]
    decided: int  # quotas with a value in that column
    breaches: list  # list[plan.RuleBreach]

    @property
    def available(self) -> int:
        return sum(y.flats for y in self.years)

    def limits(self) -> dict[str, int | None]:
        """Per quota, summed over the years: required (reserve), most allowed (cap)."""
        out: dict[str, int | None] = {}
        for y in self.years:
            for quota, value in y.limits().items():
                out[quota] = None if value is None else (out.get(quota) or 0) + value
        return out

    @property
    def errors(self) -> list:
        return plan.errors(self.breaches)

    @property
    def blocking(self) -> list:
        """Breaches no confirmation can store: more flats allocated than exist."""
        return [b for b in self.breaches if b.code == "over_available"]


def check_table(table: pd.DataFrame, column: str, years: list[YearFlats]) -> AllocationCheck:
    """The rules of the annual plan (``plan.check_allocation_years``, the one
    implementation) on one column of an allocation table, year by year of availability."""
    allocation = _as_allocation(table, column)
    decided = int(table[column].notna().sum()) if column in table else 0
    breaches = plan.check_allocation_years([(y.year, y.flats, y.rules) for y in years], allocation)
    return AllocationCheck(column, tuple(years), allocation, decided, breaches)


def allocation_breaches(frames: dict[str, pd.DataFrame], programme_id: str,
                        as_of: dt.date) -> dict[str, AllocationCheck]:
    """The checks of the proposed and of the approved allocation, year by year of
    availability (``availability``); the approved one only when at least one quota is
    approved."""
    table = allocation_table(frames, programme_id)
    out = {}
    if table.empty:
        return out
    years = availability(frames, programme_id, as_of)
    for column in ("flats_proposed", "flats_approved"):
        if table[column].notna().any():
            out[column] = check_table(table, column, years)
    return out


def breach_message(breach, lang: str = "it") -> str:
    """A breach in words, with the rule it breaks."""
    try:
        return breach.message(lang)
    except KeyError:  # the plan page's texts not merged: a plain sentence still says it all
        label = schema.label(schema.QUOTA, breach.quota, lang) if breach.quota else ""
        return (f"{label} {breach.code}: {breach.value} / {breach.limit} ({breach.rule})").strip()


def _issue(column: str, breach, file: str) -> Issue:
    return Issue(file, None, column, str(breach.value), breach_message(breach, "it"),
                 breach_message(breach, "en"))


def allocation_rules_check(programme_id: str, years: list[YearFlats], confirmed: bool = False
                           ) -> Callable[[pd.DataFrame], list[Issue]]:
    """The ``extra_check`` of an allocation edit: the annual-plan rules on the programme's
    proposed and approved allocation after the edit, year by year of availability
    (``years``, from ``availability``). A broken rule refuses the edit unless
    ``confirmed`` (the user saw the warning and records the table's decision as it is);
    more flats allocated than the programme has is refused even then."""
    file = "allocations (modifica)"

    def check(new_frame: pd.DataFrame) -> list[Issue]:
        table = new_frame[new_frame["programme_id"] == programme_id]
        issues = []
        for column in ("flats_proposed", "flats_approved"):
            if not table[column].notna().any():
                continue
            result = check_table(table, column, years)
            refused = result.blocking if confirmed else result.errors
            issues += [_issue(column, b, file) for b in refused]
        return issues

    return check


# --- edits ------------------------------------------------------------------------------

def row_key(table_name: str, row: dict | pd.Series) -> dict[str, Any]:
    """The primary key of a row as plain values."""
    return {k: edits.plain_row({k: row[k]})[k] for k in schema.TABLES[table_name].primary_key}


def key_text(key: dict) -> str:
    return json.dumps(key, sort_keys=True)


def fingerprints(frame: pd.DataFrame, table_name: str) -> dict[str, str]:
    """Each row's fingerprint, by key text: what the page read, kept to detect conflicts."""
    return {key_text(row_key(table_name, row)): edits.fingerprint(row)
            for row in frame.to_dict("records")}


def _editor_value(value: Any) -> Any:
    # Values coming back from an editor: NaN/NaT -> None, 23.0 -> 23, dates -> ISO.
    value = edits._plain(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _missing_key(table_name: str, row: pd.Series) -> bool:
    return any(k not in row or row[k] is None or pd.isna(row[k])
               for k in schema.TABLES[table_name].primary_key)


def row_changes(table_name: str, original: pd.DataFrame, edited: pd.DataFrame,
                columns: list[str], read_fingerprints: dict[str, str],
                today: dt.date | None = None,
                new_row: Callable[[pd.Series], tuple[dict, dict] | None] | None = None,
                ) -> list[edits.RowChange]:
    """What an editor changed, as ``RowChange``s carrying the fingerprint of each row as it
    was read: an update per changed row (only the changed columns); an insert, built by
    ``new_row(edited_row) -> (key, values)``, for a row added in the editor or a row
    shown without a key (a quota not recorded yet) that was given values. A phase
    changed without a new ``phase_since`` gets ``today`` as the date the phase began."""
    out = []
    for pos in edited.index:
        after = edited.loc[pos]
        before = original.loc[pos] if pos in original.index else None
        values = {}
        for col in columns:
            old = None if before is None else _editor_value(before[col])
            new = _editor_value(after[col])
            if old != new:
                values[col] = new
        if not values:
            continue
        if before is None or _missing_key(table_name, before):
            if new_row is None or all(v is None for v in values.values()):
                continue
            made = new_row(after)
            if made is not None:
                key, row_values = made
                out.append(edits.RowChange("insert", key, None, row_values))
            continue
        if table_name == "programme_flats" and "phase" in values and "phase_since" not in values \
                and today is not None:
            values["phase_since"] = today.isoformat()
        key = row_key(table_name, before)
        out.append(edits.RowChange("update", key, read_fingerprints.get(key_text(key)), values))
    return out


def new_id(existing: pd.Series | list, prefix: str) -> str:
    """The first ``prefix`` + two digits not in ``existing``: 'mazzafame_m01'."""
    taken = set(map(str, existing))
    n = 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    return f"{prefix}{n:02d}"


def office_source(today: dt.date) -> str:
    return f"Ufficio del tavolo, inserito in Tavolo Casa il {today.strftime('%d/%m/%Y')}"


def milestone_maker(frames: dict[str, pd.DataFrame], programme_id: str, today: dt.date):
    """``new_row`` for the milestones editor: a new id, the programme and the source."""
    taken = list(frames["milestones"]["milestone_id"])

    def make(row: pd.Series) -> tuple[dict, dict]:
        mid = new_id(taken, f"{programme_id}_m")
        taken.append(mid)
        values = {c: _editor_value(row.get(c)) for c in ("name", "planned_date", "actual_date")}
        return {"milestone_id": mid}, values | {"programme_id": programme_id,
                                                "source": office_source(today)}

    return make


def allocation_maker(frames: dict[str, pd.DataFrame], programme_id: str, today: dt.date):
    """``new_row`` for the allocation editor: a quota shown but not recorded yet."""
    taken = set(frames["allocations"]["allocation_id"])

    def make(row: pd.Series) -> tuple[dict, dict]:
        aid = f"{programme_id}_{row['quota']}"
        if aid in taken:
            aid = new_id(taken, aid + "_")
        taken.add(aid)
        values = {c: _editor_value(row.get(c)) for c in ("flats_proposed", "flats_approved", "meeting_id")}
        if values["flats_proposed"] is None:
            values["flats_proposed"] = 0
        return {"allocation_id": aid}, values | {"programme_id": programme_id, "quota": row["quota"],
                                                 "source": office_source(today)}

    return make


def allocation_editor_frame(frames: dict[str, pd.DataFrame], programme_id: str) -> pd.DataFrame:
    """Every quota of ``schema.QUOTA`` with the programme's recorded values (NA where the
    quota is not recorded yet): what the allocation editor shows."""
    table = allocation_table(frames, programme_id)
    full = pd.DataFrame({"quota": list(schema.QUOTA)}).merge(table, on="quota", how="left")
    full = full.astype({"flats_proposed": "Int64", "flats_approved": "Int64",
                        "allocation_id": object, "meeting_id": object})
    full["meeting_date"] = full["meeting_date"].astype("datetime64[s]")
    return full[["allocation_id", "quota", "flats_proposed", "flats_approved", "meeting_id",
                 "meeting_date"]]


def not_in_future(table_name: str, column: str, today: dt.date) -> Callable[[pd.DataFrame], list[Issue]]:
    """An ``extra_check``: dates in ``column`` may not come after ``today`` (a phase that
    began, a milestone reached)."""
    file = f"{table_name} (modifica)"

    def check(new_frame: pd.DataFrame) -> list[Issue]:
        late = new_frame[new_frame[column].notna() & (new_frame[column] > pd.Timestamp(today))]
        return [Issue(file, None, column, edits._plain(v),
                      f"data futura: {column} non può essere dopo oggi ({today.isoformat()})",
                      f"future date: {column} cannot be after today ({today.isoformat()})")
                for v in late[column]]

    return check


def _json(text: Any) -> dict | None:
    # A missing side of a logged change is None, or NaN once pandas infers a string column.
    return json.loads(text) if isinstance(text, str) and text else None


def _programme_of(entry: dict) -> str | None:
    for side in ("after_json", "before_json"):
        row = _json(entry.get(side))
        if row is not None:
            return row.get("programme_id")
    return None


def _describe(table_name: str, before: dict | None, after: dict | None, lang: str) -> str:
    """'phase: Progettazione → Lavori in corso' for the columns that changed."""
    table = schema.TABLES[table_name]
    before, after = before or {}, after or {}
    parts = []
    for col in table.columns:
        if col.primary_key or col.name in ("programme_id", "source"):
            continue
        old, new = before.get(col.name), after.get(col.name)
        if old == new:
            continue
        if col.values:
            old = schema.label(col.values, old, lang) if old is not None else None
            new = schema.label(col.values, new, lang) if new is not None else None
        elif col.type == "date":
            old = i18n.fmt_date(old, lang) if old is not None else None
            new = i18n.fmt_date(new, lang) if new is not None else None
        old, new = ("–" if v is None else v for v in (old, new))
        parts.append(f"{col.label(lang)}: {old} → {new}")
    return "; ".join(parts)


def programme_history(log: pd.DataFrame, programme_id: str, lang: str = "it") -> pd.DataFrame:
    """The changes to the programme's phases, milestones and allocations, newest first:
    change_id, at, author, table, row (the key), what changed, reason, undone_by, can_undo."""
    columns = ["change_id", "at", "author", "table_name", "row", "change", "reason", "undone_by",
               "can_undo"]
    if log.empty:
        return pd.DataFrame(columns=columns)
    mine = log[log["table_name"].isin(EDITABLE_TABLES)]
    rows = []
    for entry in mine.to_dict("records"):
        if _programme_of(entry) != programme_id:
            continue
        before, after = _json(entry["before_json"]), _json(entry["after_json"])
        key = json.loads(entry["row_key"])
        undone = entry.get("undone_by")
        undone = None if undone is None or pd.isna(undone) else int(undone)
        refused = entry["action"] == "edit_refused"  # an attempt a conflict refused: nothing to undo
        change = _describe(entry["table_name"], before, after, lang)
        rows.append({"change_id": int(entry["change_id"]), "at": entry["at"],
                     "author": entry["author"], "table_name": entry["table_name"],
                     "row": ", ".join(str(v) for k, v in key.items() if k != "programme_id"),
                     "change": i18n.t("prog_refused_entry", lang) + change if refused else change,
                     "reason": entry["reason"], "undone_by": undone,
                     "can_undo": undone is None and not refused})
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values("change_id", ascending=False).reset_index(drop=True)


# --- one report per programme (JSON for tests and exports) -------------------------------

def report(frames: dict[str, pd.DataFrame], programme_id: str, today: dt.date) -> dict:
    """Every figure of one programme in plain JSON types."""
    prog = programme(frames, programme_id)
    counts = phase_counts(frames, programme_id)
    planned, recorded = flats_check(frames, programme_id)
    start = start_vs_actual(frames, programme_id, today)
    fc = programme_forecast(frames, programme_id, today)
    cash = money(frames, programme_id)
    ms = milestone_delays(frames, programme_id, today)
    checks = allocation_breaches(frames, programme_id, today)
    iso = lambda d: d.isoformat() if d is not None else None  # noqa: E731
    return {
        "programme_id": programme_id, "name": str(prog["name"]),
        "flats_planned": planned, "flats_recorded": recorded,
        "flats_by_phase": dict(zip(counts["phase"], counts["count"].astype(int).tolist())),
        "start": {"planned": iso(start.planned), "actual": iso(start.actual),
                  "delay_months": None if start.delay_months is None else round(start.delay_months, 1)},
        "milestones": [{"milestone_id": r.milestone_id, "name": r.name, "state": r.state,
                        "delay_months": None if pd.isna(r.delay_months) else round(float(r.delay_months), 1)}
                       for r in ms.itertuples(index=False)],
        "forecast": {"status": fc.status, "end": iso(fc.end), "planned_end": iso(fc.planned_end),
                     "pace_per_month": None if fc.pace_per_month is None else round(fc.pace_per_month, 2),
                     "delay_months": None if fc.delay_months is None else round(fc.delay_months, 1),
                     "handed_over": fc.handed_over, "remaining": fc.remaining},
        "money": {"funding_eur": cash.funding, "committed_eur": cash.committed,
                  "spent_eur": cash.spent, "cost_per_flat_eur": cash.cost_per_flat,
                  "funded_flats": cash.funded_flats, "unfunded_flats": cash.unfunded_flats,
                  "also_pays": [{"building": b, "flats": n} for b, n in cash.also_pays]},
        "allocation": {col: {"years": [{"year": y.year, "flats": y.flats, "rules_year": y.rules.year}
                                       for y in c.years],
                             "allocation": c.allocation, "limits": c.limits(),
                             "breaches": [b.code + (f":{b.quota}" if b.quota else "") for b in c.breaches]}
                       for col, c in checks.items()},
    }


# --- tables and sentences for the page (translated, Italian formats) ---------------------

def months_text(months: float | None, lang: str = "it") -> str:
    """8.04 -> '8 mesi'; 82.9 -> '83 mesi (6,9 anni)'; None -> '–'."""
    if months is None or pd.isna(months):
        return "–"
    n = round(float(months))
    text = f"{i18n.fmt_int(n, lang)} {i18n.t('prog_month' if abs(n) == 1 else 'prog_months', lang)}"
    if abs(months) >= 24:
        text += f" ({i18n.fmt_num(months / 12, lang, 1)} {i18n.t('prog_years', lang)})"
    return text


def fmt_month(value: Any, lang: str = "it") -> str:
    """date(2031, 2, 19) -> 'febbraio 2031': a forecast does not claim the day."""
    day = _day(value)
    if day is None:
        return "–"
    return format_date(day.date(), format="LLLL yyyy", locale="it_IT" if lang == "it" else "en_GB")


def phase_table(counts: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    return pd.DataFrame({
        i18n.t("phase", lang): [schema.label(schema.PHASE, p, lang) for p in counts["phase"]],
        i18n.t("count", lang): [i18n.fmt_int(n, lang) for n in counts["count"]],
        i18n.t("share", lang): [i18n.fmt_pct(s, lang, 0) for s in counts["share"]],
    })


def board_display(cells: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """``board_table`` with translated headers: flats by building, staircase and phase."""
    table = board_table(cells)
    present = [p for p in PHASES if p in table.columns and table[p].sum() > 0]
    out = table[["building_name", "staircase", *present, "total"]]
    return out.rename(columns={"building_name": i18n.t("prog_building", lang),
                               "staircase": i18n.t("prog_staircase", lang),
                               "total": i18n.t("total", lang)}
                      | {p: schema.label(schema.PHASE, p, lang) for p in present})


def flats_display(cells: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """One row per flat, as on the board."""
    return pd.DataFrame({
        i18n.t("prog_flat", lang): cells["flat_id"],
        i18n.t("prog_building", lang): cells["building_name"],
        i18n.t("prog_staircase", lang): cells["staircase"],
        i18n.t("prog_floor", lang): cells["floor"],
        i18n.t("phase", lang): [schema.label(schema.PHASE, p, lang) for p in cells["phase"]],
        i18n.t("prog_phase_since", lang): [i18n.fmt_date(d, lang) for d in cells["phase_since"]],
    })


def interventions_display(table: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    def words(counts: dict, values: dict) -> str:
        return ", ".join(f"{i18n.fmt_int(n, lang)} {schema.label(values, k, lang).lower()}"
                         for k, n in sorted(counts.items(), key=lambda kv: -kv[1]))

    return pd.DataFrame({
        i18n.t("prog_building", lang): table["name"],
        i18n.t("owner", lang): table["owner_id"],
        i18n.t("prog_flats_col", lang): [i18n.fmt_int(n, lang) for n in table["flats"]],
        i18n.t("prog_followed", lang): [i18n.fmt_int(n, lang) for n in table["followed"]],
        i18n.t("prog_state_col", lang): [
            words(p, schema.PHASE) if p else words(s, schema.FLAT_STATUS)
            for p, s in zip(table["phases"], table["statuses"])],
    })


def provenance_text(frames: dict[str, pd.DataFrame], programme_id: str, demo: bool,
                    lang: str = "it") -> str:
    """The programme's public facts, each with its citation (``facts.PROGRAMME_FACTS``),
    and, while demo data are loaded, what the demo data add (``facts.DEMO_VALUES``) with the
    phase counts shown: the demo's 40 handed over is a demo value, "62 assigned per the
    press, 8 July 2024" a public fact. Markdown; empty for a programme with neither."""
    public = facts.PROGRAMME_FACTS.get(programme_id, [])
    lines = []
    if public:
        lines.append(f"**{i18n.t('prog_public_facts', lang)}**")
        lines += [f"- {it if lang == 'it' else en} ({facts.SOURCES[key].cite()})" for it, en, key in public]
    if demo:
        counts = phase_counts(frames, programme_id)
        shown = ", ".join(f"{schema.label(schema.PHASE, ph, lang)}: {i18n.fmt_int(n, lang)}"
                          for ph, n in zip(counts["phase"], counts["count"]) if n)
        added = facts.DEMO_VALUES.get(programme_id)
        what = (added[0] if lang == "it" else added[1]) if added else i18n.t("prog_demo_all", lang)
        lines.append(f"\n**{i18n.t('prog_demo_values', lang)}**: {what}"
                     + (f". {i18n.t('prog_demo_phases', lang)}: {shown}." if shown else "."))
    return "\n".join(lines).strip()


def delays_display(delays_: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    return pd.DataFrame({
        i18n.t("prog_milestone", lang): delays_["name"],
        i18n.t("prog_planned_date", lang): [i18n.fmt_date(d, lang) for d in delays_["planned_date"]],
        i18n.t("prog_actual_date", lang): [i18n.fmt_date(d, lang) for d in delays_["actual_date"]],
        i18n.t("prog_delay", lang): [months_text(m, lang) if pd.notna(m) else "–"
                                     for m in delays_["delay_months"]],
        i18n.t("status", lang): [i18n.t(f"prog_state_{s}", lang) for s in delays_["state"]],
        i18n.t("source", lang): delays_.get("source", ""),
    })


def acts_display(cash: Money, lang: str = "it") -> pd.DataFrame:
    kinds = schema.TABLES["funding_acts"].column("kind").values
    return pd.DataFrame({
        i18n.t("prog_act", lang): cash.acts["act"],
        i18n.t("prog_date", lang): [i18n.fmt_date(d, lang) for d in cash.acts["date"]],
        i18n.t("prog_kind", lang): [schema.label(kinds, k, lang) for k in cash.acts["kind"]],
        i18n.t("prog_amount", lang): [i18n.fmt_eur(v, lang) for v in cash.acts["amount_eur"]],
        i18n.t("source", lang): cash.acts["source"],
    })


def cost_per_flat_label(cash: Money, lang: str = "it") -> str:
    """'costo per alloggio finanziato (62 alloggi finanziati; 49 in progettazione, in attesa
    di fondi, esclusi)'."""
    text = i18n.t("prog_cost_per_funded_flat", lang).format(n=i18n.fmt_int(cash.funded_flats, lang))
    if cash.unfunded_flats:
        text += "; " + i18n.t("prog_unfunded_excluded", lang).format(
            n=i18n.fmt_int(cash.unfunded_flats, lang))
    return text + ")"


def also_pays_text(cash: Money, lang: str = "it") -> str:
    """'Lo stesso finanziamento paga anche: Via dei Salici (40 alloggi), Via Sauro (30
    alloggi)'; empty when it pays only the flats followed."""
    if not cash.also_pays:
        return ""
    flats = i18n.t("prog_flats_word", lang)
    listed = ", ".join(f"{name} ({i18n.fmt_int(n, lang)} {flats})" for name, n in cash.also_pays)
    return i18n.t("prog_also_pays", lang).format(works=listed, n=i18n.fmt_int(cash.funded_flats, lang))


def money_display(cash: Money, lang: str = "it") -> pd.DataFrame:
    """Funding, committed, spent and cost per flat as a two-column table."""
    kinds = schema.TABLES["funding_acts"].column("kind").values
    def share(value):
        return "" if value is None else f" ({i18n.fmt_pct(value, lang, 0)})"

    rows = [(schema.label(kinds, "grant", lang), i18n.fmt_eur(cash.funding, lang)),
            (schema.label(kinds, "committed", lang),
             i18n.fmt_eur(cash.committed, lang) + share(cash.committed_share)),
            (schema.label(kinds, "spent", lang), i18n.fmt_eur(cash.spent, lang) + share(cash.spent_share)),
            (cost_per_flat_label(cash, lang), i18n.fmt_eur(cash.cost_per_flat, lang))]
    if cash.also_pays:
        rows.append((also_pays_text(cash, lang), ""))
        rows.append((i18n.t("prog_cost_per_building_flat", lang)
                     + f" ({i18n.fmt_int(cash.flats_in_buildings, lang)})",
                     i18n.fmt_eur(cash.cost_per_building_flat, lang)))
    return pd.DataFrame(rows, columns=[i18n.t("prog_item", lang), i18n.t("prog_amount", lang)])


def allocation_display(table: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    def number(v):
        return "–" if v is None or pd.isna(v) else i18n.fmt_int(v, lang)

    return pd.DataFrame({
        i18n.t("prog_quota", lang): [schema.label(schema.QUOTA, q, lang) for q in table["quota"]],
        i18n.t("prog_proposed", lang): [number(v) for v in table["flats_proposed"]],
        i18n.t("prog_approved", lang): [number(v) for v in table["flats_approved"]],
        i18n.t("prog_decided_on", lang): [i18n.fmt_date(d, lang) if pd.notna(d) else "–"
                                          for d in table["meeting_date"]],
    })


@dataclass(frozen=True)
class Metric:
    """One figure of the headline row: what the page shows in ``st.metric``."""

    label: str
    value: str
    delta: str | None  # a delay, shown in red ("+8 mesi")
    caption: str
    help: str = ""


def headline(frames: dict[str, pd.DataFrame], programme_id: str, today: dt.date,
             lang: str = "it", demo: bool = False) -> list[Metric]:
    """The four figures a councillor reads first: flats handed over, start of works against
    the plan, the end (forecast) against the plan, the money. ``demo``: the phase counts are
    the demo data's, and the caption says so."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    planned, recorded = flats_check(frames, programme_id)
    total = planned or recorded
    counts = phase_counts(frames, programme_id)
    done = int(counts.loc[counts["phase"] == "handed_over", "count"].sum())
    start = start_vs_actual(frames, programme_id, today)
    fc = programme_forecast(frames, programme_id, today)
    cash = money(frames, programme_id)
    late_start = start.delay_months is not None and start.delay_months > 0.05
    late_end = fc.delay_months is not None and fc.delay_months > 0
    return [
        Metric(t("prog_handed_over"), f"{i18n.fmt_int(done, lang)} / {i18n.fmt_int(total, lang)}", None,
               f"{i18n.fmt_pct(done / total if total else 0, lang, 0)} {t('prog_of_flats')}"
               + (f" · {facts.DEMO_VALUE}" if demo else ""),
               t("prog_handed_over_help")),
        Metric(t("prog_start"), i18n.fmt_date(start.actual, lang) if start.reached else t("prog_not_started"),
               "+" + months_text(start.delay_months, lang) if late_start else None,
               t("prog_planned_on").format(date=i18n.fmt_date(start.planned, lang))),
        Metric(t("prog_end_forecast"), fmt_month(fc.end, lang) if fc.has_end else "–",
               "+" + months_text(fc.delay_months, lang) if late_end else None,
               t("prog_planned_on").format(date=i18n.fmt_date(fc.planned_end, lang))
               + ("" if fc.has_end else " · " + t("prog_no_forecast_short")), t("prog_forecast_help")),
        Metric(t("prog_funding"), i18n.fmt_eur(cash.funding, lang), None,
               t("prog_spent_share").format(pct=i18n.fmt_pct(cash.spent_share, lang, 0))
               + " · " + t("prog_cost_per_funded_short").format(n=i18n.fmt_int(cash.funded_flats, lang))
               + " " + i18n.fmt_eur(cash.cost_per_flat, lang),
               cost_per_flat_label(cash, lang) + (". " + also_pays_text(cash, lang) if cash.also_pays else "")),
    ]


def forecast_sentence(fc: Forecast, lang: str = "it") -> str:
    """The forecast in words, saying it is a forecast; or why there is none."""
    if fc.status == "forecast":
        return i18n.t("prog_forecast_text", lang).format(
            pace=i18n.fmt_num(fc.pace_per_month, lang, 1), first=i18n.fmt_date(fc.first_handover, lang),
            remaining=i18n.fmt_int(fc.remaining, lang), end=fmt_month(fc.end, lang),
            planned=i18n.fmt_date(fc.planned_end, lang), delay=months_text(fc.delay_months, lang),
            as_of=i18n.fmt_date(fc.as_of, lang))
    return i18n.t(f"prog_forecast_{fc.status}", lang).format(end=i18n.fmt_date(fc.end, lang))


def years_text(years: tuple[YearFlats, ...] | list[YearFlats], lang: str = "it") -> str:
    """'2024 (27 alloggi), 2025 (19 alloggi), 2026 (16 alloggi) e 49 non ancora datati'."""
    flats = i18n.t("prog_flats_word", lang)
    dated = [f"{y.year} ({i18n.fmt_int(y.flats, lang)} {flats})" for y in years if y.year is not None]
    undated = sum(y.flats for y in years if y.year is None)
    parts = ", ".join(dated)
    if undated:
        later = i18n.t("prog_undated_flats", lang).format(n=i18n.fmt_int(undated, lang))
        parts = f"{parts} {i18n.t('prog_and', lang)} {later}" if parts else later
    return parts


def allocation_method(years: list[YearFlats] | tuple[YearFlats, ...], lang: str = "it") -> str:
    """What the allocation check checks and why: the rules year by year of availability."""
    how = i18n.t("prog_rules_how", lang).format(years=years_text(years, lang))
    if any(y.year is None for y in years):
        how += " " + i18n.t("prog_rules_undated", lang)
    return how


def limits_display(years: list[YearFlats] | tuple[YearFlats, ...], lang: str = "it") -> pd.DataFrame:
    """One row per year of availability (and a total): the flats, then per quota the
    flats required (reserve: "almeno") or allowed (cap: "al più")."""
    if not years:
        return pd.DataFrame()
    rules_ = years[0].rules
    quotas = [r for r in rules_.quotas if r.kind != "remainder"]
    word = {"reserve": i18n.t("prog_at_least", lang), "cap": i18n.t("prog_at_most", lang)}
    heads = {r.quota: f"{schema.label(schema.QUOTA, r.quota, lang)} ({word[r.kind]})" for r in quotas}
    rows, totals = [], {r.quota: 0 for r in quotas}
    for y in years:
        lim = y.limits()
        row = {i18n.t("prog_year", lang): str(y.year) if y.year is not None else i18n.t("prog_undated", lang),
               i18n.t("prog_flats_col", lang): i18n.fmt_int(y.flats, lang)}
        for r in quotas:
            totals[r.quota] += lim[r.quota]
            row[heads[r.quota]] = i18n.fmt_int(lim[r.quota], lang)
        rows.append(row)
    rows.append({i18n.t("prog_year", lang): i18n.t("total", lang),
                 i18n.t("prog_flats_col", lang): i18n.fmt_int(sum(y.flats for y in years), lang)}
                | {heads[q]: i18n.fmt_int(n, lang) for q, n in totals.items()})
    return pd.DataFrame(rows)


def allocation_verdict(check: AllocationCheck, quotas: int, lang: str = "it") -> tuple[str, str]:
    """How the page states an allocation check: ``(level, text)`` with level ``error`` (a
    rule broken), ``warning`` (allowed, worth a look) or ``success``; each breach listed
    with the rule it breaks (what is checked: ``allocation_method``)."""
    what = i18n.t(f"prog_alloc_{check.column}", lang)
    if not check.breaches:
        return "success", i18n.t("prog_rules_ok", lang).format(what=what)
    key = "prog_breaches" if check.errors else "prog_breaches_warning"
    head = i18n.t(key, lang).format(what=what, decided=check.decided, quotas=quotas)
    listed = "\n".join(f"- {breach_message(b, lang)}" for b in check.breaches)
    return ("error" if check.errors else "warning"), f"{head}\n\n{listed}"


def editor_result(shown: pd.DataFrame, state: dict | None) -> pd.DataFrame:
    """The table an ``st.data_editor`` ends with, from the frame it was given and its edit
    state (``{"edited_rows": {position: {column: value}}, "added_rows": [{...}],
    "deleted_rows": [...]}``): what a save callback sees, before the script reruns."""
    out = shown.copy().reset_index(drop=True)
    state = state or {}

    def typed(column: str, value: Any) -> Any:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return pd.NaT if pd.api.types.is_datetime64_any_dtype(out[column]) else None
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            return pd.Timestamp(value).normalize()
        return value

    for position, values in (state.get("edited_rows") or {}).items():
        for column, value in values.items():
            if column in out.columns:
                out.loc[int(position), column] = typed(column, value)
    added = [{c: typed(c, v) for c, v in row.items() if c in out.columns}
             for row in (state.get("added_rows") or [])]
    if added:
        out = pd.concat([out, pd.DataFrame(added, columns=out.columns)], ignore_index=True)
    deleted = [int(p) for p in (state.get("deleted_rows") or [])]
    return out.drop(index=deleted) if deleted else out
