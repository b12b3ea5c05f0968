"""The "Storico modifiche": sentences with real names, filters, the Italian export; and an
end-to-end check on a store that a signed-in person's edit reads with their name."""

import datetime as dt
import json

import pandas as pd

from tavolo import auth_history, edits, exports, schema


def _log():
    """Three entries, newest first, as Store.change_log() gives them."""
    return pd.DataFrame([
        {"change_id": 3, "at": dt.datetime(2026, 11, 20, 9, 30), "author": "Anna Rossi",
         "table_name": "actions", "row_key": json.dumps({"action_id": "AZ0001"}), "action": "update",
         "before_json": json.dumps({"action_id": "AZ0001", "status": "open", "due_date": "2026-11-30",
                                    "owner": "Sicurezza"}),
         "after_json": json.dumps({"action_id": "AZ0001", "status": "open", "due_date": "2027-01-15",
                                   "owner": "Urbanistica"}),
         "reason": "riassegnata", "undone_by": None},
        {"change_id": 2, "at": dt.datetime(2026, 11, 2, 18, 0), "author": "Bruno Verdi",
         "table_name": "actions", "row_key": json.dumps({"action_id": "AZ0099"}), "action": "insert",
         "before_json": None, "after_json": json.dumps({"action_id": "AZ0099"}), "reason": "nuova",
         "undone_by": 4.0},
        {"change_id": 1, "at": dt.datetime(2026, 10, 31, 8, 0), "author": "Anna Rossi", "table_name": "*",
         "row_key": "flats,meetings", "action": "load", "before_json": None,
         "after_json": json.dumps({"meetings": 249, "flats": 1229}), "reason": "caricamento", "undone_by": None},
    ])


def test_sentences_name_the_person_and_the_changed_values():
    frame = auth_history.sentences(_log(), "it")
    actions = schema.TABLES["actions"]
    owner, due = actions.column("owner").label("it"), actions.column("due_date").label("it")
    assert frame.loc[0, "sentence"] == (f"Anna Rossi ha modificato {actions.label('it')} AZ0001: "
                                        f"{owner} da «Sicurezza» a «Urbanistica»; "
                                        f"{due} da «30/11/2026» a «15/01/2027»")  # registry order
    assert frame.loc[1, "sentence"] == f"Bruno Verdi ha aggiunto {actions.label('it')} AZ0099 " \
                                       "(annullata dalla modifica n. 4)"
    flats, meetings = schema.TABLES["flats"].label("it"), schema.TABLES["meetings"].label("it")
    assert frame.loc[2, "sentence"] == f"Anna Rossi ha caricato {flats} (1.229 righe), {meetings} (249 righe)"
    english = auth_history.sentences(_log(), "en")
    assert english.loc[0, "sentence"].startswith("Anna Rossi changed ")
    assert "from '30/11/2026' to '15/01/2027'" in english.loc[0, "sentence"]


def test_filters_by_person_table_and_date():
    frame = auth_history.sentences(_log(), "it")
    ids = lambda f: list(f["change_id"])  # noqa: E731
    assert ids(auth_history.filter_history(frame, people=["Anna Rossi"])) == [3, 1]
    assert ids(auth_history.filter_history(frame, tables=["meetings"])) == [1]  # a load touches its tables
    assert ids(auth_history.filter_history(frame, tables=["actions"])) == [3, 2]
    assert ids(auth_history.filter_history(frame, start=dt.date(2026, 11, 2), end=dt.date(2026, 11, 2))) == [2]
    assert ids(auth_history.filter_history(frame, start=dt.date(2026, 11, 3))) == [3]
    assert ids(auth_history.filter_history(frame, people=["Carlo"])) == []


def test_italian_export_has_italian_headers_and_times():
    frame = auth_history.export_frame(auth_history.sentences(_log(), "it"), "it")
    text = exports.csv_it(frame).decode("utf-8-sig").splitlines()
    assert text[0] == "N.;Quando;Chi;Tabella;Azione;Modifica;Motivo;Annullata da"
    assert text[1].startswith("3;20/11/2026 09:30;Anna Rossi;")
    assert text[2].endswith(";nuova;4")


def test_an_edit_by_a_signed_in_person_reads_with_their_name(demo_store, isolated_settings, make_admin):
    admin = make_admin(demo_store, "anna", "Anna Rossi")
    row = demo_store.read("actions").iloc[0]
    edits.apply_changes(demo_store, "actions", [edits.RowChange(
        "update", {"action_id": row.action_id}, edits.fingerprint(row), {"owner": "Ufficio casa"})],
        author="root", reason="riassegnata", person=admin)
    frame = auth_history.sentences(demo_store.change_log(), "it")
    assert frame.loc[0, "sentence"].startswith(f"Anna Rossi ha modificato {schema.TABLES['actions'].label('it')} "
                                               f"{row.action_id}: ")
    assert "«Ufficio casa»" in frame.loc[0, "sentence"]
    assert frame.loc[0, "reason"] == "riassegnata"
