"""Every chart builder's figure exported as SVG: no text starts or ends outside the canvas
(y-axis labels such as "COMUNE" used to be cut to "E"), and while demo data are loaded
the note (demo flag, source, as-of date) is part of the image."""

import datetime as dt
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

import matplotlib
import pytest

from tavolo import chart_export, exports

TODAY = dt.date(2026, 11, 26)
META = {"as_of": "2026-10-31", "source": "Dati dimostrativi (illustrativi), generati da tavolo demo"}
SVG_NS = "{http://www.w3.org/2000/svg}"


def _needs_chromium():
    import os

    if chart_export.available():
        return
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail("CI=true and no Chromium for kaleido (apt-get install chromium)", pytrace=False)
    pytest.skip("Chromium not found: chart exports cannot be drawn here")


# ------------------------------------------------------------------ text geometry

@lru_cache(maxsize=8)
def _font(size: float):
    from PIL import ImageFont

    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    return ImageFont.truetype(str(path), max(1, round(size)))


def _width(text: str, size: float) -> float:
    """The drawn width of ``text`` in DejaVu Sans, the font Chromium falls back to here
    (as wide as or wider than the fonts the figures ask for: a safe estimate)."""
    return _font(size).getlength(text)


def _matrix(transform: str | None):
    """An SVG transform as (a, b, c, d, e, f); translate, scale and rotate only."""
    m = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for name, args in re.findall(r"(\w+)\(([^)]*)\)", transform or ""):
        v = [float(x) for x in re.split(r"[ ,]+", args.strip()) if x]
        if name == "translate":
            n = (1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0)
        elif name == "scale":
            n = (v[0], 0, 0, v[1] if len(v) > 1 else v[0], 0, 0)
        elif name == "rotate":
            import math

            a = math.radians(v[0])
            cx, cy = (v[1], v[2]) if len(v) == 3 else (0, 0)
            cos, sin = math.cos(a), math.sin(a)
            n = (cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy)
        elif name == "matrix":
            n = tuple(v)
        else:
            continue
        m = _mul(m, n)
    return m


def _mul(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2,
            a * e2 + c * f2 + e, b * e2 + d * f2 + f)


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _dy(value: str | None, size: float) -> float:
    """A text's dy shift ('0.7em', '12px', '3') in pixels."""
    if not value:
        return 0.0
    if value.endswith("em"):
        return float(value[:-2]) * size
    return float(value.rstrip("px"))


def _style(el, name, default=None):
    found = re.search(rf"{name}:\s*([^;]+)", el.get("style") or "")
    return found.group(1).strip() if found else el.get(name, default)


