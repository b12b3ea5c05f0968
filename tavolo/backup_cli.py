"""Commands ``backup``, ``restore`` and ``doctor``."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from tavolo import backup, i18n, settings


def _store(args):
    from tavolo.store import Store

    return Store(getattr(args, "database", None) or None)


def _size(n: int) -> str:
    return f"{i18n.fmt_num(n / 1024, 'it', 1)} kB" if n < 1024 * 1024 else \
        f"{i18n.fmt_num(n / 1024 / 1024, 'it', 1)} MB"


def cmd_backup(args) -> int:
    folder = Path(args.out) if args.out else None
    if args.list:
        found = backup.list_backups(folder)
        if not found:
            print(f"Nessuna copia in / no backup in {folder or backup.backup_dir()}")
            return 0
        print("data / date | dimensione / size | righe / rows | archivio / archive")
        for item in found:
            flag = " (dati dimostrativi / demo data)" if item.demo else ""
            print(f"{i18n.fmt_date(item.created_at.date(), 'it')} {item.created_at:%H:%M:%S} | "
                  f"{_size(item.size)} | {i18n.fmt_int(item.total_rows, 'it')} | {item.path}{flag}")
        return 0
    from tavolo import auth_cli

    store = _store(args)
    path = backup.create(store, folder, keep=args.keep, person=auth_cli.acting(store, args))
    made = backup.info(path)
    print(f"Copia di sicurezza scritta / backup written: {path} "
          f"({_size(made.size)}, {i18n.fmt_int(made.total_rows, 'it')} righe/rows)")
    return 0


def cmd_restore(args) -> int:
    from tavolo.validation import ValidationFailed

    store = _store(args)
    try:
        from tavolo import auth_cli

        person = None if backup.is_damaged(store) else auth_cli.acting(store, args)
        safety = backup.restore(Path(args.archive), store, replace=args.replace, person=person)
    except ValidationFailed as failed:
        for issue in failed.issues[:50]:
            print(issue.bilingual(), file=sys.stderr)
        print("Nessun dato modificato / no data changed", file=sys.stderr)
        return 1
    if safety is not None:
        print(f"Copia dei dati sostituiti / copy of the replaced data: {safety}")
    print(f"Ripristino completato / restore complete: {args.archive} -> {backup.redacted(store.url)}")
    return 0


def _head_revision() -> str | None:
    from tavolo import migrations

    return migrations.head()


@dataclass(frozen=True)
class Finding:
    level: str  # ok, warning, error
    it: str
    en: str


def diagnose(store, now: dt.datetime | None = None) -> list[Finding]:
    """Every check of ``doctor``: the store, its schema revision, the settings file, the
    offline assets and the age of the last backup."""
    import sqlalchemy as sa

    from tavolo import assets, faults

    out: list[Finding] = []
    try:
        with store.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                result = conn.exec_driver_sql("PRAGMA integrity_check").scalar_one()
                if result != "ok":
                    raise sa.exc.DatabaseError("PRAGMA integrity_check", None, Exception(
                        f"database disk image is malformed: {result}"))
            else:
                conn.exec_driver_sql("SELECT 1")
            revision = backup.schema_revision(conn)
        out.append(Finding("ok", f"Database leggibile: {backup.redacted(store.url)}",
                           f"Database readable: {backup.redacted(store.url)}"))
        head = _head_revision()
        if revision == head:
            out.append(Finding("ok", f"Schema aggiornato (revisione {revision})",
                               f"Schema up to date (revision {revision})"))
        else:
            out.append(Finding("error",
                               f"Schema alla revisione {revision}, attesa {head}: eseguire "
                               "`python -m tavolo init`",
                               f"Schema at revision {revision}, expected {head}: run "
                               "`python -m tavolo init`"))
        if not store.is_initialised():
            out.append(Finding("warning", "Database vuoto: `python -m tavolo init` lo crea dai dati di data/",
                               "Empty database: `python -m tavolo init` fills it from data/"))
    except sa.exc.SQLAlchemyError as exc:
        fault = faults.explain(exc, store.url)
        out.append(Finding("error", fault.message_it, fault.message_en))
    try:
        settings.all_values()
        out.append(Finding("ok", f"Impostazioni valide ({settings.settings_file()})",
                           f"Settings valid ({settings.settings_file()})"))
    except settings.SettingError as err:
        out.append(Finding("error", err.message_it, err.message_en))
    if assets.installed():
        out.append(Finding("ok", "Risorse web offline presenti", "Offline web assets present"))
    else:
        out.append(Finding("error", "Risorse web offline mancanti: eseguire `python -m tavolo assets`",
                           "Offline web assets missing: run `python -m tavolo assets`"))
    try:
        last = backup.last_backup()
        warn_days = int(settings.get("backup_warn_days"))
    except settings.SettingError:
        last, warn_days = backup.last_backup(), 7
    age = backup.age_days(last, now)
    if last is None:
        out.append(Finding("warning",
                           f"Nessuna copia di sicurezza in {backup.backup_dir()}: `python -m tavolo backup`",
                           f"No backup in {backup.backup_dir()}: `python -m tavolo backup`"))
    elif age > warn_days:
        out.append(Finding("warning",
                           f"Ultima copia di sicurezza di {i18n.fmt_int(int(age), 'it')} giorni fa "
                           f"({last.path.name}): `python -m tavolo backup`",
                           f"Last backup {int(age)} days old ({last.path.name}): `python -m tavolo backup`"))
    else:
        out.append(Finding("ok", f"Ultima copia di sicurezza: {last.path.name}",
                           f"Last backup: {last.path.name}"))
    return out


def cmd_doctor(args) -> int:
    findings = diagnose(_store(args))
    labels = {"ok": "OK", "warning": "AVVISO / WARNING", "error": "ERRORE / ERROR"}
    for f in findings:
        stream = sys.stderr if f.level == "error" else sys.stdout
        print(f"{labels[f.level]}: {f.it}\n    {f.en}", file=stream)
    return 1 if any(f.level == "error" for f in findings) else 0


def register(sub) -> None:
    def with_db(p):
        p.add_argument("--database", help="URL SQLAlchemy (default: TAVOLO_DATABASE_URL o SQLite)")
        return p

    p = with_db(sub.add_parser("backup", help="copia di sicurezza dell'intero database"))
    p.add_argument("--out", help="cartella delle copie (default: impostazione backup_dir, var/backups)")
    p.add_argument("--list", action="store_true", help="elenca le copie con data, dimensione e righe")
    p.add_argument("--keep", type=int, default=None,
                   help="quante copie conservare (default: impostazione backup_keep)")
    p.add_argument("--as", dest="as_user", metavar="NOME",
                   help="l'amministratore che fa la copia (o TAVOLO_USER), quando esistono account")
    p.set_defaults(func=cmd_backup)

    p = with_db(sub.add_parser("restore", help="ripristina una copia di sicurezza (tutto o niente)"))
    p.add_argument("archive")
    p.add_argument("--replace", action="store_true",
                   help="sostituisce i dati presenti (prima ne fa una copia)")
    p.add_argument("--as", dest="as_user", metavar="NOME",
                   help="l'amministratore che ripristina (o TAVOLO_USER), quando esistono account")
    p.set_defaults(func=cmd_restore)

    p = with_db(sub.add_parser("doctor", help="controlla database, impostazioni, risorse e copie"))
    p.set_defaults(func=cmd_doctor)
