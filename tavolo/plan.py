"""The rules of the Piano annuale dell'offerta (L.R. 16/2016; R.R. 4/2017 art. 4, 9, 13, 14,
as amended by R.R. 3/2019 and R.R. 2/2025).

One implementation, used by the Domanda e offerta page, the ``plan`` command, the XLSX
export and the Progetti page (the 111-flat allocation):

- ``rules(year)``: the quotas and caps in force for a plan year, read from the settings
  with the rule reference beside each (the police cap is date-aware: R.R. 2/2025). The
  Comune's extra category (art. 14 c. 1 letter f) is an art. 14 category: it shares the
  single art. 14 threshold (``QuotaRule.threshold``), it has no cap of its own.
- ``poverty_quota`` (rounded up) and ``cap_limit`` (a cap is never exceeded: rounded down),
  computed with exact fractions, never floats.
- ``bounds``: per quota what the law requires and what it allows at most. Caps are maxima
  ("fino a") the Comune chooses within, not targets: ``propose`` reserves only what is
  required (the poverty quota) and leaves each cap at the number chosen (default 0).
- ``check_allocation(available, allocation, rules)``: the broken rules of an allocation,
  as ``RuleBreach`` records naming the rule. Nothing is ever "fixed" here.
  ``check_allocation_years``: the same rules (one loop) on an allocation of flats that become
  available over several plan years, each year under its own rules (a programme's flats).
- ``make_plan``: the annual plan from its inputs (stock, flats expected by source).
- ``default_year``: the next plan to make, from the data's as-of date.
- ``limits_by_year``: each year's rules applied to that year's flats (programme flats).
- ``adequacy_*``: household size against flat size (R.R. 4/2017 art. 9, a setting).

Quota keys are the keys of ``tavolo.schema.QUOTA``.
"""

from __future__ import annotations

import math
import datetime as dt
from dataclasses import asdict, dataclass, field
from fractions import Fraction

import pandas as pd

from tavolo import i18n, schema, settings

QUOTAS: tuple[str, ...] = tuple(schema.QUOTA)
RESERVED: tuple[str, ...] = tuple(q for q in QUOTAS if q != "ordinary")

# The sources of the flats expected to be assignable in the year, grouped as in the
# regional plan form: turnover; new build or recovery; vacant flats needing maintenance.
SOURCE_GROUPS = {
    "vacant_now": "turnover",
    "turnover": "turnover",
    "programmes": "new_or_recovered",
    "ordinary_works": "new_or_recovered",
    "works_recovered": "new_or_recovered",
    "new_build": "new_or_recovered",
    "art10": "maintenance",
    "calls": "calls",
}


def sources_in_order(by_source: dict[str, int]) -> list[tuple[str, int]]:
    """The sources in the order of the plan form (turnover, new or recovered, maintenance)."""
    order = list(SOURCE_GROUPS)
    return sorted(by_source.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))


ORDINARY_RULE = "R.R. 4/2017 (graduatoria per punteggio ISBAR)"
PLAN_RULE = "R.R. 4/2017 art. 4"
LOCAL_EXTRA_RULE = ("R.R. 4/2017 art. 14 c. 1 lett. f (dopo il R.R. 3/2019), nella soglia unica "
                    "dell'art. 14 (R.R. 2/2025)")


def default_year(as_of: dt.date) -> int:
    """The next plan year to make: the plan for year Y is due by 31 December of Y - 1
    (R.R. 4/2017 art. 4), so with data as of any day of year X it is X + 1."""
    return as_of.year + 1


@dataclass(frozen=True)
class QuotaRule:
    """One quota: ``reserve`` (at least ``pct`` of the flats, rounded up), ``cap`` (at
    most ``pct``, never exceeded) or ``remainder`` (what is left: the ordinary ranking).
    Caps with the same ``threshold`` share one maximum (the art. 14 categories)."""

    quota: str
    kind: str
    pct: float | None
    rule: str
    setting: str | None = None
    to_verify: bool = False
    threshold: str | None = None

    def limit(self, available: int) -> int | None:
        if self.kind == "reserve":
            return poverty_quota(available, self.pct)
        if self.kind == "cap":
            return cap_limit(available, self.pct)
        return None


@dataclass(frozen=True)
class Rules:
    """The quota rules of a plan year, in the order of ``schema.QUOTA``."""

    year: int | None
    quotas: tuple[QuotaRule, ...]

    def __getitem__(self, quota: str) -> QuotaRule:
        for rule in self.quotas:
            if rule.quota == quota:
                return rule
        raise KeyError(quota)


