"""The deterministic demo data set.

Scale 1 is Legnano, calibrated on the public figures cited in ``tavolo.facts.SOURCES``:
1,229 public flats, 850 ALER (592 let, about 70%) and 379 Comune (336 let, about 89%);
about 250 applications per call; the calls of 2021, 2022, 2024 and 2025; the via Carlo
Porta programme of 111 flats and the Contratto di Quartiere Mazzafame (59 new flats).
Scale 100 is the size of a whole region, for benchmarks: the ordinary stock, the demand
and the operations grow with the scale, the two programmes stay as they are.

Public facts (``tavolo.facts``) are copied with their source; everything else is
illustrative and says so in its ``source`` column. No names or tax codes: applications
carry a random pseudonymous id.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd

from tavolo import demo_ambito, demo_gestione, facts, schema
from tavolo.schema import DEMO_SOURCE
from tavolo.validation import typed_frame

AS_OF = dt.date(2026, 10, 31)
RANDOM_STATE = 20171017  # the generator's fixed random state: the same data every time

# Ordinary stock at scale 1 by owner and status (programme flats come on top).
# ALER: 850 in all = 702 ordinary + 111 via Carlo Porta + 37 via delle Rose.
# Comune: 379 in all = 357 ordinary + 22 via delle Rose.
ORDINARY_STATUS = {
    "ALER": {"let": 552, "occupied_no_title": 30, "vacant_assignable": 30, "vacant_works": 85,
             "assigned_awaiting": 5},
    "COMUNE": {"let": 336, "occupied_no_title": 3, "vacant_assignable": 12, "vacant_works": 6},
}
# Where the ordinary stock stands (weights by rione). ALER's large estates: Mazzafame,
# San Paolo, Canazza, Oltresempione.
RIONE_WEIGHTS = {
    "ALER": {"mazzafame": 26, "san_paolo": 16, "canazza": 14, "oltresempione": 12,
             "oltrestazione": 10, "oltreponte": 8, "olmina": 6, "costa": 4, "san_martino": 3,
             "centro": 1},
    "COMUNE": {"centro": 14, "oltrestazione": 13, "san_martino": 12, "costa": 11, "canazza": 10,
               "olmina": 10, "oltresempione": 9, "san_paolo": 8, "oltreponte": 7, "mazzafame": 6},
}
DEMAND_WEIGHTS = {"mazzafame": 16, "oltrestazione": 14, "san_paolo": 12, "canazza": 12,
                  "oltresempione": 10, "centro": 9, "costa": 8, "oltreponte": 7, "olmina": 7,
                  "san_martino": 5}

STREETS = {
    "oltrestazione": ["Via Novara", "Via Gorizia", "Via Pasubio", "Via Bainsizza"],
    "oltreponte": ["Via Castellanza", "Via Monte Nero", "Via Grigna"],
    "mazzafame": ["Via dei Pioppi", "Via dei Platani", "Via dei Tigli", "Via delle Querce"],
    "san_paolo": ["Via Canegrate", "Via San Paolo", "Via Parma"],
    "costa": ["Via San Giorgio", "Via Cremona", "Via Mantova"],
    "centro": ["Via Verdi", "Via Milano", "Via Mazzini"],
    "san_martino": ["Via San Martino", "Via Como", "Via Lecco"],
    "canazza": ["Via Canazza", "Via Rovereto", "Via Trento"],
    "olmina": ["Via Olmina", "Via Bergamo", "Via Brescia"],
    "oltresempione": ["Via Melzi", "Via Venezia", "Via Padova"],
}

CALLS = [
    # call_id, title, opened, closed, flats offered in Legnano at scale 1, status, source
    ("AVV-2021-05", "Avviso pubblico SAP maggio 2021", "2021-05-03", "2021-06-30", 40, "ranked",
     facts.cite("malpensa24_2021") + ". Alloggi offerti e giorni di apertura e chiusura: "
     + facts.DEMO_VALUE),
    ("AVV-2022-10", "Avviso pubblico SAP ottobre 2022 (Ambito Altomilanese)", "2022-10-03",
     "2022-11-30", 67, "ranked",
     facts.cite("call_2022") + ". Giorni di apertura e chiusura: " + facts.DEMO_VALUE),
    ("AVV-2024-10", "Avviso pubblico SAP ottobre 2024 (Ambito Altomilanese)", "2024-10-01",
     "2024-11-29", 14, "ranked",
     facts.cite("call_2024") + ". Giorni di apertura e chiusura: " + facts.DEMO_VALUE),
    ("AVV-2025-09", "Avviso pubblico SAP settembre 2025 (Ambito Altomilanese)", "2025-09-15",
     "2025-11-14", 23, "ranked",
     facts.cite("call_2025") + ". Giorni di apertura e chiusura: " + facts.DEMO_VALUE),
]

THEMES = [
    ("Fabbisogno abitativo e avvisi", ["servizi_sociali", "aler_amministrativo"]),
    ("Via Carlo Porta: avanzamento e destinazione dei 111 alloggi",
     ["servizi_sociali", "urbanistica", "aler_tecnico"]),
    ("Occupazioni senza titolo e sicurezza", ["sicurezza", "aler_amministrativo"]),
    ("Contratto di Quartiere Mazzafame", ["urbanistica", "aler_tecnico"]),
    ("Sopralluoghi congiunti e manutenzione straordinaria", ["urbanistica", "aler_tecnico"]),
    ("Comunicazione con gli inquilini e numero verde 840.02.12.12",
     ["servizi_sociali", "aler_amministrativo"]),
    ("Piano annuale dell'offerta abitativa", ["servizi_sociali", "urbanistica", "aler_amministrativo"]),
    ("Rigenerazione urbana e pianificazione", ["urbanistica", "aler_tecnico"]),
]
FINDINGS = [
    ("Infiltrazioni dal tetto", "Rifacimento copertura", 45000),
    ("Caldaia centralizzata obsoleta", "Sostituzione generatore di calore", 60000),
    ("Ascensore fuori servizio ricorrente", "Ammodernamento ascensore", 35000),
    ("Facciata con distacchi di intonaco", "Messa in sicurezza facciata", 80000),
    ("Impianto elettrico parti comuni non a norma", "Adeguamento impianto elettrico", 20000),
    ("Alloggi sfitti con danni da vandalismo", "Ripristino alloggi sfitti", 25000),
    ("Umidità di risalita nelle cantine", "Risanamento murature", 30000),
    ("Portoni d'ingresso danneggiati", "Sostituzione portoni e controllo accessi", 12000),
]
CLOSE_REASONS = ["Intervento eseguito", "Intervento del manutentore", "Segnalazione non pertinente",
                 "Risolto dall'amministratore di condominio", "Duplicato di altra segnalazione"]
ACTION_OWNERS = ["Servizi Sociali", "Sicurezza - Polizia Locale", "Urbanistica",
                 "ALER - Settore Amministrativo", "ALER - Settore Tecnico", "ALER - UOG"]
DECISIONS = [
    "Avviare sopralluoghi congiunti negli stabili con più segnalazioni aperte",
    "Pubblicizzare il numero verde 840.02.12.12 con avvisi negli androni",
    "Aggiornare il censimento degli alloggi sfitti da ristrutturare",
    "Condividere l'elenco mensile delle occupazioni senza titolo rilevate",
    "Proporre la ripartizione per quote degli alloggi di via Carlo Porta",
    "Verificare il cronoprogramma dei lavori di via delle Rose",
    "Predisporre la bozza del Piano annuale dell'offerta",
    "Valutare le sedi candidate per l'ufficio ALER unificato a Legnano",
]


def _date(day: str | dt.date) -> dt.date:
    return day if isinstance(day, dt.date) else dt.date.fromisoformat(day)


class _Generator:
    def __init__(self, scale: int, random_state: int, as_of: dt.date):
        if scale < 1:
            raise ValueError("scale must be >= 1 / la scala deve essere >= 1")
        self.scale = scale
        self.as_of = as_of
        self.random_state = random_state
        self.rng = np.random.default_rng(random_state)
        self.rioni = {r["rione_id"]: r for r in facts.RIONI}
        self.areas = _rione_polygons()

    # -- helpers ------------------------------------------------------------------------
    def _day_between(self, start: dt.date, end: dt.date) -> dt.date:
        span = max((end - start).days, 0)
        return start + dt.timedelta(days=int(self.rng.integers(0, span + 1)))

    def _point_in(self, rione_id: str) -> tuple[float, float]:
        """A random point near the rione's anchor, inside its schematic area when known."""
        anchor = self.rioni[rione_id]
        polygon = self.areas.get(rione_id)
        for _ in range(200):
            lat = anchor["lat"] + self.rng.normal(0, 0.0030)
            lon = anchor["lon"] + self.rng.normal(0, 0.0042)
            if polygon is None or polygon.contains(_shapely_point(lon, lat)):
                return round(lat, 6), round(lon, 6)
        return anchor["lat"], anchor["lon"]

    def _pick(self, weights: dict[str, float], size: int) -> list[str]:
        keys = list(weights)
        p = np.array([weights[k] for k in keys], dtype=float)
        return list(self.rng.choice(keys, size=size, p=p / p.sum()))

    # -- territory ----------------------------------------------------------------------
    def territory(self) -> dict[str, list[dict]]:
        return {
            "comuni": [facts.COMUNE],
            "consulte": facts.CONSULTE,
            "rioni": facts.RIONI,
            "places": facts.PLACES,
            "owners": facts.OWNERS,
            "offices": facts.OFFICES,
            "programmes": facts.PROGRAMMES,
        }

    # -- stock --------------------------------------------------------------------------
    def stock(self):
        buildings: list[dict] = []
        flats: list[dict] = []
        history: list[dict] = []
        programme_flats: list[dict] = []
        self._programme_stock(buildings, flats, programme_flats)
        for owner, by_status in ORDINARY_STATUS.items():
            statuses = [s for s, n in by_status.items() for _ in range(n * self.scale)]
            self.rng.shuffle(statuses)
            size_range = (8, 40) if owner == "ALER" else (4, 24)
            position = 0
            number = 0
            while position < len(statuses):
                number += 1
                rione = self._pick(RIONE_WEIGHTS[owner], 1)[0]
                count = int(min(self.rng.integers(*size_range), len(statuses) - position))
                building = self._building(owner, rione, number)
                buildings.append(building)
                lift = bool(self.rng.random() < 0.6)
                for k in range(count):
                    flats.append(self._flat(building, k, statuses[position + k], lift))
                position += count
        for flat in flats:
            history += self._history(flat)
        return buildings, flats, history, programme_flats

    def _building(self, owner: str, rione: str, number: int) -> dict:
        lat, lon = self._point_in(rione)
        street = self.rng.choice(STREETS[rione])
        civic = int(self.rng.integers(1, 180))
        prefix = "A" if owner == "ALER" else "C"
        return {"building_id": f"{prefix}{number:05d}", "name": f"{street} {civic}",
                "address": f"{street} {civic}, Legnano", "rione_id": rione, "lat": lat,
                "lon": lon, "position_precision": "approximate", "owner_id": owner,
                "programme_id": None, "year_built": int(self.rng.integers(1930, 2012)),
                "source": DEMO_SOURCE}

    def _flat(self, building: dict, index: int, status: str, lift: bool,
              flat_id: str | None = None, since: dt.date | None = None) -> dict:
        surface = float(np.clip(self.rng.normal(62, 18), 28, 125).round(1))
        rooms = int(np.clip(round(surface / 18), 1, 6))
        floor = int(self.rng.integers(0, 6))
        stair = "ABCD"[index % 4] if index >= 0 else "A"
        service = self.rng.choice(["SAP", "SAS", "transitional"], p=[0.92, 0.05, 0.03])
        if since is None:
            if status == "let":
                since = self._day_between(dt.date(1995, 1, 1), self.as_of - dt.timedelta(days=60))
            else:
                since = self._day_between(dt.date(2022, 1, 1), self.as_of - dt.timedelta(days=10))
        estimate = None
        if status == "vacant_works":
            estimate = float(round(self.rng.uniform(6000, 45000), -2))
        return {"flat_id": flat_id or f"{building['building_id']}-{index + 1:03d}",
                "building_id": building["building_id"], "staircase": stair, "floor": floor,
                "surface_m2": surface, "rooms": rooms, "lift": lift,
                "step_free": bool(lift or floor == 0), "service": str(service), "status": status,
                "works_estimate_eur": estimate, "status_since": since,
                "source": building["source"] if building["programme_id"] else DEMO_SOURCE}

    def _history(self, flat: dict) -> list[dict]:
        since = flat["status_since"]
        rows = [{"flat_id": flat["flat_id"], "valid_from": since, "status": flat["status"],
                 "note": None}]
        if flat["status"] != "let" and since > dt.date(1996, 1, 1):
            before = since - dt.timedelta(days=int(self.rng.integers(200, 6000)))
            rows.insert(0, {"flat_id": flat["flat_id"], "valid_from": before, "status": "let",
                            "note": None})
        return rows

    def _programme_stock(self, buildings, flats, programme_flats) -> None:
        src_cp = facts.PROGRAMMES[0]["source"]
        src_mz = facts.PROGRAMMES[1]["source"]
        approx = facts.APPROXIMATE_BY_PROJECT
        specs = [
            # building id, name, owner, rione, lat, lon, programme, year, source
            ("CP114", "Via Carlo Porta 114", "ALER", "oltresempione", 45.6012, 8.9248, "carlo_porta",
             1937, f"{src_cp} {approx}"),
            ("CP122", "Via Carlo Porta 122", "ALER", "oltresempione", 45.6018, 8.9262, "carlo_porta",
             1937, f"{src_cp} {approx}"),
            ("MZROSE-A", "Via delle Rose (ALER)", "ALER", "mazzafame", 45.5958, 8.8838, "mazzafame",
             2025, f"{src_mz}. {approx}"),
            ("MZROSE-C", "Via delle Rose (Comune)", "COMUNE", "mazzafame", 45.5955, 8.8846,
             "mazzafame", 2025, f"{src_mz}. {approx}"),
            ("MZSALICI", "Via dei Salici", "ALER", "mazzafame", 45.5984, 8.8842, "mazzafame", 1975,
             f"{src_mz}. {approx}"),
            ("MZSAURO", "Via Sauro", "ALER", "mazzafame", 45.5990, 8.8880, "mazzafame", 1972,
             f"{src_mz}. {approx}"),
        ]
        by_id = {}
        for bid, name, owner, rione, lat, lon, prog, year, source in specs:
            building = {"building_id": bid, "name": name, "address": f"{name.split(' (')[0]}, Legnano",
                        "rione_id": rione, "lat": lat, "lon": lon,
                        "position_precision": "approximate", "owner_id": owner,
                        "programme_id": prog, "year_built": year, "source": source}
            buildings.append(building)
            by_id[bid] = building
        # Via Carlo Porta: 62 flats in n. 114, 49 in n. 122 (the demo's split of the 111).
        phases_114 = ["handed_over"] * 40 + ["assigned"] * 12 + ["habitable"] * 6 + ["completed"] * 4
        phases_122 = ["design"] * 49
        status_of = {"handed_over": "let", "assigned": "assigned_awaiting", "habitable": "under_works",
                     "completed": "under_works", "works": "under_works", "tendered": "under_works",
                     "design": "vacant_works"}
        first_handover = dt.date(2024, 7, 8)
        for bid, phases in (("CP114", phases_114), ("CP122", phases_122)):
            for k, phase in enumerate(phases):
                if phase == "handed_over":
                    since = first_handover if k < 26 else self._day_between(
                        dt.date(2024, 9, 1), dt.date(2025, 12, 31))
                elif phase == "design":
                    since = dt.date(2023, 3, 1)
                else:
                    since = self._day_between(dt.date(2025, 1, 1), dt.date(2026, 9, 30))
                flat = self._flat(by_id[bid], k, status_of[phase], True,
                                  flat_id=f"{bid}-{k + 1:03d}", since=since)
                if phase == "design":
                    flat["works_estimate_eur"] = 58000.0
                flat["staircase"] = "AB"[k % 2] if bid == "CP122" else "ABCD"[k % 4]
                flat["floor"] = (k // 4) % 5
                flats.append(flat)
                programme_flats.append({"programme_id": "carlo_porta", "flat_id": flat["flat_id"],
                                        "phase": phase, "phase_since": since})
        # Mazzafame: 59 new flats in via delle Rose (37 ALER + 22 Comune).
        for bid, count in (("MZROSE-A", 37), ("MZROSE-C", 22)):
            for k in range(count):
                phase = "completed" if k < (20 if bid == "MZROSE-A" else 0) else "works"
                since = dt.date(2026, 6, 30) if phase == "completed" else dt.date(2023, 11, 13)
                flat = self._flat(by_id[bid], k, "under_works", True, flat_id=f"{bid}-{k + 1:03d}",
                                  since=since)
                flats.append(flat)
                programme_flats.append({"programme_id": "mazzafame", "flat_id": flat["flat_id"],
                                        "phase": phase, "phase_since": since})

    def _renovated_mazzafame(self, flats: list[dict]) -> None:
        """Move part of ALER's ordinary stock into via dei Salici and via Sauro."""
        candidates = [f for f in flats if f["building_id"].startswith("A")]
        for k, flat in enumerate(candidates[:70]):
            flat["building_id"] = "MZSALICI" if k < 40 else "MZSAURO"
            flat["flat_id"] = f"{flat['building_id']}-{(k if k < 40 else k - 40) + 1:03d}"

    # -- demand -------------------------------------------------------------------------
    def demand(self, flats: list[dict]):
        calls, call_flats, applications = [], [], []
        let_flats = [f["flat_id"] for f in flats if f["status"] == "let"]
        assignable = [f["flat_id"] for f in flats if f["status"] in ("vacant_assignable", "assigned_awaiting")]
        self.rng.shuffle(let_flats)
        used: set[str] = set()
        seen_ids: set[str] = set()
        for index, (call_id, title, opened, closed, offered, status, source) in enumerate(CALLS):
            latest = index == len(CALLS) - 1
            offered_n = offered * self.scale
            calls.append({"call_id": call_id, "comune_code": "015118", "title": title,
                          "opened_on": _date(opened), "closed_on": _date(closed),
                          "flats_offered": offered_n, "status": status, "source": source})
            pool = assignable if latest else let_flats
            chosen = [f for f in pool if f not in used][:offered_n]
            if len(chosen) < offered_n:
                chosen += [f for f in let_flats if f not in used and f not in chosen][: offered_n - len(chosen)]
            used.update(chosen)
            call_flats += [{"call_id": call_id, "flat_id": f} for f in chosen]
            n_apps = int(self.rng.normal(250, 15)) * self.scale
            assigned_n = min(len(chosen), n_apps) if not latest else int(len(chosen) * 0.55)
            applications += self._applications(call_id, n_apps, assigned_n, chosen, latest, seen_ids)
        return calls, call_flats, applications

    def _applications(self, call_id, n, assigned_n, flats, latest, seen_ids):
        rng = self.rng
        sizes = rng.choice([1, 2, 3, 4, 5, 6, 7], size=n, p=[0.34, 0.25, 0.17, 0.12, 0.07, 0.03, 0.02])
        bands = rng.choice(list(schema.ISEE_BAND), size=n, p=[0.30, 0.25, 0.20, 0.15, 0.10])
        rioni = self._pick(DEMAND_WEIGHTS, n)
        order = rng.permutation(n)
        outcomes = np.array(["waiting" if latest else "expired"] * n, dtype=object)
        outcomes[order[:assigned_n]] = "assigned"
        excluded = order[assigned_n: assigned_n + int(n * 0.08)]
        withdrawn = order[assigned_n + int(n * 0.08): assigned_n + int(n * 0.12)]
        outcomes[excluded] = "excluded"
        outcomes[withdrawn] = "withdrawn"
        cat_p = {"elderly": 0.20, "new_family": 0.08, "single_parent": 0.12, "separated": 0.06,
                 "over_indebted": 0.03, "police_fire": 0.01, "local_extra": 0.02}
        rows = []
        for i in range(n):
            while True:
                pid = "P-" + "".join(rng.choice(list("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"), size=8))
                if pid not in seen_ids:
                    seen_ids.add(pid)
                    break
            band = str(bands[i])
            poverty = band == "0-3000" and rng.random() < 0.85
            cats = [c for c, p in cat_p.items() if rng.random() < p]
            if sizes[i] >= 2 and "elderly" in cats and rng.random() < 0.5:
                cats.remove("elderly")
            score = float(np.clip(rng.normal(48 + (14 if poverty else 0) + 3 * len(cats), 12), 5, 99).round(2))
            outcome = str(outcomes[i])
            assigned = None
            if outcome == "assigned":
                assigned = flats[int(np.where(order == i)[0][0]) % len(flats)] if flats else None
                if assigned is None:
                    outcome = "waiting" if latest else "expired"
            rows.append({"application_id": pid, "call_id": call_id, "household_size": int(sizes[i]),
                         "isee_band": band, "poverty": bool(poverty), "categories": "|".join(cats) or None,
                         "isbar_score": score,
                         "rione_id": rioni[i] if rng.random() > 0.05 else None,
                         "outcome": outcome, "assigned_flat_id": assigned})
        return rows

    # -- programmes ---------------------------------------------------------------------
    def programmes(self, meetings: list[dict]):
        funding = list(facts.FUNDING_ACTS) + [
            {"act_id": "cp_committed", "programme_id": "carlo_porta", "act": "Contratto d'appalto",
             "date": dt.date(2018, 2, 1), "amount_eur": 4_600_000.0, "kind": "committed",
             "source": DEMO_SOURCE},
            {"act_id": "cp_spent_2024", "programme_id": "carlo_porta", "act": "SAL cumulati al 2024",
             "date": dt.date(2024, 12, 31), "amount_eur": 3_900_000.0, "kind": "spent",
             "source": DEMO_SOURCE},
            {"act_id": "mz_committed", "programme_id": "mazzafame", "act": "Contratti d'appalto",
             "date": dt.date(2023, 11, 13), "amount_eur": 15_300_000.0, "kind": "committed",
             "source": DEMO_SOURCE},
            {"act_id": "mz_spent_2025", "programme_id": "mazzafame", "act": "SAL cumulati al 2025",
             "date": dt.date(2025, 12, 31), "amount_eur": 11_200_000.0, "kind": "spent",
             "source": DEMO_SOURCE},
        ]
        decided = next(m for m in meetings if m["date"] >= dt.date(2024, 3, 1))
        allocations = []
        proposal = {"poverty": 23, "art14": 20, "police": 10, "transitional": 8, "local_extra": 0,
                    "ordinary": 50}
        for quota, n in proposal.items():
            approved = n if quota in ("poverty", "art14", "police") else None
            allocations.append({"allocation_id": f"cp_{quota}", "programme_id": "carlo_porta",
                                "quota": quota, "flats_proposed": n, "flats_approved": approved,
                                "meeting_id": decided["meeting_id"] if approved is not None else None,
                                "source": DEMO_SOURCE})
        return funding, list(facts.MILESTONES), allocations

    # -- the table ------------------------------------------------------------------------
    def table(self, cadence_days: int = 14):
        meetings, decisions, actions = [facts.FIRST_MEETING | {"date": _date(facts.FIRST_MEETING["date"])}], [], []
        day = _date(facts.FIRST_MEETING["date"])
        end = self.as_of + dt.timedelta(days=180)
        n = 0
        while True:
            day = day + dt.timedelta(days=cadence_days)
            if day > end:
                break
            n += 1
            theme, sectors = THEMES[n % len(THEMES)]
            status = "held" if day <= self.as_of else "planned"
            if status == "held" and self.rng.random() < 0.08:
                status = "cancelled"
            meetings.append({"meeting_id": f"M{day.isoformat()}", "date": day, "theme": theme,
                             "sectors": "|".join(sectors), "status": status, "source": DEMO_SOURCE})
        held = [m for m in meetings if m["status"] == "held"]
        for k, meeting in enumerate(held):
            if k % 3:
                continue
            did = f"D{len(decisions) + 1:04d}"
            decisions.append({"decision_id": did, "meeting_id": meeting["meeting_id"],
                              "text": DECISIONS[(k // 3) % len(DECISIONS)], "source": DEMO_SOURCE})
            for j in range(int(self.rng.integers(1, 3))):
                due = meeting["date"] + dt.timedelta(days=int(self.rng.integers(30, 120)))
                recent = meeting["date"] > self.as_of - dt.timedelta(days=240)
                status = "open" if recent and self.rng.random() < 0.7 else \
                    self.rng.choice(["done", "done", "done", "dropped"])
                closed = None if status == "open" else min(
                    due + dt.timedelta(days=int(self.rng.integers(-20, 40))), self.as_of)
                actions.append({"action_id": f"AZ{len(actions) + 1:04d}", "meeting_id": meeting["meeting_id"],
                                "decision_id": did, "description": decisions[-1]["text"]
                                + (" (seguito)" if j else ""),
                                "owner": str(self.rng.choice(ACTION_OWNERS)), "due_date": due,
                                "status": str(status), "closed_on": closed})
        return meetings, decisions, actions

    def saved_views(self, meetings: list[dict], allocations: list[dict]) -> list[dict]:
        """Views the table looked at: the allocation meeting's board, the latest map."""
        decided = next(a["meeting_id"] for a in allocations if a["meeting_id"])
        held = [m for m in meetings if m["status"] == "held"]
        latest = held[-1]
        return [
            {"view_id": "V0001", "meeting_id": decided, "title": "Via Carlo Porta: fasi e destinazione",
             "url": "/progetti?programma=carlo_porta", "created_on": next(
                 m["date"] for m in meetings if m["meeting_id"] == decided), "author": "Segreteria del tavolo"},
            {"view_id": "V0002", "meeting_id": latest["meeting_id"], "title": "Sfitti per rione",
             "url": "/mappa?rione=mazzafame&indicator=vacancy_rate", "created_on": latest["date"],
             "author": "Segreteria del tavolo"},
        ]

    # -- operations ---------------------------------------------------------------------
    def operations(self, buildings: list[dict], flats: list[dict]):
        rng = self.rng
        bids = [b["building_id"] for b in buildings]
        inspections = []
        for k in range(40 * self.scale):
            finding, works, cost = FINDINGS[int(rng.integers(0, len(FINDINGS)))]
            inspections.append({"inspection_id": f"SOP{k + 1:05d}",
                                "date": self._day_between(dt.date(2017, 11, 1), self.as_of),
                                "building_id": str(rng.choice(bids)), "findings": finding,
                                "works": works, "cost_estimate_eur": float(round(cost * rng.uniform(0.6, 1.6), -2)),
                                "urgency": str(rng.choice(["low", "medium", "high"], p=[0.3, 0.45, 0.25]))})
        reports = []
        n_reports = 1200 * self.scale
        flats_per_building = pd.Series([f["building_id"] for f in flats]).value_counts()
        weights = flats_per_building.reindex(bids).fillna(1).to_numpy(dtype=float)
        chosen = rng.choice(bids, size=n_reports, p=weights / weights.sum())
        categories = rng.choice(list(schema.REPORT_CATEGORY), size=n_reports,
                                p=[0.22, 0.18, 0.12, 0.12, 0.16, 0.12, 0.08])
        for k in range(n_reports):
            day = self._day_between(dt.date(2022, 1, 1), self.as_of)
            age = (self.as_of - day).days
            status = "closed" if rng.random() < (0.97 if age > 120 else 0.45) else \
                str(rng.choice(["open", "in_progress"]))
            closed = min(day + dt.timedelta(days=int(rng.integers(1, 90))), self.as_of) if status == "closed" else None
            reports.append({"report_id": f"SEG{k + 1:06d}", "date": day, "building_id": str(chosen[k]),
                            "category": str(categories[k]), "status": status, "closed_on": closed,
                            "close_reason": str(rng.choice(CLOSE_REASONS)) if closed else None})
        occupations = []
        for flat in flats:
            if flat["status"] == "occupied_no_title":
                occupations.append({"occupation_id": f"OCC{len(occupations) + 1:05d}", "flat_id": flat["flat_id"],
                                    "detected_on": flat["status_since"], "resolved_on": None,
                                    "outcome": "open"})
        let_ids = [f["flat_id"] for f in flats if f["status"] == "let"]
        for flat_id in rng.choice(let_ids, size=min(60 * self.scale, len(let_ids)), replace=False):
            detected = self._day_between(dt.date(2017, 1, 1), dt.date(2024, 12, 31))
            occupations.append({"occupation_id": f"OCC{len(occupations) + 1:05d}", "flat_id": str(flat_id),
                                "detected_on": detected,
                                "resolved_on": detected + dt.timedelta(days=int(rng.integers(20, 500))),
                                "outcome": str(rng.choice(["evicted", "regularised", "left"], p=[0.6, 0.15, 0.25]))})
        return inspections, reports, occupations

    def build(self) -> dict[str, pd.DataFrame]:
        out = {k: list(v) for k, v in self.territory().items()}
        buildings, flats, history, programme_flats = self.stock()
        self._renovated_mazzafame(flats)
        history = [h for f in flats for h in self._history(f)]
        meetings, decisions, actions = self.table()
        calls, call_flats, applications = self.demand(flats)
        funding, milestones, allocations = self.programmes(meetings)
        inspections, reports, occupations = self.operations(buildings, flats)
        out["saved_views"] = self.saved_views(meetings, allocations)
        out["maintenance_items"] = demo_gestione.maintenance_items(self, inspections, flats, meetings)
        cycles = demo_gestione.cycle_rng(self.random_state)  # own random state: drawn last
        demo_gestione.relet_cycles(cycles, flats, history, calls, call_flats, programme_flats, self.as_of)
        demo_gestione.vacancies_before_occupation(cycles, flats, history)
        demo_gestione.participants(cycles, inspections)
        out.update({"buildings": buildings, "flats": flats, "flat_status_history": history,
                    "calls": calls, "call_flats": call_flats, "applications": applications,
                    "funding_acts": funding, "milestones": milestones,
                    "programme_flats": programme_flats, "meetings": meetings,
                    "allocations": allocations, "inspections": inspections,
                    "tenant_reports": reports, "occupations": occupations,
                    "decisions": decisions, "actions": actions})
        demo_ambito.extend(out, self.scale, self.as_of)  # the other comuni: own random streams
        return {name: typed_frame(schema.TABLES[name], out[name]) for name in schema.LOAD_ORDER}


def _rione_polygons() -> dict:
    """The shipped schematic rione areas, when present (shapely polygons by rione id)."""
    from tavolo import paths

    path = paths.GEO_DIR / "rioni_schematic.geojson"
    if not path.exists():
        return {}
    from shapely.geometry import shape

    data = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"]["rione_id"]: shape(f["geometry"]) for f in data["features"]}


def _shapely_point(lon: float, lat: float):
    from shapely.geometry import Point

    return Point(lon, lat)


def generate(scale: int = 1, random_state: int = RANDOM_STATE,
             as_of: dt.date = AS_OF) -> dict[str, pd.DataFrame]:
    """The demo data set at ``scale``, as typed frames keyed by table name."""
    return _Generator(scale, random_state, as_of).build()


def write_csv_dir(frames: dict[str, pd.DataFrame], out: Path, info: dict) -> None:
    """Write one canonical CSV per table (UTF-8, comma, ISO dates, decimal point) and
    ``dataset.json``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    from tavolo.loading import canonical_csv

    for name, frame in frames.items():
        (out / f"{name}.csv").write_bytes(canonical_csv(name, frame))
    (out / "dataset.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n",
                                      encoding="utf-8")


DATASET_SOURCE = (DEMO_SOURCE + "; calibrati su cifre pubbliche (ISTAT; malpensa24, 3 settembre "
                  "2021; avvisi dell'Ambito Altomilanese 2022-2025; Regione Lombardia; stampa "
                  "locale): ogni fatto pubblico cita la sua fonte nella colonna «Fonte»")


def write_demo(out: Path, scale: int = 1, random_state: int = RANDOM_STATE) -> dict[str, int]:
    frames = generate(scale, random_state)
    info = {"kind": "demo", "scale": scale, "random_state": random_state, "as_of": AS_OF.isoformat(),
            "source": DATASET_SOURCE,
            "generator": f"python -m tavolo demo --scale {scale} --out DIR"}
    write_csv_dir(frames, out, info)
    return {name: len(frame) for name, frame in frames.items()}