def text_boxes(svg: bytes):
    """(text, x0, x1, y) of every visible line of text, in canvas pixels."""
    root = ET.fromstring(svg)
    out = []

    def walk(el, m):
        m = _mul(m, _matrix(el.get("transform")))
        if el.tag == SVG_NS + "text":
            size = float(re.sub("px", "", _style(el, "font-size", "12")))
            anchor = el.get("text-anchor", "start")
            lines = [t for t in el.iter(SVG_NS + "tspan") if (t.get("class") or "").startswith("line")] or [el]
            for line in lines:
                text = "".join(line.itertext()) if line is not el else "".join(el.itertext())
                if not text.strip():
                    continue
                x = float(line.get("x", el.get("x", 0)) or 0)
                y = float(line.get("y", el.get("y", 0)) or 0) + _dy(line.get("dy") or el.get("dy"), size)
                w = _width(text, size)
                x0 = {"start": x, "middle": x - w / 2, "end": x - w}.get(anchor, x)
                p0, p1 = _apply(m, x0, y), _apply(m, x0 + w, y)
                out.append((text, min(p0[0], p1[0]), max(p0[0], p1[0]), min(p0[1], p1[1]), max(p0[1], p1[1]), size))
            return
        for child in el:
            walk(child, m)

    walk(root, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
    return out, float(root.get("width")), float(root.get("height"))


def outside(svg: bytes, tolerance: float = 1.0) -> list[str]:
    boxes, width, height = text_boxes(svg)
    bad = []
    for text, x0, x1, y0, y1, size in boxes:
        if x0 < -tolerance or x1 > width + tolerance or y0 - 0.8 * size < -tolerance or y1 > height + tolerance:
            bad.append(f"{text!r} x {x0:.0f}..{x1:.0f} y {y0:.0f} (canvas {width:.0f}x{height:.0f})")
    return bad


def test_the_check_catches_a_cut_label():
    """The check itself: a y label anchored at the end, 5 px from the left edge, is cut."""
    cut = (b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
           b'<g transform="translate(5,0)"><text text-anchor="end" x="0" y="50" '
           b'style="font-size: 14px">COMUNE</text></g></svg>')
    fine = cut.replace(b"translate(5,0)", b"translate(80,0)")
    assert outside(cut) and not outside(fine)


# ------------------------------------------------------------------ every builder


@pytest.fixture(scope="module")
def figures():
    """One figure of every chart builder, made the way the pages make them."""
    from tavolo import charts, charts_demand as ch, charts_programmes as cp, demo
    from tavolo import demand as dm, programmes as pr, projection as pj, summary

    F = demo.generate(1)
    out = {}
    s = summary.summarise(F, META, True, TODAY)
    out["owner_status"] = charts.flats_by_owner_status(s, "it", owner_names=summary_owner_names(F))
    for prog in s.programmes:
        out[f"programme_{prog.programme_id}"] = charts.programme_phases(prog, "it")
    as_of, comune = dm.as_of_date(META), dm.default_comune(F)
    flats, waiting = dm.flats(F, comune), dm.waiting(F, comune)
    series = dm.calls_series(F, comune, None)
    out["calls"] = ch.calls_series(series, "it")
    call = list(series["call_id"])[-1]
    prof = dm.profile(dm.applications(F, comune, None, call), dm.DIMENSIONS[0], F, "it")
    out["profile"] = ch.profile(prof, f"Profilo · {call}", "it")
    out["stock"] = ch.stock(dm.stock_by(flats, "owner_id", F, "it"), "Alloggi per proprietà", "it")
    turnover = dm.turnover(F, as_of, comune, fl=flats)
    scenario = pj.default_scenario(F, as_of, comune, flats, turnover)
    long = pj.supply(F, scenario, as_of, comune=comune, fl=flats)
    out["supply"] = ch.supply_years(pj.supply_by_year(long, list(range(as_of.year, as_of.year + pj.HORIZON))), "it")
    out["pipeline"] = ch.pipeline(pj.pipeline(F, scenario, as_of, comune, flats), "it")
    out["matching"] = ch.matching(dm.matching_by_size(waiting, flats), "it")
    out["per_flat"] = ch.per_flat_by_rione(dm.per_flat_by_rione(waiting, flats, F), "it")
    proj = pj.project(F, scenario, as_of, comune=comune, fl=flats, long=long)
    out["coverage"] = ch.coverage(proj.by_year, "Via Carlo Porta", "it")
    annual = pj.annual_plan(F, as_of.year + 1, META, comune, scenario=scenario, demo=True, fl=flats)
    out["plan"] = ch.plan_allocation(annual, "it")
    for pid in pr.programme_ids(F):
        prog = pr.programme(F, pid)
        out[f"phase_bar_{pid}"] = cp.phase_bar(pr.phase_counts(F, pid), prog["name"], "it")
        out[f"board_{pid}"] = cp.board(pr.board_cells(F, pid), "it")
        start, fc = pr.start_vs_actual(F, pid, TODAY), pr.programme_forecast(F, pid, TODAY)
        out[f"gantt_{pid}"] = cp.gantt(pr.milestone_delays(F, pid, TODAY), start, fc, "it", TODAY)
        out[f"money_{pid}"] = cp.money_chart(pr.money(F, pid), "it")
        table = pr.allocation_table(F, pid)
        if not table.empty:
            out[f"allocation_{pid}"] = cp.allocation_chart(table, "it")
    return out


def summary_owner_names(F):
    return dict(zip(F["owners"]["owner_id"], F["owners"]["name"]))


NOTE = exports.provenance(META, True)


@pytest.fixture(scope="module")
def svgs(figures):
    _needs_chromium()
    return {name: chart_export.export(fig, "svg", note=NOTE) for name, fig in figures.items()}


def test_every_builder_is_exported(figures):
    assert {"owner_status", "calls", "stock", "matching", "per_flat", "plan", "coverage"} <= set(figures)
    assert any(k.startswith("board_") for k in figures) and any(k.startswith("gantt_") for k in figures)


def test_no_exported_text_starts_outside_the_canvas(svgs):
    bad = {name: outside(svg) for name, svg in svgs.items()}
    assert not {k: v for k, v in bad.items() if v}


def test_every_exported_chart_carries_the_demo_note(svgs):
    for name, svg in svgs.items():
        texts = [b[0] for b in text_boxes(svg)[0]]
        assert any("Dati dimostrativi" in t and "Aggiornati al 31/10/2026" in t for t in texts), name


def test_owners_are_named_not_coded(svgs):
    texts = [b[0] for b in text_boxes(svgs["owner_status"])[0]]
    assert "Comune di Legnano" in texts and "COMUNE" not in texts


# ------------------------------------------------------------------ labels clear of the marks

def mark_boxes(svg: bytes):
    """(kind, x0, x1, y0, y1) of every marker ("point"), line ("js-line") and shape (the
    as-of line) drawn in the plot, in canvas pixels; the legend's samples are left out."""
    root = ET.fromstring(svg)
    out = []

    def box(d, m, pad):
        pts = [_apply(m, float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", d)]
        if pts:
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            return min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad

    def walk(el, m, in_shapes):
        if "legend" in (el.get("class") or "").split():
            return
        m = _mul(m, _matrix(el.get("transform")))
        in_shapes = in_shapes or el.get("class") == "shapelayer"
        if el.tag == SVG_NS + "path":
            kind = el.get("class") or ("shape" if in_shapes else "")
            pad = float(re.sub("px", "", _style(el, "stroke-width", "0") or "0")) / 2
            if kind == "point":  # the marker's outline, around its centre
                r = max([abs(float(v)) for v in re.findall(r"-?[\d.]+", el.get("d", ""))] or [0])
                b = box(f"{-r},{-r} {r},{r}", m, pad)
            elif kind in ("js-line", "shape"):
                b = box(el.get("d", ""), m, pad)
            else:
                b = None
            if b:
                out.append((kind, *b))
        for child in el:
            walk(child, m, in_shapes)

    walk(root, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), False)
    return out


def overlaps(svg: bytes, tolerance: float = 1.0) -> list[str]:
    """Every text (but the legend's) drawn over a marker, a line or the as-of line."""
    root = ET.fromstring(svg)
    legend = {"".join(t.itertext()) for g in root.iter(SVG_NS + "g")
              if "legend" in (g.get("class") or "").split() for t in g.iter(SVG_NS + "text")}
    bad = []
    for text, x0, x1, y0, _y1, size in text_boxes(svg)[0]:
        if text in legend:
            continue
        top, bottom = y0 - 0.75 * size, y0 + 0.2 * size  # the glyphs around the baseline
        for kind, mx0, mx1, my0, my1 in mark_boxes(svg):
            if (x0 < mx1 - tolerance and mx0 + tolerance < x1
                    and top < my1 - tolerance and my0 + tolerance < bottom):
                bad.append(f"{text!r} over a {kind} at x {mx0:.0f}..{mx1:.0f}, y {my0:.0f}..{my1:.0f}")
    return bad


def test_the_overlap_check_catches_a_sign_under_a_marker():
    """The check itself: "+1 mese" starting at a 14 px circle's centre is covered; 13 px
    to its right it is clear."""
    def svg(x):
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100">'
                f'<path class="point" transform="translate(100,50)" d="M7,0A7,7 0 1,1 0,-7A7,7 0 0,1 7,0Z"/>'
                f'<text x="{x}" y="55" style="font-size: 14px">+1 mese</text></svg>').encode()
    assert overlaps(svg(100)) and not overlaps(svg(113))


def test_gantt_labels_start_past_their_marks(figures):
    """On the figure: every label written after a date is an annotation anchored on its
    left and shifted past the mark it follows (the delay's "+" was under the circle)."""
    from tavolo import charts_programmes as cp

    for name in [k for k in figures if k.startswith("gantt_")]:
        labels = [a for a in figures[name].layout.annotations if a.name == "end_label"]
        assert labels, name
        for a in labels:
            assert a.xanchor == "left" and a.xshift >= cp.LABEL_GAP, (name, a.text)
            if a.text.startswith("+"):
                assert a.xshift >= cp.LABEL_GAP + 1
        texts = [a.text for a in labels]
        assert not any(t.startswith("-") for t in texts)


def test_gantt_text_is_clear_of_markers_and_lines(svgs):
    """In the exported SVG: no text of the Tempi chart over a marker, a bar or the as-of
    line ("+1 mese" read "-1 mese"; "previsione marzo 2031" sat on the "oggi" line)."""
    gantts = {k: v for k, v in svgs.items() if k.startswith("gantt_")}
    assert gantts
    assert any("+" in b[0] for svg in gantts.values() for b in text_boxes(svg)[0])
    bad = {name: overlaps(svg) for name, svg in gantts.items()}
    assert not {k: v for k, v in bad.items() if v}