def _setting_rule(name: str) -> tuple[float, str, bool]:
    meta = settings.SETTINGS[name]
    return float(settings.get(name)), meta.rule, meta.to_verify


def rules(year: int | None = None, overrides: dict[str, float] | None = None) -> Rules:
    """The rules in force for plan ``year`` (None: the present ones), from the settings.

    ``overrides`` maps a quota key to a percentage (for what-if checks and tests)."""
    overrides = overrides or {}
    out = []
    for quota, kind, name in (("poverty", "reserve", "poverty_quota_pct"),
                              ("art14", "cap", "art14_cap_pct"),
                              ("police", "cap", "police_cap_pct"),
                              ("transitional", "cap", "transitional_cap_pct")):
        if quota == "police" and year is not None and year < int(settings.get("police_cap_from_year")):
            name = "police_cap_pct_before"
        pct, rule, to_verify = _setting_rule(name)
        if quota == "police" and year == int(settings.get("police_cap_from_year")):
            # the first year of R.R. 2/2025 is itself a setting to verify
            to_verify = to_verify or settings.SETTINGS["police_cap_from_year"].to_verify
        out.append(QuotaRule(quota, kind, float(overrides.get(quota, pct)), rule, name, to_verify,
                             "art14" if quota == "art14" else None))
    art14 = out[1]
    # The extra category is an art. 14 category: the same single threshold, no cap of its own.
    out.append(QuotaRule("local_extra", "cap", art14.pct, LOCAL_EXTRA_RULE, art14.setting,
                         art14.to_verify, "art14"))
    out.append(QuotaRule("ordinary", "remainder", None, ORDINARY_RULE))
    return Rules(year, tuple(out))


rules_for = rules  # for functions whose ``rules`` parameter hides the function


def _share(pct: float, available: int) -> Fraction:
    # Fraction(str(...)) keeps 10.0 % of 30 at exactly 3, where floats give 3.0000000000000004.
    return Fraction(str(pct)) * int(available) / 100


def poverty_quota(available: int, pct: float | None = None) -> int:
    """The flats for households in poverty: ``pct`` % of ``available``, ROUNDED UP
    (R.R. 4/2017 art. 13). 23 -> 5, 1 -> 1, 0 -> 0 at 20 %."""
    if available < 0:
        raise ValueError("available must be >= 0")
    pct = settings.get("poverty_quota_pct") if pct is None else pct
    return math.ceil(_share(pct, available))


def poverty_quota_by_owner(by_owner: dict[str, int], pct: float | None = None) -> int:
    """The poverty quota counted owner by owner (each owner's flats in the comune, rounded
    up for each: ALER counts per comune), summed."""
    return sum(poverty_quota(n, pct) for n in by_owner.values())


def cap_limit(available: int, pct: float) -> int:
    """The most flats a capped quota may take: ``pct`` % of ``available`` rounded down
    ("fino al 20%" is never exceeded). 23 at 20 % -> 4; 5 -> 1; 4 -> 0."""
    if available < 0:
        raise ValueError("available must be >= 0")
    return math.floor(_share(pct, available))


@dataclass(frozen=True)
class RuleBreach:
    """A rule an allocation breaks. ``severity`` is ``error`` (the plan breaks the rule) or
    ``warning`` (allowed but worth a look: flats left unallocated, poverty over its quota)."""

    code: str  # negative, below_quota, above_quota, above_cap, above_shared_cap,
    #            over_available, unallocated
    quota: str | None
    severity: str
    value: int
    limit: int
    pct: float | None
    rule: str
    shared_with: tuple[str, ...] = ()  # above_shared_cap: the other quotas of the threshold
    # several plan years (``check_allocation_years``): (year, flats, limit, pct) of each year
    per_year: tuple[tuple[int | None, int, int | None, float | None], ...] = ()

    def message(self, lang: str = "it") -> str:
        label = schema.label(schema.QUOTA, self.quota, lang) if self.quota else ""
        others = ", ".join(schema.label(schema.QUOTA, q, lang) for q in self.shared_with)
        key, detail = f"plan_breach_{self.code}", ""
        if len(self.per_year) > 1 and f"{key}_years" in i18n.TEXTS:
            key += "_years"
            detail = "; ".join(
                i18n.t("plan_year_limit", lang).format(
                    year=year if year is not None else i18n.t("plan_year_undated", lang),
                    limit=i18n.fmt_int(limit, lang), flats=i18n.fmt_int(flats, lang),
                    pct=i18n.fmt_num(pct, lang, 0) if pct is not None else "")
                for year, flats, limit, pct in self.per_year)
        return i18n.t(key, lang).format(
            quota=label, others=others, value=self.value, limit=self.limit, rule=self.rule,
            detail=detail, pct=i18n.fmt_num(self.pct, lang, 0) if self.pct is not None else "")

    def to_json(self, lang: str = "it") -> dict:
        return asdict(self) | {"message": self.message(lang)}


