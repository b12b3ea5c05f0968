"""Tab 1 of the Gestione page: the joint inspections and the priority list of
extraordinary maintenance (table ``maintenance_items``), with a transparent score, the
status the table decides, and the money.

The score is a sum of parts, each a declared weight (settings ``maint_weight_*``) times a
quantity of the item, so that every rank can be explained line by line:

    urgency       = weight_urgency    x (low 0, medium 1, high 2)
    safety        = weight_safety     x (1 if the works remove a safety risk)
    households    = weight_households x households affected
    vulnerable    = weight_vulnerable x vulnerable households affected (in addition)
    vacant flats  = weight_vacant     x vacant flats the works bring back into use
    cost per flat = weight_cost       x max(0, 1 - (cost / flats recovered) / reference)
                    (0 when no flat is recovered)

The rank orders the items not yet concluded by score (highest first; ties: cheaper first,
then the item id). Money, for the as-of date's year and each owner: the funds of the
setting ``maint_funds_per_year``, less the items funded or in progress on that year's funds;
the approved items then take what is left in rank order: an item fits when its cost fits in
what the higher-ranked items left, otherwise it waits (a cheaper item below may still fit).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pandas as pd

from tavolo import edits, i18n, schema, settings
from tavolo.settings import SettingError
from tavolo.validation import Issue

URGENCY_STEPS = {"low": 0, "medium": 1, "high": 2}
STATUSES = list(schema.MAINT_STATUS)
OPEN_STATUSES = ("proposed", "approved", "funded", "in_progress")
SPENDING = ("funded", "in_progress")
PARTS = ("urgency", "safety", "households", "vulnerable", "vacant", "cost_per_flat")
WEIGHT_SETTING = {"urgency": "maint_weight_urgency", "safety": "maint_weight_safety",
                  "households": "maint_weight_households", "vulnerable": "maint_weight_vulnerable",
                  "vacant": "maint_weight_vacant_flat", "cost_per_flat": "maint_weight_cost_per_flat"}


@dataclass(frozen=True)
class Weights:
    urgency: float
    safety: float
    households: float
    vulnerable: float
    vacant: float
    cost_per_flat: float
    cost_reference_eur: float

    @classmethod
    def from_settings(cls) -> Weights:
        return cls(**{p: float(settings.get(s)) for p, s in WEIGHT_SETTING.items()},
                   cost_reference_eur=float(settings.get("maint_cost_per_flat_ref_eur")))

    def table(self, lang: str = "it") -> pd.DataFrame:
        """The weights with their setting and help text: what the page shows beside the list."""
        rows = [{i18n.t("ges_part", lang): i18n.t(f"ges_part_{p}", lang),
                 i18n.t("ges_weight", lang): i18n.fmt_num(getattr(self, p), lang, 1),
                 i18n.t("ges_setting", lang): s,
                 i18n.t("ges_help", lang): settings.SETTINGS[s].help(lang)} for p, s in WEIGHT_SETTING.items()]
        rows.append({i18n.t("ges_part", lang): i18n.t("ges_cost_reference", lang),
                     i18n.t("ges_weight", lang): i18n.fmt_eur(self.cost_reference_eur, lang),
                     i18n.t("ges_setting", lang): "maint_cost_per_flat_ref_eur",
                     i18n.t("ges_help", lang): settings.SETTINGS["maint_cost_per_flat_ref_eur"].help(lang)})
        return pd.DataFrame(rows)


def funds_per_year(value: dict | None = None) -> dict[str, float]:
    value = settings.get("maint_funds_per_year") if value is None else value
    if not isinstance(value, dict) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0 for v in value.values()):
        raise SettingError("Impostazione 'maint_funds_per_year': attesi importi >= 0 per proprietario",
                           "Setting 'maint_funds_per_year': expected amounts >= 0 per owner")
    return {str(k): float(v) for k, v in value.items()}


def inspections(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The joint inspections, newest first, with the building's name, rione and owner."""
    b = frames["buildings"][["building_id", "name", "rione_id", "owner_id"]].rename(columns={"name": "building"})
    out = frames["inspections"].merge(b, on="building_id", how="left")
    return out.sort_values(["date", "inspection_id"], ascending=[False, True]).reset_index(drop=True)


