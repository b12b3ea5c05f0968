"""The Domanda e offerta view model (tavolo.demand_view): Streamlit-free, the same figures
as the rules it calls, and a page left thin (it reads widgets, asks, draws)."""

from __future__ import annotations

import ast

import pandas as pd
import pytest

from tavolo import demand as dm, i18n, paths, projection as pj
from tavolo.demand_view import SCENARIO_KEYS, DemandView

INFO = {"as_of": "2026-10-31", "source": "test"}


@pytest.fixture(scope="module")
def view(demo_frames):
    return DemandView.build(demo_frames, INFO, True, rione=None, lang="it")


def test_the_view_counts_from_the_data_date_for_the_default_comune(view, demo_frames):
    assert str(view.as_of) == "2026-10-31"
    assert view.comune == dm.default_comune(demo_frames)
    h, expected = view.headline(), dm.headline(demo_frames, view.comune, None, view.all_flats)
    assert (h.waiting, h.assignable) == (expected.waiting, expected.assignable)


def test_a_rione_narrows_flats_and_households(demo_frames, view):
    rione = DemandView.rione_names(demo_frames).index[0]
    narrow = DemandView.build(demo_frames, INFO, True, rione=rione, lang="it")
    assert set(narrow.flats["rione_id"]) <= {rione}
    assert 0 < len(narrow.flats) < len(view.flats)
    assert len(narrow.waiting) <= len(view.waiting)


def test_the_sliders_defaults_give_back_the_default_scenario(view):
    defaults = view.scenario_defaults()
    assert set(SCENARIO_KEYS) <= set(defaults)
    scenario = view.scenario(defaults)
    assert scenario.turnover_pct == view.default_scenario.turnover_pct
    assert scenario.works_end == view.default_scenario.works_end
    assert scenario.new_build_flats == 0 and scenario.new_build_year == view.as_of.year + 2
    wider = view.scenario(defaults | {"dem_new": 40})
    assert wider.new_build_flats == 40


def test_tables_carry_the_page_labels_in_each_language(demo_frames, view):
    _series, shown = view.calls()
    keys = [key for key, _kind in dm.COLUMNS["calls"].values()]
    assert list(shown.columns) == [i18n.t(k, "it") for k in keys]
    english = DemandView.build(demo_frames, INFO, True, rione=None, lang="en")
    assert list(english.calls()[1].columns) == [i18n.t(k, "en") for k in keys]


def test_the_plan_uses_the_projection_only_inside_its_horizon(view):
    scenario = view.scenario(view.scenario_defaults())
    long = view.supply(scenario)
    inside = view.annual_plan(view.as_of.year + 1, None, scenario, long)
    beyond = view.annual_plan(view.as_of.year + pj.HORIZON + 3, None, scenario, long)
    assert inside.year == view.as_of.year + 1 and beyond.year == view.as_of.year + pj.HORIZON + 3
    assert isinstance(inside.table("it"), pd.DataFrame)


def test_the_page_is_thin():
    source = (paths.ROOT / "pages" / "domanda_offerta.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "pandas" not in imported
    froms = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert froms <= {"tavolo.demand_view", "ui", "ui.common"}, froms
    assert len(source.splitlines()) <= 60
    # nothing is read before it is defined: statement by statement, in order
    defined = {"st", "DemandView", "ambito", "cache", "w", "ensure_frame", "lang", "t"} | set(dir(__builtins__))

    def names(node, ctx):
        return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ctx)}

    def visit(statements):
        for node in statements:
            bodies = [getattr(node, f) for f in ("body", "orelse") if isinstance(getattr(node, f, None), list)]
            head = [getattr(node, f) for f in ("test", "iter", "value", "targets", "target", "items")
                    if getattr(node, f, None) is not None] if bodies else [node]
            for part in head:
                for piece in part if isinstance(part, list) else [part]:
                    loops = [n.target for n in ast.walk(piece) if isinstance(n, (ast.comprehension,))]
                    defined.update(*(names(x, ast.Store) for x in loops))
                    if isinstance(node, ast.For) and piece is node.target:
                        defined.update(names(piece, ast.Store))
                        continue
                    missing = names(piece, ast.Load) - defined
                    assert not missing, f"{missing} read before defined (line {node.lineno})"
                    defined.update(names(piece, ast.Store))
            if isinstance(node, ast.For):
                defined.update(names(node.target, ast.Store))
            for body in bodies:
                visit(body)

    visit(tree.body)