def required_poverty(available: int, rules_: Rules, by_owner: dict[str, int] | None = None) -> int:
    """The poverty quota of ``available`` flats; owner by owner when ``by_owner`` is given
    (its values must add up to ``available``)."""
    pct = rules_["poverty"].pct
    if by_owner:
        if sum(by_owner.values()) != available:
            raise ValueError(f"by_owner adds up to {sum(by_owner.values())}, not {available}")
        return poverty_quota_by_owner(by_owner, pct)
    return poverty_quota(available, pct)


def limits(available: int, rules_: Rules, by_owner: dict[str, int] | None = None) -> dict[str, int | None]:
    """Per quota: the required number (poverty), the maximum (caps; the art. 14 categories'
    single threshold for each of them), None (ordinary)."""
    out = {r.quota: r.limit(available) for r in rules_.quotas}
    out["poverty"] = required_poverty(available, rules_, by_owner)
    return out


def bounds(available: int, rules_: Rules, by_owner: dict[str, int] | None = None
           ) -> dict[str, tuple[int | None, int | None]]:
    """Per quota: (required, allowed at most). A reserve is required and has no maximum (more
    is allowed, to be justified); a cap requires nothing and allows up to its limit ("fino
    a"); the ordinary ranking gets the rest (None, None)."""
    lim = limits(available, rules_, by_owner)
    out = {}
    for rule in rules_.quotas:
        if rule.kind == "reserve":
            out[rule.quota] = (lim[rule.quota], None)
        elif rule.kind == "cap":
            out[rule.quota] = (0, lim[rule.quota])
        else:
            out[rule.quota] = (None, None)
    return out


def sharing(rules_: Rules, quota: str) -> tuple[str, ...]:
    """The other quotas under the same threshold as ``quota`` (art14 <-> local_extra)."""
    threshold = rules_[quota].threshold
    if threshold is None:
        return ()
    return tuple(r.quota for r in rules_.quotas if r.threshold == threshold and r.quota != quota)


def limits_by_year(flats_by_year: dict[int, int]) -> dict[int, dict[str, dict[str, int | None]]]:
    """Each year's rules (``rules(year)``) applied to the flats that become available that
    year, e.g. a programme's flats by the year they are expected: {year: {quota:
    {"required": n, "allowed": m}}}. The poverty quota is counted on the year's total."""
    out = {}
    for year, n in sorted(flats_by_year.items()):
        b = bounds(int(n), rules(int(year)))
        out[int(year)] = {q: {"required": r, "allowed": a} for q, (r, a) in b.items()}
    return out


def check_allocation(available: int, allocation: dict[str, int], rules: Rules | None = None,
                     by_owner: dict[str, int] | None = None) -> list[RuleBreach]:
    """Every rule ``allocation`` (quota key -> flats; missing keys count as 0) breaks for
    ``available`` flats under ``rules`` (default: the rules in force, ``rules_for()``);
    ``by_owner`` counts the poverty quota owner by owner. Errors first, then warnings, each
    group in the order of ``schema.QUOTA``. Nothing is corrected. One year of supply of
    ``check_allocation_years``."""
    rules_ = rules_for(None) if rules is None else rules
    return check_allocation_years([(rules_.year, available, rules_)], allocation, by_owner)


