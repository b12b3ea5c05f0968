"""Local accounts: added, given a role, disabled, enabled and given a new password by an
admin (once accounts exist); every refused request is recorded. Passwords are hashed
with Argon2 (argon2-cffi)."""

from __future__ import annotations

import functools
import inspect
import re

import sqlalchemy as sa
from argon2 import PasswordHasher

from tavolo.auth.permissions import (
    ROLES,
    AccountError,
    PermissionDenied,
    Person,
    _account,
    _now,
    account,
    accounts_exist,
    authorize,
    has_tables,
    record,
)
from tavolo.store import AUTH_SESSIONS, USERS, Store

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,119}$")
MIN_PASSWORD = 10

_hasher = PasswordHasher()


def _check_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise AccountError(f"Password troppo corta: almeno {MIN_PASSWORD} caratteri",
                           f"Password too short: at least {MIN_PASSWORD} characters")
    if password != password.strip():
        raise AccountError("La password non inizia né finisce con uno spazio",
                           "The password neither starts nor ends with a space")


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"Ruolo {role!r} inesistente: ruoli ammessi {', '.join(ROLES)}",
                           f"Role {role!r} does not exist: allowed roles {', '.join(ROLES)}")


def _recorded(func):
    """Record a refused account request (bad name, role, password...) in auth_events."""
    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except AccountError as error:
            bound = signature.bind(*args, **kwargs)
            by = bound.arguments.get("by")
            record(bound.arguments["store"], "account_refused", by.name if by else None,
                   f"{bound.arguments.get('name', '')}: {error.message_en}")
            raise

    return wrapper


def _manager(store: Store, by: Person | None, what: str) -> str | None:
    """Who manages accounts: an admin once accounts exist."""
    person = authorize(store, by, "users", what)
    return person.name if person else None


@_recorded
def add_user(store: Store, name: str, role: str, password: str | None, display_name: str = "",
             email: str | None = None, by: Person | None = None) -> Person:
    """A new account. The first one must be an admin (created from the server's command
    line); later ones are created by an admin. ``password`` None: OIDC sign-in only."""
    store.create()
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise AccountError(f"Nome utente {name!r} non valido: 2-120 caratteri tra lettere, cifre e . _ @ -",
                           f"User name {name!r} invalid: 2-120 characters among letters, digits and . _ @ -")
    _check_role(role)
    if password is not None:
        _check_password(password)
    first = not accounts_exist(store)
    if first and role != "admin":
        raise AccountError("Il primo account deve essere un amministratore (--role admin)",
                           "The first account must be an administrator (--role admin)")
    manager = None if first else _manager(store, by, f"account {name}")
    now = _now()
    with store.engine.begin() as conn:
        if _account(conn, name) is not None:
            raise AccountError(f"L'account {name!r} esiste già", f"Account {name!r} already exists")
        conn.execute(sa.insert(USERS).values(
            name=name, display_name=(display_name or name).strip()[:200], role=role,
            password_hash=_hasher.hash(password) if password is not None else None,
            email=(email or None), disabled=False, failed_attempts=0, locked_until=None,
            created_at=now, updated_at=now))
        record(store, "user_added", manager or name, f"{name} ({role})", conn=conn)
    return Person(name, (display_name or name).strip(), role)


def _update(store: Store, name: str, by: Person | None, event: str, detail: str, **values) -> None:
    manager = _manager(store, by, f"account {name}")
    with store.engine.begin() as conn:
        found = _account(conn, name)
        if found is None:
            raise AccountError(f"Account {name!r} inesistente", f"No account {name!r}")
        if "role" in values or values.get("disabled"):
            _keep_an_admin(conn, found, values)
        conn.execute(sa.update(USERS).where(USERS.c.name == name).values(updated_at=_now(), **values))
        if values.get("disabled"):
            conn.execute(sa.update(AUTH_SESSIONS).where(AUTH_SESSIONS.c.user_name == name,
                                                        AUTH_SESSIONS.c.ended_at.is_(None))
                         .values(ended_at=_now()))
        record(store, event, manager, f"{name}: {detail}", conn=conn)


def _keep_an_admin(conn, found: dict, values: dict) -> None:
    """The last enabled admin stays an enabled admin: otherwise nobody could manage."""
    if found["role"] != "admin" or found["disabled"]:
        return
    if values.get("role", "admin") == "admin" and not values.get("disabled"):
        return
    others = conn.execute(sa.select(sa.func.count()).select_from(USERS).where(
        USERS.c.role == "admin", USERS.c.disabled.is_(False), USERS.c.name != found["name"])).scalar_one()
    if not others:
        raise AccountError(f"{found['name']!r} è l'ultimo amministratore attivo: crearne un altro prima",
                           f"{found['name']!r} is the last active administrator: create another first")


@_recorded
def set_role(store: Store, name: str, role: str, by: Person | None) -> None:
    _check_role(role)
    _update(store, name, by, "role_changed", f"-> {role}", role=role)


@_recorded
def disable(store: Store, name: str, by: Person | None) -> None:
    _update(store, name, by, "disabled", "disabled", disabled=True)


@_recorded
def enable(store: Store, name: str, by: Person | None) -> None:
    _update(store, name, by, "enabled", "enabled", disabled=False, failed_attempts=0, locked_until=None)


@_recorded
def set_password(store: Store, name: str, password: str, by: Person | None) -> None:
    _check_password(password)
    _update(store, name, by, "password_changed", "password", password_hash=_hasher.hash(password),
            failed_attempts=0, locked_until=None)


def cli_person(store: Store, name: str | None) -> Person | None:
    """The admin the command line acts as (``--as NAME`` or ``TAVOLO_USER``): the account
    must exist and be enabled. None when no name is given."""
    if not name:
        return None
    found = account(store, name) if has_tables(store) else None
    if found is None or found["disabled"]:
        if has_tables(store):
            record(store, "denied", name, "cli: no enabled account")
        raise PermissionDenied(f"Account {name!r} inesistente o disabilitato",
                               f"Account {name!r} does not exist or is disabled", "cli", name)
    return Person(found["name"], found["display_name"], found["role"], "cli")


# -- sign-in -----------------------------------------------------------------------------------
