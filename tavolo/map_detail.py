"""What the Mappa page shows beside and under the map, from the view model
(tavolo.map_model): the detail panel of a clicked rione, building, group or office, and
the rioni table (the map's accessible twin). Plain tables and texts, no Streamlit.
Small counts of suppressed figures (occupations) read "< n" here as on the map."""

from __future__ import annotations

import pandas as pd

from tavolo import i18n, map_data, schema
from tavolo.map_model import MapModel, map_model

# The rioni table's columns by default (the chosen indicator comes first); the others
# are behind the page's "every indicator" toggle.
MAIN = ("flats_total", "vacancy_rate", "applications_per_assignable", "occupations_open",
        "maintenance_open")
SHORT = {  # short headers (the full label and unit are the column's help)
    "flats_total": ("Alloggi", "Flats"), "vacancy_rate": ("Sfitto", "Vacancy"),
    "applications_per_assignable": ("Domande per assegnabile", "Applications per assignable"),
    "occupations_open": ("Occupazioni in corso", "Ongoing occupations"),
    "maintenance_open": ("Manutenzione: interventi aperti", "Maintenance: open items"),
    "reports_open": ("Segnalazioni aperte", "Open reports"),
    "applications": ("Domande ultimo avviso", "Applications, latest call"),
}


def _model(frames, model: MapModel | None, lang: str) -> MapModel:
    return model if model is not None else map_model(frames, "flats_total", lang)


def rione_detail(model: MapModel, area_id: str, lang: str = "it") -> pd.DataFrame:
    """Every indicator of one area as a two-column table (indicator, value)."""
    row = model.values[model.values["area_id"] == area_id]
    if row.empty:
        return pd.DataFrame(columns=["indicator", "value"])
    row = row.iloc[0]
    inds = {ind.name: ind for ind in model.indicators}
    return pd.DataFrame([{"indicator": ind.label(lang), "value": ind.fmt(row[name], lang, model.below)}
                         for name, ind in inds.items() if name in row.index])


def _building(frames, model: MapModel, building_id: str, lang: str) -> dict | None:
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    table = model.buildings
    row = table[table["building_id"] == building_id]
    if row.empty:
        return None
    row = row.iloc[0]
    lines = [str(row["address"]), f"{t('map_card_owner')}: {row['owner_id']}"]
    if not pd.isna(row["programme_name"]):
        lines.append(f"{t('map_card_programme')}: {row['programme_name']}")
    lines.append(f"{t('map_card_reports')}: {row['reports_open']} · "
                 f"{t('map_card_occupations')}: {model.count_text(row['occupations_open'])}")
    items = frames["maintenance_items"] if "maintenance_items" in frames else None
    has_items = False
    if items is not None:  # the building's open items of the Gestione page's priority list
        mine = items[(items["building_id"] == building_id) & (items["status"] != "done")]
        if len(mine):
            has_items = True
            lines.append(t("ges_map_card_items") + ": " + "; ".join(
                f"{schema.label(schema.MAINT_ELEMENT, r.element, lang)} "
                f"({schema.label(schema.MAINT_STATUS, r.status, lang).lower()})"
                for r in mine.itertuples(index=False)))
    if row["position_precision"] != "surveyed":
        lines.append(t("map_position_approximate"))
    counts = [(schema.label(schema.FLAT_STATUS, s, lang), int(row[f"status_{s}"]),
               s == "occupied_no_title") for s in schema.FLAT_STATUS]
    counts += [(f"{t('map_card_sizes')} {label}", int(row[f"size_{i}"]), False)
               for i, (_lo, _hi, label) in enumerate(map_data.SIZE_BANDS)]
    table = pd.DataFrame([{t("map_indicator_col"): label,
                           t("map_flats_col"): model.count_text(n, suppressed)}
                          for label, n, suppressed in counts if n > 0])
    links = [("pages/domanda_offerta.py", "page_domanda", {"rione": row["rione_id"]})]
    if not pd.isna(row["programme_id"]):
        links.append(("pages/progetti.py", "page_progetti", {"programma": row["programme_id"]}))
    if has_items:
        links.append(("pages/gestione.py", "page_gestione", {"scheda": "priorita"}))
    return {"title": str(row["name"]), "caption": " · ".join(lines), "table": table, "links": links}


