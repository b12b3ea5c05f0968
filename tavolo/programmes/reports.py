"""One report per programme: every figure in plain JSON types (tests and exports)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tavolo.programmes.allocation import allocation_breaches
from tavolo.programmes.funding import money
from tavolo.programmes.progress import flats_check, phase_counts, programme
from tavolo.programmes.schedule import milestone_delays, programme_forecast, start_vs_actual


def report(frames: dict[str, pd.DataFrame], programme_id: str, today: dt.date) -> dict:
    """Every figure of one programme in plain JSON types."""
    prog = programme(frames, programme_id)
    counts = phase_counts(frames, programme_id)
    planned, recorded = flats_check(frames, programme_id)
    start = start_vs_actual(frames, programme_id, today)
    fc = programme_forecast(frames, programme_id, today)
    cash = money(frames, programme_id)
    ms = milestone_delays(frames, programme_id, today)
    checks = allocation_breaches(frames, programme_id, today)
    iso = lambda d: d.isoformat() if d is not None else None  # noqa: E731
    return {
        "programme_id": programme_id, "name": str(prog["name"]),
        "flats_planned": planned, "flats_recorded": recorded,
        "flats_by_phase": dict(zip(counts["phase"], counts["count"].astype(int).tolist())),
        "start": {"planned": iso(start.planned), "actual": iso(start.actual),
                  "delay_months": None if start.delay_months is None else round(start.delay_months, 1)},
        "milestones": [{"milestone_id": r.milestone_id, "name": r.name, "state": r.state,
                        "delay_months": None if pd.isna(r.delay_months) else round(float(r.delay_months), 1)}
                       for r in ms.itertuples(index=False)],
        "forecast": {"status": fc.status, "end": iso(fc.end), "planned_end": iso(fc.planned_end),
                     "pace_per_month": None if fc.pace_per_month is None else round(fc.pace_per_month, 2),
                     "delay_months": None if fc.delay_months is None else round(fc.delay_months, 1),
                     "handed_over": fc.handed_over, "remaining": fc.remaining},
        "money": {"funding_eur": cash.funding, "committed_eur": cash.committed,
                  "spent_eur": cash.spent, "cost_per_flat_eur": cash.cost_per_flat,
                  "funded_flats": cash.funded_flats, "unfunded_flats": cash.unfunded_flats,
                  "also_pays": [{"building": b, "flats": n} for b, n in cash.also_pays]},
        "allocation": {col: {"years": [{"year": y.year, "flats": y.flats, "rules_year": y.rules.year}
                                       for y in c.years],
                             "allocation": c.allocation, "limits": c.limits(),
                             "breaches": [b.code + (f":{b.quota}" if b.quota else "") for b in c.breaches]}
                       for col, c in checks.items()},
    }
