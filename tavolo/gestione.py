"""The Gestione page's figures on the tables the store holds: the 24-hour line's reports
(``tenant_reports``), vacant flats (``flat_status_history``) and occupations without title
(``occupations``). The priority list of extraordinary maintenance is in
``tavolo.gestione_priorities``.

Every function takes typed frames and the data's as-of date (never the wall clock) and
returns frames or small dataclasses: the view models the page, the CLI and the exports
read. Settings are read through ``targets()``, ``repair_reasons()`` and friends, each also
accepting an explicit value so tests pin a definition without a settings file.

Definitions (each pinned by a test on a small hand-computed frame, tests/test_gestione.py):
- days to close = ``closed_on - date`` of a closed report, in days;
- median and 90th percentile: pandas' ``quantile`` with linear interpolation;
- within target: a report is *due* once its category's target days have passed since it
  was opened (as of the as-of date) or once it is closed; the share is the due reports
  closed within the target over all due reports, so a report left open does not flatter it;
- closed without repair: a closed report whose closing reason is not one of the setting
  ``report_repair_reasons`` (an empty reason counts as without repair);
- backlog at the end of a month: opened on or before that day and not closed by it;
- vacancy: the current run of vacant statuses (assignable, needing works, under works) of
  a flat whose status as of the as-of date is vacant; days vacant count from the run's first
  day; over target when longer than ``relet_target_months`` calendar months;
- at risk of occupation: vacant over target in a building where an occupation was detected
  in the last ``occupation_recent_months`` months;
- re-let cycle: in a flat's history up to the as-of date, a let row, then one or more rows
  in released statuses (``schema.RELEASED_STATUSES``: vacant, under works, assigned awaiting
  handover), then a let row again; an occupation in between breaks the cycle. Vacated = the
  first released row's day, re-let = the day of the let row that ends it, turnaround =
  re-let - vacated in days (the assigned-awaiting days count: the flat is still empty);
  within target when re-let falls on or before vacated + ``relet_target_months`` calendar
  months; each stage's days = the next row's day - the row's day; a cycle's year is the
  year it was re-let. Turnover is ``tavolo.demand.turnover`` (the plan's, one rule);
- occupations: counted by the year they were detected; time to resolve = ``resolved_on -
  detected_on``; "vacant more than N months before" = the flat's status just before the
  detection was vacant and that vacancy had lasted more than N months.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tavolo import i18n, schema, settings
from tavolo.settings import SettingError

VACANT = schema.OUT_OF_USE_STATUSES
OPEN_REPORT = ("open", "in_progress")
TREND_MONTHS = 24


def _ts(day) -> pd.Timestamp:
    return pd.Timestamp(day).normalize()


# --- settings ---------------------------------------------------------------------------

def targets(value: dict | None = None) -> dict[str, float]:
    """Days to close by report category (setting ``report_target_days``)."""
    value = settings.get("report_target_days") if value is None else value
    if not isinstance(value, dict) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0 for v in value.values()):
        raise SettingError("Impostazione 'report_target_days': attesi giorni > 0 per categoria",
                           "Setting 'report_target_days': expected days > 0 per category")
    unknown = sorted(set(value) - set(schema.REPORT_CATEGORY))
    if unknown:
        raise SettingError(f"Impostazione 'report_target_days': categorie sconosciute {unknown}",
                           f"Setting 'report_target_days': unknown categories {unknown}")
    return {k: float(v) for k, v in value.items()}


def repair_reasons(value: list | None = None) -> set[str]:
    value = settings.get("report_repair_reasons") if value is None else value
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingError("Impostazione 'report_repair_reasons': attesa una lista di motivi",
                           "Setting 'report_repair_reasons': expected a list of reasons")
    return {v.strip().casefold() for v in value}


def suppress_below(value: int | None = None) -> int:
    return int(settings.get("suppress_below") if value is None else value)


# --- small-cell suppression ---------------------------------------------------------------

def suppressed(count, below: int) -> str | int:
    """A count as shown in the occupations tab: 1..below-1 become "< below"."""
    if count is None or (isinstance(count, float) and np.isnan(count)) or count is pd.NA:
        return ""
    count = int(count)
    return f"< {below}" if 0 < count < below else count


def suppress_frame(frame: pd.DataFrame, columns: list[str], below: int) -> pd.DataFrame:
    """``frame`` with every count in ``columns`` suppressed (text cells from then on)."""
    out = frame.copy()
    for col in columns:
        out[col] = out[col].map(lambda v: suppressed(v, below)).astype(object)
    return out


def suppress_cross(table: pd.DataFrame, below: int) -> pd.DataFrame:
    """A cross table of counts, suppressed so that no small cell can be worked out from the
    row and column totals shown beside it: in every row and column the hidden cells must
    add up to 0 or at least ``below`` (two hidden 1s next to a total would give themselves
    away), else its smallest visible non-zero cell is hidden too (secondary suppression,
    shown as "•")."""
    values = table.astype("Int64").fillna(0).to_numpy(dtype=float)
    hidden = (values > 0) & (values < below)
    changed = True
    while changed:
        changed = False
        for lines, vals in ((hidden, values), (hidden.T, values.T)):  # rows, then columns (views)
            for i in range(lines.shape[0]):
                total = vals[i][lines[i]].sum()
                others = np.where(~lines[i] & (vals[i] > 0))[0]
                if 0 < total < below and len(others):
                    lines[i][others[np.argmin(vals[i][others])]] = True
                    changed = True
    out = table.astype(object).copy()
    for (r, c), hide in np.ndenumerate(hidden):
        v = int(values[r, c])
        out.iat[r, c] = (f"< {below}" if v < below else "•") if hide else v
    return out


# --- the 24-hour line ---------------------------------------------------------------------

def reports_frame(frames: dict[str, pd.DataFrame], reasons: set[str] | None = None,
                  target_days: dict[str, float] | None = None, as_of: dt.date | None = None) -> pd.DataFrame:
    """Every report with its building, rione, days to close, age, target and the flags
    ``closed``, ``without_repair``, ``due`` and ``within_target``."""
    reasons = repair_reasons() if reasons is None else reasons
    target_days = targets() if target_days is None else target_days
    rep = frames["tenant_reports"].copy()
    b = frames["buildings"][["building_id", "name", "rione_id"]].rename(columns={"name": "building"})
    rep = rep.merge(b, on="building_id", how="left")
    today = _ts(as_of or dt.date.today())
    rep["closed"] = (rep["status"] == "closed") & rep["closed_on"].notna()
    rep["days_to_close"] = (rep["closed_on"] - rep["date"]).dt.days.where(rep["closed"])
    rep["age_days"] = (today - rep["date"]).dt.days
    reason = rep["close_reason"].fillna("").astype(str).str.strip().str.casefold()
    rep["without_repair"] = rep["closed"] & ~reason.isin(reasons)
    rep["target_days"] = rep["category"].map(target_days)
    rep["due"] = rep["closed"] | (rep["age_days"] > rep["target_days"])
    rep["within_target"] = rep["closed"] & (rep["days_to_close"] <= rep["target_days"])
    return rep


def months_back(as_of: dt.date, n: int = TREND_MONTHS) -> pd.PeriodIndex:
    """The ``n`` calendar months ending with the as-of date's month."""
    end = pd.Period(as_of, "M")
    return pd.period_range(end - (n - 1), end, freq="M")


