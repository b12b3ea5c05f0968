"""Demo rows of the Gestione page's own table, ``maintenance_items``: one proposed item per
joint inspection of the last years, with the inputs of the priority score and a status.

Called by ``tavolo.demo`` after every other table is generated, with the generator's own
random state: drawing here last leaves every other shipped file unchanged.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tavolo.schema import DEMO_SOURCE

# The inspection's works -> the element of the building it concerns, and whether the
# works remove a safety risk.
ELEMENT_OF_WORKS = {
    "Rifacimento copertura": ("roof", False),
    "Sostituzione generatore di calore": ("plants", False),
    "Ammodernamento ascensore": ("lift", False),
    "Messa in sicurezza facciata": ("facade", True),
    "Adeguamento impianto elettrico": ("plants", True),
    "Ripristino alloggi sfitti": ("vacant_flats", False),
    "Risanamento murature": ("damp", False),
    "Sostituzione portoni e controllo accessi": ("entrances", True),
}
# Status drawn for an item, by how long ago its inspection was (older ones moved on).
STATUSES = ("proposed", "approved", "funded", "in_progress", "done")


def maintenance_items(gen, inspections: list[dict], flats: list[dict], meetings: list[dict]) -> list[dict]:
    """One item per inspection of the last five years before ``gen.as_of``."""
    rng, as_of = gen.rng, gen.as_of
    since = as_of - dt.timedelta(days=5 * 365)
    per_building = pd.Series([f["building_id"] for f in flats]).value_counts()
    vacant = pd.Series([f["building_id"] for f in flats
                        if f["status"] in ("vacant_works", "under_works")]).value_counts()
    held = sorted((m["date"], m["meeting_id"]) for m in meetings if m["status"] == "held")
    items = []
    for insp in sorted(inspections, key=lambda i: (i["date"], i["inspection_id"])):
        if insp["date"] < since:
            continue
        element, safety = ELEMENT_OF_WORKS.get(insp["works"], ("plants", False))
        flats_here = int(per_building.get(insp["building_id"], 0))
        households = int(rng.integers(1, max(flats_here, 1) + 1))
        vulnerable = int(rng.binomial(households, 0.25))
        recovered = int(min(vacant.get(insp["building_id"], 0), rng.integers(1, 6))) \
            if element in ("vacant_flats", "damp", "plants") else 0
        age_years = (as_of - insp["date"]).days / 365.25
        weights = [0.6, 0.25, 0.1, 0.05, 0.0] if age_years < 1 else \
            [0.2, 0.4, 0.2, 0.15, 0.05] if age_years < 3 else [0.05, 0.2, 0.1, 0.15, 0.5]
        status = str(rng.choice(STATUSES, p=weights))
        decided = next((mid for day, mid in held if day >= insp["date"]), None) \
            if status != "proposed" else None
        if decided is None:
            status = "proposed"  # no meeting held since the inspection
        since_day = insp["date"] if decided is None else next(d for d, m in held if m == decided)
        funded = status in ("funded", "in_progress", "done")
        items.append({
            "item_id": f"MAN{len(items) + 1:04d}", "building_id": insp["building_id"],
            "inspection_id": insp["inspection_id"], "element": element, "works": insp["works"],
            "urgency": insp["urgency"], "safety": bool(safety or (insp["urgency"] == "high" and rng.random() < 0.3)),
            "households": households, "vulnerable_households": vulnerable, "vacant_flats": recovered,
            "cost_eur": float(insp["cost_estimate_eur"]), "status": status,
            "fund": ("Fondi di manutenzione straordinaria del proprietario" if funded else None),
            "funding_year": (since_day.year if funded else None),
            "meeting_id": decided, "status_since": since_day, "source": DEMO_SOURCE})
    return items


# --- re-let cycles and inspection participants -----------------------------------------------
# Drawn with their own random state (``cycle_rng``), after every other table: the other
# shipped tables keep their rows whatever is drawn here or by other demo modules.
PARTICIPANTS_P = {"both": 0.7, "aler": 0.2, "comune": 0.1}


def cycle_rng(random_state: int):
    import numpy as np

    return np.random.default_rng([random_state, 10])


def relet_cycles(rng, flats: list[dict], history: list[dict], calls: list[dict],
                 call_flats: list[dict], programme_flats: list[dict], as_of: dt.date) -> int:
    """The flats each ranked call assigned, given the re-let cycle that brought them to the
    call: the previous tenancy (let), vacated (needs works), under works, assignable (some),
    assigned awaiting handover after the ranking, let again. Each such flat's history is
    rewritten in place and its ``status_since`` becomes the new tenancy's first day.
    Programme flats and the latest call (still assigning) are left alone. A few other flats
    let since 2018 get a short cycle before their tenancy (re-let outside the calls). Returns
    the number of cycles written."""
    ranked = sorted(calls, key=lambda c: c["opened_on"])[:-1]
    in_programme = {p["flat_id"] for p in programme_flats}
    by_id = {f["flat_id"]: f for f in flats}
    rows_of: dict[str, list[dict]] = {}
    for call in ranked:
        opened, closed = call["opened_on"], call["closed_on"]
        for cf in call_flats:
            flat = by_id.get(cf["flat_id"])
            if (cf["call_id"] != call["call_id"] or flat is None or flat["flat_id"] in in_programme
                    or flat["status"] != "let" or flat["flat_id"] in rows_of):
                continue
            day = dt.timedelta
            vacated = opened - day(days=int(rng.integers(60, 420)))
            rows = [("let", vacated - day(days=int(rng.integers(1500, 9000))))]
            ready = vacated
            if rng.random() < 0.8:  # most flats need works before they can be let again
                works = vacated + day(days=int(rng.integers(30, 240)))
                ready = works + day(days=int(rng.integers(40, 200)))
                rows += [("vacant_works", vacated), ("under_works", works)]
            assigned = max(closed + day(days=int(rng.integers(60, 240))), ready + day(days=15))
            if ready < assigned - day(days=15) or len(rows) == 1:
                rows.append(("vacant_assignable", ready))
            let = assigned + day(days=int(rng.integers(15, 75)))
            if let > as_of:
                continue
            rows += [("assigned_awaiting", assigned), ("let", let)]
            rows_of[flat["flat_id"]] = _history_rows(flat["flat_id"], rows)
            flat["status_since"] = let
    # Flats re-let outside the calls (changes of flat, urgent cases): short cycles, some within
    # the Comune's target, on a few of the flats let since the table began.
    for flat in flats:
        since = flat["status_since"]
        if (flat["status"] != "let" or flat["flat_id"] in rows_of or flat["flat_id"] in in_programme
                or since < dt.date(2018, 1, 1) or rng.random() >= 0.15):
            continue
        day = dt.timedelta
        vacated = since - day(days=int(rng.integers(35, 220)))
        rows = [("let", vacated - day(days=int(rng.integers(1500, 9000))))]
        if rng.random() < 0.5:
            rows.append(("vacant_assignable", vacated))
        else:
            rows += [("vacant_works", vacated), ("under_works", vacated + day(days=int(rng.integers(5, 25))))]
        rows += [("assigned_awaiting", since - day(days=int(rng.integers(3, 25)))), ("let", since)]
        rows_of[flat["flat_id"]] = _history_rows(flat["flat_id"], rows)
    out, done = [], set()
    for h in history:  # each rewritten flat's rows where its old rows were
        fid = h["flat_id"]
        if fid not in rows_of:
            out.append(h)
        elif fid not in done:
            out += rows_of[fid]
            done.add(fid)
    history[:] = out
    return len(rows_of)


def _history_rows(flat_id: str, rows: list[tuple[str, dt.date]]) -> list[dict]:
    """A cycle's (status, from) rows as history rows, each day after the one before: a
    stage the draws left with no day of its own (works ending the day the flat is assigned,
    say) is left out, so (flat, day) stays a key of the history."""
    out: list[dict] = []
    for status, day in rows:
        if out and day <= out[-1]["valid_from"]:
            continue
        out.append({"flat_id": flat_id, "valid_from": day, "status": status, "note": None})
    return out


def vacancies_before_occupation(rng, flats: list[dict], history: list[dict], share: float = 0.7) -> int:
    """Most flats occupied without title today were empty first: a cycle broken by the
    occupation (let, vacated and awaiting works, occupied). Inserts the vacancy into the
    history of ``share`` of them, in place, just before the occupation; returns how many."""
    occupied = {f["flat_id"]: f["status_since"] for f in flats if f["status"] == "occupied_no_title"}
    earlier: dict[str, list] = {}
    for h in history:
        if h["flat_id"] in occupied and h["valid_from"] < occupied[h["flat_id"]]:
            earlier.setdefault(h["flat_id"], []).append(h["valid_from"])
    vacated_on: dict[str, dt.date] = {}
    for fid, since in occupied.items():
        before = max(earlier.get(fid, []), default=None)
        if rng.random() >= share or before is None:
            continue
        vacated = since - dt.timedelta(days=int(rng.integers(60, 900)))
        if vacated > before:
            vacated_on[fid] = vacated
    out = []
    for h in history:
        fid = h["flat_id"]
        if fid in vacated_on and h["valid_from"] == occupied[fid] and h["status"] == "occupied_no_title":
            out.append({"flat_id": fid, "valid_from": vacated_on[fid], "status": "vacant_works", "note": None})
        out.append(h)
    history[:] = out
    return len(vacated_on)


def participants(rng, inspections: list[dict]) -> None:
    """Who took part in each joint inspection (Comune, ALER or both), set in place."""
    keys = list(PARTICIPANTS_P)
    drawn = rng.choice(keys, size=len(inspections), p=list(PARTICIPANTS_P.values()))
    for insp, who in zip(inspections, drawn):
        insp["participants"] = str(who)
