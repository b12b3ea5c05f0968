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

The parts: ``permissions`` (roles, ``Person``, ``authorize``, ``check_load``), ``accounts``
(adding and managing accounts, passwords), ``sessions`` (sign-in and sessions); every
name is re-exported here (``from tavolo import auth; auth.authorize(...)``).
"""

from tavolo.auth.permissions import (
    ACTIONS,
    ACTION_LABELS,
    CREATE_ADMIN_HINT,
    EVENTS,
    ROLES,
    ROLE_LABELS,
    AccountError,
    PermissionDenied,
    Person,
    SignInFailed,
    account,
    accounts_exist,
    admin_exists,
    author,
    authorize,
    check_load,
    default_store,
    events,
    has_tables,
    record,
    users,
)
from tavolo.auth.accounts import (
    MIN_PASSWORD,
    NAME_RE,
    add_user,
    cli_person,
    disable,
    enable,
    set_password,
    set_role,
)
from tavolo.auth.sessions import (
    authenticate,
    end_session,
    oidc_person,
    resume_session,
    start_session,
)

__all__ = [
    "ACTIONS",
    "ACTION_LABELS",
    "CREATE_ADMIN_HINT",
    "EVENTS",
    "ROLES",
    "ROLE_LABELS",
    "AccountError",
    "PermissionDenied",
    "Person",
    "SignInFailed",
    "account",
    "accounts_exist",
    "admin_exists",
    "author",
    "authorize",
    "check_load",
    "default_store",
    "events",
    "has_tables",
    "record",
    "users",
    "MIN_PASSWORD",
    "NAME_RE",
    "add_user",
    "cli_person",
    "disable",
    "enable",
    "set_password",
    "set_role",
    "authenticate",
    "end_session",
    "oidc_person",
    "resume_session",
    "start_session",
]
