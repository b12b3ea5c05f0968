"""Money: funding acts, committed, spent and the cost per funded flat."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tavolo.programmes.progress import flats_check, interventions


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
