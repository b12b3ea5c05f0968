"""Action items added and closed as the Tavolo page does it (tavolo.actions builds the
RowChange, tavolo.edits writes it): history, undo, conflicts, validation; overdue ones;
the saved views of a meeting (URL round trip, provisional JSON store); the page via AppTest."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from tavolo import actions as act, edits, views
from tavolo.validation import ValidationFailed

TODAY = dt.date(2026, 11, 26)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def store(demo_store):
    """A private copy of the demo store (tests/conftest.py)."""
    return demo_store


def _open_row(store):
    frame = store.read("actions")
    return frame[frame["status"] == "open"].iloc[0]


def test_overdue_is_open_and_past_due():
    frame = pd.DataFrame({"action_id": ["A1", "A2", "A3"], "status": ["open", "open", "done"],
                          "due_date": pd.to_datetime(["2026-11-01", "2026-12-31", "2026-01-01"]).astype("datetime64[s]")})
    out = act.with_overdue(frame, TODAY)
    assert list(out["overdue"]) == [True, False, False]
    assert list(out["days_overdue"]) == [25, 0, 0]
    table = act.display(out.assign(description="x", owner="y", closed_on=pd.NaT), None, "it", TODAY)
    assert table["Ritardo"].iloc[0] == "⚠ Scaduta da 25 giorni" and table["Ritardo"].iloc[1] == ""
    opened = act.open_actions(frame, TODAY)
    assert list(opened["action_id"]) == ["A1", "A2"]


def test_next_id_follows_the_highest():
    assert act.next_id(pd.DataFrame({"action_id": ["AZ0007", "AZ0107", "X"]})) == "AZ0108"
    assert act.next_id(pd.DataFrame({"action_id": []})) == "AZ0001"


def test_add_then_close_then_undo_both(store):
    before = store.read("actions")
    meeting = store.read("meetings")["meeting_id"].iloc[-1]
    change = act.insert_change(before, meeting, "Convocare <b>ALER</b> tecnico", "ALER tecnico", dt.date(2026, 12, 31))
    [added] = edits.apply_changes(store, "actions", [change], author="ufficio", reason="decisa in riunione")
    new_id = change.key["action_id"]
    row = store.read("actions").set_index("action_id").loc[new_id]
    assert row["status"] == "open" and row["description"] == "Convocare <b>ALER</b> tecnico"
    current = store.read("actions")
    seen = act.fingerprints(current)
    closing = act.close_change(current[current["action_id"] == new_id].iloc[0], TODAY, fingerprint=seen[new_id])
    [closed] = edits.apply_changes(store, "actions", [closing], author="ufficio", reason="fatta")
    row = store.read("actions").set_index("action_id").loc[new_id]
    assert row["status"] == "done" and row["closed_on"] == pd.Timestamp(TODAY)
    log = edits.history(store, "actions")
    assert list(log["change_id"][:2]) == [closed, added]
    assert list(log["reason"][:2]) == ["fatta", "decisa in riunione"]
    edits.undo(store, closed, author="ufficio", reason="errore")
    row = store.read("actions").set_index("action_id").loc[new_id]
    assert row["status"] == "open" and pd.isna(row["closed_on"])


def test_undo_an_added_action_after_other_changes(store):
    before = store.read("actions")
    row = _open_row(store)
    edits.apply_changes(store, "actions", [act.close_change(row, TODAY)], reason="fatta")
    meeting = store.read("meetings")["meeting_id"].iloc[-1]
    change = act.insert_change(store.read("actions"), meeting, "Nuova", "Sicurezza", dt.date(2026, 12, 31))
    [added] = edits.apply_changes(store, "actions", [change], reason="nuova")
    edits.undo(store, added, reason="errore")
    assert len(store.read("actions")) == len(before)


def test_fingerprints_match_the_edit_module(store):
    frame = store.read("actions")
    seen = act.fingerprints(frame)
    assert all(seen[r.action_id] == edits.fingerprint(frame.iloc[i]) for i, r in enumerate(frame.itertuples()))


def test_closing_a_row_changed_meanwhile_is_refused(store):
    row = _open_row(store)
    seen = act.fingerprints(store.read("actions"))[row.action_id]  # what the page showed
    other = act.close_change(row, TODAY, "dropped", fingerprint=seen)
    edits.apply_changes(store, "actions", [other], author="altro ufficio", reason="annullata")
    after_other = store.read("actions")
    with pytest.raises(edits.EditConflict) as conflict:
        edits.apply_changes(store, "actions", [act.close_change(row, TODAY, fingerprint=seen)],
                            author="ufficio", reason="fatta")
    assert "altro utente" in conflict.value.message("it") and "another user" in conflict.value.message("en")
    pd.testing.assert_frame_equal(store.read("actions"), after_other)


@pytest.mark.parametrize("field, value, column", [
    ("description", "", "description"),
    ("owner", "", "owner"),
    ("meeting_id", "M-inesistente", "meeting_id"),
])
def test_invalid_new_action_changes_nothing(store, field, value, column):
    before = store.read("actions")
    args = {"meeting_id": store.read("meetings")["meeting_id"].iloc[0], "description": "Fare",
            "owner": "Sicurezza", "due_date": dt.date(2026, 12, 31)} | {field: value}
    change = act.insert_change(before, **args)
    with pytest.raises(ValidationFailed) as failed:
        edits.apply_changes(store, "actions", [change], reason="prova")
    assert any(issue.column == column for issue in failed.value.issues)
    pd.testing.assert_frame_equal(store.read("actions"), before)


def test_close_needs_a_reason(store):
    row = _open_row(store)
    with pytest.raises(ValidationFailed):
        edits.apply_changes(store, "actions", [act.close_change(row, TODAY)], reason="")


def test_open_on_a_past_day_counts_actions_closed_later(store):
    frames = store.read_all()
    done_later = frames["actions"][frames["actions"]["closed_on"].notna()].iloc[0]
    meeting_day = frames["meetings"].set_index("meeting_id").loc[done_later["meeting_id"], "date"]
    then = act.open_on(frames["actions"], frames["meetings"], meeting_day.date())
    assert done_later["action_id"] in set(then["action_id"])
    assert (then["status"] == "open").all()


# --- saved views -------------------------------------------------------------------------

@pytest.mark.parametrize("page, filters", [
    ("mappa", {"rione": "mazzafame", "indicator": "vacancy_rate"}),
    ("domanda_offerta", {"rione": "oltrestazione"}),
    ("progetti", {"programma": "carlo_porta", "fase": ["design", "works"]}),
    ("panoramica", {}),
    ("mappa", {"q": "via dei Salici 5 & co", "città": "Legnano"}),
])
def test_saved_view_url_reopens_the_same_filters(page, filters):
    url = views.view_url(page, filters)
    assert url.startswith("/" + page)
    assert views.parse_url(url) == (page, filters)
    assert views.parse_url("http://localhost:8501" + url) == (page, filters)


def test_view_url_example():
    assert views.view_url("mappa", {"rione": "mazzafame", "indicator": "vacancy_rate"}) == \
        "/mappa?rione=mazzafame&indicator=vacancy_rate"


def test_views_are_kept_per_meeting_in_the_store(store):
    meetings = store.read("meetings")["meeting_id"]
    m1, m2 = meetings.iloc[-1], meetings.iloc[-2]
    before = store.read("saved_views")
    a = views.add(store, m1, "Sfitti a Mazzafame",
                  "http://localhost:8501/mappa?rione=mazzafame&indicator=vacancy_rate", "ufficio")
    views.add(store, m1, "Domanda", "/domanda_offerta?rione=oltrestazione")
    views.add(store, m2, "Altro", "/progetti")
    assert a.url == "/mappa?rione=mazzafame&indicator=vacancy_rate"  # host dropped
    assert [v.title for v in views.for_meeting(store, m1)] == ["Sfitti a Mazzafame", "Domanda"]
    assert views.for_meeting(store, m1)[0].filters == {"rione": "mazzafame", "indicator": "vacancy_rate"}
    assert views.for_meeting(store.read_all(), m2)[0].title == "Altro"
    log = edits.history(store, "saved_views")
    assert len(log) == 3 and (log["author"] == "ufficio").any()
    assert views.remove(store, a.view_id) and not views.remove(store, a.view_id)
    assert [v.title for v in views.for_meeting(store, m1)] == ["Domanda"]
    edits.undo(store, int(edits.history(store, "saved_views").iloc[0]["change_id"]), reason="errore")
    assert [v.title for v in views.for_meeting(store, m1)] == ["Sfitti a Mazzafame", "Domanda"]
    assert len(store.read("saved_views")) == len(before) + 3


def test_the_shipped_views_reopen_their_pages(store):
    shipped = views.all_views(store)
    assert shipped and all(v.url.startswith("/") for v in shipped)
    assert {v.page for v in shipped} <= {"mappa", "progetti", "domanda_offerta", "il_tavolo", "dati", ""}


@pytest.mark.parametrize("url", ["", "javascript:alert(1)", "mappa?x=1", "ftp://host/mappa"])
def test_bad_view_addresses_are_refused(store, url):
    before = store.read("saved_views")
    with pytest.raises(views.ViewError) as err:
        views.add(store, before["meeting_id"].iloc[0], "Titolo", url)
    assert err.value.message("it") and err.value.message("en")
    pd.testing.assert_frame_equal(store.read("saved_views"), before)


def test_a_view_needs_a_title(store):
    with pytest.raises(views.ViewError):
        views.add(store, "M2017-10-17", "  ", "/mappa")


def test_a_view_on_an_unknown_meeting_is_refused(store):
    with pytest.raises(ValidationFailed):
        views.add(store, "M-inesistente", "Titolo", "/mappa")


# --- the page ------------------------------------------------------------------------------

@pytest.fixture
def app(store, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("TAVOLO_DATABASE_URL", store.url)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    yield at
    st.cache_data.clear()
    st.cache_resource.clear()


def _open(at):
    at.switch_page("pages/il_tavolo.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_page_adds_and_closes_an_action_and_refuses_a_stale_close(app, store):
    at = _open(app)
    assert any("Tavolo" in t.value for t in at.title)
    n_before = len(store.read("actions"))
    at.text_area(key="tav_add_text").set_value("Verificare gli sfitti di via Novara")
    at.selectbox(key="tav_add_owner").set_value("Sicurezza")
    at.button(key="FormSubmitter:tav_add_form-Aggiungi l'azione").click().run()
    assert not at.exception, [e.message for e in at.exception]
    actions = store.read("actions")
    assert len(actions) == n_before + 1
    new = actions[actions["description"] == "Verificare gli sfitti di via Novara"].iloc[0]
    assert any("Azione aggiunta" in s.value for s in at.success)
    # someone else closes it after the page showed it; this page's close is refused
    other = act.close_change(new, TODAY, "dropped")
    edits.apply_changes(store, "actions", [other], author="altro", reason="altrove")
    at.selectbox(key="tav_close_id").set_value(new["action_id"])
    at.button(key="FormSubmitter:tav_close_form-Chiudi l'azione").click().run()
    assert any("altro utente" in e.value for e in at.error)
    assert store.read("actions").set_index("action_id").loc[new["action_id"], "status"] == "dropped"


def test_page_closes_an_open_action(app, store):
    at = _open(app)
    row = _open_row(store)
    at.selectbox(key="tav_close_id").set_value(row["action_id"])
    at.button(key="FormSubmitter:tav_close_form-Chiudi l'azione").click().run()
    assert not at.exception
    after = store.read("actions").set_index("action_id").loc[row["action_id"]]
    assert after["status"] == "done" and pd.notna(after["closed_on"])
    assert edits.history(store, "actions").loc[0, "reason"] == "Azione verificata in riunione"
