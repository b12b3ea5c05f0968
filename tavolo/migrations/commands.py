"""Commands of the store's schema (registered in tavolo.cli.COMMAND_MODULES):

    python -m tavolo migrate               bring the database to the newest migration
    python -m tavolo migration "message"   write the next migration from the registry
"""

from __future__ import annotations

import sys


def cmd_migrate(args) -> int:
    from tavolo import migrations
    from tavolo.store import Store

    store = Store(getattr(args, "database", None) or None)
    try:
        adopted = migrations.made_before_migrations(store.engine)
        before = migrations.current(store.engine)
        store.create()
        after = store.revision()
    finally:
        store.dispose()
    if adopted:
        print(f"Database creato prima delle migrazioni, adottato / database made before migrations, "
              f"adopted: revisione / revision {after}")
    elif before == after:
        print(f"Database già aggiornato / database up to date: revisione / revision {after}")
    else:
        print(f"Database aggiornato / database upgraded: {before or '-'} -> {after}")
    return 0


def cmd_migration(args) -> int:
    from tavolo import migrations

    path = migrations.autogenerate(args.message)
    if path is None:
        print("Nessuna differenza tra il registro e le migrazioni: nessun file scritto / "
              "no difference between the registry and the migrations: no file written",
              file=sys.stderr)
        return 1
    print(f"Migrazione scritta / migration written: {path}")
    print("Rileggerla prima del commit / read it before committing it (docs/DEVELOPERS.md)")
    return 0


def register(sub) -> None:
    p = sub.add_parser("migrate", help="aggiorna la struttura del database all'ultima migrazione")
    p.add_argument("--database", help="URL SQLAlchemy (default: TAVOLO_DATABASE_URL o SQLite)")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("migration", help="scrive la prossima migrazione dal registro (sviluppatori)")
    p.add_argument("message", help="cosa cambia, in inglese (diventa il nome del file)")
    p.set_defaults(func=cmd_migration)
