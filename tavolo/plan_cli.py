"""``python -m tavolo plan [--year Y] [--comune 015118] [--available N] [--json]``: the annual
plan's table, the same the Domanda e offerta page shows: per quota what the law requires,
what it allows at most and what is chosen (``--set``; default: only what is required). The
default year is the next plan to make after the data's as-of date. Exit code 1 when the
plan breaks a rule (e.g. numbers given with ``--set``), 2 on a bad argument.

``plan --ambito [--year Y]``: the ambito's annual plan, every comune side by side (per
comune and owner: units by source, reserve and caps applied comune by comune;
``tavolo.ambito_plan``). ``plan --triennale [--from Y] [--comune C]``: the three-year plan
of the ambito (or of one comune). Both take ``--json`` and ``--xlsx FILE``."""

from __future__ import annotations

import json
import sys


def _parse_set(values: list[str] | None) -> dict[str, int]:
    from tavolo import plan

    out = {}
    for item in values or []:
        key, _, number = item.partition("=")
        if key not in plan.QUOTAS or not number.strip().lstrip("-").isdigit():
            raise ValueError(f"--set {item!r}: atteso QUOTA=N con QUOTA in {list(plan.QUOTAS)} / "
                             f"expected QUOTA=N")
        out[key] = int(number)
    return out


def cmd_plan(args) -> int:
    from tavolo import loading, projection
    from tavolo.store import open_store

    lang = args.lang
    try:
        chosen = _parse_set(args.set)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.available is not None and args.available < 0:
        print("--available: atteso un numero >= 0 / expected a number >= 0", file=sys.stderr)
        return 2
    store = open_store(getattr(args, "database", None) or None)
    frames = store.read_all()
    if args.ambito or args.triennale:
        return _ambito_plan(args, store, frames, bool(chosen) or args.available is not None)
    try:
        annual = projection.annual_plan(frames, args.year, store.meta(), args.comune,
                                        available=args.available, chosen=chosen,
                                        demo=loading.is_demo(store))
    except KeyError:
        print(f"Comune {args.comune} non trovato / not found", file=sys.stderr)
        return 2
    if args.xlsx:
        from pathlib import Path

        from tavolo import plan_export

        Path(args.xlsx).write_bytes(plan_export.plan_xlsx(annual, lang))
    if args.json:
        print(json.dumps(annual.to_json(lang), indent=2, ensure_ascii=False))
    else:
        print(render_text(annual, lang))
    if args.xlsx:
        print(f"XLSX: {args.xlsx}", file=sys.stderr)
    return 1 if any(b.severity == "error" for b in annual.breaches) else 0


def _ambito_plan(args, store, frames, what_if: bool) -> int:
    """``--ambito`` / ``--triennale``: the plans of every comune (the rules comune by comune)."""
    from tavolo import ambito_plan, loading

    if what_if:
        print("--set e --available valgono per il piano di un comune, non con --ambito o "
              "--triennale / --set and --available apply to one comune's plan, not with "
              "--ambito or --triennale", file=sys.stderr)
        return 2
    if args.ambito and args.comune:
        print("--ambito e --comune insieme: scegliere uno dei due / --ambito and --comune "
              "together: choose one", file=sys.stderr)
        return 2
    meta, demo = store.meta(), loading.is_demo(store)
    comuni = [args.comune] if args.comune else None
    try:
        if args.triennale:
            ap = ambito_plan.triennale(frames, args.first or args.year, meta, demo, comuni)
        else:
            ap = ambito_plan.annual(frames, args.year, meta, demo, comuni)
    except KeyError:
        print(f"Comune {args.comune} non trovato / not found", file=sys.stderr)
        return 2
    if args.xlsx:
        from pathlib import Path

        Path(args.xlsx).write_bytes(ambito_plan.xlsx(ap, meta, args.lang))
    if args.json:
        print(json.dumps(ambito_plan.to_json(ap, args.lang), indent=2, ensure_ascii=False))
    else:
        print(ambito_plan.render_text(ap, args.lang))
    if args.xlsx:
        print(f"XLSX: {args.xlsx}", file=sys.stderr)
    broken = any(plan_.breaches and any(b.severity == "error" for b in plan_.breaches)
                 for plans in ap.plans.values() for plan_ in plans)
    return 1 if broken else 0


