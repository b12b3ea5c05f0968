"""``python -m tavolo gestione [--json] [--lang it|en]``: the figures of the Gestione page's
four tabs, counted from the data's as-of date. Occupation counts leave suppressed
(setting ``suppress_below``), as on the page."""

from __future__ import annotations

import json


def gestione_json(frames: dict, meta: dict, demo: bool) -> dict:
    """Every figure of the page in plain JSON types."""
    from tavolo import demand, gestione as g, gestione_priorities as gp

    as_of = demand.as_of_date(meta)
    items = gp.scored(frames)
    rows, verdict = gp.money(items, as_of.year)
    rep = g.reports_frame(frames, as_of=as_of)
    window = g.in_window(rep, as_of)
    reports = g.report_figures(window).to_json()
    reports["open"] = int(rep["status"].isin(g.OPEN_REPORT).sum())  # every open report, not only the window's
    reports["window_months"] = g.TREND_MONTHS
    reports["by_category"] = json.loads(g.by_category(window).to_json(orient="records"))
    vac = g.vacancies(frames, as_of)
    occ = g.occupations_frame(frames, as_of)
    insp = gp.inspections(frames)
    vacancies = g.vacancy_figures(vac).to_json()
    vacancies["relet"] = g.relet_figures(g.relet_cycles(frames, as_of), frames, as_of).to_json()
    return {
        "demo": demo, "as_of": as_of.isoformat(),
        "maintenance_priorities": [p | {"money": verdict.get(p["item_id"])} for p in gp.to_json(items)],
        "maintenance_money": [{"owner_id": r.owner_id, "year": as_of.year, "funds_eur": r.funds,
                               "committed_eur": r.committed, "approved_eur": r.approved, "fits_eur": r.fits,
                               "waits_eur": r.waits, "left_eur": r.left} for r in rows],
        "inspections": len(frames["inspections"]),
        "inspections_by_participants": gp.inspections_by_participants(insp),
        "inspection_list": gp.inspections_json(insp),
        "reports": reports,
        "vacancies": vacancies,
        "occupations": g.occupation_figures(occ).suppressed_json(g.suppress_below()),
    }


def cmd_gestione(args) -> int:
    from tavolo import ambito, i18n, loading, schema
    from tavolo.store import open_store

    store = open_store(getattr(args, "database", None) or None)
    data = gestione_json(ambito.lead_frames(store.read_all()), store.meta(), loading.is_demo(store))
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
        return 0
    lang = args.lang
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    r, v, o = data["reports"], data["vacancies"], data["occupations"]
    out = [f"{t('page_gestione')} · {t('as_of')} {i18n.fmt_date(data['as_of'], lang)}"
           + (" · Dati dimostrativi" if data["demo"] else "")]
    out.append(f"{t('ges_prio_title')}:")
    for p in data["maintenance_priorities"][:10]:
        out.append(f"  {p['rank']:>3}. {p['building_id']:<10} {i18n.fmt_num(p['score'], lang, 1):>6}  "
                   f"{i18n.fmt_eur(p['cost_eur'], lang):>12}  "
                   f"{schema.label(schema.MAINT_STATUS, p['status'], lang)}")
    out.append(f"{t('ges_tab_reports')}: {t('ges_open_now')} {r['open']}, {t('ges_median_close')} "
               f"{i18n.fmt_num(r['median_days_to_close'], lang, 1)}, {t('ges_p90_close')} "
               f"{i18n.fmt_num(r['p90_days_to_close'], lang, 1)}, {t('ges_within_target_kpi')} "
               f"{i18n.fmt_pct(r['within_target_share'], lang)}")
    out.append(f"{t('ges_tab_vacancies')}: {v['vacant']}, {t('ges_over_target_kpi')} {v['over_target']}, "
               f"{t('ges_at_risk_kpi')} {v['at_risk']}")
    out.append(f"{t('ges_tab_occupations')}: {o['total']}, {t('ges_occ_open')} {o['open']}")
    print("\n".join(out))
    return 0


def register(sub) -> None:
    p = sub.add_parser("gestione", help="le cifre della pagina Gestione (priorità, numero verde, sfitti, occupazioni)")
    p.add_argument("--database", help="URL SQLAlchemy (default: TAVOLO_DATABASE_URL o SQLite)")
    p.add_argument("--json", action="store_true", help="stampa le cifre in JSON")
    p.add_argument("--lang", default="it", choices=("it", "en"))
    p.set_defaults(func=cmd_gestione)
