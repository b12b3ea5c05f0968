"""The meeting pack ("pacchetto riunione"): one dated PDF to attach to the minutes.

Pages: the overview figures; the static map of the rioni; demand and supply; the
programmes (with the board of Via Carlo Porta's flats); Gestione (tavolo.gestione_pack:
maintenance priorities, the 24-hour line, vacant flats, suppressed occupation counts); the
open actions and the next meetings. Charts are the app's own plotly figures drawn by the warm Chromium
(tavolo.chart_export); without Chromium each chart is replaced by its table and a note,
so the pack is always built. ``python -m tavolo pack --out FILE.pdf`` builds the same.

    >>> pdf = build(store.read_all(), store.meta(), demo=True, lang="it")
"""

from __future__ import annotations

import datetime as dt
import logging

import pandas as pd

from tavolo import actions as act, calendar as cal, chart_export, charts, exports, i18n, schema
from tavolo import summary as summary_mod
from tavolo.i18n import pick
from tavolo.pdf import Document, esc

log = logging.getLogger(__name__)


def file_name(day: dt.date | None = None, demo: bool = False) -> str:
    """'tavolo-casa_pacchetto-riunione_2026-11-26.pdf' (with '_dati-dimostrativi' for
    demo data)."""
    return exports.file_name("pacchetto-riunione", None, "pdf", day, demo=demo)


class _Charts:
    """Draws plotly figures to PNG; after the first failure (no Chromium) every chart
    falls back to its table, with one note saying why."""

    def __init__(self, doc: Document, lang: str):
        self.doc, self.lang = doc, lang
        self.failed: str | None = None

    def add(self, fig, table: pd.DataFrame | None, caption: str, max_height_mm: float = 110,
            width: int = 1100, height: int | None = None) -> None:
        story = self.doc.story
        png = None
        if self.failed is None:
            try:
                png = chart_export.export(fig, "png", width=width, height=height)
            except (chart_export.ChromiumMissing, chart_export.ExportFailed) as err:
                self.failed = err.message(self.lang)
                log.warning("pack: charts as tables: %s", err)
                story.append(self.doc.p("ℹ " + self.failed, "small"))
        if png is not None:
            story.append(self.doc.image(png, max_height_mm))
        elif table is not None:
            story.append(self.doc.table(table, max_rows=25))
        story.append(self.doc.p(caption, "small"))
        story.append(self.doc.space(3))


def _owner_names(frames: dict[str, pd.DataFrame]) -> dict[str, str]:
    owners = frames.get("owners")
    if owners is None or owners.empty:
        return {}
    return {o: charts.owner_label(o, dict(zip(owners["owner_id"], owners["name"]))) for o in owners["owner_id"]}


def _overview(doc: Document, ch: _Charts, s: summary_mod.Summary, lang: str,
              names: dict[str, str] | None = None) -> None:
    names = names or {}
    doc.story.append(doc.h1(pick(lang, "Pacchetto riunione", "Meeting pack") + " · "
                            + i18n.fmt_date_long(doc.day, lang)))
    doc.story.append(doc.p(pick(lang, "Tavolo di coordinamento ERP Comune di Legnano - ALER",
                              "Public-housing coordination table, Comune di Legnano - ALER")))
    if s.demo:
        doc.story.append(doc.p(f"<b>{esc(i18n.t('demo_data', lang))}</b>: {esc(i18n.t('demo_sentence', lang))}",
                               markup=True))
    doc.story.append(doc.h2(pick(lang, "1. Il quadro in cifre", "1. The figures at a glance")))
    figures = pd.DataFrame([
        (i18n.t("flats_total", lang), i18n.fmt_int(s.flats_total, lang),
         " · ".join(f"{names.get(o, o)} {i18n.fmt_int(n, lang)}" for o, n in s.flats_by_owner.items())),
        (i18n.t("vacancy_rate", lang), i18n.fmt_pct(s.vacancy_rate, lang),
         f"{i18n.fmt_int(s.vacant, lang)} {i18n.t('flats', lang)}"),
        (i18n.t("applications_waiting", lang), i18n.fmt_int(s.applications_waiting, lang),
         f"{i18n.t('call', lang)}: {s.applications_call or '–'}"),
        (i18n.t("applications_per_assignable", lang), i18n.fmt_num(s.applications_per_assignable, lang, 1),
         f"{i18n.fmt_int(s.assignable, lang)} {i18n.t('assignable_now', lang)}"),
    ], columns=[pick(lang, "Cifra", "Figure"), pick(lang, "Valore", "Value"), pick(lang, "Dettaglio", "Detail")])
    w = doc.width
    doc.story.append(doc.table(figures, [0.42 * w, 0.18 * w, 0.40 * w]))
    doc.story.append(doc.p(f"{i18n.t('source', lang)}: {s.source} · {i18n.t('as_of', lang)} "
                           f"{i18n.fmt_date(s.as_of, lang)}", "small"))
    doc.story.append(doc.space(4))
    table = summary_mod.summary_table(s, lang, names)
    table = table.rename(columns={"status": i18n.t("status", lang), "total": i18n.t("total", lang)})
    ch.add(charts.flats_by_owner_status(s, lang, names), table, i18n.t("caption_flats_status", lang), 80,
           height=340)
    nxt = s.next_meeting
    doc.story.append(doc.p(f"<b>{esc(i18n.t('next_meeting', lang))}</b>: " + (
        esc(f"{i18n.fmt_date_long(nxt['date'], lang)} · {nxt['theme']}") if nxt else esc(i18n.t("none_planned", lang))),
        markup=True))