def monthly(rep: pd.DataFrame, as_of: dt.date, n: int = TREND_MONTHS) -> pd.DataFrame:
    """Opened, closed and backlog at the end of each of the last ``n`` months (the as-of
    month counts up to the as-of date)."""
    months = months_back(as_of, n)
    opened = rep["date"].dt.to_period("M").value_counts()
    closed = rep.loc[rep["closed"], "closed_on"].dt.to_period("M").value_counts()
    rows = []
    for m in months:
        end = min(m.end_time.normalize(), _ts(as_of))
        still_open = (rep["date"] <= end) & ~(rep["closed"] & (rep["closed_on"] <= end))
        rows.append({"month": m.start_time, "opened": int(opened.get(m, 0)),
                     "closed": int(closed.get(m, 0)), "backlog": int(still_open.sum())})
    return pd.DataFrame(rows)


def by_category(rep: pd.DataFrame, target_days: dict[str, float] | None = None) -> pd.DataFrame:
    """Per category: reports, open, closed, median and p90 days to close, target, share
    within target (of the due reports), closed without repair and its share of the closed."""
    target_days = targets() if target_days is None else target_days
    rows = []
    for cat in schema.REPORT_CATEGORY:
        part = rep[rep["category"] == cat]
        closed = part[part["closed"]]
        due = part[part["due"]]
        rows.append({
            "category": cat, "reports": len(part), "open": int(part["status"].isin(OPEN_REPORT).sum()),
            "closed": len(closed),
            "median_days": float(closed["days_to_close"].median()) if len(closed) else None,
            "p90_days": float(closed["days_to_close"].quantile(0.9)) if len(closed) else None,
            "target_days": target_days.get(cat),
            "within_target_share": float(due["within_target"].mean()) if len(due) else None,
            "without_repair": int(closed["without_repair"].sum()),
            "without_repair_share": float(closed["without_repair"].mean()) if len(closed) else None})
    return pd.DataFrame(rows)