def detail(frames: dict[str, pd.DataFrame], kind: str | None, item_id: str | None,
           lang: str = "it", model: MapModel | None = None) -> dict | None:
    """What the panel beside the map shows for a click: ``{"title", "caption", "table"
    (two columns), "links": [(page file, title key, query params)]}``, or None."""
    if not kind or not item_id:
        return None
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    if kind == "rione":
        model = _model(frames, model, lang)
        area = next((a for a in model.areas if a.area_id == item_id), None)
        if area is None:
            return None
        table = rione_detail(model, item_id, lang).rename(
            columns={"indicator": t("map_indicator_col"), "value": t("map_value_col")})
        return {"title": area.name, "caption": f"{t('map_consulta')} {area.group_id or ''}".strip(),
                "table": table,
                "links": [("pages/domanda_offerta.py", "page_domanda", {"rione": item_id}),
                          ("pages/mappa.py", "page_mappa", {"rione": item_id})]}
    if kind == "building":
        return _building(frames, _model(frames, model, lang), item_id, lang)
    if kind == "group":
        members = map_data.cell_members(frames, item_id)
        flats = frames["flats"].groupby("building_id").size()
        table = pd.DataFrame({t("map_site"): members["name"].to_numpy(),
                              t("map_flats_col"): members["building_id"].map(flats).fillna(0)
                              .astype(int).to_numpy()})
        return {"title": f"{len(members)} {t('map_card_buildings')}",
                "caption": t("map_group_members"), "table": table, "links": []}
    if kind == "office":
        offices = frames["offices"].set_index("office_id")
        if item_id not in offices.index:
            return None
        row = offices.loc[item_id]
        table = pd.DataFrame({t("map_indicator_col"): [t("map_source")],
                              t("map_value_col"): [row["source"]]})
        return {"title": str(row["name"]),
                "caption": f"{row['address']} · {', '.join(str(row['sectors']).split('|'))}",
                "table": table, "links": []}
    return None


def rioni_table(frames: dict[str, pd.DataFrame], indicator: str, lang: str = "it",
                model: MapModel | None = None, every: bool = False) -> pd.DataFrame:
    """The accessible twin of the map: one row per area, the chosen indicator first (as
    written on the map), then the main indicators (:data:`MAIN`; ``every``: all of them).
    Short headers; :func:`column_help` gives each header's full label and unit."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    if model is None or model.indicator.name != indicator:
        model = map_model(frames, indicator, lang)
    inds = {ind.name: ind for ind in model.indicators}
    values = model.values
    out = pd.DataFrame({t(f"map_{model.area_kind}"): values["name"]})
    if "group_id" in values.columns and values["group_id"].notna().any():
        out[t("map_consulta")] = values["group_id"].astype(str)
    order = [indicator] + [n for n in (inds if every else MAIN)
                           if n != indicator and n in inds and n in values.columns]
    for name in order:
        out[header(inds[name], lang, name == indicator)] = [
            inds[name].fmt(v, lang, model.below) for v in values[name]]
    return out.reset_index(drop=True)


def header(ind: map_data.Indicator, lang: str, chosen: bool = False) -> str:
    """A column's header: the short name when there is one (the chosen indicator keeps
    its full label, as in the map's title)."""
    if not chosen and ind.name in SHORT:
        return i18n.pick(lang, *SHORT[ind.name])
    return ind.label(lang)


def column_help(frames: dict[str, pd.DataFrame], model: MapModel, lang: str = "it") -> dict[str, str]:
    """Header -> 'full label (unit)' for every indicator column of :func:`rioni_table`."""
    inds = {ind.name: ind for ind in model.indicators}
    return {header(ind, lang, name == model.indicator.name): f"{ind.label(lang)} ({ind.unit(lang)})"
            for name, ind in inds.items()}
