"""Who may change what: local accounts, roles, sign-in, sessions and the permission check
every writing function calls.

Two modes, decided by the store alone:

- **open** (no account in ``users``): the app works as it always did, "modalità
  dimostrativa, nessun accesso richiesto"; edits and settings are written with the author
  given (or the machine's user). Loading real data (any table whose ``dataset.json`` kind
  is not ``demo``) is refused until an admin account exists, with the command to create it.
- **accounts** (at least one account): every write needs a ``Person`` whose account is
  enabled and whose role allows it; the role is read again from the store at each write,
  so a role change or a disabled account counts at once. Refusals raise
  ``PermissionDenied`` (Italian and English) and are recorded in ``auth_events``.

Roles: ``viewer`` (read, export, meeting mode), ``editor`` (also edits: programmes,
actions, decisions, saved views, maintenance statuses), ``admin`` (also data loads,
settings, accounts). Passwords are hashed with Argon2 (argon2-cffi); none is shipped.

    >>> person = authenticate(store, "rossi", "una password lunga")
    >>> edits.apply_changes(store, "actions", [change], reason="chiusa", person=person)
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import inspect
import re
import secrets
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from tavolo import settings
from tavolo.errors import BilingualError
from tavolo.store import AUTH_EVENTS, AUTH_SESSIONS, USERS, Store

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
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,119}$")
MIN_PASSWORD = 10
CREATE_ADMIN_HINT = "python -m tavolo user add NOME --role admin"

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("tavolo-casa: no such user")  # same work for unknown names


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


# -- accounts ----------------------------------------------------------------------------------
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
_WRONG = ("Nome utente o password errati: nessun accesso", "Wrong user name or password: not signed in")


def authenticate(store: Store, name: str, password: str, now: dt.datetime | None = None) -> Person:
    """The person for a correct name and password; otherwise ``SignInFailed`` (recorded).
    After ``signin_max_failures`` wrong attempts in a row the account is locked for
    ``signin_lockout_minutes``."""
    now = now or _now()
    name = (name or "").strip()
    found = account(store, name) if name and has_tables(store) else None
    if found is None:
        try:
            _hasher.verify(_DUMMY_HASH, password or "")
        except VerificationError:
            pass
        record(store, "sign_in_failed", name or None, "unknown user")
        raise SignInFailed(*_WRONG, "sign_in", name)
    if found["locked_until"] is not None and found["locked_until"] > now:
        record(store, "sign_in_failed", name, "locked")
        until = found["locked_until"].strftime("%H:%M")
        raise SignInFailed(f"Account bloccato per troppi tentativi sbagliati: riprovare dopo le {until}",
                           f"Account locked after too many wrong attempts: try again after {until}",
                           "sign_in", name)
    try:
        ok = found["password_hash"] is not None and _hasher.verify(found["password_hash"], password or "")
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        failures = int(found["failed_attempts"] or 0) + 1
        limit = settings.get("signin_max_failures")
        values = {"failed_attempts": failures}
        if failures >= limit:
            values = {"failed_attempts": 0,
                      "locked_until": now + dt.timedelta(minutes=settings.get("signin_lockout_minutes"))}
        with store.engine.begin() as conn:
            conn.execute(sa.update(USERS).where(USERS.c.name == name).values(**values))
            record(store, "sign_in_failed", name, "wrong password", conn=conn)
            if "locked_until" in values:
                record(store, "locked", name, f"{failures} failures", conn=conn)
        raise SignInFailed(*_WRONG, "sign_in", name)
    if found["disabled"]:
        record(store, "sign_in_failed", name, "disabled")
        raise SignInFailed("Account disabilitato: chiedere a un amministratore",
                           "Account disabled: ask an administrator", "sign_in", name)
    with store.engine.begin() as conn:
        conn.execute(sa.update(USERS).where(USERS.c.name == name).values(failed_attempts=0, locked_until=None))
        record(store, "sign_in", name, "local", conn=conn)
    return Person(found["name"], found["display_name"], found["role"], "local")


def oidc_person(store: Store, email: str | None, name: str | None) -> Person:
    """The account of someone signed in with the identity provider (``st.login``): found
    by e-mail or name; unknown or disabled people are refused (recorded)."""
    with store.engine.connect() as conn:
        query = sa.select(USERS).where(sa.or_(USERS.c.email == (email or "\0"), USERS.c.name == (email or "\0"),
                                              USERS.c.name == (name or "\0")))
        row = conn.execute(query).first()
    who = email or name
    if row is None or row._mapping["disabled"]:
        record(store, "sign_in_failed", who, "oidc: no enabled account")
        raise SignInFailed(f"{who} non ha un account attivo in Tavolo Casa: chiedere a un amministratore",
                           f"{who} has no active Tavolo Casa account: ask an administrator", "sign_in", who)
    found = dict(row._mapping)
    return Person(found["name"], found["display_name"], found["role"], "oidc")


# -- sessions ------------------------------------------------------------------------------------
def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(store: Store, person: Person, now: dt.datetime | None = None) -> str:
    """A new random session token (only its hash is stored): what the browser keeps."""
    token = secrets.token_urlsafe(32)
    now = now or _now()
    with store.engine.begin() as conn:
        conn.execute(sa.insert(AUTH_SESSIONS).values(token_hash=_token_hash(token), user_name=person.name,
                                                     created_at=now, last_seen=now, ended_at=None))
    return token


def resume_session(store: Store, token: str | None, now: dt.datetime | None = None) -> Person | None:
    """The person of a live session token, refreshed; None for an unknown, ended or idle
    one (idle longer than ``session_idle_minutes``: ended and recorded)."""
    if not isinstance(token, str) or not token or not has_tables(store):
        return None
    now = now or _now()
    with store.engine.begin() as conn:
        row = conn.execute(sa.select(AUTH_SESSIONS).where(
            AUTH_SESSIONS.c.token_hash == _token_hash(token))).first()
        if row is None or row._mapping["ended_at"] is not None:
            return None
        session = dict(row._mapping)
        idle = dt.timedelta(minutes=settings.get("session_idle_minutes"))
        found = _account(conn, session["user_name"])
        if now - session["last_seen"] > idle or found is None or found["disabled"]:
            conn.execute(sa.update(AUTH_SESSIONS).where(AUTH_SESSIONS.c.token_hash == session["token_hash"])
                         .values(ended_at=now))
            record(store, "session_expired", session["user_name"],
                   "idle" if found is not None and not found["disabled"] else "account disabled", conn=conn)
            return None
        if now - session["last_seen"] >= dt.timedelta(seconds=30):  # not a write on every rerun
            conn.execute(sa.update(AUTH_SESSIONS).where(AUTH_SESSIONS.c.token_hash == session["token_hash"])
                         .values(last_seen=now))
    return Person(found["name"], found["display_name"], found["role"], "local")


def end_session(store: Store, token: str | None) -> None:
    if not token:
        return
    with store.engine.begin() as conn:
        row = conn.execute(sa.select(AUTH_SESSIONS.c.user_name).where(
            AUTH_SESSIONS.c.token_hash == _token_hash(token), AUTH_SESSIONS.c.ended_at.is_(None))).first()
        if row is None:
            return
        conn.execute(sa.update(AUTH_SESSIONS).where(AUTH_SESSIONS.c.token_hash == _token_hash(token))
                     .values(ended_at=_now()))
        record(store, "sign_out", row[0], "", conn=conn)
