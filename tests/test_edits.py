"""Edits: validated, transactional, logged, undoable, and refused on conflict."""


import pandas as pd
import pytest

from tavolo import edits
from tavolo.validation import ValidationFailed


@pytest.fixture
def store(demo_store):
    """A private copy of the demo store (tests/conftest.py)."""
    return demo_store


def _first(store, table="actions"):
    frame = store.read(table)
    return frame, frame.iloc[0]


def test_update_then_undo_leaves_data_as_before(store):
    before, row = _first(store)
    version = store.version()
    [change_id] = edits.apply_changes(
        store, "actions", [edits.RowChange("update", {"action_id": row.action_id}, edits.fingerprint(row),
                                           {"owner": "Urbanistica", "due_date": "15/01/2027"})],
        author="ufficio", reason="riassegnata")
    after = store.read("actions")
    assert after.loc[0, "owner"] == "Urbanistica"
    assert after.loc[0, "due_date"] == pd.Timestamp("2027-01-15")
    assert store.version() != version
    log = edits.history(store, "actions")
    assert log.loc[0, "author"] == "ufficio" and log.loc[0, "reason"] == "riassegnata"
    edits.undo(store, change_id, author="ufficio", reason="errore")
    pd.testing.assert_frame_equal(store.read("actions"), before)
    with pytest.raises(ValueError):
        edits.undo(store, change_id)  # already undone


def test_insert_and_delete_are_undoable(store):
    before, row = _first(store)
    [inserted] = edits.apply_changes(store, "actions", [edits.RowChange(
        "insert", {"action_id": "AZ9999"}, None,
        {"meeting_id": row.meeting_id, "description": "<b>nuova</b>", "owner": "Sicurezza",
         "due_date": "2026-12-31", "status": "open"})], reason="nuova azione")
    assert "AZ9999" in set(store.read("actions")["action_id"])
    edits.undo(store, inserted, reason="annulla")
    pd.testing.assert_frame_equal(store.read("actions"), before)


@pytest.mark.parametrize("values, column", [
    ({"status": "chiusissima"}, "status"),
    ({"due_date": "31/02/2026"}, "due_date"),
    ({"meeting_id": "M-inesistente"}, "meeting_id"),
    ({"status": "done"}, "closed_on"),  # done without a closing date
    ({"colonna": 1}, "colonna"),
])
def test_invalid_edit_changes_nothing_and_says_why(store, values, column):
    before, row = _first(store)
    if values.get("status") == "done":
        values = values | {"closed_on": None}
    with pytest.raises(ValidationFailed) as failed:
        edits.apply_changes(store, "actions", [edits.RowChange(
            "update", {"action_id": row.action_id}, edits.fingerprint(row), values)], reason="prova")
    assert any(issue.column == column for issue in failed.value.issues)
    assert all(issue.rule_it and issue.rule_en for issue in failed.value.issues)
    pd.testing.assert_frame_equal(store.read("actions"), before)


def test_reason_is_required(store):
    _before, row = _first(store)
    with pytest.raises(ValidationFailed):
        edits.apply_changes(store, "actions", [edits.RowChange(
            "update", {"action_id": row.action_id}, None, {"owner": "X"})], reason=" ")


def test_second_save_of_a_changed_row_is_refused(store):
    _before, row = _first(store)
    read_by_both = edits.fingerprint(row)
    edits.apply_changes(store, "actions", [edits.RowChange(
        "update", {"action_id": row.action_id}, read_by_both, {"owner": "Servizi Sociali"})], reason="primo")
    after_first = store.read("actions")
    with pytest.raises(edits.EditConflict) as conflict:
        edits.apply_changes(store, "actions", [edits.RowChange(
            "update", {"action_id": row.action_id}, read_by_both, {"owner": "Sicurezza"})], reason="secondo")
    assert "altro utente" in conflict.value.message("it")
    assert "another user" in conflict.value.message("en")
    pd.testing.assert_frame_equal(store.read("actions"), after_first)