def scored(frames: dict[str, pd.DataFrame], weights: Weights | None = None) -> pd.DataFrame:
    """Every item with its score's parts, score, rank (open items only), building, owner."""
    w = weights or Weights.from_settings()
    items = frames["maintenance_items"].copy()
    b = frames["buildings"][["building_id", "name", "rione_id", "owner_id"]].rename(columns={"name": "building"})
    items = items.merge(b, on="building_id", how="left")
    flats = items["vacant_flats"].fillna(0).astype(float)
    items["part_urgency"] = w.urgency * items["urgency"].map(URGENCY_STEPS).astype(float)
    items["part_safety"] = w.safety * items["safety"].fillna(False).astype(float)
    items["part_households"] = w.households * items["households"].fillna(0).astype(float)
    items["part_vulnerable"] = w.vulnerable * items["vulnerable_households"].fillna(0).astype(float)
    items["part_vacant"] = w.vacant * flats
    per_flat = (items["cost_eur"].astype(float) / flats.where(flats > 0))
    items["cost_per_flat_eur"] = per_flat
    items["part_cost_per_flat"] = (w.cost_per_flat * (1 - per_flat / w.cost_reference_eur).clip(lower=0)).fillna(0.0)
    for p in PARTS:
        items[f"part_{p}"] = items[f"part_{p}"].round(2)
    items["score"] = items[[f"part_{p}" for p in PARTS]].sum(axis=1).round(2)
    open_ = items["status"].isin(OPEN_STATUSES)
    order = items[open_].sort_values(["score", "cost_eur", "item_id"], ascending=[False, True, True])
    items["rank"] = pd.Series(range(1, len(order) + 1), index=order.index).reindex(items.index).astype("Int64")
    done = items[~open_].sort_values("item_id")
    return pd.concat([items.loc[order.index], done]).reset_index(drop=True)


@dataclass(frozen=True)
class MoneyRow:
    owner_id: str
    funds: float
    committed: float
    approved: float
    fits: float
    waits: float

    @property
    def left(self) -> float:
        return self.funds - self.committed - self.fits


def money(items: pd.DataFrame, year: int, funds: dict[str, float] | None = None) -> tuple[list[MoneyRow], pd.Series]:
    """Per owner, the year's funds against the approved list; and for each approved item
    (by item_id) whether it fits ("fits") or waits ("waits")."""
    funds = funds_per_year() if funds is None else funds
    verdict = pd.Series(dtype=object)
    rows = []
    owners = sorted(set(funds) | set(items["owner_id"].dropna()))
    for owner in owners:
        mine = items[items["owner_id"] == owner]
        committed = float(mine.loc[mine["status"].isin(SPENDING) & (mine["funding_year"] == year), "cost_eur"].sum())
        left = funds.get(owner, 0.0) - committed
        approved = mine[mine["status"] == "approved"].sort_values("rank")
        fits = waits = 0.0
        for item in approved.itertuples(index=False):
            if item.cost_eur <= left:
                left -= item.cost_eur
                fits += item.cost_eur
                verdict[item.item_id] = "fits"
            else:
                waits += item.cost_eur
                verdict[item.item_id] = "waits"
        rows.append(MoneyRow(owner, funds.get(owner, 0.0), committed, float(approved["cost_eur"].sum()), fits, waits))
    return rows, verdict


# --- editing the status -------------------------------------------------------------------

EDITABLE = ["status", "fund", "funding_year", "meeting_id"]


