"""The page's sentences and headline figures (translated, Italian formats)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from babel.dates import format_date

from tavolo import facts, i18n, schema
from tavolo.programmes.allocation import AllocationCheck, YearFlats, breach_message
from tavolo.programmes.funding import Money, money
from tavolo.programmes.progress import flats_check, phase_counts
from tavolo.programmes.schedule import Forecast, _day, programme_forecast, start_vs_actual


def months_text(months: float | None, lang: str = "it") -> str:
    """8.04 -> '8 mesi'; 82.9 -> '83 mesi (6,9 anni)'; None -> '–'."""
    if months is None or pd.isna(months):
        return "–"
    n = round(float(months))
    text = f"{i18n.fmt_int(n, lang)} {i18n.t('prog_month' if abs(n) == 1 else 'prog_months', lang)}"
    if abs(months) >= 24:
        text += f" ({i18n.fmt_num(months / 12, lang, 1)} {i18n.t('prog_years', lang)})"
    return text


def fmt_month(value: Any, lang: str = "it") -> str:
    """date(2031, 2, 19) -> 'febbraio 2031': a forecast does not claim the day."""
    day = _day(value)
    if day is None:
        return "–"
    return format_date(day.date(), format="LLLL yyyy", locale=i18n.pick(lang, "it_IT", "en_GB"))


def provenance_text(frames: dict[str, pd.DataFrame], programme_id: str, demo: bool,
                    lang: str = "it") -> str:
    """The programme's public facts, each with its citation (``facts.PROGRAMME_FACTS``),
    and, while demo data are loaded, what the demo data add (``facts.DEMO_VALUES``) with the
    phase counts shown: the demo's 40 handed over is a demo value, "62 assigned per the
    press, 8 July 2024" a public fact. Markdown; empty for a programme with neither."""
    public = facts.PROGRAMME_FACTS.get(programme_id, [])
    lines = []
    if public:
        lines.append(f"**{i18n.t('prog_public_facts', lang)}**")
        lines += [f"- {i18n.pick(lang, it, en)} ({facts.SOURCES[key].cite()})" for it, en, key in public]
    if demo:
        counts = phase_counts(frames, programme_id)
        shown = ", ".join(f"{schema.label(schema.PHASE, ph, lang)}: {i18n.fmt_int(n, lang)}"
                          for ph, n in zip(counts["phase"], counts["count"]) if n)
        added = facts.DEMO_VALUES.get(programme_id)
        what = i18n.pick(lang, *added) if added else i18n.t("prog_demo_all", lang)
        lines.append(f"\n**{i18n.t('prog_demo_values', lang)}**: {what}"
                     + (f". {i18n.t('prog_demo_phases', lang)}: {shown}." if shown else "."))
    return "\n".join(lines).strip()


def cost_per_flat_label(cash: Money, lang: str = "it") -> str:
    """'costo per alloggio finanziato (62 alloggi finanziati; 49 in progettazione, in attesa
    di fondi, esclusi)'."""
    text = i18n.t("prog_cost_per_funded_flat", lang).format(n=i18n.fmt_int(cash.funded_flats, lang))
    if cash.unfunded_flats:
        text += "; " + i18n.t("prog_unfunded_excluded", lang).format(
            n=i18n.fmt_int(cash.unfunded_flats, lang))
    return text + ")"


def also_pays_text(cash: Money, lang: str = "it") -> str:
    """'Lo stesso finanziamento paga anche: Via dei Salici (40 alloggi), Via Sauro (30
    alloggi)'; empty when it pays only the flats followed."""
    if not cash.also_pays:
        return ""
    flats = i18n.t("prog_flats_word", lang)
    listed = ", ".join(f"{name} ({i18n.fmt_int(n, lang)} {flats})" for name, n in cash.also_pays)
    return i18n.t("prog_also_pays", lang).format(works=listed, n=i18n.fmt_int(cash.funded_flats, lang))


@dataclass(frozen=True)
class Metric:
    """One figure of the headline row: what the page shows in ``st.metric``."""

    label: str
    value: str
    delta: str | None  # a delay, shown in red ("+8 mesi")
    caption: str
    help: str = ""