def _map_png(frames: dict[str, pd.DataFrame], lang: str, meta: dict, demo: bool) -> bytes:
    """The Mappa page's own static export (same classes, layers and flags as the
    interactive map)."""
    from tavolo import map_export

    return map_export.static_map(frames, "flats_total", lang, "png", meta=meta, demo=demo, dpi=140)


def _map(doc: Document, frames: dict[str, pd.DataFrame], lang: str, meta: dict, demo: bool) -> None:
    doc.story.append(doc.page_break())
    doc.story.append(doc.h2(pick(lang, "2. Dove sono gli alloggi", "2. Where the flats are")))
    try:
        doc.story.append(doc.image(_map_png(frames, lang, meta, demo), 190))
    except Exception as err:  # noqa: BLE001 - the pack is built anyway, with the table
        log.warning("pack: static map failed: %r", err)
        doc.story.append(doc.p(pick(lang, "Mappa non disponibile: ", "Map unavailable: ") + repr(err), "small"))
    try:
        from tavolo import map_data

        ind = map_data.rione_indicators(frames)
        table = pd.DataFrame({
            "Rione": ind["name"], pick(lang, "Alloggi", "Flats"): ind["flats_total"].astype(int),
            i18n.t("vacancy_rate", lang): [i18n.fmt_pct(v, lang) for v in ind["vacancy_rate"]],
            pick(lang, "Domande per alloggio assegnabile", "Applications per assignable flat"):
                [i18n.fmt_num(v, lang, 1) for v in ind["applications_per_assignable"]],
        })
        doc.story.append(doc.table(table))
    except Exception as err:  # noqa: BLE001
        log.warning("pack: rioni table failed: %r", err)


def _demand(doc: Document, ch: _Charts, frames: dict[str, pd.DataFrame], lang: str) -> None:
    doc.story.append(doc.page_break())
    doc.story.append(doc.h2(pick(lang, "3. Domanda e offerta", "3. Demand and supply")))
    try:
        from tavolo import charts_demand, demand
    except ImportError:
        doc.story.append(doc.p(pick(lang, "Sezione non ancora disponibile.", "Section not available yet.")))
        return
    comune = demand.default_comune(frames)
    flats, waiting = demand.flats(frames, comune), demand.waiting(frames, comune)
    assignable = int(flats["status"].isin(demand.ASSIGNABLE).sum())
    doc.story.append(doc.p(pick(lang, f"{i18n.fmt_int(len(waiting), lang)} domande in graduatoria "
                                    f"(ultimo avviso) e {i18n.fmt_int(assignable, lang)} alloggi assegnabili oggi.",
                              f"{i18n.fmt_int(len(waiting), lang)} applications waiting (latest call) and "
                              f"{i18n.fmt_int(assignable, lang)} flats assignable today.")))
    match = demand.matching_by_size(waiting, flats)
    table = match[["label", "applicants", "flats", "balance"]].rename(columns={
        "label": pick(lang, "Nucleo", "Household"), "applicants": pick(lang, "Domande", "Applicants"),
        "flats": pick(lang, "Alloggi adeguati", "Adequate flats"), "balance": pick(lang, "Saldo", "Balance")})
    ch.add(charts_demand.matching(match, lang), table, pick(
        lang, "Domande in attesa e alloggi assegnabili adeguati, per numero di componenti del nucleo "
              "(R.R. 4/2017 art. 9); saldo negativo = mancano alloggi.",
        "Households waiting and adequate assignable flats by household size (R.R. 4/2017 art. 9); "
        "negative balance = flats missing."), 95, height=420)
    rioni = demand.per_flat_by_rione(waiting, flats, frames)
    table = rioni.rename(columns={"rione": "Rione", "applicants": pick(lang, "Domande", "Applicants"),
                                  "flats": pick(lang, "Assegnabili", "Assignable"),
                                  "per_flat": pick(lang, "Per alloggio", "Per flat")})
    ch.add(charts_demand.per_flat_by_rione(rioni, lang), table, pick(
        lang, "Domande in attesa per alloggio assegnabile, per rione di residenza.",
        "Applications waiting per assignable flat, by rione of residence."), 95, height=420)


