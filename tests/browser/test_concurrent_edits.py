"""Two editors save the same programme row at the same moment, from two sessions (two
browser contexts on one server, issue 18): one is saved, the other is refused with a
message that names who changed the row; nothing is lost: the refused attempt, with what
its editor typed, is in the change log (``edit_refused``) and the page's history shows both
attempts. (The refused editor's grid then shows the saved version, as after a reload.)

Its own server on a private store: the edit must not reach the other browser tests' data.
"""

from __future__ import annotations

import json
import time

import pytest
import sqlalchemy as sa

from browser_kit import RENDER_TIMEOUT_MS, VIEWPORT, Probe, start_server, title

pytestmark = pytest.mark.browser

ROW_HEIGHT = 35  # Streamlit's data grid: header and rows


@pytest.fixture
def private_server(browser, tmp_path):
    server = start_server(tmp_path)
    try:
        yield server
    finally:
        server.stop()


def _open_milestones(probe: Probe) -> str:
    """Open Progetti's editing area on the first programme's milestones; its programme id."""
    page = probe.page
    page.locator('[data-testid="stExpander"] summary').filter(
        has_text=title("prog_edit_title", "it")).first.click()
    page.get_by_role("tab", name=title("prog_tab_milestones", "it")).first.click()
    editor = page.locator('[class*="st-key-prog_editor_milestones_"]').first
    editor.wait_for(state="visible", timeout=RENDER_TIMEOUT_MS)
    key = next(c for c in editor.get_attribute("class").split() if c.startswith("st-key-prog_editor_"))
    return key.removeprefix("st-key-prog_editor_milestones_")


def _type_first_name(probe: Probe, pid: str, text: str) -> None:
    """Type ``text`` into the name of the first milestone (the grid's second column)."""
    page = probe.page
    canvas = page.locator(f'.st-key-prog_editor_milestones_{pid} [data-testid="data-grid-canvas"]')
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + 20, box["y"] + ROW_HEIGHT * 1.5)  # first row, the id column
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # the cell's editor, a textarea over the grid
    page.locator("textarea.gdg-input").fill(text)
    page.keyboard.press("Enter")
    page.locator(f".st-key-prog_reason_milestones_{pid} input").fill(f"rinominata: {text}")


def _cells(probe: Probe, pid: str, wanted: str | None = None, timeout_s: float = 15) -> list[str]:
    """The texts of the milestones grid's accessible table (updated a moment after the
    canvas); with ``wanted``, waited for until it is among them."""
    grid = probe.page.locator(f'.st-key-prog_editor_milestones_{pid} [data-testid="stDataFrame"] table')
    deadline = time.monotonic() + timeout_s
    while True:
        cells = grid.locator("td").all_inner_texts()
        if wanted is None or wanted in cells or time.monotonic() > deadline:
            return cells
        probe.page.wait_for_timeout(200)


def test_two_editors_save_the_same_row_at_once(browser, private_server):
    server = private_server
    contexts = [browser.new_context(viewport=VIEWPORT, locale="it-IT") for _ in range(2)]
    try:
        probes = []
        for context in contexts:
            page = context.new_page()
            probe = Probe(page, server, "progetti")
            probe.listen()
            page.goto(f"{server.base}/progetti", wait_until="domcontentloaded")
            probe.wait_rendered()
            probes.append(probe)
        pids = [_open_milestones(p) for p in probes]
        assert pids[0] == pids[1]
        pid = pids[0]
        typed = ["Aggiudicazione (sessione A)", "Aggiudicazione (sessione B)"]
        for probe, text in zip(probes, typed):
            _type_first_name(probe, pid, text)
            assert text in _cells(probe, pid, text), "the edit did not reach the grid"
        buttons = [p.page.locator(f".st-key-prog_save_milestones_{pid} button") for p in probes]
        for button in buttons:  # back to back: both saves run on the server at the same moment
            button.click()
        for probe in probes:
            probe.wait_idle()

        engine = sa.create_engine(f"sqlite:///{server.database}")
        try:
            with engine.connect() as conn:
                log = [dict(r._mapping) for r in conn.execute(sa.text(
                    "SELECT author, action, reason, after_json FROM change_log "
                    "WHERE table_name = 'milestones' ORDER BY change_id"))]
                name = conn.execute(sa.text(
                    "SELECT name FROM milestones WHERE programme_id = :p ORDER BY planned_date, "
                    "milestone_id LIMIT 1"), {"p": pid}).scalar_one()
        finally:
            engine.dispose()
        assert [e["action"] for e in log] == ["update", "edit_refused"], log
        saved, refused = log
        winner = typed.index(name)  # the name now stored is one of the two, whole
        loser = 1 - winner
        assert saved["reason"] == f"rinominata: {typed[winner]}"
        assert refused["reason"] == f"rinominata: {typed[loser]}"
        assert json.loads(refused["after_json"])["name"] == typed[loser]  # kept in the history

        main = [p.main() for p in probes]
        success = main[winner].locator('[data-testid="stAlertContentSuccess"]').all_inner_texts()
        assert any(title("prog_saved", "it").format(rows="1 riga modificata") in s for s in success), success
        errors = " ".join(main[loser].locator('[data-testid="stAlertContentError"]').all_inner_texts())
        assert "altro utente" in errors and saved["author"] in errors, errors  # says who changed it
        # The refused editor's history tab shows both attempts, the refused one with its text.
        probes[loser].page.get_by_role("tab", name=title("prog_tab_history", "it")).first.click()
        history = main[loser].locator(f'[class*="st-key-prog_undo_{pid}_"], [data-testid="stMarkdownContainer"]')
        deadline = time.monotonic() + 15
        while not (typed[loser] in (text := " ".join(history.all_inner_texts())) or time.monotonic() > deadline):
            probes[loser].page.wait_for_timeout(200)
        assert typed[winner] in text and typed[loser] in text, text[-2000:]
        assert title("prog_refused_entry", "it").strip() in text
        for probe in probes:
            probe.assert_healthy()
    finally:
        for context in contexts:
            context.close()
