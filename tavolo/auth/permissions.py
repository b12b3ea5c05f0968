"""Roles, the people they are given to, and the permission check every writing function
calls (``authorize``; ``check_load`` for data loads); refusals are recorded in
``auth_events``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from tavolo import settings
from tavolo.errors import BilingualError
from tavolo.store import AUTH_EVENTS, USERS, Store

ROLES = ("viewer", "editor", "admin")
ROLE_LABELS = {"viewer": ("Lettura", "Viewer"), "editor": ("Modifica", "Editor"),
               "admin": ("Amministrazione", "Admin")}
_RANK = {role: n for n, role in enumerate(ROLES)}
# What each action needs; every write path names its action.
ACTIONS = {"read": "viewer", "export": "viewer", "meeting": "viewer", "edit": "editor",
           "load": "admin", "settings": "admin", "users": "admin", "backup": "admin"}
ACTION_LABELS = {"read": ("leggere", "read"), "export": ("esportare", "export"),
                 "meeting": ("usare la modalità riunione", "use meeting mode"),
                 "edit": ("modificare i dati", "edit data"), "load": ("caricare dati", "load data"),
                 "settings": ("cambiare le impostazioni", "change settings"),
                 "users": ("gestire gli account", "manage accounts"),
                 "backup": ("fare o ripristinare copie di sicurezza", "take or restore backups")}
EVENTS = ("sign_in", "sign_in_failed", "locked", "sign_out", "session_expired", "denied",
          "account_refused", "user_added", "disabled", "enabled", "role_changed", "password_changed", "load",
          "settings_change", "backup", "restore")
CREATE_ADMIN_HINT = "python -m tavolo user add NOME --role admin"


class PermissionDenied(BilingualError, PermissionError):
    """A write refused because of who asked; nothing was written. Bilingual."""

    def __init__(self, message_it: str, message_en: str, action: str = "", user: str | None = None):
        super().__init__(message_it, message_en)
        self.action = action
        self.user = user


class SignInFailed(PermissionDenied):
    """Wrong name or password, a locked or a disabled account."""


class AccountError(BilingualError, ValueError):
    """A bad account request (name, role, password): nothing written. Bilingual."""


@dataclass(frozen=True)
class Person:
    """Who is acting: an account's name, the name written in the history, its role and
    how they signed in (``local``, ``oidc``, ``cli``)."""

    name: str
    display_name: str
    role: str
    via: str = "local"

    def can(self, action: str) -> bool:
        return _RANK.get(self.role, -1) >= _RANK[ACTIONS[action]]


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _label(pairs: dict, key: str) -> tuple[str, str]:
    return pairs.get(key, (key, key))


# -- reading ------------------------------------------------------------------------------
def has_tables(store: Store) -> bool:
    """True once the access tables exist (migration 0002)."""
    return sa.inspect(store.engine).has_table("users")


def accounts_exist(store: Store) -> bool:
    """True once any account is defined: from then on every write needs a person."""
    if not has_tables(store):
        return False
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(USERS)).scalar_one() > 0


def admin_exists(store: Store) -> bool:
    if not has_tables(store):
        return False
    with store.engine.connect() as conn:
        query = sa.select(sa.func.count()).select_from(USERS).where(
            USERS.c.role == "admin", USERS.c.disabled.is_(False))
        return conn.execute(query).scalar_one() > 0


def _account(conn, name: str) -> dict | None:
    row = conn.execute(sa.select(USERS).where(USERS.c.name == name)).first()
    return dict(row._mapping) if row else None


def account(store: Store, name: str) -> dict | None:
    with store.engine.connect() as conn:
        return _account(conn, name)


def users(store: Store) -> pd.DataFrame:
    """The accounts, without password hashes."""
    columns = ["name", "display_name", "role", "email", "disabled", "failed_attempts",
               "locked_until", "created_at", "updated_at"]
    if not has_tables(store):
        return pd.DataFrame(columns=columns)
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(*[USERS.c[c] for c in columns]).order_by(USERS.c.name)).fetchall()
    return pd.DataFrame([dict(r._mapping) for r in rows], columns=columns)


def events(store: Store) -> pd.DataFrame:
    """Sign-ins, refusals, account changes, loads and settings changes, newest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(AUTH_EVENTS).order_by(AUTH_EVENTS.c.event_id.desc())).fetchall()
    frame = pd.DataFrame([dict(r._mapping) for r in rows], columns=[c.name for c in AUTH_EVENTS.columns])
    return frame.astype(object).where(frame.notna(), None)  # None, not NaN, for no user


