"""The ambito: the comune chooser's choices, one comune's share of the data, and the
comuni side by side (the Ambito page's view model; no Streamlit here).

The chooser offers every comune of ``comuni`` (Legnano first: the table's comune) and
``AMBITO``, the whole ambito aggregated. ``frames_for(frames, code)`` keeps one comune's
rows of every table, so that a view model written for "the data" (the overview, the
Gestione tabs) counts that comune only.

The side-by-side figures, per comune (``overview``), each counted the way the rest of the
app counts it for one comune:

- public flats per 1,000 inhabitants: today's stock (``summary.not_delivered`` left out)
  over ``comuni.population``;
- by owner: today's stock per owner;
- vacancy rate split by reason: vacant assignable and vacant needing works
  (``schema.VACANT_STATUSES``), each over today's stock; they add up to the vacancy rate;
- applications waiting per assignable flat: the comune's latest call's applications still
  waiting over its SAP flats vacant and assignable today (``demand.headline``);
- flats available next year and the poverty reserve: the comune's plan in the ambito's
  annual plan for the next plan year (``ambito_plan.annual``: the rules of ``tavolo.plan``,
  the reserve 20 % rounded up, owner by owner, comune by comune).

    >>> parse("ambito", ["015118", "015010"], "015118"), parse("999", ["015118"], "015118")
    ('ambito', '015118')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tavolo import ambito, ambito_plan, demand, i18n, plan, schema, summary

LEGNANO = ambito.LEAD_CODE  # the table's comune (the ambito's lead): the chooser's default
AMBITO = "ambito"  # the chooser's value for the whole ambito
# Pages whose view model knows Legnano only (rioni, the table's programmes and meetings).
LEGNANO_ONLY_PAGES = ("mappa", "progetti", "il_tavolo")


# --- the chooser ------------------------------------------------------------------------

def comuni(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The comuni of the data (comune_code, name, population, ambito), the lead comune
    (Legnano) first, the others by name (``ambito.codes``)."""
    table = frames["comuni"][["comune_code", "name", "population", "ambito"]].copy()
    table["comune_code"] = table["comune_code"].astype(str)
    return table.set_index("comune_code").loc[ambito.codes(frames)].reset_index()


def default_comune(frames: dict[str, pd.DataFrame]) -> str:
    """The lead comune (Legnano), else the first comune."""
    return ambito.lead_comune(frames) or LEGNANO


def choices(frames: dict[str, pd.DataFrame]) -> list[str]:
    """The chooser's values: every comune's code, then ``AMBITO`` when there are several."""
    codes = comuni(frames)["comune_code"].tolist()
    return codes + ([AMBITO] if len(codes) > 1 else [])


def parse(value: object, allowed: list[str], default: str) -> str:
    """A value of the URL (``?comune=``) when it is a choice, else ``default``."""
    text = "" if value is None else str(value).strip()
    return text if text in allowed else default


def ambito_name(frames: dict[str, pd.DataFrame], lang: str = "it") -> str:
    names = frames["comuni"]["ambito"].dropna().astype(str)
    return names.mode().iloc[0] if len(names) else i18n.t("amb_ambito", lang)


def label(frames: dict[str, pd.DataFrame], value: str, lang: str = "it") -> str:
    """The chooser's text for a value: the comune's name, or 'Ambito Altomilanese (22
    comuni)'."""
    if value == AMBITO:
        n = len(frames["comuni"])
        return f"{ambito_name(frames, lang)} ({i18n.t('amb_n_comuni', lang).format(n=n)})"
    names = dict(zip(frames["comuni"]["comune_code"].astype(str), frames["comuni"]["name"]))
    return str(names.get(value, value))


def legnano_only_note(page: str, frames: dict[str, pd.DataFrame], value: str,
                      lang: str = "it") -> str | None:
    """What a Legnano-only page says when another comune or the ambito is chosen (None when
    Legnano is chosen or the page follows the chooser)."""
    if page not in LEGNANO_ONLY_PAGES or value == LEGNANO:
        return None
    return i18n.t(f"amb_only_legnano_{page}", lang).format(chosen=label(frames, value, lang))


# --- one comune's share of the data ---------------------------------------------------------

def frames_for(frames: dict[str, pd.DataFrame], value: str | None) -> dict[str, pd.DataFrame]:
    """The chooser's value seen as data: one comune's rows of every table
    (``ambito.comune_frames``), the frames themselves for ``AMBITO`` or None."""
    return ambito.comune_frames(frames, None if value in (None, AMBITO) else value)


latest_calls = summary.latest_calls  # comune_code -> its latest call id


# --- the comuni side by side ---------------------------------------------------------------

OWNERS_OTHER = "OTHER"


@dataclass(frozen=True)
class Overview:
    """The ambito's comuni side by side: ``table`` has one row per comune (Legnano first)
    and the figures of the module docstring, ``total`` the same for the whole ambito;
    ``plan`` the ambito's annual plan for ``year`` (``ambito_plan.AmbitoPlan``)."""

    year: int
    as_of: dt.date
    ambito: str
    owners: list[str]
    table: pd.DataFrame
    total: dict
    plan: ambito_plan.AmbitoPlan
    demo: bool = False

    @property
    def codes(self) -> list[str]:
        return self.table["comune_code"].tolist()


