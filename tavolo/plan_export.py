"""The annual plan as an XLSX workbook laid out like the plan the ambito files: a title
block (ambito, comune, year), then 1. stock by owner, 2. units expected in the year by
source, 3. quotas and reserves, 4. units assigned the previous year, 5. rule checks; and a
``Note`` sheet with the data source, the settings used with their rules, the adequacy table.
Numbers are stored as numbers (Excel shows them in the reader's locale)."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from tavolo import exports, i18n, plan, schema, settings, summary

HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
ERROR_FILL = PatternFill("solid", fgColor="F8D7C8")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
INT = "#,##0"
PCT = "0%"


class _Sheet:
    """A cursor writing rows down a worksheet."""

    def __init__(self, ws):
        self.ws = ws
        self.row = 1

    def line(self, *values, bold=False, size=None, fill=None, box=False, formats=()):
        for col, value in enumerate(values, start=1):
            cell = self.ws.cell(row=self.row, column=col, value=value)
            if bold or size:
                cell.font = Font(bold=bold, size=size or 11)
            if fill:
                cell.fill = fill
            if box:
                cell.border = BOX
            if col - 1 < len(formats) and formats[col - 1]:
                cell.number_format = formats[col - 1]
            cell.alignment = Alignment(wrap_text=isinstance(value, str) and len(value) > 40,
                                       vertical="top")
        self.row += 1

    def header(self, *values):
        self.line(*values, bold=True, fill=HEAD_FILL, box=True)

    def gap(self):
        self.row += 1


def plan_xlsx(annual: plan.AnnualPlan, lang: str = "it") -> bytes:
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    wb = Workbook()
    ws = wb.active
    ws.title = f"Piano {annual.year}"[:31]
    s = _Sheet(ws)
    s.line(t("plan_title") + f" · {annual.year}", bold=True, size=14)
    s.line(f"{annual.ambito} · {annual.comune_name} ({annual.comune_code})", bold=True)
    s.line("L.R. 16/2016; R.R. 4/2017 art. 4 · " + t("as_of").capitalize() + " "
           + i18n.fmt_date(annual.as_of, lang)
           + (" · " + t("plan_cli_demo") if annual.demo else ""))
    s.gap()

    statuses = list(schema.FLAT_STATUS)
    s.line(t("plan_xlsx_section_stock"), bold=True, size=12)
    s.header(t("plan_col_owner"), t("total"), *[schema.label(schema.FLAT_STATUS, x, lang) for x in statuses])
    totals = [0] * (len(statuses) + 1)
    for owner, by_status in annual.stock_by_owner.items():
        values = [sum(by_status.values())] + [by_status.get(x, 0) for x in statuses]
        totals = [a + b for a, b in zip(totals, values)]
        s.line(summary.owner_label(owner, annual.owner_names), *values, box=True,
               formats=[None] + [INT] * len(values))
    s.line(t("total"), *totals, bold=True, box=True, formats=[None] + [INT] * len(totals))
    if annual.stock_outside_text(lang):
        s.line(annual.stock_outside_text(lang))
    s.gap()

    s.line(t("plan_xlsx_section_expected"), bold=True, size=12)
    s.header(t("plan_col_group"), t("plan_col_source"), t("dem_col_flats"))
    for source, n in plan.sources_in_order(annual.available_by_source):
        group = plan.SOURCE_GROUPS.get(source, source)
        s.line(t(f"plan_group_{group}"), t(f"plan_source_{source}"), n, box=True,
               formats=[None, None, INT])
    s.line(t("total"), "", sum(annual.available_by_source.values()), bold=True, box=True,
           formats=[None, None, INT])
    for owner, n in annual.available_by_owner.items():
        s.line("", f"{t('plan_col_owner')}: {summary.owner_label(owner, annual.owner_names)}", n,
               formats=[None, None, INT])
    if annual.available_override:
        s.line(t("plan_available"), t("plan_override_note"), annual.available, bold=True,
               box=True, formats=[None, None, INT])
    s.gap()

    s.line(t("plan_xlsx_section_quotas"), bold=True, size=12)
    lines = annual.lines(lang)
    s.header(t("plan_col_quota"), t("plan_col_kind"), "%", t("plan_col_required"),
             t("plan_col_allowed"), t("plan_col_chosen"), t("plan_col_share"), t("plan_col_rule"))
    breached = {q for b in plan.errors(annual.breaches) for q in (b.quota, *b.shared_with)}

    def number(v):
        return None if v is None or v != v else int(v)

    for row in lines.itertuples(index=False):  # six quota lines
        rule = row.rule + (f" · {row.allowed_note}" if row.allowed_note else "")
        s.line(row.label, row.kind, None if row.pct is None or row.pct != row.pct else row.pct / 100,
               number(row.required), number(row.allowed), int(row.chosen), row.share, rule,
               box=True, fill=ERROR_FILL if row.quota in breached else None,
               formats=[None, None, PCT, INT, INT, INT, PCT, None])
    s.line(t("total"), "", None, None, None, int(lines["chosen"].sum()), None, "", bold=True, box=True,
           formats=[None, None, None, None, None, INT])
    s.line(t("plan_available"), "", None, None, None, annual.available, None, "", bold=True,
           formats=[None, None, None, None, None, INT])
    for note in plan.count_notes(annual, lang):
        s.line(note)
    s.gap()

    s.line(t("plan_xlsx_section_previous"), bold=True, size=12)
    s.line(t("plan_assigned_prev").format(year=annual.year - 1), annual.assigned_previous_year,
           box=True, formats=[None, INT])
    s.gap()

    s.line(t("plan_xlsx_section_checks"), bold=True, size=12)
    if not annual.breaches:
        s.line(t("plan_ok"))
    for breach in annual.breaches:
        s.line("⚠ " + ("ERRORE" if breach.severity == "error" else "NOTA"), breach.message(lang),
               fill=ERROR_FILL if breach.severity == "error" else None)
    for col, width in zip("ABCDEFGH", (44, 30, 14, 12, 24, 12, 16, 60)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A5"

    notes = wb.create_sheet("Note")
    n = _Sheet(notes)
    n.header("Voce / Item", "Valore / Value", t("plan_col_rule"), t("plan_to_verify"))
    n.line("Tavolo Casa", "Comune di Legnano - ALER")
    n.line("Dati", t("plan_cli_demo") if annual.demo else i18n.t("real_data", lang))
    n.line("Fonte / Source", annual.source)
    n.line("Aggiornati al / As of", annual.as_of)
    n.line("Esportato il / Exported on", dt.date.today().isoformat())
    for name in plan.SETTINGS_USED[:-1]:  # the adequacy table follows
        meta = settings.SETTINGS[name]
        n.line(f"{name}: {meta.help(lang)}", settings.get(name), meta.rule,
               t("plan_to_verify") if meta.to_verify else "")
    adequacy = settings.SETTINGS["adequacy_table"]
    n.line(t("dem_adequacy_title"), "", adequacy.rule, t("plan_to_verify"), bold=True)
    for lo, hi, smin, smax in plan.adequacy_rows():
        people = f"{lo}-{hi}" if hi < 99 else f"{lo}+"
        n.line(people, f"{smin:g}-{smax:g} m²" if smax is not None else f"≥ {smin:g} m²")
    for col, width in zip("ABCD", (70, 34, 60, 16)):
        notes.column_dimensions[get_column_letter(ord(col) - 64)].width = width
    exports.no_formulas(wb)  # text from data beginning with '=' stays text
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