def close_reasons(rep: pd.DataFrame, reasons: set[str] | None = None) -> pd.DataFrame:
    """Closed reports by closing reason, each marked repair or not."""
    closed = rep[rep["closed"]]
    reason = closed["close_reason"].fillna("").astype(str).str.strip()
    counts = reason.value_counts()
    out = pd.DataFrame({"reason": counts.index, "reports": counts.to_numpy()})
    out["repair"] = ~closed.groupby(reason)["without_repair"].first().reindex(out["reason"]).to_numpy()
    return out.sort_values(["repair", "reports"], ascending=[False, False]).reset_index(drop=True)


def by_area(rep: pd.DataFrame, frames: dict[str, pd.DataFrame], level: str = "rione") -> pd.DataFrame:
    """Per rione (or building): reports, open, median days to close, closed without repair,
    oldest open report's age in days."""
    key = "rione_id" if level == "rione" else "building_id"
    g = rep.groupby(key)
    out = pd.DataFrame({
        "reports": g.size(),
        "open": g["status"].apply(lambda s: int(s.isin(OPEN_REPORT).sum())),
        "median_days": g["days_to_close"].median(),
        "without_repair": g["without_repair"].sum().astype(int),
    })
    open_age = rep[rep["status"].isin(OPEN_REPORT)].groupby(key)["age_days"].max()
    out["oldest_open_days"] = open_age.reindex(out.index).astype("Int64")
    out = out.reset_index()
    if level == "rione":
        names = frames["rioni"].set_index("rione_id")["name"]
        out.insert(1, "name", out["rione_id"].map(names))
    else:
        b = frames["buildings"].set_index("building_id")
        out.insert(1, "name", out["building_id"].map(b["name"]))
        out.insert(2, "rione_id", out["building_id"].map(b["rione_id"]))
    return out.sort_values(["open", "reports"], ascending=False).reset_index(drop=True)