COLUMNS = ("comune_code", "name", "population", "flats", "per_1000", "vacant_assignable",
           "vacant_works", "vacancy_rate", "vacancy_assignable_rate", "vacancy_works_rate",
           "waiting", "assignable", "per_assignable", "available_next_year", "poverty_reserve")


def _ratio(num, den):
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def overview(frames: dict[str, pd.DataFrame], meta: dict | None = None, demo: bool = False,
             year: int | None = None) -> Overview:
    """The figures of every comune of the data, side by side (see the module docstring)."""
    as_of = demand.as_of_date(meta, frames)
    year = plan.default_year(as_of) if year is None else int(year)
    com = comuni(frames)
    codes = com["comune_code"].tolist()
    fl = demand.flats(frames)
    stock = demand.in_stock(fl)
    owners = sorted(str(o) for o in stock["owner_id"].dropna().unique())
    by_owner = pd.crosstab(stock["comune_code"], stock["owner_id"]).reindex(index=codes, columns=owners,
                                                                            fill_value=0)
    by_status = pd.crosstab(stock["comune_code"], stock["status"]).reindex(
        index=codes, columns=list(schema.FLAT_STATUS), fill_value=0)
    sap_free = stock[stock["status"].isin(demand.ASSIGNABLE) & stock["service"].eq("SAP")]
    assignable = sap_free["comune_code"].value_counts().reindex(codes, fill_value=0)
    apps = frames["applications"]
    last = latest_calls(frames)
    waiting_apps = apps[apps["call_id"].isin(last.to_numpy()) & apps["outcome"].eq("waiting")]
    call_comune = frames["calls"].set_index("call_id")["comune_code"].astype(str)
    waiting = waiting_apps["call_id"].map(call_comune).value_counts().reindex(codes, fill_value=0)

    ap = ambito_plan.annual(frames, year, meta, demo, comuni=codes)
    plans = {code: ap.plan_of(code, year) for code in codes}

    table = pd.DataFrame({
        "comune_code": codes, "name": com["name"].astype(str).to_numpy(),
        "population": pd.to_numeric(com["population"], errors="coerce").to_numpy(dtype=float),
        "flats": by_owner.sum(axis=1).to_numpy(dtype=int)})
    for owner in owners:
        table[f"owner_{owner}"] = by_owner[owner].to_numpy(dtype=int)
    table["per_1000"] = _ratio(table["flats"] * 1000, table["population"])
    for status in schema.VACANT_STATUSES:
        table[status] = by_status[status].to_numpy(dtype=int)
    vacant = table[list(schema.VACANT_STATUSES)].sum(axis=1)
    table["vacancy_rate"] = _ratio(vacant, table["flats"])
    table["vacancy_assignable_rate"] = _ratio(table["vacant_assignable"], table["flats"])
    table["vacancy_works_rate"] = _ratio(table["vacant_works"], table["flats"])
    table["waiting"] = waiting.to_numpy(dtype=int)
    table["assignable"] = assignable.to_numpy(dtype=int)
    table["per_assignable"] = _ratio(table["waiting"], table["assignable"])
    table["available_next_year"] = [plans[c].available for c in codes]
    table["poverty_reserve"] = [int(plans[c].limits["poverty"] or 0) for c in codes]

    sums = {c: int(table[c].sum()) for c in ["flats", "vacant_assignable", "vacant_works", "waiting",
                                             "assignable", "available_next_year", "poverty_reserve"]
            + [f"owner_{o}" for o in owners]}
    population = float(np.nansum(table["population"]))
    total = sums | {
        "comune_code": AMBITO, "name": ambito_name(frames), "population": population,
        "per_1000": float(_ratio(sums["flats"] * 1000, population)),
        "vacancy_rate": float(_ratio(sums["vacant_assignable"] + sums["vacant_works"], sums["flats"])),
        "vacancy_assignable_rate": float(_ratio(sums["vacant_assignable"], sums["flats"])),
        "vacancy_works_rate": float(_ratio(sums["vacant_works"], sums["flats"])),
        "per_assignable": float(_ratio(sums["waiting"], sums["assignable"]))}
    return Overview(year=year, as_of=as_of, ambito=ambito_name(frames), owners=owners, table=table,
                    total=total, plan=ap, demo=demo)


def owner_names(frames: dict[str, pd.DataFrame], owners: list[str], lang: str = "it") -> dict[str, str]:
    """Owners' names across the ambito: 'ALER Milano'; a municipality owner is "Comune"
    (each comune's own flats), not the name of one comune."""
    names = summary.owner_names(frames)
    owners_ = frames["owners"].set_index("owner_id")
    kind = owners_["kind"] if "kind" in owners_.columns else pd.Series(dtype=object)
    return {o: i18n.t("amb_owner_municipality", lang) if kind.get(o) == "municipality"
            else names.get(o, o) for o in owners}


