"""Housing demand against supply: pure pandas aggregations for the Domanda e offerta page.

Demand: the applications by call, rione, household size, ISEE band, poverty, art. 14
category and ISBAR score; the waiting list is the latest call's applications still
waiting. Supply: flats by owner, rione, status and size class; turnover measured on the
status history; vacant flats needing works with their cost. Matching: household size
against adequate flats (the adequacy table, ``tavolo.plan``), applications per assignable
flat by rione, years to clear the waiting list at the present pace.

Every function takes typed frames (``ui.cache.frames()`` or ``tavolo.demo.generate``) and
works column-wise: no Python loop over rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tavolo import ambito, i18n, plan, schema, settings, summary

ASSIGNABLE = schema.ASSIGNABLE_STATUSES
# The applications admitted to a ranking (an excluded one never was).
ADMITTED = tuple(o for o in schema.OUTCOME if o != "excluded")
ASSIGNED_STATUSES = schema.ASSIGNED_STATUSES
RELEASED = schema.RELEASED_STATUSES
OUTCOMES = tuple(schema.OUTCOME)
DIMENSIONS = ("household_size", "isee_band", "poverty", "categories", "isbar", "rione")
STOCK_DIMENSIONS = ("owner_id", "rione", "size_class")


# Dated columns whose latest value stands for the data's date when the metadata has none.
DATED_COLUMNS = (("flat_status_history", "valid_from"), ("flats", "status_since"),
                 ("calls", "opened_on"))


def as_of_date(meta: dict | None, frames: dict[str, pd.DataFrame] | None = None) -> dt.date:
    """The data set's as-of date (``meta['as_of']``); without it, the latest date in the
    data (status changes, calls): figures count from the data, never from the wall clock.
    Only a data set with no date at all falls back to today."""
    value = (meta or {}).get("as_of")
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        pass
    latest = [frames[t][c].max() for t, c in DATED_COLUMNS
              if frames is not None and t in frames and len(frames[t])]
    latest = [d for d in latest if pd.notna(d)]
    return max(latest).date() if latest else dt.date.today()


def rione_comune(frames: dict[str, pd.DataFrame]) -> pd.Series:
    """rione_id -> comune_code (through the consulte)."""
    rioni = frames["rioni"][["rione_id", "consulta_id"]]
    consulte = frames["consulte"][["consulta_id", "comune_code"]]
    return rioni.merge(consulte, on="consulta_id", how="left").set_index("rione_id")["comune_code"]


def default_comune(frames: dict[str, pd.DataFrame]) -> str | None:
    """The lead comune of the ambito (``ambito.lead_comune``): every page's default."""
    return ambito.lead_comune(frames)


# --- supply ------------------------------------------------------------------------------

def size_bins(table: list | None = None) -> tuple[list[float], list[str]]:
    """Surface classes from the adequacy table's lower bounds (lower bound included)."""
    mins = sorted({smin for _lo, _hi, smin, _smax in plan.adequacy_rows(table)})
    edges = [-np.inf] + mins + [np.inf]
    labels = [f"< {mins[0]:g} m²"] + [f"{a:g}–{b:g} m²" for a, b in zip(mins, mins[1:])] \
        + [f"≥ {mins[-1]:g} m²"]
    return edges, labels