def _programmes(doc: Document, ch: _Charts, frames: dict[str, pd.DataFrame], s: summary_mod.Summary,
                lang: str) -> None:
    doc.story.append(doc.page_break())
    doc.story.append(doc.h2(pick(lang, "4. I programmi", "4. The programmes")))
    for prog in s.programmes:
        table = pd.DataFrame([{i18n.t("phase", lang): schema.label(schema.PHASE, p, lang),
                               i18n.t("count", lang): n} for p, n in prog.flats_by_phase.items()])
        ch.add(charts.programme_phases(prog, lang), table,
               i18n.t("caption_programme", lang).format(name=prog.name, done=prog.handed_over,
                                                        total=prog.flats_total), 45, height=240)
    try:
        from tavolo import charts_programmes, programmes
    except ImportError:
        return
    if "carlo_porta" in programmes.programme_ids(frames):
        cells = programmes.board_cells(frames, "carlo_porta")
        doc.story.append(doc.page_break())
        name = programmes.programme(frames, "carlo_porta")["name"]
        doc.story.append(doc.h2(pick(lang, f"4 bis. {name}: alloggio per alloggio",
                                   f"4a. {name}: flat by flat")))
        ch.add(charts_programmes.board(cells, lang), programmes.board_table(cells), pick(
            lang, "Ogni riquadro è un alloggio, con la sigla della fase e il numero scritti dentro.",
            "Each box is a flat, with its phase's short name and its number written inside."), 200,
               width=1300)


def _gestione(doc: Document, ch: _Charts, frames: dict[str, pd.DataFrame], meta: dict, lang: str) -> None:
    from tavolo import demand, gestione_pack

    gestione_pack.section(doc, ch, frames, demand.as_of_date(meta, frames), lang, 5)


def _actions(doc: Document, frames: dict[str, pd.DataFrame], lang: str) -> None:
    doc.story.append(doc.page_break())
    doc.story.append(doc.h2(pick(lang, "6. Azioni aperte del tavolo", "6. Open actions of the table")))
    opened = act.open_actions(frames["actions"], doc.day)
    late = [n for n, flag in enumerate(opened["overdue"]) if bool(flag)]
    doc.story.append(doc.p(pick(lang, f"{len(opened)} azioni aperte, {len(late)} scadute (in grassetto, "
                                    "con ⚠ e un bordo spesso a sinistra).",
                              f"{len(opened)} open actions, {len(late)} overdue (in bold, with ⚠ and a "
                              "thick left rule).")))
    if len(opened):
        table = act.display(opened, frames["meetings"], lang, doc.day)
        table = table.drop(columns=[table.columns[-1]])
        w = doc.width
        doc.story.append(doc.table(table, [0.085 * w, 0.125 * w, 0.25 * w, 0.15 * w, 0.125 * w, 0.08 * w, 0.185 * w],
                                   late))
    doc.story.append(doc.h2(pick(lang, "Prossime riunioni", "Next meetings")))
    nxt = cal.upcoming(cal.meetings_view(frames, doc.day), n=4, today=doc.day)
    table = cal.display(nxt, lang).drop(columns=[pick(lang, "Decisioni", "Decisions"),
                                                  pick(lang, "Azioni aperte", "Open actions")])
    doc.story.append(doc.table(table))


def build(frames: dict[str, pd.DataFrame], meta: dict[str, str] | None = None, demo: bool = False,
          lang: str = "it", today: dt.date | None = None) -> bytes:
    """The meeting pack as PDF bytes (at least 5 pages)."""
    today = today or dt.date.today()
    meta = meta or {}
    s = summary_mod.summarise(frames, meta, demo, today)
    source = exports.provenance(meta, demo, lang, limit=120)
    doc = Document(pick(lang, "Pacchetto riunione", "Meeting pack"), today, demo, lang,
                   subject=pick(lang, "Tavolo di coordinamento ERP", "Public-housing coordination table"),
                   source=source)
    ch = _Charts(doc, lang)
    _overview(doc, ch, s, lang, _owner_names(frames))
    _map(doc, frames, lang, meta, demo)
    _demand(doc, ch, frames, lang)
    _programmes(doc, ch, frames, s, lang)
    _gestione(doc, ch, frames, meta, lang)
    _actions(doc, frames, lang)
    return doc.build()
