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