def headline(frames: dict[str, pd.DataFrame], programme_id: str, today: dt.date,
             lang: str = "it", demo: bool = False) -> list[Metric]:
    """The four figures a councillor reads first: flats handed over, start of works against
    the plan, the end (forecast) against the plan, the money. ``demo``: the phase counts are
    the demo data's, and the caption says so."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    planned, recorded = flats_check(frames, programme_id)
    total = planned or recorded
    counts = phase_counts(frames, programme_id)
    done = int(counts.loc[counts["phase"] == "handed_over", "count"].sum())
    start = start_vs_actual(frames, programme_id, today)
    fc = programme_forecast(frames, programme_id, today)
    cash = money(frames, programme_id)
    late_start = start.delay_months is not None and start.delay_months > 0.05
    late_end = fc.delay_months is not None and fc.delay_months > 0
    return [
        Metric(t("prog_handed_over"), f"{i18n.fmt_int(done, lang)} / {i18n.fmt_int(total, lang)}", None,
               f"{i18n.fmt_pct(done / total if total else 0, lang, 0)} {t('prog_of_flats')}"
               + (f" · {facts.DEMO_VALUE}" if demo else ""),
               t("prog_handed_over_help")),
        Metric(t("prog_start"), i18n.fmt_date(start.actual, lang) if start.reached else t("prog_not_started"),
               "+" + months_text(start.delay_months, lang) if late_start else None,
               t("prog_planned_on").format(date=i18n.fmt_date(start.planned, lang))),
        Metric(t("prog_end_forecast"), fmt_month(fc.end, lang) if fc.has_end else "–",
               "+" + months_text(fc.delay_months, lang) if late_end else None,
               t("prog_planned_on").format(date=i18n.fmt_date(fc.planned_end, lang))
               + ("" if fc.has_end else " · " + t("prog_no_forecast_short")), t("prog_forecast_help")),
        Metric(t("prog_funding"), i18n.fmt_eur(cash.funding, lang), None,
               t("prog_spent_share").format(pct=i18n.fmt_pct(cash.spent_share, lang, 0))
               + " · " + t("prog_cost_per_funded_short").format(n=i18n.fmt_int(cash.funded_flats, lang))
               + " " + i18n.fmt_eur(cash.cost_per_flat, lang),
               cost_per_flat_label(cash, lang) + (". " + also_pays_text(cash, lang) if cash.also_pays else "")),
    ]


def forecast_sentence(fc: Forecast, lang: str = "it") -> str:
    """The forecast in words, saying it is a forecast; or why there is none."""
    if fc.status == "forecast":
        return i18n.t("prog_forecast_text", lang).format(
            pace=i18n.fmt_num(fc.pace_per_month, lang, 1), first=i18n.fmt_date(fc.first_handover, lang),
            remaining=i18n.fmt_int(fc.remaining, lang), end=fmt_month(fc.end, lang),
            planned=i18n.fmt_date(fc.planned_end, lang), delay=months_text(fc.delay_months, lang),
            as_of=i18n.fmt_date(fc.as_of, lang))
    return i18n.t(f"prog_forecast_{fc.status}", lang).format(end=i18n.fmt_date(fc.end, lang))


def years_text(years: tuple[YearFlats, ...] | list[YearFlats], lang: str = "it") -> str:
    """'2024 (27 alloggi), 2025 (19 alloggi), 2026 (16 alloggi) e 49 non ancora datati'."""
    flats = i18n.t("prog_flats_word", lang)
    dated = [f"{y.year} ({i18n.fmt_int(y.flats, lang)} {flats})" for y in years if y.year is not None]
    undated = sum(y.flats for y in years if y.year is None)
    parts = ", ".join(dated)
    if undated:
        later = i18n.t("prog_undated_flats", lang).format(n=i18n.fmt_int(undated, lang))
        parts = f"{parts} {i18n.t('prog_and', lang)} {later}" if parts else later
    return parts


def allocation_method(years: list[YearFlats] | tuple[YearFlats, ...], lang: str = "it") -> str:
    """What the allocation check checks and why: the rules year by year of availability."""
    how = i18n.t("prog_rules_how", lang).format(years=years_text(years, lang))
    if any(y.year is None for y in years):
        how += " " + i18n.t("prog_rules_undated", lang)
    return how


def allocation_verdict(check: AllocationCheck, quotas: int, lang: str = "it") -> tuple[str, str]:
    """How the page states an allocation check: ``(level, text)`` with level ``error`` (a
    rule broken), ``warning`` (allowed, worth a look) or ``success``; each breach listed
    with the rule it breaks (what is checked: ``allocation_method``)."""
    what = i18n.t(f"prog_alloc_{check.column}", lang)
    if not check.breaches:
        return "success", i18n.t("prog_rules_ok", lang).format(what=what)
    key = "prog_breaches" if check.errors else "prog_breaches_warning"
    head = i18n.t(key, lang).format(what=what, decided=check.decided, quotas=quotas)
    listed = "\n".join(f"- {breach_message(b, lang)}" for b in check.breaches)
    return ("error" if check.errors else "warning"), f"{head}\n\n{listed}"
