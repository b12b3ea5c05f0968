"""The view model of the Domanda e offerta page: every figure and table the page shows,
computed from the frames for one comune, one rione (or all) and one language, with no
Streamlit. The page (pages/domanda_offerta.py) reads its widgets, asks this object and
draws what it gets (ui/domanda.py); the rules themselves are in tavolo.demand,
tavolo.projection and tavolo.plan.

    >>> view = DemandView.build(frames, info, demo, rione=None, lang="it")
    >>> view.headline().waiting, view.calls()[1]          # figures, and the table shown
    >>> scenario = view.scenario(view.scenario_defaults())  # the sliders' values -> Scenario
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from tavolo import demand as dm, plan, projection as pj

SCENARIO_KEYS = ("dem_turnover", "dem_demand", "dem_recovery", "dem_new", "dem_new_year")
TURNOVER_STEPS = [i / 10 for i in range(151)]  # 0,0 .. 15,0 % in steps of 0,1 (a select slider)


def on_step(pct: float) -> float:
    """The turnover slider's step nearest to ``pct``."""
    return min(TURNOVER_STEPS, key=lambda step: abs(step - float(pct)))


@dataclass(frozen=True)
class DemandView:
    frames: dict[str, pd.DataFrame]
    info: dict
    demo: bool
    lang: str
    as_of: dt.date
    comune: str | None
    rione: str | None
    all_flats: pd.DataFrame  # the comune's flats, computed once and passed on

    @classmethod
    def build(cls, frames: dict[str, pd.DataFrame], info: dict, demo: bool, rione: str | None,
              lang: str = "it", comune: str | None = None) -> DemandView:
        comune = comune or dm.default_comune(frames)
        return cls(frames, info, demo, lang, dm.as_of_date(info, frames), comune, rione or None,
                   dm.flats(frames, comune))

    # -- names ----------------------------------------------------------------------------
    @staticmethod
    def rione_names(frames: dict[str, pd.DataFrame]) -> pd.Series:
        """rione id -> name, for the rione chooser (drawn before the view exists)."""
        return dm.rione_names(frames)

    @cached_property
    def programme_names(self) -> pd.Series:
        return self.frames["programmes"].set_index("programme_id")["name"]

    def show(self, frame: pd.DataFrame, columns: str | dict) -> pd.DataFrame:
        """``frame`` with the page's column labels (a key of ``demand.COLUMNS`` or a dict)."""
        return dm.display(frame, dm.COLUMNS[columns] if isinstance(columns, str) else columns, self.lang)

    # -- the flats and households of the rione ----------------------------------------------
    @cached_property
    def flats(self) -> pd.DataFrame:
        return dm.in_rione(self.all_flats, self.rione)

    @cached_property
    def waiting(self) -> pd.DataFrame:
        return dm.waiting(self.frames, self.comune, self.rione)

    def headline(self) -> dm.Headline:
        return dm.headline(self.frames, self.comune, self.rione, self.all_flats)

    # -- Domanda ----------------------------------------------------------------------------
    @cached_property
    def calls_series(self) -> pd.DataFrame:
        return dm.calls_series(self.frames, self.comune, self.rione)

    def calls(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The calls' series and its table."""
        return self.calls_series, self.show(self.calls_series, "calls")

    def call_ids(self) -> list[str]:
        return list(self.calls_series["call_id"])

    def profile(self, call: str | None, dimension: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The applications of ``call`` by ``dimension``, and its table."""
        apps = dm.applications(self.frames, self.comune, self.rione, call)
        prof = dm.profile(apps, dimension, self.frames, self.lang)
        return prof, self.show(prof, "profile")

    # -- Offerta ----------------------------------------------------------------------------
    @cached_property
    def stock_flats(self) -> pd.DataFrame:
        """Today's stock: new flats not yet delivered are supply, counted by year."""
        return dm.in_stock(self.flats)

    def stock(self, dimension: str) -> pd.DataFrame:
        return dm.stock_by(self.stock_flats, dimension, self.frames, self.lang)

    def works(self) -> tuple[pd.DataFrame, str]:
        """Vacant flats needing works outside the programmes, by cost band, and its note."""
        table = self.show(dm.vacant_works_labelled(self.stock_flats, self.lang), "works")
        return table, dm.vacant_works_note(self.stock_flats, self.lang)

    def horizon_years(self) -> list[int]:
        return list(range(self.as_of.year, self.as_of.year + pj.HORIZON))

    def supply_years(self, long: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        wide = pj.supply_by_year(long, self.horizon_years())
        return wide, self.show(wide, dm.supply_columns(wide))

    def pipeline(self, scenario: pj.Scenario) -> tuple[pd.DataFrame, pd.DataFrame]:
        pipe = pj.pipeline(self.frames, scenario, self.as_of, self.comune, self.all_flats)
        return pipe, self.show(pj.pipeline_labels(pipe, self.lang), "pipeline")

    # -- Confronto --------------------------------------------------------------------------
    def matching(self) -> tuple[pd.DataFrame, pd.DataFrame, int]:
        """Households and flats by size, its table, and the assignable flats without a size."""
        match = dm.matching_by_size(self.waiting, self.flats)
        return match, self.show(match, "matching"), dm.unclassified_assignable(self.flats)

    def adequacy(self) -> pd.DataFrame:
        return plan.adequacy_display(self.lang)

    def per_flat_by_rione(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        rioni = dm.per_flat_by_rione(self.waiting, self.flats, self.frames)
        return rioni, self.show(rioni, "rioni")

    # -- Scenari ----------------------------------------------------------------------------
    @cached_property
    def turnover(self) -> dm.Turnover:
        return dm.turnover(self.frames, self.as_of, self.comune, fl=self.all_flats)

    @cached_property
    def default_scenario(self) -> pj.Scenario:
        return pj.default_scenario(self.frames, self.as_of, self.comune, self.all_flats, self.turnover)

    def scenario_defaults(self) -> dict[str, object]:
        """The sliders' keys and their starting values: measured or set defaults."""
        default = self.default_scenario
        values: dict[str, object] = {"dem_turnover": on_step(default.turnover_pct), "dem_demand": default.demand_per_year,
                                     "dem_recovery": 0.0, "dem_new": 0, "dem_new_year": self.as_of.year + 2}
        values |= {f"dem_end_{p}": y for p, y in default.works_end.items()}
        values |= {f"dem_design_{p}": y for p, y in default.design_year.items()}
        return values

    def scenario(self, values: Mapping[str, object]) -> pj.Scenario:
        """The scenario of the sliders' ``values`` (keys of ``scenario_defaults``)."""
        default = self.default_scenario
        return default.with_(
            turnover_pct=values["dem_turnover"], demand_per_year=values["dem_demand"],
            works_end={p: values[f"dem_end_{p}"] for p in default.works_end},
            design_year={p: values[f"dem_design_{p}"] for p in default.design_year},
            new_build_flats=values["dem_new"], new_build_year=values["dem_new_year"],
            works_recovery_pct=values["dem_recovery"])

    def slider_years(self) -> list[int]:
        return list(range(self.as_of.year, self.as_of.year + pj.HORIZON + 2))

    def assignment_years(self) -> tuple[object, object]:
        """First and last year with assignments (the demand slider's help), or dashes."""
        calls = dm.assignments_by_year(self.frames, self.comune)
        return (calls["year"].min(), calls["year"].max()) if len(calls) else ("–", "–")

    def supply(self, scenario: pj.Scenario) -> pd.DataFrame:
        """Supply by year and source, computed once per run for the three tabs using it."""
        return pj.supply(self.frames, scenario, self.as_of, comune=self.comune, fl=self.all_flats)

    def projection(self, scenario: pj.Scenario, long: pd.DataFrame):
        proj = pj.project(self.frames, scenario, self.as_of, comune=self.comune, fl=self.all_flats, long=long)
        return proj, self.show(proj.by_year, "coverage")

    # -- Piano ------------------------------------------------------------------------------
    def plan_default_year(self) -> int:
        return plan.default_year(self.as_of)

    def annual_plan(self, year: int, available: int | None, scenario: pj.Scenario,
                    long: pd.DataFrame) -> plan.AnnualPlan:
        """The annual plan of ``year`` (the projection's supply only inside its horizon)."""
        long = long if self.as_of.year <= year < self.as_of.year + pj.HORIZON else None
        return pj.annual_plan(self.frames, year, self.info, self.comune, available=available,
                              scenario=scenario, demo=self.demo, fl=self.all_flats, long=long)