def status_rules(before: pd.DataFrame):
    """``extra_check`` for ``edits.apply_changes``: a status moves one step forward at a time
    (or back, to correct a mistake); an item funded, in progress or concluded names its fund
    and its funding year."""
    old = before.set_index("item_id")["status"].to_dict()

    def check(new_frame: pd.DataFrame) -> list[Issue]:
        issues = []
        file = "maintenance_items (modifica)"
        for n, row in enumerate(new_frame.to_dict("records"), start=1):
            was, now = old.get(row["item_id"]), row["status"]
            if was is not None and was != now and STATUSES.index(now) > STATUSES.index(was) + 1:
                issues.append(Issue(file, n, "status", now,
                                    f"da «{schema.label(schema.MAINT_STATUS, was, 'it')}» si passa solo a "
                                    f"«{schema.label(schema.MAINT_STATUS, STATUSES[STATUSES.index(was) + 1], 'it')}»",
                                    f"from “{schema.label(schema.MAINT_STATUS, was, 'en')}” the next status is "
                                    f"“{schema.label(schema.MAINT_STATUS, STATUSES[STATUSES.index(was) + 1], 'en')}”"))
            if now in ("funded", "in_progress", "done") and (not row.get("fund") or pd.isna(row.get("funding_year"))):
                issues.append(Issue(file, n, "fund", row.get("fund") or "",
                                    "un intervento finanziato indica fondo e anno dei fondi",
                                    "a funded item names its fund and funding year"))
        return issues

    return check


def status_changes(items: pd.DataFrame, edited: pd.DataFrame, read: dict[str, str], today: dt.date) -> list[edits.RowChange]:
    """What the editor changed, as updates of the editable columns; a new status gets
    ``today`` as the day it began."""
    out = []
    base = items.set_index("item_id")
    for row in edited.to_dict("records"):
        before = base.loc[row["item_id"]]
        values = {}
        for col in EDITABLE:
            old, new = edits._plain(before[col]), edits._plain(row.get(col))
            if isinstance(new, float) and new.is_integer():
                new = int(new)
            if isinstance(old, float) and old.is_integer():
                old = int(old)
            if old != new:
                values[col] = new
        if not values:
            continue
        if "status" in values:
            values["status_since"] = today.isoformat()
        key = {"item_id": row["item_id"]}
        out.append(edits.RowChange("update", key, read.get(json.dumps(key, sort_keys=True)), values))
    return out


def fingerprints(table: pd.DataFrame) -> dict[str, str]:
    return {json.dumps({"item_id": r["item_id"]}, sort_keys=True): edits.fingerprint(r)
            for r in table.to_dict("records")}


