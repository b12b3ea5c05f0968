"""The one place where data is cached: loaders keyed by database URL and data version.

Filtering happens after the cache, in the domain package. A write to the store bumps its
version, so the next rerun loads fresh data.
"""

from __future__ import annotations

import datetime as dt
import os

import pandas as pd
import streamlit as st

from tavolo import ambito, loading, settings, summary
from tavolo.store import Store, open_store


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return open_store(url)


def store() -> Store:
    """The store of this deployment, created from data/ on first start."""
    return _store(settings.database_url())


# cache_resource, not cache_data: the frames are shared, not copied on every access (a
# copy of every table costs seconds at demo scale 100). Callers must not mutate them.
@st.cache_resource(show_spinner="Caricamento dati... / Loading data...", max_entries=2)
def _frames(url: str, version: str) -> dict[str, pd.DataFrame]:
    return _store(url).read_all()


@st.cache_data(show_spinner=False, max_entries=4)
def _meta(url: str, version: str) -> tuple[dict[str, str], bool]:
    s = _store(url)
    return s.meta(), loading.is_demo(s)


def version() -> str:
    return store().version()


LEAD = "lead"  # frames(): the lead comune of the ambito (Legnano), every page's default


@st.cache_resource(show_spinner=False, max_entries=8)
def _comune_frames(url: str, version: str, comune: str | None) -> dict[str, pd.DataFrame]:
    data = _frames(url, version)
    return ambito.comune_frames(data, ambito.lead_comune(data) if comune == LEAD else comune)


def all_frames() -> dict[str, pd.DataFrame]:
    """Every table of every comune of the ambito (cached per data version; do not mutate)."""
    return _frames(settings.database_url(), version())


def frames(comune: str | None = LEAD) -> dict[str, pd.DataFrame]:
    """The tables seen from ``comune`` (default: the lead comune; None: the whole ambito),
    cached per data version (``tavolo.ambito.comune_frames``; do not mutate)."""
    return _comune_frames(settings.database_url(), version(), comune)


def meta() -> tuple[dict[str, str], bool]:
    """The data set's metadata and whether demo data is loaded."""
    return _meta(settings.database_url(), version())


@st.cache_data(show_spinner=False, max_entries=8)
def _summary(url: str, version: str, today: dt.date) -> summary.Summary:
    data = _comune_frames(url, version, LEAD)
    info, demo = _meta(url, version)
    return summary.summarise(data, info, demo, today)


def overview() -> summary.Summary:
    return _summary(settings.database_url(), version(), dt.date.today())


def clear() -> None:
    """Forget cached data (after a load, the version changes anyway)."""
    _frames.clear()
    _comune_frames.clear()
    _ambito_plan.clear()
    _meta.clear()
    _summary.clear()
    _map_model.clear()
    _gestione_view.clear()


# The map's one view model (tavolo.map_model), per data version, indicator, language and
# small-count threshold; shared (frozen), not copied. The page, its exports and the
# meeting screen all draw from it.
@st.cache_resource(show_spinner=False, max_entries=32)
def _map_model(url: str, version: str, indicator: str, lang: str, below: int):
    from tavolo import map_model

    info, demo = _meta(url, version)
    return map_model.map_model(_comune_frames(url, version, LEAD), indicator, lang, meta=info, demo=demo,
                               below=below)


def map_model(indicator: str, lang: str):
    """The map's view model of the loaded data (cached; do not mutate)."""
    return _map_model(settings.database_url(), version(), indicator, lang,
                      int(settings.get("suppress_below")))


@st.cache_data(show_spinner=False, max_entries=4)
def _meeting_map_png(url: str, version: str, lang: str, below: int) -> bytes:
    from tavolo import map_export

    return map_export.meeting_png(_map_model(url, version, "flats_total", lang, below))


def meeting_map_png(lang: str) -> bytes:
    """The large-label static map of the meeting screen, drawn once per data version."""
    return _meeting_map_png(settings.database_url(), version(), lang,
                            int(settings.get("suppress_below")))


def _settings_key() -> tuple:
    """Changes whenever a setting may have: the settings file's time and size, and every
    TAVOLO_ variable of the environment."""
    try:
        stat = settings.settings_file().stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None
    return stamp, tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("TAVOLO_")))


# cache_resource: figures and tables shared, not copied (callers must not mutate them).
@st.cache_resource(show_spinner=False, max_entries=32)
def _gestione_view(url: str, version: str, tab: str, as_of: dt.date, lang: str, large: bool,
                   settings_key: tuple):
    from tavolo import gestione_views

    return gestione_views.VIEWS[tab](_comune_frames(url, version, LEAD), as_of, lang, large)


def gestione_view(tab: str, as_of: dt.date, lang: str, large: bool):
    """The view model of a Gestione tab (tavolo.gestione_views), once per data version,
    language, meeting mode and settings."""
    return _gestione_view(settings.database_url(), version(), tab, as_of, lang, large, _settings_key())


@st.cache_resource(show_spinner=False, max_entries=8)
def _ambito_plan(url: str, version: str, years: tuple[int, ...]):
    from tavolo import ambito_plan

    info, demo = _meta(url, version)
    return ambito_plan.build(_frames(url, version), years, info, demo)


def ambito_plan(years: tuple[int, ...]):
    """The ambito's plan for ``years`` (one year: the annual plan; three: the three-year
    plan), every comune's, built once per data version (a second or two: do not mutate)."""
    return _ambito_plan(settings.database_url(), version(), tuple(int(y) for y in years))