def check_allocation_years(years: list[tuple[int | None, int, Rules]], allocation: dict[str, int],
                           by_owner: dict[str, int] | None = None) -> list[RuleBreach]:
    """The rules of the annual plan on an allocation decided for flats that become available
    over several plan years (a programme's flats): ``years`` is a list of ``(year, flats,
    rules of that year)`` (year None: not dated yet). The allocation can be spread over the
    years within each year's rules exactly when each reserve is at least the sum of each
    year's reserve (``poverty_quota``, rounded up year by year), each cap at most the sum of
    each year's cap (``cap_limit``) and the quotas under one threshold (art. 14 and the
    local extra category) together at most the sum of each year's threshold; the ordinary
    ranking takes the rest. With several years each breach carries its per-year detail
    (``RuleBreach.per_year``). One year is exactly ``check_allocation``; ``by_owner`` (the
    poverty quota owner by owner) only for one year."""
    years = [(None if y is None else int(y), int(n), r) for y, n, r in years] or [(None, 0, rules_for(None))]
    rules_ = years[0][2]
    unknown = sorted(set(allocation) - set(QUOTAS))
    if unknown:
        raise ValueError(f"unknown quota keys {unknown}; expected {list(QUOTAS)}")
    if any(n < 0 for _y, n, _r in years):
        raise ValueError("available must be >= 0")
    if by_owner is not None and len(years) > 1:
        raise ValueError("by_owner counts one year's flats only")
    available = sum(n for _y, n, _r in years)
    values = {q: int(allocation.get(q) or 0) for q in QUOTAS}
    per_year = [limits(n, r, by_owner) for _y, n, r in years]
    lim = {q: None if per_year[0][q] is None else sum(p[q] for p in per_year) for q in QUOTAS}
    several = len(years) > 1

    def facts(quota: str) -> tuple[float | None, str, tuple]:
        """The quota's percentage (None when it changes over the years), rule text and
        per-year detail (year, flats, limit, pct)."""
        own = [r[quota] for _y, _n, r in years]
        pct = own[0].pct if len({o.pct for o in own}) == 1 else None
        text = " / ".join(dict.fromkeys(o.rule for o in own))
        detail = tuple((y, n, p[quota], o.pct) for (y, n, _r), p, o in zip(years, per_year, own)) \
            if several else ()
        return pct, text, detail

    reserved = sum(values[q] for q in RESERVED)
    out: list[RuleBreach] = []
    for rule in rules_.quotas:
        n = values[rule.quota]
        pct, text, detail = facts(rule.quota)
        if n < 0 and rule.quota == "ordinary" and reserved > available:
            continue  # the reserved quotas exceed the flats: reported below as such
        if n < 0:
            out.append(RuleBreach("negative", rule.quota, "error", n, 0, pct, text))
            continue
        limit = lim[rule.quota]
        if rule.kind == "reserve" and n < limit:
            out.append(RuleBreach("below_quota", rule.quota, "error", n, limit, pct, text, per_year=detail))
        elif rule.kind == "reserve" and n > limit:
            out.append(RuleBreach("above_quota", rule.quota, "warning", n, limit, pct, text, per_year=detail))
        elif rule.kind == "cap" and rule.threshold is None and n > limit:
            out.append(RuleBreach("above_cap", rule.quota, "error", n, limit, pct, text, per_year=detail))
    for threshold in dict.fromkeys(r.threshold for r in rules_.quotas if r.threshold):
        members = [r for r in rules_.quotas if r.threshold == threshold]
        together = sum(max(values[r.quota], 0) for r in members)
        limit = lim[members[0].quota]
        if together <= limit:
            continue
        used = [r for r in members if values[r.quota] > 0]
        if len(used) == 1:  # one category alone over the threshold
            rule = used[0]
            pct, text, detail = facts(rule.quota)
            out.append(RuleBreach("above_cap", rule.quota, "error", together, limit, pct, text,
                                  per_year=detail))
        else:
            head = rules_[threshold]
            pct, text, detail = facts(head.quota)
            out.append(RuleBreach("above_shared_cap", head.quota, "error", together, limit, pct, text,
                                  tuple(r.quota for r in used if r.quota != head.quota), detail))
    order = {q: i for i, q in enumerate(QUOTAS)}
    out.sort(key=lambda b: order.get(b.quota, len(order)))
    total = sum(values.values())
    if reserved > available:
        out.append(RuleBreach("over_available", None, "error", max(reserved, total), available, None,
                              PLAN_RULE))
    elif total > available:
        out.append(RuleBreach("over_available", None, "error", total, available, None,
                              PLAN_RULE))
    elif total < available:
        out.append(RuleBreach("unallocated", None, "warning", total, available, None,
                              PLAN_RULE))
    return sorted(out, key=lambda b: b.severity != "error")


def errors(breaches: list[RuleBreach]) -> list[RuleBreach]:
    return [b for b in breaches if b.severity == "error"]


