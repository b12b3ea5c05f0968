"""Progress: the programme's row, its flats by phase and the board (one cell per flat,
grouped by building, staircase and floor)."""

from __future__ import annotations

import pandas as pd

from tavolo import schema

PHASES: tuple[str, ...] = tuple(schema.PHASE)


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
