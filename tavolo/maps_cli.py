"""``python -m tavolo map``: the Mappa page's map as a standalone HTML file (or a static
PNG/PDF, by the extension of ``--out``), to share by e-mail or on the intranet."""

from __future__ import annotations

import sys
from pathlib import Path


def cmd_map(args) -> int:
    from tavolo import ambito, loading, map_data, maps, office_sites
    from tavolo.store import open_store

    store = open_store(getattr(args, "database", None) or None)
    frames = ambito.lead_frames(store.read_all())  # the lead comune's map
    names = list(map_data.indicators(frames))
    if args.indicator not in names:
        print(f"Indicatore sconosciuto / unknown indicator: {args.indicator}. "
              f"Valori / values: {', '.join(names)}", file=sys.stderr)
        return 2
    ranking = None
    if args.sites:
        ranking = office_sites.rank_sites(office_sites.default_sites(frames),
                                          office_sites.tenant_weights(frames))
    kwargs = dict(meta=store.meta(), demo=loading.is_demo(store), sites=ranking,
                  lang=args.lang)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    suffix = out.suffix.lower()
    if suffix in (".png", ".pdf"):
        from tavolo import map_export

        out.write_bytes(map_export.static_map(frames, args.indicator, fmt=suffix[1:], **kwargs))
    else:
        text = maps.standalone_html(frames, args.indicator, offline=args.offline, **kwargs)
        out.write_text(text, encoding="utf-8")
    size = out.stat().st_size
    print(f"Mappa scritta / map written: {out} ({size / 1024:,.0f} KB"
          f"{', senza internet / offline' if args.offline else ''})")
    return 0


def register(sub) -> None:
    p = sub.add_parser("map", help="scrive la mappa in un file HTML autonomo (o PNG/PDF)")
    p.add_argument("--database", help="URL SQLAlchemy (default: TAVOLO_DATABASE_URL o SQLite)")
    p.add_argument("--out", required=True, help="file .html (oppure .png o .pdf)")
    p.add_argument("--indicator", default="flats_total",
                   help="indicatore dei rioni (default flats_total; es. vacancy_rate, "
                        "applications, applications_per_assignable, occupations_open, "
                        "reports_open, maintenance_open)")
    p.add_argument("--offline", action="store_true",
                   help="nessuna richiesta esterna: Leaflet incluso nel file, sfondo schematico")
    p.add_argument("--sites", action="store_true",
                   help="aggiunge i siti candidati della sede unica ALER (via Bissolati 5 e 9)")
    p.add_argument("--lang", default="it", choices=["it", "en"])
    p.set_defaults(func=cmd_map)
