"""The ambito's Piano annuale and Piano triennale: every comune's plan side by side.

In Lombardy the plans of the offer are made for the ambito (L.R. 16/2016 art. 6; R.R.
4/2017 art. 3 and 4) and approved by its assembly of mayors; the rules still apply comune
by comune: each comune's plan is ``projection.annual_plan`` on that comune's data
(``ambito.comune_frames``), so its quotas come from the one rule loop of ``tavolo.plan``
(``check_allocation_years``): the poverty reserve is 20 % of the comune's flats rounded up
owner by owner (ALER's flats counted per comune, R.R. 4/2017 art. 13), each cap is the
comune's (rounded down). The ambito's figures are the sums of the comuni's, never the rules
applied again to the ambito's total (22 comuni each rounding up reserve more than 20 % of
the sum).

- ``build(frames, years, meta, demo)``: an ``AmbitoPlan`` for one year (the annual plan)
  or several (``triennale``: three years from ``first``), the same sources projected from
  ``tavolo.projection`` for each comune (one scenario and one supply per comune).
- ``lines(ap, year)``: the plan table as the ambito publishes it: per comune one row per
  owner (SAP stock, units expected by source heading, units, poverty reserve of that
  owner) and the comune's row (its units, reserve, caps, assignments of the previous year,
  checks), then the ambito's totals (and ALER's in the ambito). ``table(ap, year, lang)``:
  the same with headers and numbers for the screen (Streamlit-free view model).
- ``triennale_lines(ap)`` / ``triennale_table(ap, lang)``: per comune and year.
- ``to_json(ap, lang)``, ``xlsx(ap, lang)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from tavolo import ambito, demand, exports, i18n, plan, projection, schema

GROUPS = ("turnover", "new_or_recovered", "maintenance", "calls")  # plan.SOURCE_GROUPS values
CAPS = ("art14", "police", "transitional")
OWNER_ORDER = ("ALER", "COMUNE")
TRIENNIUM = 3


@dataclass
class AmbitoPlan:
    """The plans of every comune of the ambito for ``years`` (one: the annual plan; three:
    the three-year plan). ``plans[code]`` lists the comune's ``AnnualPlan`` in the order of
    ``years``; ``by_owner_source[(code, year)]`` gives owner -> plan heading -> SAP units
    expected (the same supply the comune's plan counts)."""

    ambito: str
    years: tuple[int, ...]
    as_of: str
    demo: bool
    source: str
    codes: list[str]
    names: dict[str, str]
    plans: dict[str, list[plan.AnnualPlan]]
    by_owner_source: dict[tuple[str, int], dict[str, dict[str, int]]] = field(default_factory=dict)

    def plan_of(self, code: str, year: int) -> plan.AnnualPlan:
        return self.plans[code][self.years.index(int(year))]


def _owners(keys) -> list[str]:
    keys = set(keys)
    return [o for o in OWNER_ORDER if o in keys] + sorted(keys - set(OWNER_ORDER))


def build(frames: dict[str, pd.DataFrame], years: tuple[int, ...] | list[int] | None = None,
          meta: dict | None = None, demo: bool = False, comuni: list[str] | None = None) -> AmbitoPlan:
    """The plans of ``comuni`` (default: every comune of the store, the lead comune first)
    for ``years`` (default: the next plan year after the data's as-of date)."""
    as_of = demand.as_of_date(meta, frames)
    years = tuple(int(y) for y in (years or (plan.default_year(as_of),)))
    codes = comuni or ambito.codes(frames)
    info = frames["comuni"].set_index("comune_code")
    unknown = [c for c in codes if c not in info.index]
    if unknown:
        raise KeyError(unknown[0])
    plans: dict[str, list[plan.AnnualPlan]] = {}
    by_owner_source: dict[tuple[str, int], dict[str, dict[str, int]]] = {}
    for code in codes:
        cf = ambito.comune_frames(frames, code)
        fl = demand.flats(cf, code)
        scenario = projection.default_scenario(cf, as_of, code, fl)
        last = max(years)
        long = projection.supply(cf, scenario, as_of, last - as_of.year + 1, code, fl=fl) \
            if last >= as_of.year else None
        plans[code] = [projection.annual_plan(cf, y, meta, code, scenario=scenario, demo=demo,
                                              fl=fl, long=long) for y in years]
        for y in years:
            cells: dict[str, dict[str, int]] = {}
            if long is not None and y >= as_of.year:
                base = projection.sap(long[long["year"] == y])
                grouped = base.groupby(["owner_id", "source"])["flats"].sum()
                for (owner, source), n in grouped.items():
                    group = plan.SOURCE_GROUPS.get(source, source)
                    row = cells.setdefault(str(owner), {})
                    row[group] = row.get(group, 0) + int(n)
            by_owner_source[(code, y)] = cells
    first = info.loc[codes[0]] if codes else None
    return AmbitoPlan(
        ambito=str(first["ambito"]) if first is not None else ambito.AMBITO, years=years,
        as_of=as_of.isoformat(), demo=demo, source=(meta or {}).get("source", ""), codes=list(codes),
        names={c: str(info.loc[c, "name"]) for c in codes}, plans=plans,
        by_owner_source=by_owner_source)


def annual(frames, year: int | None = None, meta: dict | None = None, demo: bool = False,
           comuni: list[str] | None = None) -> AmbitoPlan:
    """The ambito's Piano annuale for ``year`` (default: the next to make)."""
    return build(frames, None if year is None else (int(year),), meta, demo, comuni)


def triennale(frames, first: int | None = None, meta: dict | None = None, demo: bool = False,
              comuni: list[str] | None = None) -> AmbitoPlan:
    """The ambito's Piano triennale: three years from ``first`` (default: the next plan year)."""
    first = plan.default_year(demand.as_of_date(meta, frames)) if first is None else int(first)
    return build(frames, tuple(range(first, first + TRIENNIUM)), meta, demo, comuni)


def _comune_row(ap: AmbitoPlan, code: str, year: int, lang: str) -> dict:
    annual_ = ap.plan_of(code, year)
    bounds = annual_.bounds
    groups = {g: 0 for g in GROUPS}
    for source, n in annual_.available_by_source.items():
        group = plan.SOURCE_GROUPS.get(source, source)
        groups[group] = groups.get(group, 0) + int(n)
    return {"comune_code": code, "comune": ap.names[code], "owner": "", "row": "comune",
            "stock_sap": sum(sum(v.values()) for v in annual_.stock_by_owner.values()),
            **groups, "available": annual_.available,
            "poverty": int(bounds["poverty"][0] or 0),
            **{f"{q}_max": int(bounds[q][1] or 0) for q in CAPS},
            "assigned_previous_year": annual_.assigned_previous_year,
            "errors": len(plan.errors(annual_.breaches)),
            "checks": "; ".join(b.message(lang) for b in annual_.breaches)}


def lines(ap: AmbitoPlan, year: int | None = None, lang: str = "it") -> pd.DataFrame:
    """The ambito's plan for ``year`` (default: the first of the plan), raw numbers: per
    comune its owners' rows (``row`` = 'owner') then its own ('comune'), then the ambito's
    owners ('ambito_owner': ALER's flats in the ambito, counted comune by comune) and total
    ('ambito'). The reserve of an owner row is that owner's, rounded up in that comune; the
    comune's is the sum of its owners' (or 20 % of its total, rounded up, when the flats have
    no owner: plans of past years); the ambito's is the sum of the comuni's."""
    year = ap.years[0] if year is None else int(year)
    rows = []
    for code in ap.codes:
        annual_ = ap.plan_of(code, year)
        cells = ap.by_owner_source.get((code, year), {})
        reserve = annual_.poverty_by_owner()
        for owner in _owners(set(annual_.stock_by_owner) | set(cells) | set(reserve)):
            # units by owner where the supply has owners (projected years); a past year's
            # units are the calls' and have none: only the stock is the owner's
            groups = {g: int(cells.get(owner, {}).get(g, 0)) if cells else None for g in GROUPS}
            rows.append({"comune_code": code, "comune": ap.names[code], "owner": owner, "row": "owner",
                         "stock_sap": sum(annual_.stock_by_owner.get(owner, {}).values()), **groups,
                         "available": sum(groups.values()) if cells else None,
                         "poverty": reserve.get(owner) if reserve else None,
                         **{f"{q}_max": None for q in CAPS}, "assigned_previous_year": None,
                         "errors": None, "checks": ""})
        rows.append(_comune_row(ap, code, year, lang))
    frame = pd.DataFrame(rows)
    numbers = ["stock_sap", *GROUPS, "available", "poverty", *[f"{q}_max" for q in CAPS],
               "assigned_previous_year", "errors"]
    comuni = frame[frame["row"] == "comune"]
    owners = frame[frame["row"] == "owner"]
    extra = []
    for owner in _owners(owners["owner"]):
        mine = owners[owners["owner"] == owner]
        summed = {c: (int(mine[c].sum()) if mine[c].notna().any() else None)
                  for c in ["stock_sap", *GROUPS, "available", "poverty"]}
        extra.append({"comune_code": "", "comune": ap.ambito, "owner": owner, "row": "ambito_owner",
                      **summed, "checks": ""})
    extra.append({"comune_code": "", "comune": ap.ambito, "owner": "", "row": "ambito",
                  **{c: int(comuni[c].fillna(0).sum()) for c in numbers}, "checks": ""})
    out = pd.concat([frame, pd.DataFrame(extra)], ignore_index=True)
    for col in numbers:
        out[col] = out[col].astype("Int64")
    return out


def _label_row(row, lang: str) -> tuple[str, str]:
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    if row["row"] == "owner":
        return row["comune"], row["owner"]
    if row["row"] == "comune":
        return row["comune"], t("apl_comune_total")
    if row["row"] == "ambito_owner":
        return t("apl_ambito_total"), row["owner"]
    return t("apl_ambito_total"), t("total")


def _columns(lang: str) -> dict[str, str]:
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    return {"stock_sap": t("apl_col_stock"), **{g: t(f"plan_group_{g}") for g in GROUPS},
            "available": t("apl_col_available"), "poverty": t("apl_col_poverty"),
            "art14_max": t("apl_col_art14"), "police_max": t("apl_col_police"),
            "transitional_max": t("apl_col_transitional"),
            "assigned_previous_year": t("apl_col_assigned_prev")}


def _display(frame: pd.DataFrame, lang: str, first: list[tuple[str, list]], numbers: dict[str, str],
             checks: pd.Series | None = None) -> pd.DataFrame:
    def number(v):
        return "–" if v is None or pd.isna(v) else i18n.fmt_int(int(v), lang)

    out = pd.DataFrame({head: values for head, values in first})
    for col, head in numbers.items():
        out[head] = [number(v) for v in frame[col]]
    if checks is not None:
        out[i18n.t("apl_col_checks", lang)] = checks.to_numpy()
    return out


def table(ap: AmbitoPlan, year: int | None = None, lang: str = "it") -> pd.DataFrame:
    """``lines`` for the screen: Comune, Proprietario, then the figures in Italian numbers
    ('–' where a figure belongs to another row), the checks."""
    raw = lines(ap, year, lang)
    labels = [_label_row(r, lang) for _i, r in raw.iterrows()]
    cols = _columns(lang)
    used = {k: v for k, v in cols.items() if k != "calls" or raw["calls"].fillna(0).any()}
    return _display(raw, lang, [(i18n.t("apl_col_comune", lang), [a for a, _b in labels]),
                                (i18n.t("plan_col_owner", lang), [b for _a, b in labels])],
                    used, raw["checks"].fillna(""))


def triennale_lines(ap: AmbitoPlan) -> pd.DataFrame:
    """Per comune and year: units expected by heading, units, poverty reserve and caps (the
    comune's rows of ``lines``), then the ambito's total for each year."""
    frames = []
    for year in ap.years:
        raw = lines(ap, year)
        raw = raw[raw["row"].isin(("comune", "ambito"))].copy()
        raw.insert(0, "year", year)
        frames.append(raw)
    out = pd.concat(frames, ignore_index=True)
    order = {c: i for i, c in enumerate(ap.codes + [""])}
    out["_order"] = out["comune_code"].map(order)
    return out.sort_values(["_order", "year"], kind="stable").drop(columns="_order").reset_index(drop=True)


def triennale_table(ap: AmbitoPlan, lang: str = "it") -> pd.DataFrame:
    raw = triennale_lines(ap)
    names = [i18n.t("apl_ambito_total", lang) if r == "ambito" else c
             for r, c in zip(raw["row"], raw["comune"])]
    cols = {k: v for k, v in _columns(lang).items() if k not in ("stock_sap", "assigned_previous_year")
            and (k != "calls" or raw["calls"].fillna(0).any())}
    return _display(raw, lang, [(i18n.t("apl_col_comune", lang), names),
                                (i18n.t("apl_col_year", lang), [str(y) for y in raw["year"]])], cols)


def _plain(value):
    """A cell as JSON: None for missing, int for integers (numpy's too), else as it is."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return int(value) if hasattr(value, "item") and not isinstance(value, str) else value


def to_json(ap: AmbitoPlan, lang: str = "it") -> dict:
    """The plan as JSON: ambito, years, as_of, demo, source, the table's rows per year, and
    each comune's plans (``AnnualPlan.to_json``)."""
    return {
        "ambito": ap.ambito, "years": list(ap.years), "as_of": ap.as_of, "demo": ap.demo,
        "source": ap.source, "kind": "triennale" if len(ap.years) > 1 else "annuale",
        "base": "SAP",
        "rows": {str(y): [{k: _plain(v) for k, v in r.items()}
                          for r in lines(ap, y, lang).drop(columns="checks").to_dict("records")]
                 for y in ap.years},
        "comuni": [{"comune_code": c, "comune": ap.names[c],
                    "plans": [p.to_json(lang) for p in ap.plans[c]]} for c in ap.codes],
    }


def _raw_sheet(raw: pd.DataFrame, lang: str, first: list[tuple[str, list]], cols: dict[str, str],
               checks: bool) -> pd.DataFrame:
    """A sheet of numbers (stored as numbers, empty where a figure belongs to another row)."""
    out = pd.DataFrame({head: values for head, values in first})
    for col, head in cols.items():
        out[head] = [None if pd.isna(v) else int(v) for v in raw[col]]
    if checks:
        out[i18n.t("apl_col_checks", lang)] = raw["checks"].fillna("").to_numpy()
    return out


def xlsx(ap: AmbitoPlan, meta: dict | None, lang: str = "it") -> bytes:
    """The plan as XLSX (``exports.xlsx``: a ``Note`` sheet with the provenance line and the
    rules, numbers as numbers, no formulas): one sheet per year, and the three-year table."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    meta = dict(meta or {}) | {"as_of": ap.as_of}
    sheets = {}
    for year in ap.years:
        raw = lines(ap, year, lang)
        labels = [_label_row(r, lang) for _i, r in raw.iterrows()]
        cols = {k: v for k, v in _columns(lang).items() if k != "calls" or raw["calls"].fillna(0).any()}
        sheets[f"{t('apl_sheet_year')} {year}"] = _raw_sheet(
            raw, lang, [(t("apl_col_comune"), [a for a, _b in labels]),
                        (t("plan_col_owner"), [b for _a, b in labels])], cols, True)
    if len(ap.years) > 1:
        raw = triennale_lines(ap)
        names = [t("apl_ambito_total") if r == "ambito" else c for r, c in zip(raw["row"], raw["comune"])]
        cols = {k: v for k, v in _columns(lang).items() if k not in ("stock_sap", "assigned_previous_year")
                and (k != "calls" or raw["calls"].fillna(0).any())}
        sheets[t("apl_sheet_triennale")] = _raw_sheet(
            raw, lang, [(t("apl_col_comune"), names), (t("apl_col_year"), list(raw["year"]))], cols, False)
    rules = plan.rules(ap.years[0])
    title = t("apl_title_triennale") if len(ap.years) > 1 else t("apl_title_annual")
    span = f"{ap.years[0]}-{ap.years[-1]}" if len(ap.years) > 1 else str(ap.years[0])
    notes = [("Nota", exports.provenance(meta, ap.demo, lang, limit=400)),
             ("Tavolo Casa", f"{title} {span} · {ap.ambito}"),
             ("Dati", t("plan_cli_demo") if ap.demo else i18n.t("real_data", lang)),
             ("Fonte / Source", ap.source), ("Aggiornati al / As of", ap.as_of),
             ("Esportato il / Exported on", dt.date.today().isoformat()),
             (t("apl_note_rule"), t("apl_note_rule_text")),
             *[(schema.label(schema.QUOTA, r.quota, lang),
                f"{t(f'plan_kind_{r.kind}')} {i18n.fmt_num(r.pct, lang, 0)}% · {r.rule}")
               for r in rules.quotas if r.pct is not None],
             (t("apl_note_membership"), ambito.MEMBERSHIP_SOURCE)]
    return exports.xlsx(sheets, notes)


def render_text(ap: AmbitoPlan, lang: str = "it") -> str:
    """The plan as plain text (the ``plan --ambito`` / ``--triennale`` command)."""
    from tavolo.plan_cli import _fixed_width

    t = lambda key: i18n.t(key, lang)  # noqa: E731
    title = t("apl_title_triennale") if len(ap.years) > 1 else t("apl_title_annual")
    span = f"{ap.years[0]}-{ap.years[-1]}" if len(ap.years) > 1 else str(ap.years[0])
    out = [f"{title} {span} · {ap.ambito} · {len(ap.codes)} {t('apl_comuni')}"]
    if ap.demo:
        out.append(t("plan_cli_demo") + " · " + t("as_of") + " " + i18n.fmt_date(ap.as_of, lang))
    out += [t("apl_note_rule_text"), ""]
    if len(ap.years) > 1:
        frame = triennale_table(ap, lang)
        out.append(_fixed_width(frame, right=tuple(range(2, len(frame.columns)))))
    else:
        frame = table(ap, None, lang)
        checks = frame.columns[-1]
        out.append(_fixed_width(frame.drop(columns=checks), right=tuple(range(2, len(frame.columns) - 1))))
        breaches = [(ap.names[c], b) for c in ap.codes for b in ap.plan_of(c, ap.years[0]).breaches]
        errors = [(n, b) for n, b in breaches if b.severity == "error"]
        out.append("")
        out += [f"  ⚠ {n}: {b.message(lang)}" for n, b in errors] or [t("apl_ok")]
    return "\n".join(out)
