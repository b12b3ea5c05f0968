"""The overview figures of the table (Panoramica page and ``python -m tavolo summary``).

Today's stock is the flats that exist as dwellings: a flat a programme is building (a new
building, not yet habitable) enters the stock when delivered (``not_delivered``). Renovated
flats of an existing building stay in the stock while works go on (vacant, needing works)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

import pandas as pd

from tavolo import schema

VACANT = schema.VACANT_STATUSES
ASSIGNABLE = schema.ASSIGNABLE_STATUSES
# Phases before a new flat can be assigned: not yet part of the stock.
PRE_DELIVERY_PHASES = ("design", "tendered", "works", "completed")


def not_delivered(frames: dict[str, pd.DataFrame]) -> pd.Index:
    """The flat ids a programme is still building: programme flats in a phase before
    "habitable" whose building the programme builds (year built not before the programme's
    planned start, e.g. via delle Rose, 2025, in a programme started in 2016). Flats of an
    older building being renovated (via Carlo Porta 122, 1937) exist: they are not here."""
    pf = frames["programme_flats"]
    pre = pf.loc[pf["phase"].isin(PRE_DELIVERY_PHASES), ["programme_id", "flat_id"]]
    if pre.empty:
        return pd.Index([], dtype=object)
    where = pre.merge(frames["flats"][["flat_id", "building_id"]], on="flat_id") \
        .merge(frames["buildings"][["building_id", "year_built"]], on="building_id")
    start = where["programme_id"].map(
        frames["programmes"].set_index("programme_id")["start_planned"].dt.year)
    built = pd.to_numeric(where["year_built"], errors="coerce").astype(float)
    new = built.notna() & start.notna() & (built >= start.astype(float))
    return pd.Index(where.loc[new.to_numpy(), "flat_id"].to_numpy(dtype=object))


@dataclass(frozen=True)
class ProgrammeSummary:
    programme_id: str
    name: str
    flats_total: int
    flats_by_phase: dict[str, int]
    handed_over: int
    share_handed_over: float
    source: str


@dataclass(frozen=True)
class Summary:
    """Every figure of the overview, with the data set's as-of date and source."""

    as_of: str
    source: str
    demo: bool
    flats_total: int
    flats_by_owner: dict[str, int]
    flats_by_status: dict[str, int]
    flats_by_owner_status: dict[str, dict[str, int]]
    let_share_by_owner: dict[str, float]
    vacant: int
    vacancy_rate: float  # vacant / flats_total (today's stock)
    assignable: int  # SAP flats vacant and assignable (the waiting list is for SAP flats)
    applications_waiting: int
    applications_call: str | None
    applications_per_assignable: float | None
    programmes: list[ProgrammeSummary] = field(default_factory=list)
    next_meeting: dict | None = None
    flats_not_delivered: int = 0  # new flats still being built: not in flats_total
    vacant_works_in_programmes: int = 0  # of flats_by_status["vacant_works"]

    def to_json(self) -> dict:
        return asdict(self)