def render_text(annual, lang: str = "it") -> str:
    """The plan as plain text: header, flats by source, the quota table, the checks."""
    from tavolo import i18n, plan

    t = lambda key: i18n.t(key, lang)  # noqa: E731
    out = [t("plan_cli_header").format(year=annual.year, comune=annual.comune_name,
                                       code=annual.comune_code, ambito=annual.ambito)]
    if annual.demo:
        out.append(t("plan_cli_demo") + " · " + t("as_of") + " " + i18n.fmt_date(annual.as_of, lang))
    out.append("")
    width = max(len(t(f"plan_source_{s}")) for s in annual.available_by_source) + 2
    for source, n in plan.sources_in_order(annual.available_by_source):
        out.append(f"  {t(f'plan_source_{source}'):<{width}}{i18n.fmt_int(n, lang):>6}")
    out.append(t("plan_cli_available").format(n=i18n.fmt_int(annual.available, lang))
               + (" (--available)" if annual.available_override else ""))
    if annual.available_by_owner and not annual.available_override:
        out.append("  " + ", ".join(f"{o} {i18n.fmt_int(n, lang)}"
                                    for o, n in annual.available_by_owner.items()))
    out += ["  " + line for line in plan.count_notes(annual, lang)]
    out.append("")
    out.append(_fixed_width(annual.table(lang), right=(2, 3, 5, 6)))
    if annual.poverty_detail(lang):
        out.append(t("plan_poverty_by_owner").format(detail=annual.poverty_detail(lang)))
    out.append("")
    out.append(t("plan_assigned_prev").format(year=annual.year - 1) + ": "
               + i18n.fmt_int(annual.assigned_previous_year, lang))
    if annual.breaches:
        out.append(t("plan_cli_breaches") + ":")
        out += [f"  ⚠ {b.message(lang)}" for b in annual.breaches]
    else:
        out.append(t("plan_ok"))
    return "\n".join(out)


def _fixed_width(frame, right=()) -> str:
    """A plain-text table: text columns left-aligned, numeric ones (``right``) right-aligned."""
    cols = list(frame.columns)
    cells = [[str(c) for c in cols]] + [[str(v) for v in row] for row in frame.itertuples(index=False)]
    widths = [max(len(r[i]) for r in cells) for i in range(len(cols))]
    lines = []
    for r in cells:
        lines.append("  ".join(v.rjust(w) if i in right else v.ljust(w)
                               for i, (v, w) in enumerate(zip(r, widths))).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def register(sub) -> None:
    p = sub.add_parser("plan", help="piano annuale dell'offerta: quote e riserve per un anno")
    p.add_argument("--database", help="URL SQLAlchemy (default: TAVOLO_DATABASE_URL o SQLite)")
    p.add_argument("--year", type=int, default=None,
                   help="anno del piano (default: il prossimo da fare, l'anno dopo la data dei dati)")
    p.add_argument("--comune", default=None, help="codice ISTAT (default: il comune dei dati, 015118)")
    p.add_argument("--available", type=int, default=None,
                   help="alloggi disponibili nell'anno (sostituisce la stima per fonte)")
    p.add_argument("--set", action="append", metavar="QUOTA=N",
                   help="alloggi scelti per una quota (poverty, art14, police, transitional, "
                        "local_extra, ordinary); ripetibile. Senza: solo la quota dovuta "
                        "(indigenti), 0 per ogni tetto")
    p.add_argument("--ambito", action="store_true",
                   help="il piano annuale dell'ambito: ogni comune, quote e tetti comune per comune")
    p.add_argument("--triennale", action="store_true",
                   help="il piano triennale (dell'ambito, o del --comune): tre anni da --from")
    p.add_argument("--from", dest="first", type=int, default=None, metavar="ANNO",
                   help="primo anno del piano triennale (default: il prossimo piano da fare)")
    p.add_argument("--json", action="store_true", help="stampa il piano in JSON")
    p.add_argument("--xlsx", default=None, metavar="FILE", help="scrive anche il piano in XLSX")
    p.add_argument("--lang", default="it", choices=("it", "en"))
    p.set_defaults(func=cmd_plan)
