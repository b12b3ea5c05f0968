"""The meeting calendar: past and next meetings, the cadence setting, the .ics file."""

import datetime as dt

import pandas as pd
import pytest

from tavolo import calendar as cal

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def frames():
    from tavolo import demo

    return demo.generate(1)


@pytest.fixture(scope="module")
def view(frames):
    return cal.meetings_view(frames, TODAY)


def _meetings(rows):
    frame = pd.DataFrame(rows, columns=["meeting_id", "date", "theme", "sectors", "status"])
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[s]")
    return {"meetings": frame, "decisions": pd.DataFrame(columns=["decision_id", "meeting_id"]),
            "actions": pd.DataFrame(columns=["action_id", "meeting_id", "status"])}


def test_default_cadence_is_fourteen_days_and_first_meeting_is_17_october_2017(view, monkeypatch):
    monkeypatch.delenv("TAVOLO_MEETING_CADENCE_DAYS", raising=False)
    assert cal.cadence_days() == 14
    assert view["date"].min() == pd.Timestamp("2017-10-17")
    assert cal.FIRST_MEETING == dt.date(2017, 10, 17)
    assert cal.cadence_dates(cal.FIRST_MEETING, 14, dt.date(2017, 11, 14)) == [
        dt.date(2017, 10, 17), dt.date(2017, 10, 31), dt.date(2017, 11, 14)]


def test_past_and_next_split_on_today(view):
    past, nxt = view[view["when"] == "past"], view[view["when"] == "next"]
    assert (past["date"] < pd.Timestamp(TODAY)).all() or (past["status"] == "held").all()
    assert (nxt["date"] >= pd.Timestamp(TODAY)).all() and (nxt["status"] != "held").all()
    assert len(past) + len(nxt) == len(view)
    newest_first = cal.past(view, 3)
    assert newest_first["date"].is_monotonic_decreasing and len(newest_first) == 3


def test_counts_of_decisions_and_open_actions(frames, view):
    first = view[view["meeting_id"] == "M2017-10-17"].iloc[0]
    decisions = frames["decisions"]
    assert first["n_decisions"] == int((decisions["meeting_id"] == "M2017-10-17").sum())
    assert int(view["n_open_actions"].sum()) == int((frames["actions"]["status"] == "open").sum())


def test_upcoming_lists_planned_meetings_then_projects_the_cadence(view):
    nxt = cal.upcoming(view, n=200, today=TODAY, cadence=14)
    planned = nxt[nxt["status"] != cal.PROJECTED]
    projected = nxt[nxt["status"] == cal.PROJECTED]
    assert len(planned) and len(projected)
    assert projected["date"].min() == view["date"].max() + pd.Timedelta(days=14)
    assert (projected["date"].diff().dropna() == pd.Timedelta(days=14)).all()
    assert projected["meeting_id"].isna().all()


@pytest.mark.parametrize("cadence", [7, 14, 30])
def test_cadence_setting_drives_the_projection(cadence, monkeypatch):
    monkeypatch.setenv("TAVOLO_MEETING_CADENCE_DAYS", str(cadence))
    frames = _meetings([("M1", "2026-11-10", "Tema", "sicurezza", "held")])
    nxt = cal.upcoming(cal.meetings_view(frames, TODAY), n=3, today=TODAY)
    assert list(nxt["status"]) == [cal.PROJECTED] * 3
    first = pd.Timestamp("2026-11-10") + pd.Timedelta(days=cadence)
    while first < pd.Timestamp(TODAY):
        first += pd.Timedelta(days=cadence)
    assert nxt["date"].iloc[0] == first
    assert (nxt["date"].diff().dropna() == pd.Timedelta(days=cadence)).all()


def test_empty_calendar_starts_from_the_first_meeting():
    frames = _meetings([])
    nxt = cal.upcoming(cal.meetings_view(frames, dt.date(2017, 10, 1)), n=2,
                       today=dt.date(2017, 10, 1), cadence=14)
    assert list(nxt["date"]) == [pd.Timestamp("2017-10-17"), pd.Timestamp("2017-10-31")]