def flats(frames: dict[str, pd.DataFrame], comune: str | None = None, rione: str | None = None,
          table: list | None = None) -> pd.DataFrame:
    """Flats with owner, rione, comune, service, programme flag, ``in_stock`` (False for new
    flats not yet delivered, ``summary.not_delivered``) and surface class, filtered: the
    columns the page needs (the same join as ``summary.flats_with_owner``, done by index
    lookup; status is categorical, so that the many comparisons on it stay cheap at scale)."""
    fl = frames["flats"]
    buildings = frames["buildings"]
    where = pd.Index(buildings["building_id"]).get_indexer(fl["building_id"])
    known = where >= 0

    def text(values: np.ndarray) -> pd.Series:
        # object, not pandas' inferred "str": isin() on an arrow string column loops in Python
        return pd.Series(values, index=fl.index, dtype=object)

    def building(col: str) -> pd.Series:
        values = buildings[col].to_numpy(dtype=object)
        return text(np.where(known, values[np.where(known, where, 0)] if len(values) else None, None))

    out = pd.DataFrame({
        "flat_id": text(fl["flat_id"].to_numpy(dtype=object)),
        "building_id": text(fl["building_id"].to_numpy(dtype=object)),
        "surface_m2": fl["surface_m2"].to_numpy(dtype=float),
        "status": pd.Categorical(fl["status"], categories=list(schema.FLAT_STATUS)),
        "service": text(fl["service"].to_numpy(dtype=object)),
        "works_estimate_eur": fl["works_estimate_eur"].to_numpy(dtype=float),
        "status_since": fl["status_since"].to_numpy(),
        "owner_id": building("owner_id"),
        "rione_id": building("rione_id"),
        "programme_id": building("programme_id"),
    }, index=fl.index)
    comune_of = ambito.buildings_comune(frames)  # its comune_code, else its rione's
    out["comune_code"] = text(np.where(known, comune_of[np.where(known, where, 0)] if len(comune_of) else None, None))
    out["in_programme"] = out["flat_id"].isin(frames["programme_flats"]["flat_id"])
    out["in_stock"] = ~out["flat_id"].isin(summary.not_delivered(frames))
    edges, labels = size_bins(table)
    out["size_class"] = pd.cut(out["surface_m2"], edges, labels=labels, right=False)
    if comune and not out["comune_code"].eq(comune).all():
        out = out[out["comune_code"] == comune]
    if rione:
        out = out[out["rione_id"] == rione]
    return out


def in_rione(flats_: pd.DataFrame, rione: str | None) -> pd.DataFrame:
    """The flats of ``rione`` (all of them when None)."""
    return flats_[flats_["rione_id"] == rione] if rione else flats_


def unclassified_assignable(flats_: pd.DataFrame, table: list | None = None) -> int:
    """Assignable SAP flats whose surface fits no row of the adequacy table."""
    return int(plan.unclassified(flats_.loc[assignable(flats_), "surface_m2"], table).sum())


def in_stock(flats_: pd.DataFrame) -> pd.DataFrame:
    """Today's stock: the flats delivered (new flats being built are left out)."""
    return flats_[flats_["in_stock"]]


def assignable(flats_: pd.DataFrame) -> pd.Series:
    """SAP flats of today's stock, vacant and assignable: what the waiting list can get."""
    return flats_["status"].isin(ASSIGNABLE) & flats_["service"].eq("SAP") & flats_["in_stock"]


def turnover_set(flats_: pd.DataFrame) -> pd.Series:
    """The flats turnover is measured and applied on: SAP flats of today's stock outside
    programmes (a programme's flats are supply of their programme; SAS and transitional
    flats are not in the plan's base)."""
    return flats_["service"].eq("SAP") & flats_["in_stock"] & ~flats_["in_programme"]


def turnover_base(flats_: pd.DataFrame) -> pd.Series:
    """The let flats of ``turnover_set``: the denominator of the rate, and what it applies to."""
    return turnover_set(flats_) & flats_["status"].eq("let")


def stock_by(flats_: pd.DataFrame, dimension: str, frames: dict[str, pd.DataFrame],
             lang: str = "it") -> pd.DataFrame:
    """Flats by ``dimension`` (owner_id, rione, size_class) and status: one row per value
    (owners and rioni by name), one column per status (labels in ``lang``) and the total."""
    if dimension not in STOCK_DIMENSIONS:
        raise ValueError(f"dimension must be one of {STOCK_DIMENSIONS}")
    key = "rione_id" if dimension == "rione" else dimension
    table = pd.crosstab(flats_[key], flats_["status"])
    if dimension == "size_class":
        table = table.reindex(flats_["size_class"].cat.categories, fill_value=0)
    statuses = [s for s in schema.FLAT_STATUS if s in table.columns and table[s].sum()]
    table = table[statuses]
    table.columns = [schema.label(schema.FLAT_STATUS, s, lang) for s in statuses]
    table[i18n.t("total", lang)] = table.sum(axis=1)
    if dimension == "rione":
        table.index = table.index.map(rione_names(frames))
    if dimension == "owner_id":  # named, not coded ('Comune di Legnano', not 'COMUNE')
        names = summary.owner_names(frames)
        table.index = table.index.map(lambda o: names.get(str(o), o))
    table.index = table.index.astype(str)
    return table.reset_index(names=i18n.t(f"dem_dim_{dimension}", lang))