def test_undo_refused_when_row_changed_since(store):
    _before, row = _first(store)
    [first] = edits.apply_changes(store, "actions", [edits.RowChange(
        "update", {"action_id": row.action_id}, None, {"owner": "A"})], reason="uno")
    edits.apply_changes(store, "actions", [edits.RowChange(
        "update", {"action_id": row.action_id}, None, {"owner": "B"})], reason="due")
    with pytest.raises(edits.EditConflict):
        edits.undo(store, first)


def test_refused_save_names_who_changed_the_row_and_is_kept_in_the_history(store):
    _before, row = _first(store)
    key = {"action_id": row.action_id}
    read_by_both = edits.fingerprint(row)
    edits.apply_changes(store, "actions", [edits.RowChange("update", key, read_by_both,
                                                           {"owner": "Servizi Sociali"})],
                        author="Anna Bianchi", reason="primo")
    after_first = store.read("actions")
    with pytest.raises(edits.EditConflict) as conflict:
        edits.apply_changes(store, "actions", [edits.RowChange("update", key, read_by_both,
                                                               {"owner": "Sicurezza"})],
                            author="Bruno Verdi", reason="secondo")
    for lang in ("it", "en"):
        assert "Anna Bianchi" in conflict.value.message(lang)
    pd.testing.assert_frame_equal(store.read("actions"), after_first)  # nothing of the second written
    log = edits.history(store, "actions")
    refused, saved = log.iloc[0], log.iloc[1]
    assert (saved["action"], saved["author"], saved["reason"]) == ("update", "Anna Bianchi", "primo")
    assert (refused["action"], refused["author"], refused["reason"]) == ("edit_refused", "Bruno Verdi",
                                                                         "secondo")
    assert '"owner": "Sicurezza"' in refused["after_json"]  # what the refused editor typed is kept
    assert '"owner": "Servizi Sociali"' in refused["before_json"]  # against the row as it is
    with pytest.raises(ValueError):
        edits.undo(store, int(refused["change_id"]))


def test_two_saves_at_the_same_moment_one_saved_one_refused(store):
    """Two threads save the same row, read with the same fingerprint, released together."""
    import threading

    _before, row = _first(store)
    key = {"action_id": row.action_id}
    for attempt in range(3):
        current = store.read("actions").iloc[0]
        read = edits.fingerprint(current)
        barrier = threading.Barrier(2)
        outcome: dict[str, str] = {}

        def save(who: str, owner: str, read=read, barrier=barrier, outcome=outcome,
                 attempt=attempt) -> None:
            barrier.wait()
            try:
                edits.apply_changes(store, "actions", [edits.RowChange("update", key, read, {"owner": owner})],
                                    author=who, reason=f"{who} {attempt}")
                outcome[who] = "saved"
            except edits.EditConflict:
                outcome[who] = "refused"

        threads = [threading.Thread(target=save, args=(w, o)) for w, o in (("anna", f"A{attempt}"),
                                                                           ("bruno", f"B{attempt}"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcome.values()) == ["refused", "saved"], outcome
        winner = next(w for w, o in outcome.items() if o == "saved")
        assert store.read("actions").iloc[0]["owner"] == f"{winner[0].upper()}{attempt}"
        log = edits.history(store, "actions").head(2)
        assert sorted(log["action"]) == ["edit_refused", "update"]
        assert set(log["author"]) == {"anna", "bruno"}


def test_programme_history_shows_a_refused_attempt_without_undo(store):
    from tavolo import programmes

    ms = store.read("milestones")
    row = ms[ms["programme_id"] == "carlo_porta"].iloc[0]
    key, read = {"milestone_id": row.milestone_id}, edits.fingerprint(row)
    edits.apply_changes(store, "milestones", [edits.RowChange("update", key, read, {"name": "Primo"})],
                        author="anna", reason="uno")
    with pytest.raises(edits.EditConflict):
        edits.apply_changes(store, "milestones", [edits.RowChange("update", key, read, {"name": "Secondo"})],
                            author="bruno", reason="due")
    log = programmes.programme_history(edits.history(store), "carlo_porta", "it")
    refused, saved = log.iloc[0], log.iloc[1]
    assert (refused["author"], bool(refused["can_undo"])) == ("bruno", False)
    assert refused["change"].startswith("Rifiutata") and "Primo → Secondo" in refused["change"]
    assert (saved["author"], bool(saved["can_undo"])) == ("anna", True)