def test_cancelled_meetings_are_not_next():
    frames = _meetings([("M1", "2026-12-01", "A", "", "cancelled"), ("M2", "2026-12-15", "B", "", "planned")])
    nxt = cal.upcoming(cal.meetings_view(frames, TODAY), n=1, today=TODAY)
    assert list(nxt["meeting_id"]) == ["M2"]


def test_ics_holds_every_meeting_with_its_date(frames, view):
    data = cal.to_ics(view, "it")
    events = cal.read_ics(data)
    assert len(events) == len(view)
    by_uid = {uid: day for uid, day, _summary in events}
    for row in view.itertuples(index=False):
        assert by_uid[f"{row.meeting_id}@{cal.ICS_DOMAIN}"] == row.date.date()
    summaries = [s for _uid, _day, s in events]
    assert any("Avvio del tavolo" in s for s in summaries)


def test_ics_projected_dates_are_tentative(frames):
    from icalendar import Calendar

    ics_view = cal.ics_view(frames, TODAY, projected=3)
    data = cal.to_ics(ics_view, "en")
    parsed = Calendar.from_ical(data)
    tentative = [e for e in parsed.walk("VEVENT") if str(e.get("status")) == "TENTATIVE"]
    assert len(tentative) == 3
    assert all(str(e.get("uid")).startswith("proj-") for e in tentative)


def test_display_is_labelled_in_both_languages(view):
    it = cal.display(view.head(2), "it")
    en = cal.display(view.head(2), "en")
    assert "Settori" in it.columns and "Sectors" in en.columns
    assert "Servizi Sociali" in it["Settori"].iloc[0]
    assert it["Stato"].iloc[0] == "Svolta" and en["Status"].iloc[0] == "Held"


def test_observed_cadence_of_the_demo_is_fourteen_days(view):
    assert cal.observed_cadence(view) == 14


def test_calendar_command_writes_an_ics(tmp_path, frames):
    from tavolo import cli
    from tavolo.store import Store

    db = tmp_path / "cal.sqlite"
    store = Store(f"sqlite:///{db}")
    store.replace(frames, meta={"as_of": "2026-10-31"})
    store.dispose()
    out = tmp_path / "riunioni.ics"
    assert cli.main(["calendar", "--database", f"sqlite:///{db}", "--out", str(out), "--projected", "2",
                     "--date", TODAY.isoformat()]) == 0
    events = cal.read_ics(out.read_bytes())
    assert len(events) == len(frames["meetings"]) + 2


META = {"source": "Dati dimostrativi (illustrativi)", "as_of": "2026-10-31"}


def test_every_ics_event_says_demo_source_and_date(view):
    from icalendar import Calendar

    parsed = Calendar.from_ical(cal.to_ics(view, "it", meta=META, demo=True))
    events = list(parsed.walk("VEVENT"))
    assert len(events) == len(view)
    for event in events:
        description = str(event.get("description"))
        assert "Dati dimostrativi · Fonte: Dati dimostrativi (illustrativi) · Aggiornati al 31/10/2026" in description
    assert "Dati dimostrativi" in str(parsed.get("x-wr-caldesc"))


def test_real_data_ics_carries_source_and_date_without_the_flag(view):
    from icalendar import Calendar

    parsed = Calendar.from_ical(cal.to_ics(view, "it", meta={"source": "Ufficio casa", "as_of": "2026-10-31"}))
    description = str(next(iter(parsed.walk("VEVENT"))).get("description"))
    assert description.endswith("Fonte: Ufficio casa · Aggiornati al 31/10/2026")
    assert "dimostrativ" not in description


def test_hostile_themes_stay_text_in_the_ics():
    from icalendar import Calendar

    hostile = '=HYPERLINK("http://x","y");<img src=x onerror=alert(1)>\nBEGIN:VEVENT'
    frames = _meetings([("M1", "2026-12-01", hostile, "", "planned")])
    data = cal.to_ics(cal.meetings_view(frames, TODAY), "it", meta=META, demo=True)
    parsed = Calendar.from_ical(data)
    events = list(parsed.walk("VEVENT"))
    assert len(events) == 1  # the injected BEGIN:VEVENT is text, not a second event
    assert str(events[0].get("summary")) == f"Tavolo ERP: {hostile}"
    assert data.count(b"\r\nBEGIN:VEVENT\r\n") == 1  # one line opens an event: the text is escaped
