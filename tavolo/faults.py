"""Faults of the store explained to people: damaged, unreachable or read-only databases.

``explain(exc, url)`` turns a database error into a message in Italian and English that
names the database and says what to do; the CLI prints it and the pages show it instead
of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

DAMAGED = ("file is not a database", "malformed", "database disk image", "not a database")
READ_ONLY = ("readonly database", "read-only", "attempt to write a readonly")
UNREACHABLE = ("connection refused", "could not connect", "server closed the connection",
               "terminating connection", "connection to server", "unable to open database",
               "no such host", "timeout expired", "the database system is shutting down",
               "the database system is starting up", "connection is closed")


@dataclass(frozen=True)
class StoreFault:
    kind: str  # damaged, read_only, unreachable, other
    message_it: str
    message_en: str

    def message(self, lang: str = "it") -> str:
        from tavolo.i18n import pick

        return pick(lang, self.message_it, self.message_en)

    def bilingual(self) -> str:
        return f"{self.message_it}\n{self.message_en}"


def _where(url: str) -> str:
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        return url
    if parsed.get_backend_name() == "sqlite":
        return f"file {parsed.database}"
    return parsed.render_as_string(hide_password=True)


def kind_of(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).lower()
    if any(word in text for word in DAMAGED):
        return "damaged"
    if any(word in text for word in READ_ONLY):
        return "read_only"
    if isinstance(exc, (sa.exc.OperationalError, sa.exc.InterfaceError)) or \
            any(word in text for word in UNREACHABLE):
        return "unreachable"
    return "other"


def explain(exc: BaseException, url: str) -> StoreFault:
    """What happened to the database at ``url`` and what to do, in both languages."""
    where = _where(url)
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:200]
    kind = kind_of(exc)
    if kind == "damaged":
        return StoreFault(
            kind,
            f"Il database ({where}) è danneggiato e non può essere letto ({detail}). "
            "Ripristinare l'ultima copia di sicurezza: `python -m tavolo backup --list` le elenca, "
            "`python -m tavolo restore ARCHIVIO --replace` la ripristina; `python -m tavolo doctor` "
            "controlla il database.",
            f"The database ({where}) is damaged and cannot be read ({detail}). Restore the last "
            "backup: `python -m tavolo backup --list` lists them, `python -m tavolo restore ARCHIVE "
            "--replace` restores one; `python -m tavolo doctor` checks the database.")
    if kind == "read_only":
        return StoreFault(
            kind,
            f"Il database ({where}) è in sola lettura: nessuna modifica salvata ({detail}). "
            "La consultazione funziona; per salvare, chiedere all'amministratore di rendere "
            "scrivibili il file e la sua cartella.",
            f"The database ({where}) is read-only: nothing was saved ({detail}). Reading still "
            "works; to save, ask the administrator to make the file and its folder writable.")
    if kind == "unreachable":
        return StoreFault(
            kind,
            f"Database non raggiungibile ({where}): {detail}. Controllare che il server del "
            "database sia acceso e raggiungibile, poi ricaricare la pagina: nessun dato è perso.",
            f"Database unreachable ({where}): {detail}. Check that the database server is running "
            "and reachable, then reload the page: no data is lost.")
    return StoreFault(
        kind,
        f"Errore del database ({where}): {detail}. `python -m tavolo doctor` controlla il database.",
        f"Database error ({where}): {detail}. `python -m tavolo doctor` checks the database.")
