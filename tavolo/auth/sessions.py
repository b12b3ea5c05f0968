"""Sign-in (password or OpenID Connect) and the sessions that keep a person signed in."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa
from argon2.exceptions import InvalidHashError, VerificationError

from tavolo import settings
from tavolo.auth.accounts import _hasher
from tavolo.auth.permissions import Person, SignInFailed, _account, _now, account, has_tables, record
from tavolo.store import AUTH_SESSIONS, USERS, Store

_DUMMY_HASH = _hasher.hash("tavolo-casa: no such user")  # same work for unknown names
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