def rione_names(frames: dict[str, pd.DataFrame]) -> pd.Series:
    return frames["rioni"].set_index("rione_id")["name"]


@dataclass(frozen=True)
class Turnover:
    """Let flats released per year (status history), over the let stock."""

    rate: float  # share of let flats released in a year
    measured: bool  # False: the history is too short, ``rate`` is the setting
    releases_by_year: dict[int, int]
    let_stock: int
    years: tuple[int, ...]


def turnover(frames: dict[str, pd.DataFrame], as_of: dt.date, comune: str | None = None,
             years: int = 3, fl: pd.DataFrame | None = None) -> Turnover:
    """Turnover over the last ``years`` complete years before ``as_of``, on one set of flats
    (``turnover_set``: SAP, today's stock, outside programmes): the set's let flats that
    moved to a vacant status, per year, over the set's let flats today (``turnover_base``,
    the same flats the projection applies the rate to). ``fl``: ``flats(frames, comune)``."""
    fl = flats(frames, comune) if fl is None else fl
    let_stock = int(turnover_base(fl).sum())
    window = tuple(range(as_of.year - years, as_of.year))
    hist = frames["flat_status_history"]
    # Each history row next to the previous row of the same flat, in date order: numpy
    # lexsort on integer codes (sorting the text ids would cost seconds at scale 100).
    codes, _ids = pd.factorize(hist["flat_id"])
    when = hist["valid_from"].to_numpy(dtype="datetime64[s]").astype("int64")
    order = np.lexsort((when, codes))
    status = hist["status"].to_numpy(dtype=object)[order]
    same_flat = np.r_[False, codes[order][1:] == codes[order][:-1]]
    after_let = np.r_[False, status[:-1] == "let"] & same_flat
    released = after_let & pd.Series(status, dtype=object).isin(RELEASED).to_numpy()
    flat_ids = pd.Series(hist["flat_id"].to_numpy(dtype=object)[order][released], dtype=object)
    years_of = pd.Series(hist["valid_from"].to_numpy()[order][released]).dt.year
    keep = flat_ids.isin(fl.loc[turnover_set(fl), "flat_id"].to_numpy(dtype=object))
    per_year = years_of[keep.to_numpy()].value_counts()
    by_year = {y: int(per_year.get(y, 0)) for y in window}
    covered = not hist.empty and hist["valid_from"].min().year <= window[0]
    total = sum(by_year.values())
    if covered and total and let_stock:
        return Turnover(total / len(window) / let_stock, True, by_year, let_stock, window)
    return Turnover(settings.get("turnover_rate_pct") / 100, False, by_year, let_stock, window)


def vacant_works_in_programmes(flats_: pd.DataFrame) -> int:
    """Vacant flats needing works that belong to a programme: left out of ``vacant_works``
    (their works are the programme's), counted in the Panoramica's vacant flats."""
    return int(((flats_["status"] == "vacant_works") & flats_["in_programme"]).sum())