def record(store: Store, event: str, user: str | None, detail: str = "", conn=None) -> None:
    """One line of ``auth_events`` (in ``conn``'s transaction when given)."""
    values = dict(at=_now(), user_name=(user or None) and str(user)[:120], event=event, detail=detail)
    if conn is not None:
        conn.execute(sa.insert(AUTH_EVENTS).values(**values))
        return
    store.create()
    with store.engine.begin() as own:
        own.execute(sa.insert(AUTH_EVENTS).values(**values))


# -- the check every write makes -------------------------------------------------------------
def _deny(store: Store, action: str, user: str | None, it: str, en: str) -> PermissionDenied:
    record(store, "denied", user, f"{action}: {en}")
    return PermissionDenied(it, en, action, user)


def authorize(store: Store, person: Person | None, action: str, what: str = "") -> Person | None:
    """The person allowed to do ``action`` (refreshed from the store), or None in open mode
    without a person. Raises ``PermissionDenied`` (recorded) otherwise."""
    if action not in ACTIONS:
        raise ValueError(f"azione sconosciuta / unknown action: {action}")
    if not accounts_exist(store):
        return person
    act_it, act_en = _label(ACTION_LABELS, action)
    suffix = f" ({what})" if what else ""
    if person is None:
        raise _deny(store, action, None,
                    f"Accesso richiesto per {act_it}{suffix}: accedere con il proprio account "
                    "(dalla riga di comando: --as NOME o la variabile TAVOLO_USER)",
                    f"Sign-in required to {act_en}{suffix}: sign in with your account "
                    "(on the command line: --as NAME or the TAVOLO_USER variable)")
    with store.engine.connect() as conn:
        found = _account(conn, person.name)
    if found is None or found["disabled"]:
        raise _deny(store, action, person.name,
                    f"L'account {person.name!r} non esiste o è disabilitato: non può {act_it}",
                    f"Account {person.name!r} does not exist or is disabled: it cannot {act_en}")
    fresh = Person(found["name"], found["display_name"], found["role"], person.via)
    if not fresh.can(action):
        need_it, need_en = _label(ROLE_LABELS, ACTIONS[action])
        has_it, has_en = _label(ROLE_LABELS, fresh.role)
        raise _deny(store, action, fresh.name,
                    f"Permesso negato: il ruolo «{has_it}» di {fresh.display_name} non può {act_it}"
                    f"{suffix}; serve il ruolo «{need_it}» (chiedere a un amministratore)",
                    f"Permission denied: the role '{has_en}' of {fresh.display_name} cannot {act_en}"
                    f"{suffix}; the role '{need_en}' is needed (ask an administrator)")
    return fresh


def author(person: Person | None, given: str | None = None) -> str | None:
    """The name the change log records: the signed-in person's display name, else the
    author given (open mode)."""
    return person.display_name if person is not None else given


def check_load(store: Store, person: Person | None, kinds: list[str], tables: list[str]) -> Person | None:
    """A data load: role ``admin`` once accounts exist; real data (a kind other than
    ``demo``) only once an admin account exists."""
    person = authorize(store, person, "load", ", ".join(tables))
    if any(kind != "demo" for kind in kinds) and not admin_exists(store):
        raise _deny(store, "load", person.name if person else None,
                    "Caricamento di dati reali rifiutato: prima serve un account amministratore. "
                    f"Crearlo sul server con: {CREATE_ADMIN_HINT} (la password viene chiesta). "
                    "Fino ad allora si usano i dati dimostrativi, senza accesso.",
                    "Loading real data refused: an administrator account is needed first. "
                    f"Create it on the server with: {CREATE_ADMIN_HINT.replace('NOME', 'NAME')} "
                    "(the password is asked). Until then the demo data are used, with no sign-in.")
    return person


def default_store() -> Store | None:
    """The configured store if it already exists (never created here): what settings
    changes are checked against."""
    url = settings.database_url()
    if url.startswith("sqlite:///"):
        from pathlib import Path

        if not Path(url.removeprefix("sqlite:///")).exists():
            return None
    return Store(url)
