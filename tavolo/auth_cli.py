"""Commands of access (registered in tavolo.cli.COMMAND_MODULES):

    python -m tavolo user add NAME --role editor [--display-name "Nome Cognome"] [--email E]
    python -m tavolo user list
    python -m tavolo user disable NAME | user enable NAME
    python -m tavolo user passwd NAME
    python -m tavolo user role NAME ROLE
    python -m tavolo setting NAME [VALUE]

The password is asked twice on the terminal, or read from the first line of standard input
with ``--password-stdin``; it is never an argument (it would stay in the shell's history).
The first account must be an admin and needs no ``--as``; afterwards the commands that
change something act as a named admin: ``--as NAME`` or the ``TAVOLO_USER`` variable, and
that name is recorded in the history. The command line trusts whoever runs it on the
server: anyone who can run it can also read the database file.
"""

from __future__ import annotations

import getpass
import os
import sys

ENV_USER = "TAVOLO_USER"


def _store(args):
    from tavolo.store import open_store

    return open_store(getattr(args, "database", None) or None)  # fills a new store from data/


def acting(store, args):
    """The admin the command acts as: ``--as`` or ``TAVOLO_USER`` (None: nobody named)."""
    from tavolo import auth

    return auth.cli_person(store, getattr(args, "as_user", None) or os.environ.get(ENV_USER))


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password (almeno 10 caratteri / at least 10 characters): ")
    if getpass.getpass("Ripetere la password / repeat the password: ") != first:
        from tavolo.auth import AccountError

        raise AccountError("Le due password non coincidono", "The two passwords differ")
    return first


def _fail(exc) -> int:
    print(str(exc), file=sys.stderr)
    print("Nessuna modifica / nothing changed", file=sys.stderr)
    return 1


def _run(args, action) -> int:
    from tavolo import auth
    from tavolo.settings import SettingError

    store = _store(args)
    try:
        return action(store, acting(store, args))
    except (auth.AccountError, auth.PermissionDenied, SettingError) as exc:
        return _fail(exc)
    finally:
        store.dispose()


def cmd_user(args) -> int:
    from tavolo import auth

    def action(store, by) -> int:
        if args.user_command == "list":
            frame = auth.users(store)
            if frame.empty:
                print("Nessun account: modalità dimostrativa, nessun accesso richiesto / "
                      f"no account: demo mode, no sign-in required. Primo / first: {auth.CREATE_ADMIN_HINT}")
                return 0
            for row in frame.itertuples(index=False):
                state = "disabilitato / disabled" if row.disabled else "attivo / active"
                print(f"{row.name}\t{row.role}\t{row.display_name}\t{row.email or ''}\t{state}")
            return 0
        if args.user_command == "add":
            password = None if args.no_password else _password(args)
            person = auth.add_user(store, args.name, args.role, password, args.display_name or "",
                                   args.email, by=by)
            print(f"Account creato / account created: {person.name} ({person.role})")
        elif args.user_command == "disable":
            auth.disable(store, args.name, by)
            print(f"Account disabilitato / account disabled: {args.name}")
        elif args.user_command == "enable":
            auth.enable(store, args.name, by)
            print(f"Account riattivato / account enabled: {args.name}")
        elif args.user_command == "passwd":
            auth.set_password(store, args.name, _password(args), by)
            print(f"Password cambiata / password changed: {args.name}")
        elif args.user_command == "role":
            auth.set_role(store, args.name, args.role, by)
            print(f"Ruolo cambiato / role changed: {args.name} -> {args.role}")
        return 0

    return _run(args, action)


def cmd_setting(args) -> int:
    from tavolo import settings

    if args.name not in settings.SETTINGS:
        print(f"Impostazione sconosciuta / unknown setting: {args.name}", file=sys.stderr)
        return 1

    def action(store, by) -> int:
        if args.value is not None:
            settings.save({args.name: args.value}, person=by, store=store)
        spec = settings.SETTINGS[args.name]
        print(f"{args.name} = {settings.get(args.name)!r}  ({spec.help_it})")
        return 0

    return _run(args, action)


def _with_as(p):
    p.add_argument("--as", dest="as_user", metavar="NOME",
                   help=f"l'amministratore per cui si agisce (o la variabile {ENV_USER})")
    p.add_argument("--database", help="URL SQLAlchemy (default: TAVOLO_DATABASE_URL o SQLite)")
    return p


def register(sub) -> None:
    from tavolo.auth import ROLES

    p = sub.add_parser("user", help="account locali: add, list, disable, enable, passwd, role")
    users = p.add_subparsers(dest="user_command", required=True)
    q = _with_as(users.add_parser("add", help="crea un account (il primo: --role admin)"))
    q.add_argument("name")
    q.add_argument("--role", required=True, help=f"uno tra {', '.join(ROLES)}")
    q.add_argument("--display-name", help="nome e cognome, come appare nello storico")
    q.add_argument("--email", help="per l'accesso con il provider d'identità (st.login)")
    q.add_argument("--password-stdin", action="store_true", help="legge la password dalla prima riga di stdin")
    q.add_argument("--no-password", action="store_true",
                   help="nessuna password locale: accesso solo con il provider d'identità")
    _with_as(users.add_parser("list", help="elenca gli account"))
    for name, text in (("disable", "disabilita un account"), ("enable", "riattiva un account")):
        _with_as(users.add_parser(name, help=text)).add_argument("name")
    q = _with_as(users.add_parser("passwd", help="cambia la password di un account"))
    q.add_argument("name")
    q.add_argument("--password-stdin", action="store_true", help="legge la password dalla prima riga di stdin")
    q = _with_as(users.add_parser("role", help="cambia il ruolo di un account"))
    q.add_argument("name")
    q.add_argument("role", help=f"uno tra {', '.join(ROLES)}")
    p.set_defaults(func=cmd_user)

    p = _with_as(sub.add_parser("setting", help="legge o cambia un'impostazione (registrato nello storico)"))
    p.add_argument("name")
    p.add_argument("value", nargs="?")
    p.set_defaults(func=cmd_setting)
