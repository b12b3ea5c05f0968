"""A small ambito for tests until the shipped demo holds many comuni: the demo at scale 1
with two more comuni, "Comune A" (the buildings of rione Canazza and a call of its own,
holding the latest call's Canazza applications) and "Comune B" (the buildings of rione San
Paolo, no call). Codes 015900/015901 are made up for the tests."""

from __future__ import annotations

import pandas as pd

from tavolo import demo

A, B = "015900", "015901"


def three_comuni(frames: dict[str, pd.DataFrame] | None = None) -> dict[str, pd.DataFrame]:
    f = {k: v.copy() for k, v in (frames or demo.generate(1)).items()}
    legnano = f["comuni"].iloc[0]
    extra = pd.DataFrame([legnano.to_dict() | {"comune_code": A, "name": "Comune A", "population": 20000},
                          legnano.to_dict() | {"comune_code": B, "name": "Comune B", "population": 10000}])
    f["comuni"] = pd.concat([f["comuni"], extra], ignore_index=True).astype(f["comuni"].dtypes.to_dict())
    cons = f["consulte"].iloc[[0, 0]].copy()
    cons["consulta_id"], cons["comune_code"], cons["name"] = [11, 12], [A, B], ["A", "B"]
    f["consulte"] = pd.concat([f["consulte"], cons], ignore_index=True).astype(f["consulte"].dtypes.to_dict())
    rioni = f["rioni"]
    rioni.loc[rioni["rione_id"] == "canazza", "consulta_id"] = 11
    rioni.loc[rioni["rione_id"] == "san_paolo", "consulta_id"] = 12
    calls = f["calls"]
    last = calls.sort_values("opened_on").iloc[-1]
    own = last.to_dict() | {"call_id": "AVV-A-2025", "comune_code": A, "title": "Avviso A"}
    f["calls"] = pd.concat([calls, pd.DataFrame([own])], ignore_index=True).astype(calls.dtypes.to_dict())
    apps = f["applications"]
    apps.loc[(apps["call_id"] == last["call_id"]) & (apps["rione_id"] == "canazza"), "call_id"] = "AVV-A-2025"
    return f


def three_comuni_store(url: str) -> None:
    """Fill the store at ``url`` (created from data/ when new) with ``three_comuni``."""
    from tavolo.store import open_store

    store = open_store(url)
    try:
        frames = three_comuni(store.read_all())
        store.replace(frames, meta={"as_of": store.meta().get("as_of", "")}, reason="test ambito")
    finally:
        store.dispose()
