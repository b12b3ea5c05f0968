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


def _open(at, tab="azioni", lang=None):
    at.switch_page("pages/il_tavolo.py")
    at.query_params["scheda"] = tab  # only the open tab runs
    if lang:
        at.query_params["lang"] = lang
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


def _errors(at) -> str:
    return " ".join(e.value for e in at.error)


def test_after_a_save_the_page_stays_on_the_tab_and_the_form_is_empty(app, store):
    at = _open(app)
    n_before = len(store.read("actions"))
    at.text_area(key="tav_add_text").set_value("Censire le cantine di via Novara")
    at.selectbox(key="tav_add_owner").set_value("Sicurezza")
    at.button(key="FormSubmitter:tav_add_form-Aggiungi l'azione").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state["tav_tab"] == "✅ Azioni" and at.query_params["scheda"] == "azioni"
    assert at.text_area(key="tav_add_text").value == ""  # cleared: a second click adds nothing
    assert any("Azione aggiunta" in s.value for s in at.success)
    at.button(key="FormSubmitter:tav_add_form-Aggiungi l'azione").click().run()
    assert len(store.read("actions")) == n_before + 1
    assert "Scrivi la descrizione dell'azione" in _errors(at)
    assert at.session_state["tav_tab"] == "✅ Azioni"


def test_an_empty_action_is_refused_in_words_for_people(app, store):
    at = _open(app)
    n_before = len(store.read("actions"))
    at.text_area(key="tav_add_text").set_value("   ")
    at.button(key="FormSubmitter:tav_add_form-Aggiungi l'azione").click().run()
    text = _errors(at)
    assert "Scrivi la descrizione dell'azione" in text
    assert "file " not in text and "riga" not in text and "colonna" not in text and "description" not in text
    assert len(store.read("actions")) == n_before


def test_in_english_the_message_is_english(app, store):
    at = _open(app, lang="en")
    at.button(key="FormSubmitter:tav_add_form-Add the action").click().run()
    assert "Write the description of the action" in _errors(at) and "Scrivi" not in _errors(at)
    assert at.session_state["tav_tab"] == "✅ Actions"


def test_a_refused_reason_names_the_field_not_the_import_format(app, store):
    at = _open(app)
    at.text_area(key="tav_add_text").set_value("Verificare i contatori")
    at.selectbox(key="tav_add_owner").set_value("Sicurezza")
    at.text_input(key="tav_add_reason").set_value("")
    at.button(key="FormSubmitter:tav_add_form-Aggiungi l'azione").click().run()
    text = _errors(at)
    assert "Motivo della modifica: indicare il motivo della modifica" in text and "file " not in text
    assert at.text_area(key="tav_add_text").value == "Verificare i contatori"  # kept on a refusal


def test_the_page_records_a_decision_with_its_author(app, store):
    at = _open(app, "decisioni")
    n_before = len(store.read("decisions"))
    at.text_input(key="tav_author").set_value("Ufficio casa")
    at.text_area(key="tav_dec_text").set_value("Assegnare gli alloggi di via Carlo Porta per lotti")
    at.button(key="FormSubmitter:tav_dec_form-Registra la decisione").click().run()
    assert not at.exception, [e.message for e in at.exception]
    decisions = store.read("decisions")
    assert len(decisions) == n_before + 1
    new = decisions[decisions["text"] == "Assegnare gli alloggi di via Carlo Porta per lotti"].iloc[0]
    assert new["decision_id"] == act.next_id(decisions.iloc[:-1], "D", 4, "decision_id")
    log = edits.history(store, "decisions")
    assert log.loc[0, "author"] == "Ufficio casa" and log.loc[0, "reason"] == "Decisione presa in riunione"
    assert any("Decisione registrata" in s.value for s in at.success)
    assert at.text_area(key="tav_dec_text").value == ""
    assert at.session_state["tav_tab"] == "📜 Decisioni"
    # the new decision can be linked to an action at once
    at.query_params["scheda"] = "azioni"
    at.run()
    assert new["decision_id"] in at.selectbox(key="tav_add_decision").options[1]
    # an empty decision: a sentence, nothing written
    at.query_params["scheda"] = "decisioni"
    at.run()
    at.button(key="FormSubmitter:tav_dec_form-Registra la decisione").click().run()
    assert "Scrivi il testo della decisione" in _errors(at)
    assert len(store.read("decisions")) == n_before + 1


def test_a_decision_is_undone_from_the_page(app, store):
    at = _open(app, "decisioni")
    n_before = len(store.read("decisions"))
    at.text_area(key="tav_dec_text").set_value("Decisione da annullare")
    at.button(key="FormSubmitter:tav_dec_form-Registra la decisione").click().run()
    assert len(store.read("decisions")) == n_before + 1
    at.button(key="tav_undo_decisions").click().run()
    assert len(store.read("decisions")) == n_before
    assert any("Modifica annullata" in s.value for s in at.success)


def test_a_meeting_link_opens_the_meeting_tab(app, store):
    meeting_id = store.read("meetings")["meeting_id"].iloc[3]
    app.switch_page("pages/il_tavolo.py")
    app.query_params["riunione_id"] = meeting_id
    app.run()
    assert app.session_state["tav_tab"].startswith("🗂️") and app.selectbox(key="tav_meeting").value == meeting_id


def test_form_problems_are_sentences():
    from tavolo import actions

    assert actions.decision_problems("M1", "testo") == []
    assert actions.decision_problems(None, " ", "en") == ["Choose the meeting that took the decision.",
                                                          "Write the text of the decision."]
    assert actions.action_problems("x", "", None) == [
        "Scegli o scrivi il responsabile (un settore o un ufficio).", "Indica la scadenza."]
