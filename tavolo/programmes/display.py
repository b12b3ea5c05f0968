"""The page's tables (translated headers, Italian formats): phases, board, flats,
buildings, milestones, acts, money, allocation and the annual-plan limits."""

from __future__ import annotations

import pandas as pd

from tavolo import i18n, schema
from tavolo.programmes.allocation import YearFlats
from tavolo.programmes.funding import Money
from tavolo.programmes.progress import PHASES, board_table
from tavolo.programmes.sentences import also_pays_text, cost_per_flat_label, months_text


def phase_table(counts: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    return pd.DataFrame({
        i18n.t("phase", lang): [schema.label(schema.PHASE, p, lang) for p in counts["phase"]],
        i18n.t("count", lang): [i18n.fmt_int(n, lang) for n in counts["count"]],
        i18n.t("share", lang): [i18n.fmt_pct(s, lang, 0) for s in counts["share"]],
    })


def board_display(cells: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """``board_table`` with translated headers: flats by building, staircase and phase."""
    table = board_table(cells)
    present = [p for p in PHASES if p in table.columns and table[p].sum() > 0]
    out = table[["building_name", "staircase", *present, "total"]]
    return out.rename(columns={"building_name": i18n.t("prog_building", lang),
                               "staircase": i18n.t("prog_staircase", lang),
                               "total": i18n.t("total", lang)}
                      | {p: schema.label(schema.PHASE, p, lang) for p in present})


def flats_display(cells: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """One row per flat, as on the board."""
    return pd.DataFrame({
        i18n.t("prog_flat", lang): cells["flat_id"],
        i18n.t("prog_building", lang): cells["building_name"],
        i18n.t("prog_staircase", lang): cells["staircase"],
        i18n.t("prog_floor", lang): cells["floor"],
        i18n.t("phase", lang): [schema.label(schema.PHASE, p, lang) for p in cells["phase"]],
        i18n.t("prog_phase_since", lang): [i18n.fmt_date(d, lang) for d in cells["phase_since"]],
    })


def interventions_display(table: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    def words(counts: dict, values: dict) -> str:
        return ", ".join(f"{i18n.fmt_int(n, lang)} {schema.label(values, k, lang).lower()}"
                         for k, n in sorted(counts.items(), key=lambda kv: -kv[1]))

    return pd.DataFrame({
        i18n.t("prog_building", lang): table["name"],
        i18n.t("owner", lang): table["owner_id"],
        i18n.t("prog_flats_col", lang): [i18n.fmt_int(n, lang) for n in table["flats"]],
        i18n.t("prog_followed", lang): [i18n.fmt_int(n, lang) for n in table["followed"]],
        i18n.t("prog_state_col", lang): [
            words(p, schema.PHASE) if p else words(s, schema.FLAT_STATUS)
            for p, s in zip(table["phases"], table["statuses"])],
    })


def delays_display(delays_: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    return pd.DataFrame({
        i18n.t("prog_milestone", lang): delays_["name"],
        i18n.t("prog_planned_date", lang): [i18n.fmt_date(d, lang) for d in delays_["planned_date"]],
        i18n.t("prog_actual_date", lang): [i18n.fmt_date(d, lang) for d in delays_["actual_date"]],
        i18n.t("prog_delay", lang): [months_text(m, lang) if pd.notna(m) else "–"
                                     for m in delays_["delay_months"]],
        i18n.t("status", lang): [i18n.t(f"prog_state_{s}", lang) for s in delays_["state"]],
        i18n.t("source", lang): delays_.get("source", ""),
    })


def acts_display(cash: Money, lang: str = "it") -> pd.DataFrame:
    kinds = schema.TABLES["funding_acts"].column("kind").values
    return pd.DataFrame({
        i18n.t("prog_act", lang): cash.acts["act"],
        i18n.t("prog_date", lang): [i18n.fmt_date(d, lang) for d in cash.acts["date"]],
        i18n.t("prog_kind", lang): [schema.label(kinds, k, lang) for k in cash.acts["kind"]],
        i18n.t("prog_amount", lang): [i18n.fmt_eur(v, lang) for v in cash.acts["amount_eur"]],
        i18n.t("source", lang): cash.acts["source"],
    })


def money_display(cash: Money, lang: str = "it") -> pd.DataFrame:
    """Funding, committed, spent and cost per flat as a two-column table."""
    kinds = schema.TABLES["funding_acts"].column("kind").values
    def share(value):
        return "" if value is None else f" ({i18n.fmt_pct(value, lang, 0)})"

    rows = [(schema.label(kinds, "grant", lang), i18n.fmt_eur(cash.funding, lang)),
            (schema.label(kinds, "committed", lang),
             i18n.fmt_eur(cash.committed, lang) + share(cash.committed_share)),
            (schema.label(kinds, "spent", lang), i18n.fmt_eur(cash.spent, lang) + share(cash.spent_share)),
            (cost_per_flat_label(cash, lang), i18n.fmt_eur(cash.cost_per_flat, lang))]
    if cash.also_pays:
        rows.append((also_pays_text(cash, lang), ""))
        rows.append((i18n.t("prog_cost_per_building_flat", lang)
                     + f" ({i18n.fmt_int(cash.flats_in_buildings, lang)})",
                     i18n.fmt_eur(cash.cost_per_building_flat, lang)))
    return pd.DataFrame(rows, columns=[i18n.t("prog_item", lang), i18n.t("prog_amount", lang)])


def allocation_display(table: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    def number(v):
        return "–" if v is None or pd.isna(v) else i18n.fmt_int(v, lang)

    return pd.DataFrame({
        i18n.t("prog_quota", lang): [schema.label(schema.QUOTA, q, lang) for q in table["quota"]],
        i18n.t("prog_proposed", lang): [number(v) for v in table["flats_proposed"]],
        i18n.t("prog_approved", lang): [number(v) for v in table["flats_approved"]],
        i18n.t("prog_decided_on", lang): [i18n.fmt_date(d, lang) if pd.notna(d) else "–"
                                          for d in table["meeting_date"]],
    })


def limits_display(years: list[YearFlats] | tuple[YearFlats, ...], lang: str = "it") -> pd.DataFrame:
    """One row per year of availability (and a total): the flats, then per quota the
    flats required (reserve: "almeno") or allowed (cap: "al più")."""
    if not years:
        return pd.DataFrame()
    rules_ = years[0].rules
    quotas = [r for r in rules_.quotas if r.kind != "remainder"]
    word = {"reserve": i18n.t("prog_at_least", lang), "cap": i18n.t("prog_at_most", lang)}
    heads = {r.quota: f"{schema.label(schema.QUOTA, r.quota, lang)} ({word[r.kind]})" for r in quotas}
    rows, totals = [], {r.quota: 0 for r in quotas}
    for y in years:
        lim = y.limits()
        row = {i18n.t("prog_year", lang): str(y.year) if y.year is not None else i18n.t("prog_undated", lang),
               i18n.t("prog_flats_col", lang): i18n.fmt_int(y.flats, lang)}
        for r in quotas:
            totals[r.quota] += lim[r.quota]
            row[heads[r.quota]] = i18n.fmt_int(lim[r.quota], lang)
        rows.append(row)
    rows.append({i18n.t("prog_year", lang): i18n.t("total", lang),
                 i18n.t("prog_flats_col", lang): i18n.fmt_int(sum(y.flats for y in years), lang)}
                | {heads[q]: i18n.fmt_int(n, lang) for q, n in totals.items()})
    return pd.DataFrame(rows)
