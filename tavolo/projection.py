"""Scenarios and the five-year projection of supply and coverage, and the annual plan of
a comune built from the data (the rules themselves live in ``tavolo.plan``).

Supply of a year, by source (``tavolo.plan.SOURCE_GROUPS`` groups them as the regional
plan form does), each row with the flats' owner and service (SAP, SAS, transitional: the
plan's quota base is SAP, the others are shown apart):

- ``vacant_now``: flats vacant and assignable today (first year only);
- ``turnover``: let flats expected to be released: the turnover rate x the let flats it is
  measured on (``demand.turnover_base``). In the as-of year only the part of the year after
  the as-of date counts: the releases before it are already in ``vacant_now`` (never both);
- ``programmes``: programme flats by the year they become available (``flat_years``, the
  one definition, also used by the Progetti allocation check): completed or habitable ones
  in the first year, flats under works when their programme's works end, flats in design
  in the scenario's year for them (already assigned or handed-over flats are not supply);
- ``ordinary_works``: other flats under works, the year after;
- ``art10``: vacant flats needing works up to the art. 10 limit (first year);
- ``works_recovered``: the other vacant flats needing works, a share of them each year
  from the second year (scenario; 0 by default: they wait for funding);
- ``new_build``: the scenario's new flats in their year.

Today's stock leaves out new flats not yet delivered (``summary.not_delivered``): they
are supply of their programme in the year their works end.

Coverage of a year: the SAP flats expected in the year over the new admitted applications
a year brings (``Scenario.demand_per_year``: the setting ``new_applications_per_year``, or
the calls' mean), at most 100 %. Besides, the year by which the cumulative supply could
house today's waiting list (admitted households still waiting), while new ones arrive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from tavolo import demand, plan, schema, settings, summary

HORIZON = 5
SOURCES = ("vacant_now", "turnover", "programmes", "ordinary_works", "art10", "works_recovered",
           "new_build")
READY_PHASES = ("completed", "habitable")
WORKS_PHASES = ("works", "tendered")
DESIGN_PHASES = ("design",)
NEW_BUILD_OWNER = "ALTRO"


@dataclass(frozen=True)
class Scenario:
    """The assumptions of a projection; every field is a slider on the page."""

    turnover_pct: float
    works_end: dict[str, int] = field(default_factory=dict)  # programme -> year works end
    design_year: dict[str, int | None] = field(default_factory=dict)  # None: not in view
    new_build_flats: int = 0
    new_build_year: int | None = None
    works_recovery_pct: float = 0.0
    demand_per_year: float = 0.0  # new admitted applications a year (coverage's denominator)

    def with_(self, **changes) -> Scenario:
        return replace(self, **changes)


def _works_end_milestone(frames: dict[str, pd.DataFrame]) -> pd.Series:
    """programme_id -> planned date of its last end-of-works milestone not yet reached."""
    ms = frames["milestones"]
    ends = ms[ms["name"].str.contains("fine lavori", case=False, na=False) & ms["actual_date"].isna()]
    return ends.groupby("programme_id")["planned_date"].max()


def default_dates(frames: dict[str, pd.DataFrame], as_of: dt.date
                  ) -> tuple[dict[str, int], dict[str, int | None]]:
    """The default years of each programme: works end at the planned end-of-works milestone
    (or the programme's planned end), next year when that date has passed; flats still in
    design three years after the works end (an assumption the page shows and lets change)."""
    planned = _works_end_milestone(frames) if "milestones" in frames else pd.Series(dtype=object)
    works_end: dict[str, int] = {}
    design_year: dict[str, int | None] = {}
    for prog in frames["programmes"].itertuples(index=False):
        end = planned.get(prog.programme_id, getattr(prog, "end_planned", None))
        year = end.year if end is not None and pd.notna(end) else as_of.year + 1
        works_end[prog.programme_id] = year if year > as_of.year else as_of.year + 1
        design_year[prog.programme_id] = works_end[prog.programme_id] + 2
    return works_end, design_year


def default_scenario(frames: dict[str, pd.DataFrame], as_of: dt.date,
                     comune: str | None = None, fl: pd.DataFrame | None = None,
                     turnover: demand.Turnover | None = None) -> Scenario:
    """Turnover measured on the history (or the setting); the programmes' years from
    ``default_dates``; the new admitted applications of a year from the calls."""
    rate = (turnover or demand.turnover(frames, as_of, comune, fl=fl)).rate
    works_end, design_year = default_dates(frames, as_of)
    per_year, _measured = demand.inflow(frames, comune)
    return Scenario(turnover_pct=round(rate * 100, 1), works_end=works_end, design_year=design_year,
                    demand_per_year=float(round(per_year)))


def programme_scenario(frames: dict[str, pd.DataFrame], as_of: dt.date) -> Scenario:
    """The default scenario's programme years only (no turnover measured): what
    ``flat_years`` needs, cheap enough for the Progetti page."""
    works_end, design_year = default_dates(frames, as_of)
    return Scenario(turnover_pct=0.0, works_end=works_end, design_year=design_year)


def headline_programme(frames: dict[str, pd.DataFrame]) -> str | None:
    """The programme with the most flats planned (via Carlo Porta's 111)."""
    progs = frames["programmes"]
    if progs.empty:
        return None
    return str(progs.sort_values("flats_planned", ascending=False).iloc[0]["programme_id"])


ASSIGNED_PHASES = ("assigned", "handed_over")


def flat_years(frames: dict[str, pd.DataFrame], as_of: dt.date, scenario: Scenario | None = None
               ) -> pd.DataFrame:
    """THE definition of the year a programme flat becomes available to an annual plan,
    used by the projection and the annual plan (``pipeline``, ``supply``) and by the
    Progetti allocation check (``programmes.availability``): programme_id, flat_id, phase,
    year (Int64, NA: not dated, beyond the scenario's view).

    - assigned or handed over: the year of ``phase_since`` (it was supply of that year's
      plan; NA without a date); these flats are not supply any more (``pipeline``);
    - completed or habitable: the as-of year (assignable now);
    - tendered or under works: the year the scenario says their programme's works end;
    - in design: the scenario's year for them (None: beyond view).

    The dates of flats to come are the projection's scenario (default: ``default_dates``,
    the planned end of works), not "not dated": the allocation check and the annual plans
    then count each flat in the same year, and a change of the scenario moves both."""
    scenario = programme_scenario(frames, as_of) if scenario is None else scenario
    pf = frames["programme_flats"]
    year = pd.Series(pd.NA, index=pf.index, dtype="Int64")
    done = pf["phase"].isin(ASSIGNED_PHASES) & pf["phase_since"].notna()
    year[done] = pd.to_datetime(pf.loc[done, "phase_since"]).dt.year.astype("Int64")
    year[pf["phase"].isin(READY_PHASES)] = as_of.year
    works = pf["phase"].isin(WORKS_PHASES)
    year[works] = pf.loc[works, "programme_id"].map(scenario.works_end).astype("Int64")
    design = pf["phase"].isin(DESIGN_PHASES)
    year[design] = pf.loc[design, "programme_id"].map(
        lambda p: scenario.design_year.get(p)).astype("Int64")
    return pd.DataFrame({"programme_id": pf["programme_id"], "flat_id": pf["flat_id"],
                         "phase": pf["phase"], "year": year})


def pipeline(frames: dict[str, pd.DataFrame], scenario: Scenario, as_of: dt.date,
             comune: str | None = None, fl: pd.DataFrame | None = None) -> pd.DataFrame:
    """Programme flats still to be assigned, with the year they are expected to become
    assignable (``flat_years``): programme_id, name, phase, owner_id, flats, year (NA:
    beyond view)."""
    fl = demand.flats(frames, comune) if fl is None else fl
    pf = flat_years(frames, as_of, scenario)
    pf = pf[pf["phase"].isin(READY_PHASES + WORKS_PHASES + DESIGN_PHASES)]
    pf = pf.merge(fl[["flat_id", "owner_id", "service"]], on="flat_id", how="inner")
    names = frames["programmes"].set_index("programme_id")["name"]
    out = pf.groupby(["programme_id", "phase", "owner_id", "service", "year"], dropna=False).size() \
        .rename("flats").reset_index()
    out["name"] = out["programme_id"].map(names)
    return out[["programme_id", "name", "phase", "owner_id", "service", "flats", "year"]]


def programme_flats_by_year(frames: dict[str, pd.DataFrame], programme_id: str, scenario: Scenario,
                            as_of: dt.date, comune: str | None = None) -> dict[int | None, int]:
    """A programme's flats still to be assigned by the year they are expected to become
    available (``flat_years``; None: beyond the scenario's view): the flats it brings to
    each year's annual plan. ``plan.limits_by_year`` applies each year's rules to them."""
    pipe = pipeline(frames, scenario, as_of, comune)
    pipe = pipe[pipe["programme_id"] == programme_id]
    out: dict[int | None, int] = {}
    for year, n in pipe.groupby(pipe["year"].astype("object").where(pipe["year"].notna(), None),
                                dropna=False)["flats"].sum().items():
        out[None if year is None or pd.isna(year) else int(year)] = int(n)
    return dict(sorted(out.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))


def year_share(year: int, as_of: dt.date) -> float:
    """The part of ``year`` still to come after ``as_of``: 1 for a later year, the days
    left over the year's days for the as-of year (31 October 2026 -> 61/365), 0 before."""
    if year > as_of.year:
        return 1.0
    if year < as_of.year:
        return 0.0
    end = dt.date(year, 12, 31)
    return (end - as_of).days / ((end - dt.date(year, 1, 1)).days + 1)


def pipeline_labels(pipe: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """``pipeline`` with the phase and the year written out ("oltre l'orizzonte")."""
    from tavolo import i18n

    return pipe.assign(
        phase_label=[schema.label(schema.PHASE, p, lang) for p in pipe["phase"]],
        service_label=[schema.label(schema.SERVICE, s, lang) for s in pipe["service"]],
        year_label=pipe["year"].astype("string").fillna(i18n.t("dem_beyond", lang)))


def _rounded(values: pd.Series) -> pd.Series:
    return np.floor(values + 0.5).astype(int)


def _by_owner_service(frame: pd.DataFrame) -> pd.Series:
    return frame.groupby(["owner_id", "service"]).size()


def supply(frames: dict[str, pd.DataFrame], scenario: Scenario, as_of: dt.date,
           horizon: int = HORIZON, comune: str | None = None,
           art10_max: float | None = None, fl: pd.DataFrame | None = None) -> pd.DataFrame:
    """Flats expected to become assignable, long form: year, source, programme_id (for
    programme flats, else ""), owner_id, service, flats. Years from ``as_of``'s year on."""
    years = list(range(as_of.year, as_of.year + horizon))
    first = years[0]
    fl = demand.flats(frames, comune) if fl is None else fl
    ordinary = fl[~fl["in_programme"] & fl["in_stock"]]
    parts = []

    def add(year, source, counts: pd.Series, programme=""):
        counts = counts[counts > 0]
        if len(counts):
            parts.append(pd.DataFrame({"year": year, "source": source, "programme_id": programme,
                                       "owner_id": [str(o) for o, _s in counts.index],
                                       "service": [str(s_) for _o, s_ in counts.index],
                                       "flats": counts.to_numpy(dtype=int)}))

    let_by_owner = _by_owner_service(fl[demand.turnover_base(fl)])
    for year in years:
        add(year, "turnover", _rounded(let_by_owner * scenario.turnover_pct / 100
                                       * year_share(year, as_of)))
    add(first, "vacant_now", _by_owner_service(ordinary[ordinary["status"].isin(demand.ASSIGNABLE)]))
    if horizon > 1:
        add(first + 1, "ordinary_works", _by_owner_service(ordinary[ordinary["status"] == "under_works"]))
    vw = ordinary[ordinary["status"] == "vacant_works"]
    limit = settings.get("art10_works_max_eur") if art10_max is None else art10_max
    art10 = vw["works_estimate_eur"].le(limit).fillna(False)
    add(first, "art10", _by_owner_service(vw[art10]))
    pool = _by_owner_service(vw[~art10])
    if scenario.works_recovery_pct > 0 and len(pool):
        per_year = np.maximum(_rounded(pool * scenario.works_recovery_pct / 100), 1)
        left = pool.copy()
        for year in years[1:]:
            take = np.minimum(per_year, left)
            add(year, "works_recovered", take)
            left = left - take
    pipe = pipeline(frames, scenario, as_of, comune, fl)
    pipe = pipe[pipe["year"].notna() & pipe["year"].isin(years)]
    if len(pipe):
        grouped = pipe.groupby(["year", "programme_id", "owner_id", "service"])["flats"].sum().reset_index()
        parts.append(grouped.assign(source="programmes"))
    if scenario.new_build_flats and scenario.new_build_year in years:
        add(scenario.new_build_year, "new_build",
            pd.Series([int(scenario.new_build_flats)],
                      index=pd.MultiIndex.from_tuples([(NEW_BUILD_OWNER, "SAP")])))
    columns = ["year", "source", "programme_id", "owner_id", "service", "flats"]
    if not parts:
        return pd.DataFrame({"year": pd.Series(dtype=int), "source": pd.Series(dtype=object),
                             "programme_id": pd.Series(dtype=object),
                             "owner_id": pd.Series(dtype=object), "service": pd.Series(dtype=object),
                             "flats": pd.Series(dtype=int)})
    out = pd.concat(parts, ignore_index=True)[columns]
    out["year"] = out["year"].astype(int)
    return out


def sap(long: pd.DataFrame) -> pd.DataFrame:
    """The SAP rows of ``supply``: the plan's quota base."""
    return long[long["service"] == "SAP"]


def supply_by_year(long: pd.DataFrame, horizon_years: list[int]) -> pd.DataFrame:
    """Wide: one row per year, one column per source, and the total (SAP flats: what the
    waiting list and the plan's quotas are about)."""
    long = sap(long)
    wide = long.pivot_table(index="year", columns="source", values="flats", aggfunc="sum",
                            fill_value=0).reindex(index=horizon_years, fill_value=0)
    wide = wide.reindex(columns=[s for s in SOURCES if s in wide.columns])
    wide["total"] = wide.sum(axis=1)
    return wide.astype(int).reset_index()


@dataclass(frozen=True)
class Projection:
    years: list[int]
    waiting: int
    supply: pd.DataFrame  # long form, with the headline programme
    by_year: pd.DataFrame  # year, supply with and without, cumulative, coverage
    without_programme: str | None

    def clear_year(self, column: str = "cum_with") -> int | None:
        """The first year the cumulative supply reaches today's waiting list (None: not
        within the horizon)."""
        hit = self.by_year[self.by_year[column] >= self.waiting]
        return int(hit["year"].iloc[0]) if len(hit) else None


def project(frames: dict[str, pd.DataFrame], scenario: Scenario, as_of: dt.date,
            horizon: int = HORIZON, comune: str | None = None,
            without: str | None = "headline", fl: pd.DataFrame | None = None,
            long: pd.DataFrame | None = None) -> Projection:
    """Supply and coverage over ``horizon`` years, with and without the flats of programme
    ``without`` (default: the headline programme, the 111 flats): flats per year, their
    cumulative sum (against today's waiting list: ``clear_year``) and the coverage of the
    applications of a year (``scenario.demand_per_year``; missing when it is 0). ``long``:
    ``supply(...)`` of the same scenario and horizon, if at hand."""
    if without == "headline":
        without = headline_programme(frames)
    years = list(range(as_of.year, as_of.year + horizon))
    n_waiting = len(demand.waiting(frames, comune))
    long = supply(frames, scenario, as_of, horizon, comune, fl=fl) if long is None else long
    long = sap(long)
    with_ = long.groupby("year")["flats"].sum().reindex(years, fill_value=0)
    without_ = long[long["programme_id"] != (without or "\0")].groupby("year")["flats"].sum() \
        .reindex(years, fill_value=0)
    out = pd.DataFrame({"year": years, "supply_with": with_.to_numpy(dtype=int),
                        "supply_without": without_.to_numpy(dtype=int)})
    out["cum_with"] = out["supply_with"].cumsum()
    out["cum_without"] = out["supply_without"].cumsum()
    denominator = scenario.demand_per_year if scenario.demand_per_year > 0 else np.nan
    out["demand"] = scenario.demand_per_year
    out["coverage_with"] = (out["supply_with"] / denominator).clip(upper=1.0)
    out["coverage_without"] = (out["supply_without"] / denominator).clip(upper=1.0)
    return Projection(years, n_waiting, long, out, without)


# --- the annual plan of a comune -----------------------------------------------------------

def stock_by_owner(frames: dict[str, pd.DataFrame], comune: str | None = None,
                   fl: pd.DataFrame | None = None, by: str = "owner_id") -> dict[str, dict[str, int]]:
    """Today's stock (new flats not yet delivered left out), ``by`` owner or service: a
    count per status."""
    fl = demand.flats(frames, comune) if fl is None else fl
    fl = demand.in_stock(fl)
    table = pd.crosstab(fl[by], fl["status"])
    return {str(key): {s: int(row.get(s, 0)) for s in schema.FLAT_STATUS}
            for key, row in table.iterrows()}


def annual_plan(frames: dict[str, pd.DataFrame], year: int | None = None, meta: dict | None = None,
                comune: str | None = None, available: int | None = None,
                chosen: dict[str, int] | None = None, scenario: Scenario | None = None,
                demo: bool = False, fl: pd.DataFrame | None = None,
                long: pd.DataFrame | None = None) -> plan.AnnualPlan:
    """The Piano annuale of ``comune`` for ``year`` (default: the next to make after the
    data's as-of date, ``plan.default_year``). Its base is SAP flats; SAS and transitional
    flats are counted apart (``outside_base``, ``stock_outside_base``). For a year from the
    as-of year on, the flats expected come from the projection (``scenario``, default
    assumptions; in the as-of year the turnover covers only the days left); for a past
    year, from the flats offered by the calls that opened in it. "Assigned in the previous
    year" counts assignments by their date (``demand.assigned_in_year``). ``long``: the
    ``supply(...)`` of ``scenario`` over years that include ``year``, if at hand."""
    comune = comune or demand.default_comune(frames)
    comuni = frames["comuni"].set_index("comune_code")
    if comune not in comuni.index:
        raise KeyError(comune)
    info = comuni.loc[comune]
    as_of = demand.as_of_date(meta, frames)
    year = plan.default_year(as_of) if year is None else int(year)
    fl = demand.flats(frames, comune) if fl is None else fl
    notes: dict = {"flats_not_delivered": int((~fl["in_stock"]).sum())}
    outside: dict[str, int] = {}
    if year >= as_of.year:
        scenario = scenario or default_scenario(frames, as_of, comune, fl)
        if long is None:
            long = supply(frames, scenario, as_of, year - as_of.year + 1, comune, fl=fl)
        long = long[long["year"] == year]
        base = sap(long)
        by_source = {s: int(base.loc[base["source"] == s, "flats"].sum()) for s in SOURCES}
        by_owner = {str(k): int(v) for k, v in base.groupby("owner_id")["flats"].sum().items()}
        outside = {str(k): int(v) for k, v in
                   long[long["service"] != "SAP"].groupby("service")["flats"].sum().items()}
        notes |= {"turnover_pct": scenario.turnover_pct,
                  "turnover_share_of_year": year_share(year, as_of),
                  "turnover_base": int(demand.turnover_base(fl).sum()),
                  "programme_flats": {str(k): int(v) for k, v in base[base["source"] == "programmes"]
                                      .groupby("programme_id")["flats"].sum().items()}}
        names = frames["programmes"].set_index("programme_id")["name"]
        notes["programme_names"] = {p: str(names.get(p, p)) for p in notes["programme_flats"]}
        if year > as_of.year:  # today's vacant flats are supply of the as-of year, not of this one
            free = fl[~fl["in_programme"] & fl["in_stock"] & fl["status"].isin(demand.ASSIGNABLE)
                      & fl["service"].eq("SAP")]
            notes |= {"vacant_now_in_year": as_of.year, "vacant_now": int(len(free))}
    else:
        calls = frames["calls"]
        mine = calls[(calls["comune_code"] == comune) & (calls["opened_on"].dt.year == year)]
        by_source = {"calls": int(mine["flats_offered"].sum())}
        by_owner = {}
    previous, undated = demand.assigned_in_year(frames, year - 1, comune)
    notes["assigned_previous_year_undated"] = undated
    sap_flats = fl[fl["service"] == "SAP"]
    return plan.make_plan(
        comune_code=comune, comune_name=str(info["name"]), ambito=str(info["ambito"]), year=year,
        as_of=as_of.isoformat(), available_by_source=by_source, available_by_owner=by_owner,
        stock_by_owner=stock_by_owner(frames, comune, sap_flats), assigned_previous_year=previous,
        available=available, chosen=chosen, demo=demo, source=(meta or {}).get("source", ""),
        outside_base=outside,
        stock_outside_base=stock_by_owner(frames, comune, fl[fl["service"] != "SAP"], by="service"),
        notes=notes, owner_names=summary.owner_names(frames))
