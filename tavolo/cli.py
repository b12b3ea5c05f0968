"""The command line: ``python -m tavolo COMMAND``.

Commands: ``init``, ``demo``, ``check``, ``load``, ``summary``, ``assets``, ``dictionary``,
and those of ``COMMAND_MODULES`` (``migrate``, ``migration``: the store's schema).
Errors are printed in Italian and English; the exit code is non-zero on any error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tavolo import paths


def _store(args):
    from tavolo.store import Store

    return Store(getattr(args, "database", None) or None)


def cmd_init(args) -> int:
    from tavolo import auth, auth_cli, loading

    store = _store(args)
    store.create()  # new database: the tables; existing one: the migrations it lacks
    if store.is_initialised() and not args.force:
        print(f"Database già pronto / database ready: {store.url}")
        return 0
    try:
        counts = loading.load_dir(Path(args.data), store, reason="init", person=auth_cli.acting(store, args))
    except auth.PermissionDenied as denied:  # accounts exist: --force needs a named admin (issue 13)
        print(denied, file=sys.stderr)
        return 1
    print(f"Database creato da {args.data} / database created: {sum(counts.values())} righe/rows")
    return 0


def cmd_demo(args) -> int:
    from tavolo import demo

    state = demo.RANDOM_STATE if args.random_state is None else args.random_state
    counts = demo.write_demo(Path(args.out), scale=args.scale, random_state=state)
    for name, n in counts.items():
        print(f"{name}: {n}")
    print(f"Dati dimostrativi scritti in / demo data written to {args.out}")
    return 0


def _print_issues(issues, limit: int = 200) -> None:
    from tavolo import i18n

    for issue in issues[:limit]:
        print(issue.bilingual(), file=sys.stderr)
    if len(issues) > limit:
        print(f"... +{len(issues) - limit}", file=sys.stderr)
    n = len(issues)
    print(f"{i18n.plural(n, 'errore', 'errori')} / {i18n.plural(n, 'error', 'errors', 'en', False)}", file=sys.stderr)


def _progress(args, action: str):
    """A progress callback for ``loading`` writing to stderr, or None. Shown on a terminal
    (one line rewritten) or with ``--progress`` (a line every 10 %); never on stdout."""
    tty = sys.stderr.isatty()
    if not (tty or getattr(args, "progress", False)):
        return None
    last = [-1]

    def report(fraction: float, label: str) -> None:
        percent = int(fraction * 100)
        if tty:
            print(f"\r{action} {percent:3d}% {label[:60]:<60}", end="" if percent < 100 else "\n",
                  file=sys.stderr, flush=True)
        elif percent // 10 > last[0] // 10 or (percent == 100 and last[0] < 100):
            print(f"{action} {percent}% {label}", file=sys.stderr, flush=True)
        last[0] = percent
    return report


def cmd_check(args) -> int:
    from tavolo import loading

    store = _store(args) if args.against_database else None
    issues = loading.check_dir(Path(args.dir), store, progress=_progress(args, "controllo / check"))
    if issues:
        _print_issues(issues)
        return 1
    print("Nessun errore / no errors")
    return 0


def cmd_load(args) -> int:
    from tavolo import auth, auth_cli, loading
    from tavolo.validation import ValidationFailed

    store = _store(args)
    try:
        counts = loading.load_dir(Path(args.dir), store, reason=args.reason,
                                  progress=_progress(args, "caricamento / load"),
                                  person=auth_cli.acting(store, args))
    except ValidationFailed as failed:
        _print_issues(failed.issues)
        print("Nessun dato modificato / no data changed", file=sys.stderr)
        return 1
    except auth.PermissionDenied as denied:  # --as / TAVOLO_USER: an admin (issue 13)
        print(denied, file=sys.stderr)
        print("Nessun dato modificato / no data changed", file=sys.stderr)
        return 1
    for name, n in counts.items():
        print(f"{name}: {n}")
    print("Caricamento completato / load complete")
    return 0


def summary_text(result, lang: str = "it", owner_names: dict[str, str] | None = None) -> str:
    """The overview figures as plain text: the data set's line first (demo flag while demo
    data are loaded, source, as-of date), then the figures in Italian formats, owners by
    their names (``summary.owner_names``), one sentence a line."""
    from tavolo import exports, i18n
    from tavolo.i18n import fmt_int, fmt_pct

    names = owner_names or {}
    owners = ", ".join(f"{names.get(k, k)} {fmt_int(v, lang)}" for k, v in result.flats_by_owner.items())
    lines = [exports.provenance({"source": result.source, "as_of": result.as_of}, result.demo, lang),
             f"{i18n.t('flats_total', lang)}: {fmt_int(result.flats_total, lang)} ({owners})",
             f"{i18n.t('vacancy_rate', lang)}: {fmt_pct(result.vacancy_rate, lang)}",
             f"{i18n.t('applications_waiting', lang)}: {fmt_int(result.applications_waiting, lang)}"]
    for prog in result.programmes:
        lines.append(f"{prog.name}: {i18n.plural(prog.flats_total, 'flat', 'flats', lang)}, "
                     f"{fmt_int(prog.handed_over, lang)} {i18n.t('delivered', lang)}")
    if result.demo:
        lines.append(i18n.t("demo_banner", lang))
    return "\n".join(lines)


def cmd_summary(args) -> int:
    from tavolo import loading, summary
    from tavolo.store import open_store

    from tavolo import ambito

    store = open_store(getattr(args, "database", None) or None)
    frames = store.read_all()
    comune = getattr(args, "comune", None) or ambito.lead_comune(frames)
    if comune not in set(frames["comuni"]["comune_code"]):
        print(f"Comune {comune} non trovato / not found", file=sys.stderr)
        return 2
    result = summary.summarise(ambito.comune_frames(frames, comune), store.meta(), loading.is_demo(store))
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False, default=str))
    else:
        print(summary_text(result, owner_names=summary.owner_names(store.read_all())))
    return 0


def cmd_dictionary(args) -> int:
    from tavolo import dictionary

    text = dictionary.render()
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"Scritto / written: {args.out}")
    return 0


def cmd_assets(args) -> int:
    from tavolo import assets

    for name, version in assets.install().items():
        print(f"{name} {version}")
    print(f"Risorse offline in / offline assets in {assets.VENDOR_DIR}")
    return 0


# Modules that add their own commands: each defines ``register(sub)`` which adds one or
# more subparsers (with ``set_defaults(func=...)``) to the ``sub`` action. Page issues add
# their module here, one line each.
COMMAND_MODULES: list[str] = [
    "tavolo.maps_cli",
    "tavolo.plan_cli",
    "tavolo.meeting_cli",
    "tavolo.backup_cli",
    "tavolo.gestione_cli",
    "tavolo.migrations.commands",
    "tavolo.auth_cli",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tavolo",
                                     description="Tavolo Casa: Comune di Legnano - ALER")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_db(p):
        p.add_argument("--database", help="URL SQLAlchemy (default: TAVOLO_DATABASE_URL o SQLite)")
        return p

    p = with_db(sub.add_parser("init", help="crea il database dai dati di data/"))
    p.add_argument("--data", default=str(paths.DATA_DIR))
    p.add_argument("--force", action="store_true", help="ricarica anche se il database esiste")
    p.add_argument("--as", dest="as_user", metavar="NOME", help="l'amministratore per cui si ricarica "
                   "(o TAVOLO_USER), quando esistono account")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="genera i dati dimostrativi")
    p.add_argument("--scale", type=int, default=1, help="1 = Legnano; 100 = una regione")
    p.add_argument("--random-state", type=int, default=None,
                   help="stato iniziale del generatore casuale (default: quello dei dati forniti)")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_demo)

    p = with_db(sub.add_parser("check", help="controlla una cartella di file CSV/XLSX"))
    p.add_argument("dir")
    p.add_argument("--against-database", action="store_true",
                   help="controlla i riferimenti anche con le tabelle nel database")
    p.add_argument("--progress", action="store_true",
                   help="avanzamento su stderr anche fuori da un terminale")
    p.set_defaults(func=cmd_check)

    p = with_db(sub.add_parser("load", help="carica una cartella in un'unica transazione"))
    p.add_argument("dir")
    p.add_argument("--reason", default="caricamento da riga di comando")
    p.add_argument("--progress", action="store_true",
                   help="avanzamento su stderr anche fuori da un terminale")
    p.add_argument("--as", dest="as_user", metavar="NOME", help="l'amministratore per cui si carica "
                   "(o la variabile TAVOLO_USER); registrato nello storico")
    p.set_defaults(func=cmd_load)

    p = with_db(sub.add_parser("summary", help="le cifre della panoramica"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--comune", default=None, help="codice ISTAT (default: il comune capofila)")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("assets", help="copia Leaflet e le altre risorse offline in static/")
    p.set_defaults(func=cmd_assets)

    p = sub.add_parser("dictionary", help="scrive il dizionario dei dati")
    p.add_argument("--out", default=str(paths.DATA_DIR / "README.md"))
    p.set_defaults(func=cmd_dictionary)

    import importlib

    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; a damaged or unreachable database, an invalid settings file, a
    refused backup or permission ends it with a message in Italian and English and exit
    code 2, never a traceback."""
    args = build_parser().parse_args(argv)
    import sqlalchemy as sa

    from tavolo import faults
    from tavolo.errors import BilingualError

    try:
        return args.func(args)
    except BilingualError as err:  # settings, backups, permissions, accounts: said, not traced
        print(err.bilingual(), file=sys.stderr)
        return 2
    except sa.exc.DBAPIError as exc:  # the database's own errors: damaged, unreachable, read-only
        from tavolo import settings

        url = getattr(args, "database", None) or settings.database_url()
        print(faults.explain(exc, url).bilingual(), file=sys.stderr)
        return 2
