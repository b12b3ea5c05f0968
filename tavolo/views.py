"""Saved views of a meeting: a view is an app URL whose query parameters hold the filters,
e.g. ``/mappa?rione=mazzafame&indicator=vacancy_rate``; opening it reopens the same page
with the same filters.

Views live in the store's ``saved_views`` table (tavolo.schema), written through
``tavolo.edits``: validated, in one transaction, in the change log, undoable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

import pandas as pd

from tavolo.errors import BilingualError


class ViewError(BilingualError, ValueError):
    """A saved view that cannot be saved or opened (message in Italian and English)."""


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


def _frame(source) -> pd.DataFrame:
    """The saved_views table from a Store or from a dict of frames."""
    if isinstance(source, dict):
        return source["saved_views"]
    return source.read("saved_views")


def _view(row) -> SavedView:
    created = row["created_on"]
    return SavedView(row["view_id"], row["meeting_id"], row["title"], row["url"],
                     "" if pd.isna(created) else pd.Timestamp(created).date().isoformat(),
                     row["author"] or "")


def all_views(source) -> list[SavedView]:
    frame = _frame(source)
    return [_view(row) for row in frame.to_dict("records")]


def for_meeting(source, meeting_id: str) -> list[SavedView]:
    frame = _frame(source)
    return [_view(row) for row in frame[frame["meeting_id"] == meeting_id].to_dict("records")]


def next_id(frame: pd.DataFrame) -> str:
    """'V0003' after V0001 and V0002: ids in the order views were saved."""
    numbers = frame["view_id"].str.extract(r"^V(\d+)$")[0].dropna().astype(int)
    return f"V{(numbers.max() + 1 if len(numbers) else 1):04d}"


def add(store, meeting_id: str, title: str, url: str, author: str = "", person=None) -> SavedView:
    """Save a view on a meeting; the URL is normalised to a path of this app. Raises
    ``ViewError`` for an empty title or a foreign address, ``ValidationFailed`` for an
    unknown meeting."""
    from tavolo import edits

    title = (title or "").strip()
    if not title:
        raise ViewError("Dare un titolo alla vista", "Give the view a title")
    path = normalise(url)
    view_id = next_id(store.read("saved_views"))
    today = dt.date.today()
    edits.apply_changes(store, "saved_views", [edits.RowChange(
        "insert", {"view_id": view_id}, None,
        {"meeting_id": meeting_id, "title": title, "url": path, "created_on": today.isoformat(),
         "author": (person.display_name if person else author) or None})], author=author or None,
        reason=f"vista salvata: {title}", person=person)
    return SavedView(view_id, meeting_id, title, path, today.isoformat(), author)


def remove(store, view_id: str, author: str = "", person=None) -> bool:
    """Remove a view (undoable from the change log); False when it no longer exists."""
    from tavolo import edits

    frame = store.read("saved_views")
    rows = frame[frame["view_id"] == view_id]
    if rows.empty:
        return False
    edits.apply_changes(store, "saved_views", [edits.RowChange(
        "delete", {"view_id": view_id}, edits.fingerprint(rows.iloc[0]))],
        author=author or None, reason="vista rimossa", person=person)
    return True
