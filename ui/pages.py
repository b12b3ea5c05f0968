"""The page registry: every file of pages/, in menu order. No Streamlit here, so that the
tests, the browser harness and the benchmark read the same list app.py builds its
navigation from (a test fails when a file of pages/ is missing).

Each entry: the file, a title key of ``tavolo.i18n``, an emoji icon (a Material icon
would load a font from a CDN) and the url path. The url path is the file's name, so that
Streamlit's legacy pages/ mode (see ``ui.common.ensure_frame``) finds the same page on a
fresh server's first deep link; the first page is the default, served at "/".
"""

from __future__ import annotations

from typing import NamedTuple


class Page(NamedTuple):
    path: str  # pages/x.py, relative to the repository
    title_key: str
    icon: str
    url_path: str


PAGES: list[Page] = [
    Page("pages/panoramica.py", "page_panoramica", "🏠", "panoramica"),
    Page("pages/mappa.py", "page_mappa", "🗺️", "mappa"),
    Page("pages/domanda_offerta.py", "page_domanda", "⚖️", "domanda_offerta"),
    Page("pages/ambito.py", "page_ambito", "🧭", "ambito"),
    Page("pages/progetti.py", "page_progetti", "🏗️", "progetti"),
    Page("pages/gestione.py", "page_gestione", "🧰", "gestione"),
    Page("pages/il_tavolo.py", "page_tavolo", "🤝", "il_tavolo"),
    Page("pages/dati.py", "page_dati", "🗂️", "dati"),
]