def propose(available: int, rules_: Rules, chosen: dict[str, int] | None = None,
            by_owner: dict[str, int] | None = None) -> dict[str, int]:
    """An allocation: the ``chosen`` numbers where given, else what the law requires: the
    poverty quota, and 0 for each cap (a maximum the Comune may use, not a target); the
    ordinary ranking gets what remains (negative when the reserved quotas exceed the
    flats available: shown, never clipped)."""
    chosen = chosen or {}
    required = {q: r or 0 for q, (r, _a) in bounds(available, rules_, by_owner).items()}
    out = {q: int(chosen[q]) if chosen.get(q) is not None else int(required[q]) for q in RESERVED}
    out["ordinary"] = int(chosen["ordinary"]) if chosen.get("ordinary") is not None \
        else available - sum(out.values())
    return out


@dataclass
class AnnualPlan:
    """The Piano annuale of a comune for a year: stock, flats expected by source, quotas.

    The quota base is SAP flats: ``available_by_source`` and ``available_by_owner`` count
    SAP flats only; SAS and transitional-service flats expected in the year are in
    ``outside_base`` (service -> flats), their stock in ``stock_outside_base``."""

    comune_code: str
    comune_name: str
    ambito: str
    year: int
    as_of: str
    available: int
    available_override: bool
    available_by_source: dict[str, int]
    available_by_owner: dict[str, int]
    stock_by_owner: dict[str, dict[str, int]]
    assigned_previous_year: int | None
    allocation: dict[str, int]
    limits: dict[str, int | None]
    rules: Rules
    breaches: list[RuleBreach] = field(default_factory=list)
    demo: bool = False
    source: str = ""
    outside_base: dict[str, int] = field(default_factory=dict)
    stock_outside_base: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: dict = field(default_factory=dict)  # how the figures were counted (see projection)

    @property
    def bounds(self) -> dict[str, tuple[int | None, int | None]]:
        by_owner = None if self.available_override else self.available_by_owner
        if by_owner is not None and sum(by_owner.values()) != self.available:
            by_owner = None
        return bounds(self.available, self.rules, by_owner or None)

    def lines(self, lang: str = "it") -> pd.DataFrame:
        """The quota table: quota, rule kind, %, required, allowed (max), a note on a shared
        threshold, chosen, share of available, rule, breaches."""
        rows = []
        b = self.bounds
        for rule in self.rules.quotas:
            n = self.allocation[rule.quota]
            others = sharing(self.rules, rule.quota)
            rows.append({
                "quota": rule.quota,
                "label": schema.label(schema.QUOTA, rule.quota, lang),
                "kind": i18n.t(f"plan_kind_{rule.kind}", lang),
                "pct": rule.pct,
                "required": b[rule.quota][0],
                "allowed": b[rule.quota][1],
                "allowed_note": i18n.t("plan_shared_with", lang).format(
                    others=", ".join(schema.label(schema.QUOTA, q, lang) for q in others))
                if others else "",
                "chosen": n,
                "share": n / self.available if self.available else None,
                "rule": rule.rule + (" · " + i18n.t("plan_to_verify", lang) if rule.to_verify else ""),
                "breach": "; ".join(b_.message(lang) for b_ in self.breaches
                                    if b_.quota == rule.quota or rule.quota in b_.shared_with),
            })
        return pd.DataFrame(rows, dtype=object)

    def table(self, lang: str = "it") -> pd.DataFrame:
        """The quota table with translated headers and Italian number formats, for print."""
        lines = self.lines(lang)

        def number(v):
            return "–" if v is None or pd.isna(v) else i18n.fmt_int(v, lang)

        allowed = [number(v) + (f" ({note})" if note else "")
                   for v, note in zip(lines["allowed"], lines["allowed_note"])]
        out = pd.DataFrame({
            i18n.t("plan_col_quota", lang): lines["label"],
            i18n.t("plan_col_kind", lang): lines["kind"],
            "%": [i18n.fmt_num(p, lang, 0) if p is not None and not pd.isna(p) else "–"
                  for p in lines["pct"]],
            i18n.t("plan_col_required", lang): [number(v) for v in lines["required"]],
            i18n.t("plan_col_allowed", lang): allowed,
            i18n.t("plan_col_chosen", lang): [number(v) for v in lines["chosen"]],
            i18n.t("plan_col_share", lang): [i18n.fmt_pct(v, lang, 0) for v in lines["share"]],
            i18n.t("plan_col_rule", lang): lines["rule"],
        })
        return out

    def compact_table(self, lang: str = "it") -> pd.DataFrame:
        """Quota, required, allowed, chosen, share: the table beside the chart."""
        return self.table(lang).drop(columns=[i18n.t("plan_col_kind", lang), "%",
                                              i18n.t("plan_col_rule", lang)])

    def poverty_detail(self, lang: str = "it") -> str | None:
        """'ALER 20% × 83 → 17; COMUNE 20% × 24 → 5 = 22' when counted owner by owner."""
        if self.available_override or len(self.available_by_owner) < 2:
            return None
        pct = self.rules["poverty"].pct
        parts = [f"{owner} {i18n.fmt_num(pct, lang, 0)}% × {i18n.fmt_int(n, lang)} → "
                 f"{i18n.fmt_int(poverty_quota(n, pct), lang)}"
                 for owner, n in self.available_by_owner.items()]
        return "; ".join(parts) + f" = {i18n.fmt_int(self.limits['poverty'], lang)}"

    def poverty_by_owner(self) -> dict[str, int]:
        """The poverty quota of each owner's flats, rounded up owner by owner (ALER's flats
        counted in this comune), when the plan counts it so; {} when it is counted on the
        total (``--available`` given, or flats expected without an owner: past years)."""
        by_owner = self.available_by_owner
        if self.available_override or not by_owner or sum(by_owner.values()) != self.available:
            return {}
        pct = self.rules["poverty"].pct
        return {owner: poverty_quota(n, pct) for owner, n in by_owner.items()}

    def outside_base_text(self, lang: str = "it") -> str | None:
        """'SAS 2, transitori 1: fuori dalla base delle quote' when there are any."""
        parts = [f"{schema.label(schema.SERVICE, s, lang)}: {i18n.fmt_int(n, lang)}"
                 for s, n in self.outside_base.items() if n]
        return i18n.t("plan_outside_base", lang).format(detail="; ".join(parts)) if parts else None

    def stock_outside_text(self, lang: str = "it") -> str | None:
        """The stock that is not SAP, by service: 'SAS: 55 alloggi; ...'."""
        parts = [f"{schema.label(schema.SERVICE, s, lang)}: {i18n.fmt_int(sum(v.values()), lang)}"
                 for s, v in self.stock_outside_base.items() if sum(v.values())]
        return i18n.t("plan_stock_outside", lang).format(detail="; ".join(parts)) if parts else None

    def to_json(self, lang: str = "it") -> dict:
        b = self.bounds
        return {
            "comune_code": self.comune_code, "comune": self.comune_name, "ambito": self.ambito,
            "year": self.year, "as_of": self.as_of, "demo": self.demo, "source": self.source,
            "base": "SAP",
            "available": self.available, "available_override": self.available_override,
            "available_by_source": self.available_by_source,
            "available_by_owner": self.available_by_owner,
            "outside_base": self.outside_base,
            "stock_by_owner": self.stock_by_owner,
            "stock_outside_base": self.stock_outside_base,
            "assigned_previous_year": self.assigned_previous_year,
            "notes": self.notes,
            "quotas": [{"quota": r.quota, "kind": r.kind, "pct": r.pct,
                        "required": b[r.quota][0], "allowed": b[r.quota][1],
                        "chosen": self.allocation[r.quota],
                        "shares_threshold_with": (sharing(self.rules, r.quota) or (None,))[0],
                        "rule": r.rule, "to_verify": r.to_verify} for r in self.rules.quotas],
            "breaches": [b_.to_json(lang) for b_ in self.breaches],
        }

    def stock_table(self, lang: str = "it") -> pd.DataFrame:
        """Stock by owner: one row per owner, a column per status, the total."""
        rows = []
        for owner, by_status in self.stock_by_owner.items():
            row = {i18n.t("plan_col_owner", lang): owner,
                   i18n.t("total", lang): i18n.fmt_int(sum(by_status.values()), lang)}
            row |= {schema.label(schema.FLAT_STATUS, s, lang): i18n.fmt_int(by_status.get(s, 0), lang)
                    for s in schema.FLAT_STATUS}
            rows.append(row)
        return pd.DataFrame(rows)

    def sources_table(self, lang: str = "it") -> pd.DataFrame:
        """Flats expected in the year: plan heading, source, flats (zero sources left out)."""
        rows = [{i18n.t("plan_col_group", lang): i18n.t(f"plan_group_{SOURCE_GROUPS[s]}", lang),
                 i18n.t("plan_col_source", lang): i18n.t(f"plan_source_{s}", lang),
                 i18n.t("dem_col_flats", lang): i18n.fmt_int(n, lang)}
                for s, n in sources_in_order(self.available_by_source) if n]
        rows.append({i18n.t("plan_col_group", lang): i18n.t("total", lang),
                     i18n.t("plan_col_source", lang): "",
                     i18n.t("dem_col_flats", lang): i18n.fmt_int(
                         sum(self.available_by_source.values()), lang)})
        return pd.DataFrame(rows)

    def rechoose(self, chosen: dict[str, int] | None) -> AnnualPlan:
        """The same plan with other numbers per quota (checked again)."""
        return make_plan(
            comune_code=self.comune_code, comune_name=self.comune_name, ambito=self.ambito,
            year=self.year, as_of=self.as_of, available_by_source=self.available_by_source,
            available_by_owner=self.available_by_owner, stock_by_owner=self.stock_by_owner,
            assigned_previous_year=self.assigned_previous_year,
            available=self.available if self.available_override else None, chosen=chosen,
            rules_=self.rules, demo=self.demo, source=self.source, outside_base=self.outside_base,
            stock_outside_base=self.stock_outside_base, notes=self.notes)