def oldest_open(rep: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    open_ = rep[rep["status"].isin(OPEN_REPORT)].sort_values(["age_days", "report_id"], ascending=[False, True])
    return open_[["report_id", "date", "building_id", "building", "category", "status", "age_days",
                  "target_days"]].head(n).reset_index(drop=True)


@dataclass(frozen=True)
class ReportFigures:
    open: int
    closed: int
    median_days_to_close: float | None
    p90_days_to_close: float | None
    within_target_share: float | None
    closed_without_repair: int
    closed_without_repair_share: float | None

    def to_json(self) -> dict:
        return dict(self.__dict__)


def report_figures(rep: pd.DataFrame) -> ReportFigures:
    closed = rep[rep["closed"]]
    due = rep[rep["due"]]
    return ReportFigures(
        open=int(rep["status"].isin(OPEN_REPORT).sum()), closed=len(closed),
        median_days_to_close=float(closed["days_to_close"].median()) if len(closed) else None,
        p90_days_to_close=float(closed["days_to_close"].quantile(0.9)) if len(closed) else None,
        within_target_share=float(due["within_target"].mean()) if len(due) else None,
        closed_without_repair=int(closed["without_repair"].sum()),
        closed_without_repair_share=float(closed["without_repair"].mean()) if len(closed) else None)


def in_window(rep: pd.DataFrame, as_of: dt.date, n: int = TREND_MONTHS) -> pd.DataFrame:
    """The reports opened in the last ``n`` months (the window of the tab's figures)."""
    start = months_back(as_of, n)[0].start_time
    return rep[rep["date"] >= start]


# --- vacant flats ---------------------------------------------------------------------------

def status_as_of(history: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Each flat's history up to the as-of date, sorted, with the run of consecutive vacant
    statuses each row belongs to (``run_start``: the first day of that vacancy)."""
    h = history[history["valid_from"] <= _ts(as_of)].sort_values(["flat_id", "valid_from"]).copy()
    vacant = h["status"].isin(VACANT)
    new_run = vacant & ~(vacant.groupby(h["flat_id"]).shift(1, fill_value=False).astype(bool))
    run_id = new_run.groupby(h["flat_id"]).cumsum()
    h["run_start"] = h["valid_from"].where(new_run).groupby([h["flat_id"], run_id]).transform("first")
    h.loc[~vacant, "run_start"] = pd.NaT
    return h


def target_days_from_months(months: int) -> float:
    return months * 365.25 / 12


def vacancies(frames: dict[str, pd.DataFrame], as_of: dt.date, target_months: int | None = None,
              recent_months: int | None = None) -> pd.DataFrame:
    """The flats vacant as of the as-of date: status (reason), vacant since, days vacant,
    over target, works estimate, owner, rione, building, at risk of occupation."""
    target_months = int(settings.get("relet_target_months") if target_months is None else target_months)
    recent_months = int(settings.get("occupation_recent_months") if recent_months is None else recent_months)
    h = status_as_of(frames["flat_status_history"], as_of)
    last = h.groupby("flat_id").tail(1)
    last = last[last["status"].isin(VACANT)]
    flats = frames["flats"][["flat_id", "building_id", "works_estimate_eur"]]
    b = frames["buildings"][["building_id", "name", "rione_id", "owner_id"]].rename(columns={"name": "building"})
    out = last[["flat_id", "status", "run_start"]].rename(columns={"status": "reason", "run_start": "vacant_since"})
    out = out.merge(flats, on="flat_id", how="left").merge(b, on="building_id", how="left")
    out["days_vacant"] = (_ts(as_of) - out["vacant_since"]).dt.days.astype("Int64")
    limit = _ts(as_of) - pd.DateOffset(months=target_months)
    out["over_target"] = out["vacant_since"] < limit
    occ = frames["occupations"].merge(frames["flats"][["flat_id", "building_id"]], on="flat_id", how="left")
    since = _ts(as_of) - pd.DateOffset(months=recent_months)
    recent = occ[(occ["detected_on"] > since) & (occ["detected_on"] <= _ts(as_of))]
    out["recent_occupations"] = out["building_id"].map(recent["building_id"].value_counts()).fillna(0).astype(int)
    out["at_risk"] = out["over_target"] & (out["recent_occupations"] > 0)
    return out.sort_values(["days_vacant", "flat_id"], ascending=[False, True]).reset_index(drop=True)


def vacancy_summary(vac: pd.DataFrame, by: str) -> pd.DataFrame:
    """By owner, rione or reason: vacant flats, over target, median days vacant, works cost."""
    g = vac.groupby(by)
    out = pd.DataFrame({"vacant": g.size(), "over_target": g["over_target"].sum().astype(int),
                        "median_days": g["days_vacant"].median(),
                        "works_eur": g["works_estimate_eur"].sum(min_count=1)})
    return out.reset_index().sort_values("vacant", ascending=False).reset_index(drop=True)


@dataclass(frozen=True)
class VacancyFigures:
    vacant: int
    over_target: int
    median_days_vacant: float | None
    at_risk: int
    works_cost_over_target_eur: float
    target_months: int

    def to_json(self) -> dict:
        return dict(self.__dict__)


def vacancy_figures(vac: pd.DataFrame, target_months: int | None = None) -> VacancyFigures:
    target_months = int(settings.get("relet_target_months") if target_months is None else target_months)
    over = vac[vac["over_target"]]
    return VacancyFigures(
        vacant=len(vac), over_target=len(over),
        median_days_vacant=float(vac["days_vacant"].median()) if len(vac) else None,
        at_risk=int(vac["at_risk"].sum()),
        works_cost_over_target_eur=float(over["works_estimate_eur"].fillna(0).sum()),
        target_months=target_months)


# --- re-let cycles ------------------------------------------------------------------------

RELET_STAGES = ("vacant_works", "under_works", "vacant_assignable", "assigned_awaiting")


def relet_cycles(frames: dict[str, pd.DataFrame], as_of: dt.date,
                 target_months: int | None = None) -> pd.DataFrame:
    """Every completed re-let cycle (definition in the module's docstring): flat, owner,
    rione, vacated_on, relet_on, turnaround_days, within_target, year, and the days spent in
    each stage (``days_<status>``, 0 when the cycle skipped it)."""
    target_months = int(settings.get("relet_target_months") if target_months is None else target_months)
    h = frames["flat_status_history"]
    h = h[h["valid_from"] <= _ts(as_of)].sort_values(["flat_id", "valid_from"], kind="stable")
    flat = h["flat_id"].to_numpy(dtype=object)
    status = h["status"].to_numpy(dtype=object)
    when = h["valid_from"].to_numpy()
    same_prev = np.r_[False, flat[1:] == flat[:-1]]
    same_next = np.r_[flat[1:] == flat[:-1], False]
    released = pd.Series(status).isin(schema.RELEASED_STATUSES).to_numpy()
    prev_released = np.r_[False, released[:-1]] & same_prev
    starts = released & ~prev_released  # first row of each run of released statuses
    run = np.cumsum(starts)
    prev_let = np.r_[False, status[:-1] == "let"] & same_prev
    next_let = np.r_[status[1:] == "let", False] & same_next
    next_when = np.r_[when[1:], np.datetime64("NaT")]
    rows = pd.DataFrame({"flat_id": flat, "status": status, "from": when, "to": next_when,
                         "run": run, "released": released, "start": starts & prev_let,
                         "end": released & next_let,
                         "next_same": same_next})[released]
    columns = ["flat_id", "vacated_on", "relet_on", "turnaround_days", "within_target", "year",
               *[f"days_{s}" for s in RELET_STAGES]]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    g = rows.groupby("run", sort=False)
    runs = pd.DataFrame({"flat_id": g["flat_id"].first(), "complete": g["start"].first() & g["end"].last(),
                         "vacated_on": g["from"].first(), "relet_on": g["to"].last()})
    runs = runs[runs["complete"]].drop(columns="complete")
    rows = rows[rows["run"].isin(runs.index)]
    stage = (rows["to"] - rows["from"]).dt.days
    days = stage.groupby([rows["run"], rows["status"]]).sum().unstack(fill_value=0)
    for s in RELET_STAGES:
        runs[f"days_{s}"] = days.get(s, pd.Series(dtype=int)).reindex(runs.index, fill_value=0).astype(int)
    runs["turnaround_days"] = (runs["relet_on"] - runs["vacated_on"]).dt.days.astype(int)
    runs["within_target"] = runs["relet_on"] <= runs["vacated_on"] + pd.DateOffset(months=target_months)
    runs["year"] = runs["relet_on"].dt.year.astype(int)
    fl = frames["flats"][["flat_id", "building_id"]]
    b = frames["buildings"][["building_id", "rione_id", "owner_id"]]
    out = runs.reset_index(drop=True).merge(fl, on="flat_id", how="left").merge(b, on="building_id", how="left")
    return out[columns + ["building_id", "owner_id", "rione_id"]].sort_values(
        ["relet_on", "flat_id"]).reset_index(drop=True)


def relet_summary(cycles: pd.DataFrame, by: str = "year") -> pd.DataFrame:
    """By year of re-let (or owner, rione): cycles, median and 90th-percentile turnaround
    days, share re-let within the target, median days in each stage."""
    g = cycles.groupby(by)
    out = pd.DataFrame({"cycles": g.size(), "median_days": g["turnaround_days"].median(),
                        "p90_days": g["turnaround_days"].quantile(0.9),
                        "within_target_share": g["within_target"].mean()})
    for s in RELET_STAGES:
        out[f"median_{s}"] = g[f"days_{s}"].median()
    if by == "year" and len(out):  # every year from the first to the last, 0 cycles included
        out = out.reindex(range(int(out.index.min()), int(out.index.max()) + 1))
        out["cycles"] = out["cycles"].fillna(0).astype(int)
        out.index.name = "year"
    return out.reset_index()


@dataclass(frozen=True)
class ReletFigures:
    cycles: int
    median_turnaround_days: float | None
    p90_turnaround_days: float | None
    within_target_share: float | None
    turnover_rate: float
    turnover_measured: bool
    releases_by_year: dict[int, int]
    target_months: int

    def to_json(self) -> dict:
        out = dict(self.__dict__)
        out["releases_by_year"] = {str(y): n for y, n in self.releases_by_year.items()}
        return out


def relet_figures(cycles: pd.DataFrame, frames: dict[str, pd.DataFrame], as_of: dt.date,
                  target_months: int | None = None) -> ReletFigures:
    """Completed cycles, their median and p90 turnaround and share within target; the
    turnover rate and releases per year of the annual plan (``demand.turnover``)."""
    from tavolo import demand

    target_months = int(settings.get("relet_target_months") if target_months is None else target_months)
    turnover = demand.turnover(frames, as_of)
    n = len(cycles)
    return ReletFigures(
        cycles=n, median_turnaround_days=float(cycles["turnaround_days"].median()) if n else None,
        p90_turnaround_days=float(cycles["turnaround_days"].quantile(0.9)) if n else None,
        within_target_share=float(cycles["within_target"].mean()) if n else None,
        turnover_rate=float(turnover.rate), turnover_measured=bool(turnover.measured),
        releases_by_year=dict(turnover.releases_by_year), target_months=target_months)


# --- occupations without title ----------------------------------------------------------------

def occupations_frame(frames: dict[str, pd.DataFrame], as_of: dt.date,
                      prior_months: int | None = None) -> pd.DataFrame:
    """Each occupation with year, rione, owner, days to resolve and whether the flat had been
    vacant more than ``prior_months`` months just before it was detected. No personal data:
    the table holds none, and what leaves this module is counted and suppressed."""
    prior_months = int(settings.get("occupation_prior_vacancy_months") if prior_months is None else prior_months)
    occ = frames["occupations"].copy()
    fl = frames["flats"][["flat_id", "building_id"]]
    b = frames["buildings"][["building_id", "rione_id", "owner_id"]]
    occ = occ.merge(fl, on="flat_id", how="left").merge(b, on="building_id", how="left")
    occ["year"] = occ["detected_on"].dt.year.astype("Int64")
    occ["days_to_resolve"] = (occ["resolved_on"] - occ["detected_on"]).dt.days.astype("Int64")
    h = status_as_of(frames["flat_status_history"], as_of)
    h = h[h["status"] != "occupied_no_title"]
    before = pd.merge_asof(
        occ[["occupation_id", "flat_id", "detected_on"]].sort_values("detected_on"),
        h[["flat_id", "valid_from", "status", "run_start"]].sort_values("valid_from"),
        left_on="detected_on", right_on="valid_from", by="flat_id", allow_exact_matches=False)
    before["vacant_before"] = before["status"].isin(VACANT) & before["run_start"].notna() & (
        before["run_start"] + pd.DateOffset(months=prior_months) < before["detected_on"])
    occ = occ.merge(before[["occupation_id", "vacant_before"]], on="occupation_id", how="left")
    occ["vacant_before"] = occ["vacant_before"].fillna(False).astype(bool)
    return occ


def occupations_by_year_rione(occ: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Counts (not yet suppressed): one row per year, one column per rione name."""
    names = frames["rioni"].set_index("rione_id")["name"]
    table = pd.crosstab(occ["year"], occ["rione_id"].map(names))
    return table.sort_index()


def occupations_by_outcome(occ: pd.DataFrame) -> pd.DataFrame:
    g = occ.groupby("outcome")
    out = pd.DataFrame({"occupations": g.size(),
                        "median_days_to_resolve": g["days_to_resolve"].median()})
    out = out.reindex(list(schema.OCCUPATION_OUTCOME)).fillna({"occupations": 0})
    out["occupations"] = out["occupations"].astype(int)
    return out.reset_index()


@dataclass(frozen=True)
class OccupationFigures:
    total: int
    open: int
    by_year: dict[int, int]
    median_days_to_resolve: float | None
    vacant_before: int
    vacant_before_share: float | None
    prior_months: int

    def suppressed_json(self, below: int) -> dict:
        """What may leave the app: every count suppressed, a median or share only when the
        counts it rests on are not small."""
        return {"total": suppressed(self.total, below), "open": suppressed(self.open, below),
                "by_year": {str(y): suppressed(n, below) for y, n in self.by_year.items()},
                "median_days_to_resolve": self.median_days_to_resolve
                if self.total - self.open >= below else None,
                "vacant_before": suppressed(self.vacant_before, below),
                "vacant_before_share": self.vacant_before_share
                if (self.vacant_before == 0 or self.vacant_before >= below) and self.total >= below else None,
                "prior_months": self.prior_months, "suppress_below": below}


def occupation_figures(occ: pd.DataFrame, prior_months: int | None = None) -> OccupationFigures:
    prior_months = int(settings.get("occupation_prior_vacancy_months") if prior_months is None else prior_months)
    resolved = occ["days_to_resolve"].dropna()
    return OccupationFigures(
        total=len(occ), open=int((occ["outcome"] == "open").sum()),
        by_year={int(y): int(n) for y, n in occ["year"].value_counts().sort_index().items()},
        median_days_to_resolve=float(resolved.median()) if len(resolved) else None,
        vacant_before=int(occ["vacant_before"].sum()),
        vacant_before_share=float(occ["vacant_before"].mean()) if len(occ) else None,
        prior_months=prior_months)


# --- display tables (Italian first, English switch) -----------------------------------------

def _t(key: str, lang: str) -> str:
    return i18n.t(key, lang)


def _num(value, lang: str, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return "–"
    return i18n.fmt_num(value, lang, digits) if digits else i18n.fmt_int(round(float(value)), lang)


def _pct(value, lang: str) -> str:
    return "–" if value is None or (isinstance(value, float) and np.isnan(value)) else i18n.fmt_pct(value, lang)


def month_label(day, lang: str = "it") -> str:
    """Timestamp(2026, 10, 1) -> 'ott 2026'."""
    from babel.dates import format_date

    return format_date(pd.Timestamp(day).date(), format="MMM yyyy", locale=i18n.pick(lang, "it_IT", "en_GB"))


def monthly_display(m: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    return pd.DataFrame({
        _t("ges_month", lang): [month_label(d, lang) for d in m["month"]],
        _t("ges_opened", lang): m["opened"], _t("ges_closed", lang): m["closed"],
        _t("ges_backlog", lang): m["backlog"]})


def category_display(cat: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    return pd.DataFrame({
        _t("ges_category", lang): [schema.label(schema.REPORT_CATEGORY, c, lang) for c in cat["category"]],
        _t("ges_reports", lang): cat["reports"], _t("ges_open", lang): cat["open"],
        _t("ges_median_days", lang): [_num(v, lang, 1) for v in cat["median_days"]],
        _t("ges_p90_days", lang): [_num(v, lang, 1) for v in cat["p90_days"]],
        _t("ges_target_days", lang): [_num(v, lang) for v in cat["target_days"]],
        _t("ges_within_target", lang): [_pct(v, lang) for v in cat["within_target_share"]],
        _t("ges_without_repair", lang): cat["without_repair"],
        _t("ges_without_repair_share", lang): [_pct(v, lang) for v in cat["without_repair_share"]]})


def reasons_display(reasons: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    return pd.DataFrame({
        _t("ges_close_reason", lang): reasons["reason"].replace("", _t("ges_no_reason", lang)),
        _t("ges_reports", lang): reasons["reports"],
        _t("ges_repair", lang): [_t("ges_yes" if r else "ges_no", lang) for r in reasons["repair"]]})


def area_display(area: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    return pd.DataFrame({
        _t("ges_name", lang): area["name"], _t("ges_reports", lang): area["reports"],
        _t("ges_open", lang): area["open"],
        _t("ges_median_days", lang): [_num(v, lang, 1) for v in area["median_days"]],
        _t("ges_without_repair", lang): area["without_repair"],
        _t("ges_oldest_open", lang): [_num(v, lang) for v in area["oldest_open_days"]]})


def oldest_display(old: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    return pd.DataFrame({
        _t("ges_report", lang): old["report_id"], _t("ges_opened_on", lang): old["date"],
        _t("ges_building", lang): old["building"],
        _t("ges_category", lang): [schema.label(schema.REPORT_CATEGORY, c, lang) for c in old["category"]],
        _t("ges_status", lang): [schema.label(schema.REPORT_STATUS, s, lang) for s in old["status"]],
        _t("ges_age_days", lang): old["age_days"], _t("ges_target_days", lang): old["target_days"]})


def vacancy_summary_display(summary: pd.DataFrame, by: str, frames: dict, lang: str = "it") -> pd.DataFrame:
    if by == "reason":
        names = [schema.label(schema.FLAT_STATUS, r, lang) for r in summary[by]]
    elif by == "rione_id":
        names = summary[by].map(frames["rioni"].set_index("rione_id")["name"]).tolist()
    else:
        names = summary[by].tolist()
    return pd.DataFrame({
        _t(f"ges_by_{by}", lang): names, _t("ges_vacant", lang): summary["vacant"],
        _t("ges_over_target", lang): summary["over_target"],
        _t("ges_median_days_vacant", lang): [_num(v, lang) for v in summary["median_days"]],
        _t("ges_works_eur", lang): [i18n.fmt_eur(v, lang) if pd.notna(v) else "–" for v in summary["works_eur"]]})


def vacancies_display(vac: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    return pd.DataFrame({
        _t("ges_flat", lang): vac["flat_id"], _t("ges_building", lang): vac["building"],
        _t("owner", lang): vac["owner_id"],
        _t("ges_reason", lang): [schema.label(schema.FLAT_STATUS, r, lang) for r in vac["reason"]],
        _t("ges_vacant_since", lang): vac["vacant_since"], _t("ges_days_vacant", lang): vac["days_vacant"],
        _t("ges_works_eur", lang): [i18n.fmt_eur(v, lang) if pd.notna(v) else "–" for v in vac["works_estimate_eur"]],
        _t("ges_recent_occupations", lang): vac["recent_occupations"],
        _t("ges_at_risk", lang): [_t("ges_yes" if r else "ges_no", lang) for r in vac["at_risk"]]})


def relet_year_display(summary: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """Cycles by year of re-let: count, median and p90 days, share within target."""
    return pd.DataFrame({
        _t("ges_year", lang): [str(y) for y in summary["year"]],
        _t("ges_relet_cycles", lang): summary["cycles"].astype(int),
        _t("ges_relet_median", lang): [_num(v, lang) for v in summary["median_days"]],
        _t("ges_relet_p90", lang): [_num(v, lang) for v in summary["p90_days"]],
        _t("ges_relet_within", lang): [_pct(v, lang) for v in summary["within_target_share"]]})


def relet_stage_display(summary: pd.DataFrame, by: str, frames: dict, lang: str = "it") -> pd.DataFrame:
    """Cycles by owner (or rione): count, median days, within target, median days per stage."""
    names = summary[by].map(frames["rioni"].set_index("rione_id")["name"]).tolist() if by == "rione_id" \
        else summary[by].tolist()
    out = pd.DataFrame({
        _t(f"ges_by_{by}", lang): names, _t("ges_relet_cycles", lang): summary["cycles"].astype(int),
        _t("ges_relet_median", lang): [_num(v, lang) for v in summary["median_days"]],
        _t("ges_relet_within", lang): [_pct(v, lang) for v in summary["within_target_share"]]})
    for s in RELET_STAGES:
        out[_t(f"ges_stage_{s}", lang)] = [_num(v, lang) for v in summary[f"median_{s}"]]
    return out


def occupations_cross_display(table: pd.DataFrame, below: int, lang: str = "it") -> pd.DataFrame:
    """The year x rione table as shown and exported: suppressed, no totals."""
    out = suppress_cross(table, below)
    out.insert(0, _t("ges_year", lang), [str(y) for y in table.index])
    out.columns.name = None
    return out.reset_index(drop=True)


def occupations_year_display(occ: pd.DataFrame, below: int, lang: str = "it") -> pd.DataFrame:
    counts = occ["year"].value_counts().sort_index()
    return pd.DataFrame({_t("ges_year", lang): [str(y) for y in counts.index],
                         _t("ges_occupations", lang): [suppressed(v, below) for v in counts.to_numpy()]})


def occupations_outcome_display(out: pd.DataFrame, below: int, lang: str = "it") -> pd.DataFrame:
    return pd.DataFrame({
        _t("ges_outcome", lang): [schema.label(schema.OCCUPATION_OUTCOME, o, lang) for o in out["outcome"]],
        _t("ges_occupations", lang): [suppressed(v, below) for v in out["occupations"]],
        _t("ges_median_days_resolve", lang): [
            _num(m, lang) if n >= below else "–" for m, n in zip(out["median_days_to_resolve"], out["occupations"])]})


def occupation_tables(frames: dict[str, pd.DataFrame], as_of: dt.date, lang: str = "it",
                      below: int | None = None, prior_months: int | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the occupations tab as shown and exported (already suppressed): the
    page displays these and nothing else, so a test on them covers every export."""
    below = suppress_below(below)
    occ = occupations_frame(frames, as_of, prior_months)
    names = frames["rioni"].set_index("rione_id")["name"]
    by_rione = occ["rione_id"].map(names).value_counts().reindex(sorted(names.tolist()), fill_value=0)
    return {"by_year": occupations_year_display(occ, below, lang),
            "by_rione": pd.DataFrame({_t("ges_by_rione_id", lang): by_rione.index.tolist(),
                                      _t("ges_occupations", lang): [suppressed(v, below) for v in by_rione]}),
            "by_outcome": occupations_outcome_display(occupations_by_outcome(occ), below, lang),
            "by_year_rione": occupations_cross_display(occupations_by_year_rione(occ, frames), below, lang)}
