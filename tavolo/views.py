"""Saved views of a meeting: a view is an app URL whose query parameters hold the filters,
e.g. ``/mappa?rione=mazzafame&indicator=vacancy_rate``; opening it reopens the same page
with the same filters.

PROVISIONAL STORAGE. The registry (tavolo.schema) has no table for saved views yet; until
it gets one (proposed: ``saved_views`` with view_id, meeting_id -> meetings.meeting_id,
title, url, created_at, author; group "table", edited through tavolo.edits so that views
share the change log and the conflict rules), they are kept in a JSON file,
``var/saved_views.json`` (git-ignored; ``TAVOLO_VIEWS_FILE`` overrides), written atomically
(temporary file + rename) under a lock. Not shared between servers, not in backups of the
database: move to the table before real use.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import threading
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from tavolo import paths

_LOCK = threading.Lock()


class ViewError(ValueError):
    def __init__(self, message_it: str, message_en: str):
        super().__init__(f"{message_it} / {message_en}")
        self.message_it = message_it
        self.message_en = message_en

    def message(self, lang: str = "it") -> str:
        return self.message_en if lang == "en" else self.message_it


@dataclass(frozen=True)
class SavedView:
    view_id: str
    meeting_id: str
    title: str
    url: str
    created_at: str
    author: str = ""

    @property
    def page(self) -> str:
        return parse_url(self.url)[0]

    @property
    def filters(self) -> dict[str, str]:
        return parse_url(self.url)[1]


def views_file() -> Path:
    return Path(os.environ.get("TAVOLO_VIEWS_FILE", paths.VAR_DIR / "saved_views.json"))


def view_url(page: str, filters: dict[str, object] | None = None) -> str:
    """('mappa', {'rione': 'mazzafame', 'indicator': 'vacancy_rate'}) ->
    '/mappa?rione=mazzafame&indicator=vacancy_rate' (empty filters left out; lists
    repeat their key)."""
    pairs: list[tuple[str, str]] = []
    for key, value in (filters or {}).items():
        if value is None or value == "":
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        pairs += [(str(key), str(v)) for v in values]
    path = "/" + page.strip("/")
    return path + ("?" + urlencode(pairs) if pairs else "")


def parse_url(url: str) -> tuple[str, dict[str, str | list[str]]]:
    """The page and filters of a view URL, full ('http://host:8501/mappa?x=1') or relative
    ('/mappa?x=1'); a key repeated gives a list. Inverse of ``view_url``."""
    parts = urlsplit(url.strip())
    page = parts.path.strip("/").split("/")[-1] if parts.path.strip("/") else ""
    filters: dict[str, str | list[str]] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=False):
        if key in filters:
            prev = filters[key]
            filters[key] = (prev if isinstance(prev, list) else [prev]) + [value]
        else:
            filters[key] = value
    return page, filters


def normalise(url: str) -> str:
    """A pasted URL as a path on this app: scheme and host dropped, so the view opens on
    whatever server shows it. Refuses what is not a page of the app."""
    text = (url or "").strip()
    parts = urlsplit(text)
    if not text or (parts.scheme and parts.scheme not in ("http", "https")) or not parts.path.startswith("/"):
        raise ViewError("Indirizzo non valido: incollare l'indirizzo di una pagina dell'app "
                        "(per esempio /mappa?rione=mazzafame)",
                        "Invalid address: paste the address of a page of the app "
                        "(for example /mappa?rione=mazzafame)")
    page, filters = parse_url(text)
    return view_url(page, filters)


def _read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ViewError(f"File delle viste {path} illeggibile: {exc}",
                        f"Saved views file {path} unreadable: {exc}") from exc
    return list(data.get("views", []))


def _write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({"provisional": "see tavolo/views.py", "views": rows}, indent=2,
                         ensure_ascii=False)
    fd, tmp = tempfile.mkstemp(prefix=".saved_views.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def all_views() -> list[SavedView]:
    return [SavedView(**row) for row in _read(views_file())]


def for_meeting(meeting_id: str) -> list[SavedView]:
    return [v for v in all_views() if v.meeting_id == meeting_id]


def add(meeting_id: str, title: str, url: str, author: str = "") -> SavedView:
    """Save a view on a meeting; the URL is normalised to a path of this app."""
    title = (title or "").strip()
    if not title:
        raise ViewError("Dare un titolo alla vista", "Give the view a title")
    view = SavedView(uuid.uuid4().hex[:12], meeting_id, title, normalise(url),
                     dt.datetime.now().replace(microsecond=0).isoformat(), author)
    with _LOCK:
        path = views_file()
        rows = _read(path)
        rows.append(asdict(view))
        _write(path, rows)
    return view


def remove(view_id: str) -> bool:
    with _LOCK:
        path = views_file()
        rows = _read(path)
        kept = [r for r in rows if r["view_id"] != view_id]
        if len(kept) == len(rows):
            return False
        _write(path, kept)
    return True