def vacant_works_labelled(flats_: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """``vacant_works`` with each group's label (the art. 10 limit written out)."""
    works = vacant_works(flats_)
    limit = i18n.fmt_eur(settings.get("art10_works_max_eur"), lang)
    return works.assign(label=[i18n.t(f"dem_works_{g}", lang).format(limit=limit)
                               for g in works["group"]])


def vacant_works_note(flats_: pd.DataFrame, lang: str = "it") -> str:
    """What ``vacant_works`` leaves out, reconciled with the Panoramica's count: "Altri 49
    sfitti da ristrutturare sono alloggi dei programmi ...: la Panoramica li conta insieme, 140"."""
    outside = int(vacant_works(flats_)["flats"].sum())
    inside = vacant_works_in_programmes(flats_)
    return i18n.t("dem_works_note", lang).format(prog=i18n.fmt_int(inside, lang),
                                                  total=i18n.fmt_int(outside + inside, lang))


def vacant_works(flats_: pd.DataFrame, art10_max: float | None = None) -> pd.DataFrame:
    """Vacant flats needing works outside programmes, split at the art. 10 limit (the
    assignee may pay works up to 8,000 EUR): flats and estimated cost of each group."""
    limit = settings.get("art10_works_max_eur") if art10_max is None else art10_max
    vw = flats_[(flats_["status"] == "vacant_works") & ~flats_["in_programme"]]
    estimate = vw["works_estimate_eur"]
    groups = np.where(estimate.le(limit).fillna(False), "art10",
                      np.where(estimate.isna(), "no_estimate", "funding"))
    out = pd.DataFrame({"group": groups, "cost": estimate.fillna(0.0)}).groupby("group").agg(
        flats=("cost", "size"), cost_eur=("cost", "sum"))
    return out.reindex(["art10", "funding", "no_estimate"], fill_value=0).reset_index()


# --- demand ------------------------------------------------------------------------------

def applications(frames: dict[str, pd.DataFrame], comune: str | None = None,
                 rione: str | None = None, call_id: str | None = None) -> pd.DataFrame:
    apps = frames["applications"]
    calls = frames["calls"]
    if comune and not calls["comune_code"].eq(comune).all():
        apps = apps[apps["call_id"].isin(calls.loc[calls["comune_code"] == comune, "call_id"])]
    if rione:
        apps = apps[apps["rione_id"] == rione]
    if call_id:
        apps = apps[apps["call_id"] == call_id]
    return apps


def waiting(frames: dict[str, pd.DataFrame], comune: str | None = None,
            rione: str | None = None) -> pd.DataFrame:
    """The waiting list: the latest call's applications still waiting."""
    call = summary.latest_call(frames, comune)
    apps = applications(frames, comune, rione, call)
    return apps[apps["outcome"] == "waiting"] if call else apps.iloc[0:0]


def calls_series(frames: dict[str, pd.DataFrame], comune: str | None = None,
                 rione: str | None = None) -> pd.DataFrame:
    """Per call (in date order): applications by outcome, total, flats offered."""
    calls = frames["calls"]
    if comune:
        calls = calls[calls["comune_code"] == comune]
    calls = calls.sort_values("opened_on")
    apps = applications(frames, comune, rione)
    counts = apps.groupby(["call_id", "outcome"]).size().unstack(fill_value=0).reindex(
        index=calls["call_id"], columns=list(OUTCOMES), fill_value=0)
    out = calls[["call_id", "title", "opened_on", "flats_offered"]].set_index("call_id").join(counts)
    out["total"] = counts.sum(axis=1)
    return out.reset_index()


def _isbar_bands(score: pd.Series) -> pd.Series:
    edges = list(range(0, 101, 10))
    labels = [f"{a}–{b}" for a, b in zip(edges, edges[1:])]
    return pd.cut(score, edges, labels=labels, include_lowest=True)


def profile(apps: pd.DataFrame, dimension: str, frames: dict[str, pd.DataFrame],
            lang: str = "it", table: list | None = None) -> pd.DataFrame:
    """Applications by ``dimension``: key, label, applications, share of applications (a
    household may belong to several art. 14 categories: shares then add up to over 100%)."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {DIMENSIONS}")
    n = len(apps)
    if dimension == "household_size":
        last = plan.size_groups(table)[-1]
        counts = apps["household_size"].clip(upper=last).value_counts().reindex(
            plan.size_groups(table), fill_value=0)
        labels = [plan.size_label(s, table) for s in counts.index]
    elif dimension == "isee_band":
        counts = apps["isee_band"].value_counts().reindex(list(schema.ISEE_BAND), fill_value=0)
        labels = [schema.label(schema.ISEE_BAND, k, lang) for k in counts.index]
    elif dimension == "poverty":
        counts = apps["poverty"].fillna(False).astype(bool).value_counts().reindex(
            [True, False], fill_value=0)
        labels = [i18n.t("dem_poverty_yes" if k else "dem_poverty_no", lang) for k in counts.index]
    elif dimension == "categories":
        cats = apps["categories"].dropna().str.split("|").explode()
        counts = cats.value_counts().reindex(list(schema.ART14_CATEGORIES), fill_value=0)
        counts.loc["none"] = int(apps["categories"].isna().sum())
        labels = [schema.label(schema.ART14_CATEGORIES, k, lang) if k != "none"
                  else i18n.t("dem_no_category", lang) for k in counts.index]
    elif dimension == "isbar":
        counts = _isbar_bands(apps["isbar_score"]).value_counts(sort=False)
        labels = [str(k) for k in counts.index]
    else:
        names = rione_names(frames)
        counts = apps["rione_id"].fillna("").value_counts().reindex(
            list(names.index) + [""], fill_value=0)
        counts = counts[(counts > 0) | (counts.index != "")]
        labels = [names.get(k, i18n.t("dem_rione_unknown", lang)) for k in counts.index]
    return pd.DataFrame({"key": [str(k) for k in counts.index], "label": labels,
                         "applications": counts.to_numpy(dtype=int),
                         "share": counts.to_numpy(dtype=float) / n if n else np.nan})


def assignment_dates(frames: dict[str, pd.DataFrame], comune: str | None = None) -> pd.Series:
    """The date of each assigned application (index of ``applications``): an
    ``assigned_on`` column where the data has one, else the first change of the assigned
    flat's status history to assigned (awaiting handover) or let on or after the call
    opened. NaT when neither says it (the assignment has no date)."""
    apps = applications(frames, comune)
    apps = apps[apps["outcome"] == "assigned"]
    if apps.empty:
        return pd.Series(pd.NaT, index=apps.index, dtype="datetime64[s]")
    opened = apps["call_id"].map(frames["calls"].set_index("call_id")["opened_on"])
    hist = frames["flat_status_history"]
    hist = hist.loc[hist["status"].isin(ASSIGNED_STATUSES), ["flat_id", "valid_from"]]
    pairs = pd.DataFrame({"row": apps.index, "flat_id": apps["assigned_flat_id"].to_numpy(dtype=object),
                          "opened": opened.to_numpy()}).merge(hist, on="flat_id")
    pairs = pairs[pairs["valid_from"] >= pairs["opened"]]
    first = pairs.groupby("row")["valid_from"].min()
    out = pd.Series(first.reindex(apps.index).to_numpy(), index=apps.index, dtype="datetime64[s]")
    if "assigned_on" in apps.columns:
        given = pd.to_datetime(apps["assigned_on"], errors="coerce").astype("datetime64[s]")
        out = given.where(given.notna(), out)
    return out


def assigned_in_year(frames: dict[str, pd.DataFrame], year: int,
                     comune: str | None = None) -> tuple[int, int]:
    """(assignments dated in ``year``, assignments without a date): "units assigned in
    the previous year" of the annual plan counts the first, by assignment date."""
    dates = assignment_dates(frames, comune)
    return int((dates.dt.year == year).sum()), int(dates.isna().sum())


def assignments_by_year(frames: dict[str, pd.DataFrame], comune: str | None = None) -> pd.DataFrame:
    """Applications assigned a flat, by the year their call opened (the pace of the
    rankings; the plan's "assigned in the previous year" counts by date instead:
    ``assigned_in_year``); every year from the
    first call to the last is listed (zero when no call opened)."""
    apps = applications(frames, comune)
    calls = frames["calls"]
    if comune:
        calls = calls[calls["comune_code"] == comune]
    if calls.empty:
        return pd.DataFrame({"year": pd.Series(dtype=int), "assigned": pd.Series(dtype=int)})
    year_of = calls.set_index("call_id")["opened_on"].dt.year
    assigned = apps.loc[apps["outcome"] == "assigned", "call_id"].map(year_of).value_counts()
    years = range(int(year_of.min()), int(year_of.max()) + 1)
    return pd.DataFrame({"year": list(years),
                         "assigned": [int(assigned.get(y, 0)) for y in years]})


def pace(frames: dict[str, pd.DataFrame], comune: str | None = None) -> float | None:
    """Assignments per year at the present pace: the mean over the years from the first
    call to the last (years without a call count as zero)."""
    by_year = assignments_by_year(frames, comune)
    return float(by_year["assigned"].mean()) if len(by_year) else None


def admitted_per_year(frames: dict[str, pd.DataFrame], comune: str | None = None) -> float | None:
    """Admitted applications per year: the calls' applications not excluded (``ADMITTED``)
    over the years from the first call to the last (a household applying again to a later
    call counts again: it still needs a flat that year)."""
    by_year = assignments_by_year(frames, comune)
    if not len(by_year):
        return None
    apps = applications(frames, comune)
    return int(apps["outcome"].isin(ADMITTED).sum()) / len(by_year)


def inflow(frames: dict[str, pd.DataFrame], comune: str | None = None) -> tuple[float, bool]:
    """New admitted applications a year and whether it is measured: the setting
    ``new_applications_per_year`` when above 0, else ``admitted_per_year`` (0 without calls)."""
    value = float(settings.get("new_applications_per_year"))
    if value > 0:
        return value, False
    return float(admitted_per_year(frames, comune) or 0.0), True


def years_to_clear(n_waiting: int, per_year: float | None, inflow_: float = 0.0) -> float | None:
    """Years to house ``n_waiting`` admitted households at ``per_year`` assignments while
    ``inflow_`` new admitted applications arrive each year; None when the list never
    clears (nobody assigned, or no faster than new households arrive)."""
    if n_waiting <= 0:
        return 0.0
    net = (per_year or 0.0) - inflow_
    if net <= 0:
        return None
    return n_waiting / net


@dataclass(frozen=True)
class Headline:
    """The headline figures of Domanda e offerta. ``waiting``, ``assignable`` and
    ``per_flat`` follow the rione filter; the pace, the inflow and the years to clear are
    the comune's (``city_wide`` says so when a rione is chosen: flats are not assigned by
    rione of residence)."""

    waiting: int
    call: str | None
    assignable: int
    per_flat: float | None
    waiting_city: int
    pace: float | None
    pace_years: tuple[int, int] | None
    years_to_clear: float | None  # today's list alone, no new applications
    inflow: float
    inflow_measured: bool
    years_with_inflow: float | None  # with ``inflow`` new admitted applications a year
    city_wide: bool


def headline(frames: dict[str, pd.DataFrame], comune: str | None = None, rione: str | None = None,
             fl: pd.DataFrame | None = None) -> Headline:
    fl = flats(frames, comune) if fl is None else fl
    if rione:
        fl = fl[fl["rione_id"] == rione]
    n_waiting = len(waiting(frames, comune, rione))
    city = len(waiting(frames, comune)) if rione else n_waiting
    n_assignable = int(assignable(fl).sum())
    by_year = assignments_by_year(frames, comune)
    pace_ = pace(frames, comune)
    new, measured = inflow(frames, comune)
    return Headline(
        waiting=n_waiting, call=summary.latest_call(frames, comune), assignable=n_assignable,
        per_flat=n_waiting / n_assignable if n_assignable else None, waiting_city=city,
        pace=pace_, pace_years=(int(by_year["year"].min()), int(by_year["year"].max()))
        if len(by_year) else None,
        years_to_clear=years_to_clear(city, pace_), inflow=new, inflow_measured=measured,
        years_with_inflow=years_to_clear(city, pace_, new), city_wide=bool(rione))


# --- matching ----------------------------------------------------------------------------

def matching_by_size(waiting_: pd.DataFrame, flats_: pd.DataFrame,
                     table: list | None = None) -> pd.DataFrame:
    """Per household size: households waiting, SAP flats assignable now adequate for them,
    balance (flats minus households: negative is a shortfall) and households per flat.
    A flat may be adequate for two sizes (the table's rows overlap): it counts for both."""
    groups = plan.size_groups(table)
    sizes = waiting_["household_size"].clip(upper=groups[-1]).value_counts()
    free = flats_.loc[assignable(flats_), "surface_m2"]
    rows = []
    for size in groups:  # one vectorised pass per household size (six)
        n_flats = int(plan.adequate(free, size, table).sum())
        n_apps = int(sizes.get(size, 0))
        rows.append({"household_size": size, "label": plan.size_label(size, table),
                     "applicants": n_apps, "flats": n_flats, "balance": n_flats - n_apps,
                     "per_flat": n_apps / n_flats if n_flats else np.nan})
    return pd.DataFrame(rows)


def per_flat_by_rione(waiting_: pd.DataFrame, flats_: pd.DataFrame,
                      frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per rione: households waiting (rione of residence), flats assignable now, and
    households per flat (missing when the rione has no assignable flat)."""
    names = rione_names(frames)
    apps = waiting_["rione_id"].value_counts().reindex(names.index, fill_value=0)
    free = flats_.loc[assignable(flats_), "rione_id"].value_counts().reindex(names.index, fill_value=0)
    out = pd.DataFrame({"rione_id": names.index, "rione": names.to_numpy(),
                        "applicants": apps.to_numpy(dtype=int),
                        "flats": free.to_numpy(dtype=int)})
    out["per_flat"] = np.where(out["flats"] > 0, out["applicants"] / out["flats"].clip(lower=1),
                               np.nan)
    return out.sort_values(["per_flat", "applicants"], ascending=False, na_position="first") \
        .reset_index(drop=True)


# --- display -----------------------------------------------------------------------------

def display(frame: pd.DataFrame, columns: dict[str, tuple[str, str]], lang: str = "it") -> pd.DataFrame:
    """A table for the screen: ``columns`` maps a column to (text key, format), format one
    of ``str``, ``int``, ``num``, ``pct``, ``eur``, ``date``; numbers in Italian format."""
    fmt = {"int": i18n.fmt_int, "num": lambda v, l: i18n.fmt_num(v, l, 1),
           "pct": lambda v, l: i18n.fmt_pct(v, l, 0), "eur": i18n.fmt_eur, "date": i18n.fmt_date}
    out = {}
    for col, (key, kind) in columns.items():
        values = frame[col]
        if kind in fmt:
            values = [fmt[kind](None if pd.isna(v) else v, lang) for v in values]
        out[i18n.t(key, lang) if key in i18n.TEXTS else key] = list(values)
    return pd.DataFrame(out)


# The columns each table of the page shows: column -> (text key, format), for ``display``.
COLUMNS: dict[str, dict[str, tuple[str, str]]] = {
    "calls": {"call_id": ("dem_col_call", "str"), "opened_on": ("dem_col_opened", "date"),
              "flats_offered": ("dem_col_offered", "int"), "total": ("dem_col_applications", "int"),
              "assigned": ("dem_col_assigned", "int"), "waiting": ("dem_col_waiting", "int")},
    "profile": {"label": ("dem_col_value", "str"), "applications": ("dem_col_applications", "int"),
                "share": ("dem_col_share", "pct")},
    "works": {"label": ("dem_col_group", "str"), "flats": ("dem_col_flats", "int"),
              "cost_eur": ("dem_col_cost", "eur")},
    "pipeline": {"name": ("dem_col_programme", "str"), "phase_label": ("dem_col_phase", "str"),
                 "owner_id": ("plan_col_owner", "str"), "service_label": ("dem_col_service", "str"),
                 "flats": ("dem_col_flats", "int"),
                 "year_label": ("dem_col_year", "str")},
    "matching": {"label": ("dem_col_size", "str"), "applicants": ("dem_col_applicants", "int"),
                 "flats": ("dem_col_adequate", "int"), "balance": ("dem_col_balance", "int"),
                 "per_flat": ("dem_col_per_flat", "num")},
    "rioni": {"rione": ("dem_rione", "str"), "applicants": ("dem_col_applicants", "int"),
              "flats": ("dem_assignable", "int"), "per_flat": ("dem_col_per_flat", "num")},
    "coverage": {"year": ("dem_col_year", "str"), "supply_with": ("dem_col_supply_with", "int"),
                 "supply_without": ("dem_col_supply_without", "int"), "demand": ("dem_col_demand", "int"),
                 "coverage_with": ("dem_col_cov_with", "pct"),
                 "coverage_without": ("dem_col_cov_without", "pct"),
                 "cum_with": ("dem_col_cum_with", "int"), "cum_without": ("dem_col_cum_without", "int")},
}


def supply_columns(wide: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """The columns of the supply-by-year table (its sources vary)."""
    return {"year": ("dem_col_year", "str")} | {
        c: ("dem_col_total" if c == "total" else f"plan_source_{c}", "int") for c in wide.columns[1:]}