def count_notes(annual: AnnualPlan, lang: str = "it") -> list[str]:
    """How the plan's figures were counted, in words: the flats outside the SAP base, the
    turnover's share of the year, new flats not yet delivered, undated assignments."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    notes, out = annual.notes, []
    if annual.outside_base_text(lang):
        out.append(annual.outside_base_text(lang))
    share = notes.get("turnover_share_of_year")
    if share is not None and share < 1:
        out.append(t("plan_note_turnover_part").format(
            pct=i18n.fmt_pct(share, lang, 0), as_of=i18n.fmt_date(annual.as_of, lang)))
    if notes.get("vacant_now"):
        out.append(t("plan_note_vacant_elsewhere").format(
            n=i18n.fmt_int(notes["vacant_now"], lang), year=notes["vacant_now_in_year"]))
    if notes.get("turnover_base"):
        out.append(t("plan_note_turnover_base").format(
            rate=i18n.fmt_num(notes.get("turnover_pct"), lang, 1),
            n=i18n.fmt_int(notes["turnover_base"], lang)))
    for programme, n in (notes.get("programme_flats") or {}).items():
        name = (notes.get("programme_names") or {}).get(programme, programme)
        out.append(t("plan_note_programme").format(programme=name, n=i18n.fmt_int(n, lang)))
    if notes.get("flats_not_delivered"):
        out.append(t("plan_note_not_delivered").format(n=i18n.fmt_int(notes["flats_not_delivered"], lang)))
    if notes.get("assigned_previous_year_undated"):
        out.append(t("plan_note_undated").format(
            n=i18n.fmt_int(notes["assigned_previous_year_undated"], lang)))
    return out


SETTINGS_USED = ("poverty_quota_pct", "art14_cap_pct", "police_cap_pct", "police_cap_pct_before",
                 "police_cap_from_year", "transitional_cap_pct",
                 "isee_poverty_eur", "isee_eligibility_eur", "turnover_rate_pct",
                 "new_applications_per_year", "art10_works_max_eur", "adequacy_table")


def settings_table(lang: str = "it") -> pd.DataFrame:
    """The settings the plan uses: name, meaning, value, rule, 'da verificare'."""
    rows = []
    for name in SETTINGS_USED:
        meta = settings.SETTINGS[name]
        value = settings.get(name)
        rows.append({i18n.t("plan_col_setting", lang): name,
                     i18n.t("plan_col_value", lang): value if name != "adequacy_table" else "…",
                     i18n.t("plan_col_rule", lang): meta.rule,
                     i18n.t("plan_to_verify", lang): "⚠ " + i18n.t("plan_to_verify", lang)
                     if meta.to_verify else "",
                     "": meta.help(lang)})
    out = pd.DataFrame(rows)
    out[i18n.t("plan_col_value", lang)] = out[i18n.t("plan_col_value", lang)].astype(str)
    return out


def make_plan(*, comune_code: str, comune_name: str, ambito: str, year: int, as_of: str,
              available_by_source: dict[str, int], available_by_owner: dict[str, int],
              stock_by_owner: dict[str, dict[str, int]], assigned_previous_year: int | None,
              available: int | None = None, chosen: dict[str, int] | None = None,
              rules_: Rules | None = None, demo: bool = False, source: str = "",
              outside_base: dict[str, int] | None = None,
              stock_outside_base: dict[str, dict[str, int]] | None = None,
              notes: dict | None = None) -> AnnualPlan:
    """The annual plan from its inputs. ``available`` overrides the flats expected by
    source (then the poverty quota is counted on the total, not owner by owner)."""
    rules_ = rules_ or rules(year)
    expected = int(sum(available_by_source.values()))
    override = available is not None
    total = int(available) if override else expected
    by_owner = None if override else {k: v for k, v in available_by_owner.items()}
    if by_owner is not None and sum(by_owner.values()) != total:
        by_owner = None
    allocation = propose(total, rules_, chosen, by_owner)
    return AnnualPlan(
        comune_code=comune_code, comune_name=comune_name, ambito=ambito, year=year, as_of=as_of,
        available=total, available_override=override,
        available_by_source=dict(available_by_source), available_by_owner=dict(available_by_owner),
        stock_by_owner=stock_by_owner, assigned_previous_year=assigned_previous_year,
        allocation=allocation, limits=limits(total, rules_, by_owner), rules=rules_,
        breaches=check_allocation(total, allocation, rules_, by_owner), demo=demo, source=source,
        outside_base=dict(outside_base or {}), stock_outside_base=dict(stock_outside_base or {}),
        notes=dict(notes or {}))


# --- adequacy of flat size to household size (R.R. 4/2017 art. 9, a setting) -------------

def adequacy_rows(table: list | None = None) -> list[tuple[int, int, float, float | None]]:
    """The adequacy table: rows of (min people, max people, min m2, max m2 or None)."""
    table = settings.get("adequacy_table") if table is None else table
    return [(int(lo), int(hi), float(smin), None if smax is None else float(smax))
            for lo, hi, smin, smax in table]


def size_groups(table: list | None = None) -> list[int]:
    """Household sizes shown one by one; the last one stands for itself and above
    (6 -> "6+" with the default table)."""
    last = max(lo for lo, _hi, _a, _b in adequacy_rows(table))
    return list(range(1, last + 1))


def size_label(size: int, table: list | None = None) -> str:
    return f"{size}+" if size == size_groups(table)[-1] else str(size)


def adequacy_matrix(table: list | None = None) -> pd.DataFrame:
    """Per household size: the surface ranges adequate for it (inclusive; several rows
    may apply, e.g. 2 people: 28-46 and 46-55 m2)."""
    rows = adequacy_rows(table)
    out = []
    for size in size_groups(table):
        ranges = [(smin, smax) for lo, hi, smin, smax in rows if lo <= size <= hi]
        out.append({"household_size": size, "label": size_label(size, table),
                    "min_m2": min(r[0] for r in ranges) if ranges else None,
                    "max_m2": None if not ranges or any(r[1] is None for r in ranges)
                    else max(r[1] for r in ranges),
                    "ranges": ranges})
    return pd.DataFrame(out)


def adequate(surface: pd.Series, size: int, table: list | None = None) -> pd.Series:
    """Whether each flat's surface is adequate for a household of ``size`` (vectorised)."""
    surface = pd.to_numeric(surface, errors="coerce")
    mask = pd.Series(False, index=surface.index)
    for lo, hi, smin, smax in adequacy_rows(table):
        if lo <= size <= hi:
            inside = surface >= smin
            if smax is not None:
                inside &= surface <= smax
            mask |= inside.fillna(False)
    return mask


def adequacy_display(lang: str = "it", table: list | None = None) -> pd.DataFrame:
    """The adequacy table for the screen (shown as "da verificare")."""
    rows = adequacy_rows(table)
    return pd.DataFrame({
        i18n.t("dem_col_size", lang): [f"{lo}-{hi}" if hi < 99 else f"{lo}+" for lo, hi, _a, _b in rows],
        i18n.t("dem_col_min_m2", lang): [i18n.fmt_num(a, lang, 0) for _lo, _hi, a, _b in rows],
        i18n.t("dem_col_max_m2", lang): [i18n.fmt_num(b, lang, 0) if b is not None else "–"
                                         for _lo, _hi, _a, b in rows],
    })


def unclassified(surface: pd.Series, table: list | None = None) -> pd.Series:
    """Flats adequate for no household size (gaps in the table, e.g. 55.5 m2)."""
    any_size = pd.Series(False, index=surface.index)
    for size in size_groups(table):
        any_size |= adequate(surface, size, table)
    return ~any_size