def flats_with_owner(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Flats joined with their building's owner, rione and programme."""
    buildings = frames["buildings"][["building_id", "owner_id", "rione_id", "programme_id"]]
    return frames["flats"].merge(buildings, on="building_id", how="left")


def stock_flats(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Today's stock: ``flats_with_owner`` without the flats a programme is still building
    (``not_delivered``). The one stock definition of Panoramica, the Mappa and the summary."""
    flats = flats_with_owner(frames)
    return flats[~flats["flat_id"].isin(not_delivered(frames))]


def latest_call(frames: dict[str, pd.DataFrame], comune: str | None = None) -> str | None:
    """The call opened last (of ``comune``'s calls when given): the waiting list is its
    applications still waiting. The one definition, used by the summary, the demand
    figures and the map."""
    calls = frames["calls"]
    if comune:
        calls = calls[calls["comune_code"] == comune]
    if calls.empty:
        return None
    return str(calls.sort_values("opened_on").iloc[-1]["call_id"])


def programme_summaries(frames: dict[str, pd.DataFrame]) -> list[ProgrammeSummary]:
    out = []
    pf = frames["programme_flats"]
    for prog in frames["programmes"].itertuples(index=False):
        mine = pf[pf["programme_id"] == prog.programme_id]
        counts = mine["phase"].value_counts()
        by_phase = {phase: int(counts.get(phase, 0)) for phase in schema.PHASE}
        total = int(len(mine))
        handed = by_phase["handed_over"]
        out.append(ProgrammeSummary(prog.programme_id, prog.name, total, by_phase, handed,
                                    handed / total if total else 0.0, prog.source))
    return out


def next_meeting(frames: dict[str, pd.DataFrame], today: dt.date | None = None) -> dict | None:
    today = today or dt.date.today()
    meetings = frames["meetings"]
    upcoming = meetings[(meetings["status"] == "planned")
                        & (meetings["date"] >= pd.Timestamp(today))].sort_values("date")
    if upcoming.empty:
        return None
    row = upcoming.iloc[0]
    return {"meeting_id": row["meeting_id"], "date": row["date"].date().isoformat(),
            "theme": row["theme"], "sectors": (row["sectors"] or "").split("|")}


def summarise(frames: dict[str, pd.DataFrame], meta: dict[str, str], demo: bool,
              today: dt.date | None = None) -> Summary:
    flats = stock_flats(frames)
    building = frames["flats"]["flat_id"].isin(not_delivered(frames))
    by_owner = {k: int(v) for k, v in flats["owner_id"].value_counts().sort_index().items()}
    status_counts = flats["status"].value_counts()
    by_status = {s: int(status_counts.get(s, 0)) for s in schema.FLAT_STATUS}
    by_owner_status = {
        owner: {s: int(n) for s, n in grp["status"].value_counts().items()}
        for owner, grp in flats.groupby("owner_id")}
    let_share = {owner: (grp["status"] == "let").mean() for owner, grp in flats.groupby("owner_id")}
    total = int(len(flats))
    vacant = int(flats["status"].isin(VACANT).sum())
    assignable = int((flats["status"].isin(ASSIGNABLE) & flats["service"].eq("SAP")).sum())
    in_programme = flats["flat_id"].isin(frames["programme_flats"]["flat_id"])
    works_in_programmes = int((in_programme & flats["status"].eq("vacant_works")).sum())
    call = latest_call(frames)
    apps = frames["applications"]
    waiting = int(((apps["call_id"] == call) & (apps["outcome"] == "waiting")).sum()) if call else 0
    return Summary(
        as_of=meta.get("as_of", ""), source=meta.get("source", ""), demo=demo,
        flats_total=total, flats_by_owner=by_owner, flats_by_status=by_status,
        flats_by_owner_status=by_owner_status,
        let_share_by_owner={k: round(float(v), 4) for k, v in let_share.items()},
        vacant=vacant, vacancy_rate=round(vacant / total, 4) if total else 0.0,
        assignable=assignable, applications_waiting=waiting, applications_call=call,
        applications_per_assignable=round(waiting / assignable, 2) if assignable else None,
        programmes=programme_summaries(frames), next_meeting=next_meeting(frames, today),
        flats_not_delivered=int(building.sum()), vacant_works_in_programmes=works_in_programmes)


def owner_label(owner_id: str, names: dict[str, str] | None = None) -> str:
    """The owner's name as people say it: 'ALER Milano (UOG Rozzano/Legnano)' ->
    'ALER Milano', 'COMUNE' -> 'Comune di Legnano' (from ``names``: owners' names by id)."""
    name = (names or {}).get(owner_id) or owner_id
    return re.sub(r"\s*\([^)]*\)\s*$", "", str(name)).strip() or str(owner_id)


def owner_names(frames: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Owners' names as people say them, by owner id ('COMUNE' -> 'Comune di Legnano',
    'ALER' -> 'ALER Milano'): what charts and tables show instead of the codes."""
    owners = frames.get("owners")
    if owners is None or owners.empty:
        return {}
    names = dict(zip(owners["owner_id"], owners["name"]))
    return {str(o): owner_label(o, names) for o in owners["owner_id"]}


def summary_table(summary: Summary, lang: str = "it", owner_names: dict[str, str] | None = None) -> pd.DataFrame:
    """Flats by owner and status as a table (rows: statuses; columns: owners, headed by
    their names when ``owner_names`` is given (see :func:`owner_names`), and total)."""
    names = owner_names or {}
    rows = []
    for status in schema.FLAT_STATUS:
        row = {"status": schema.label(schema.FLAT_STATUS, status, lang)}
        for owner in summary.flats_by_owner:
            row[names.get(owner, owner)] = summary.flats_by_owner_status.get(owner, {}).get(status, 0)
        row["total"] = summary.flats_by_status.get(status, 0)
        rows.append(row)
    return pd.DataFrame(rows)


def phase_table(programme: ProgrammeSummary, lang: str = "it") -> pd.DataFrame:
    """A programme's flats by phase (rows in phase order), headed in ``lang``."""
    from tavolo import i18n

    return pd.DataFrame([{i18n.t("phase", lang): schema.label(schema.PHASE, p, lang),
                          i18n.t("count", lang): n} for p, n in programme.flats_by_phase.items()])