def history(log: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """The changes to maintenance_items, newest first: change_id, at, author, item, what
    changed, reason, undone_by, can_undo."""
    columns = ["change_id", "at", "author", "item", "change", "reason", "undone_by", "can_undo"]
    mine = log[(log["table_name"] == "maintenance_items") & (log["action"] != "load")] if not log.empty else log
    rows = []
    table = schema.TABLES["maintenance_items"]
    for entry in mine.to_dict("records"):
        before = json.loads(entry["before_json"]) if isinstance(entry["before_json"], str) else {}
        after = json.loads(entry["after_json"]) if isinstance(entry["after_json"], str) else {}
        parts = []
        for col in table.columns:
            old, new = before.get(col.name), after.get(col.name)
            if col.primary_key or col.name == "status_since" or old == new:
                continue
            if col.values:
                old, new = (schema.label(col.values, v, lang) if v is not None else "–" for v in (old, new))
            parts.append(f"{col.label(lang)}: {'–' if old is None else old} → {'–' if new is None else new}")
        undone = entry.get("undone_by")
        undone = None if undone is None or pd.isna(undone) else int(undone)
        rows.append({"change_id": int(entry["change_id"]), "at": entry["at"], "author": entry["author"],
                     "item": json.loads(entry["row_key"]).get("item_id"), "change": "; ".join(parts),
                     "reason": entry["reason"], "undone_by": undone, "can_undo": undone is None})
    return pd.DataFrame(rows, columns=columns).sort_values("change_id", ascending=False).reset_index(drop=True)


# --- display -----------------------------------------------------------------------------

def _eur(v, lang):
    return "–" if v is None or pd.isna(v) else i18n.fmt_eur(v, lang)


def _pts(v, lang):
    return i18n.fmt_num(v, lang, 1)


def participants_label(value, lang: str = "it") -> str:
    """Who took part ("Comune e ALER", ...); "–" when the inspection does not say."""
    if value is None or pd.isna(value) or not str(value).strip():
        return "–"
    return schema.label(schema.INSPECTION_PARTICIPANTS, str(value), lang)


def inspections_by_participants(insp: pd.DataFrame) -> dict[str, int]:
    """Inspections by who took part, every value of the enumeration listed (and
    ``unknown`` for those that do not say)."""
    who = insp["participants"].astype(object).where(insp["participants"].notna(), "unknown")
    counts = who.value_counts()
    return {k: int(counts.get(k, 0)) for k in [*schema.INSPECTION_PARTICIPANTS, "unknown"]}


def inspections_json(insp: pd.DataFrame) -> list[dict]:
    """The CLI's ``inspection_list``: every joint inspection, newest first."""
    return [{"inspection_id": r.inspection_id, "date": pd.Timestamp(r.date).date().isoformat(),
             "building_id": r.building_id,
             "participants": None if pd.isna(r.participants) else str(r.participants),
             "urgency": r.urgency,
             "cost_estimate_eur": None if pd.isna(r.cost_estimate_eur) else float(r.cost_estimate_eur)}
            for r in insp.itertuples(index=False)]


def inspections_display(insp: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    return pd.DataFrame({
        t("ges_date"): insp["date"], t("ges_building"): insp["building"], t("owner"): insp["owner_id"],
        t("ges_participants"): [participants_label(v, lang) for v in insp["participants"]],
        t("ges_findings"): insp["findings"], t("ges_works"): insp["works"],
        t("ges_urgency"): [schema.label(schema.URGENCY, u, lang) for u in insp["urgency"]],
        t("ges_cost"): [_eur(v, lang) for v in insp["cost_estimate_eur"]]})


def priority_display(items: pd.DataFrame, verdict: pd.Series, lang: str = "it") -> pd.DataFrame:
    """The priority list: rank, score and each part beside it, status and money verdict."""
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    out = pd.DataFrame({
        t("ges_rank"): items["rank"], t("ges_item"): items["item_id"], t("ges_building"): items["building"],
        t("ges_element"): [schema.label(schema.MAINT_ELEMENT, e, lang) for e in items["element"]],
        t("ges_score"): [_pts(v, lang) for v in items["score"]]})
    for p in PARTS:
        out[t(f"ges_part_{p}")] = [_pts(v, lang) for v in items[f"part_{p}"]]
    out[t("ges_cost")] = [_eur(v, lang) for v in items["cost_eur"]]
    out[t("ges_cost_per_flat")] = [_eur(v, lang) for v in items["cost_per_flat_eur"]]
    out[t("ges_status")] = [schema.label(schema.MAINT_STATUS, s, lang) for s in items["status"]]
    out[t("ges_money")] = [t(f"ges_money_{verdict[i]}") if i in verdict.index else "" for i in items["item_id"]]
    return out


def money_display(rows: list[MoneyRow], year: int, lang: str = "it") -> pd.DataFrame:
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    return pd.DataFrame({
        t("owner"): [r.owner_id for r in rows], t("ges_year"): [str(year)] * len(rows),
        t("ges_funds"): [_eur(r.funds, lang) for r in rows],
        t("ges_committed"): [_eur(r.committed, lang) for r in rows],
        t("ges_approved_cost"): [_eur(r.approved, lang) for r in rows],
        t("ges_fits"): [_eur(r.fits, lang) for r in rows], t("ges_waits"): [_eur(r.waits, lang) for r in rows],
        t("ges_left"): [_eur(r.left, lang) for r in rows]})


def to_json(items: pd.DataFrame) -> list[dict]:
    """The CLI's ``maintenance_priorities``: the open items in rank order."""
    open_ = items[items["rank"].notna()]
    return [{"item_id": r.item_id, "building_id": r.building_id, "rank": int(r.rank), "score": float(r.score),
             "cost_eur": float(r.cost_eur), "status": r.status,
             "parts": {p: float(getattr(r, f"part_{p}")) for p in PARTS}}
            for r in open_.itertuples(index=False)]