def owner_names_for(frames: dict[str, pd.DataFrame], value: str, lang: str = "it") -> dict[str, str]:
    """Owners' names seen from the chooser's value: the municipality owner is the chosen
    comune ('Comune di Arconate'), or each comune's for the ambito; others as named."""
    names = summary.owner_names(frames)
    owners_ = frames["owners"]
    municipal = set(owners_.loc[owners_["kind"].eq("municipality"), "owner_id"]) \
        if "kind" in owners_.columns else set()
    for owner in municipal:
        names[owner] = (i18n.t("amb_owner_municipality", lang) if value == AMBITO
                        else f"Comune di {label(frames, value, lang)}")
    return names


def display(ov: Overview, frames: dict[str, pd.DataFrame], lang: str = "it",
            with_total: bool = True) -> pd.DataFrame:
    """The side-by-side table as shown and exported: Italian numbers, one row per comune
    and the ambito's total last."""
    rows = ov.table.to_dict("records") + ([ov.total] if with_total else [])
    names = owner_names(frames, ov.owners, lang)
    T = lambda key: i18n.t(key, lang)  # noqa: E731
    out = pd.DataFrame({
        T("amb_col_comune"): [r["name"] for r in rows],
        T("amb_col_population"): [i18n.fmt_int(r["population"], lang) for r in rows],
        T("amb_col_flats"): [i18n.fmt_int(r["flats"], lang) for r in rows]})
    for owner in ov.owners:
        out[names[owner]] = [i18n.fmt_int(r[f"owner_{owner}"], lang) for r in rows]
    out[T("amb_col_per_1000")] = [i18n.fmt_num(r["per_1000"], lang, 1) for r in rows]
    out[T("amb_col_vacancy")] = [i18n.fmt_pct(r["vacancy_rate"], lang) for r in rows]
    out[T("amb_col_vac_assignable")] = [i18n.fmt_pct(r["vacancy_assignable_rate"], lang) for r in rows]
    out[T("amb_col_vac_works")] = [i18n.fmt_pct(r["vacancy_works_rate"], lang) for r in rows]
    out[T("amb_col_waiting")] = [i18n.fmt_int(r["waiting"], lang) for r in rows]
    out[T("amb_col_assignable")] = [i18n.fmt_int(r["assignable"], lang) for r in rows]
    out[T("amb_col_per_assignable")] = [i18n.fmt_num(r["per_assignable"], lang, 1) for r in rows]
    out[T("amb_col_available").format(year=ov.year)] = [i18n.fmt_int(r["available_next_year"], lang)
                                                        for r in rows]
    out[T("amb_col_poverty")] = [i18n.fmt_int(r["poverty_reserve"], lang) for r in rows]
    return out


def metric_table(ov: Overview, metric: str, frames: dict[str, pd.DataFrame],
                 lang: str = "it") -> pd.DataFrame:
    """The table twin of one chart (``METRICS``): comune and the chart's values."""
    T = lambda key: i18n.t(key, lang)  # noqa: E731
    tb = ov.table
    out = pd.DataFrame({T("amb_col_comune"): tb["name"]})
    if metric == "per_1000":
        out[T("amb_col_flats")] = [i18n.fmt_int(v, lang) for v in tb["flats"]]
        out[T("amb_col_population")] = [i18n.fmt_int(v, lang) for v in tb["population"]]
        out[T("amb_col_per_1000")] = [i18n.fmt_num(v, lang, 1) for v in tb["per_1000"]]
    elif metric == "owner":
        for owner, name in owner_names(frames, ov.owners, lang).items():
            out[name] = [i18n.fmt_int(v, lang) for v in tb[f"owner_{owner}"]]
        out[T("amb_col_flats")] = [i18n.fmt_int(v, lang) for v in tb["flats"]]
    elif metric == "vacancy":
        out[T("amb_col_vac_assignable")] = [i18n.fmt_pct(v, lang) for v in tb["vacancy_assignable_rate"]]
        out[T("amb_col_vac_works")] = [i18n.fmt_pct(v, lang) for v in tb["vacancy_works_rate"]]
        out[T("amb_col_vacancy")] = [i18n.fmt_pct(v, lang) for v in tb["vacancy_rate"]]
    elif metric == "per_assignable":
        out[T("amb_col_waiting")] = [i18n.fmt_int(v, lang) for v in tb["waiting"]]
        out[T("amb_col_assignable")] = [i18n.fmt_int(v, lang) for v in tb["assignable"]]
        out[T("amb_col_per_assignable")] = [i18n.fmt_num(v, lang, 1) for v in tb["per_assignable"]]
    elif metric == "available":
        out[T("amb_col_available").format(year=ov.year)] = [i18n.fmt_int(v, lang)
                                                            for v in tb["available_next_year"]]
        out[T("amb_col_poverty")] = [i18n.fmt_int(v, lang) for v in tb["poverty_reserve"]]
    else:
        raise KeyError(metric)
    return out


METRICS = ("per_1000", "owner", "vacancy", "per_assignable", "available")
