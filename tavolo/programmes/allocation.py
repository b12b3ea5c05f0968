"""Allocation: the programme's allocation by quota, its flats by the year they enter an
annual plan (``projection.flat_years``, the same dates as the projection's) and the
annual-plan rules (``tavolo.plan.check_allocation_years``, the one implementation) applied
year by year of availability, never to all the programme's flats as if they were one
year's supply."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from tavolo import plan, projection, schema
from tavolo.programmes.progress import flats_check
from tavolo.validation import Issue


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
