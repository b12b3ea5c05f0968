"""Shared PDF building blocks (reportlab) for the meeting pack and the agenda/minutes:
A4 pages, DejaVu Sans (shipped inside matplotlib: every Italian letter, €, ⚠), a header
with the document's title and date, a footer with source, demo flag and page number.

    >>> doc = Document("Pacchetto riunione", dt.date(2026, 11, 26), demo=True)
    >>> doc.story += [doc.h1("Il quadro"), doc.p("...")]
    >>> pdf_bytes = doc.build()
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape

import matplotlib
import pandas as pd
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (Image, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate,
                                Spacer, Table, TableStyle)

from tavolo import i18n
from tavolo.values import is_missing

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
_registered = False


def _fonts() -> None:
    global _registered
    if _registered:
        return
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    _registered = True


def esc(text: object) -> str:
    """Text from data, safe inside a reportlab Paragraph (which reads a little XML)."""
    return _xml_escape("" if is_missing(text) else str(text))


def _fit(text: str, room: float, size: float = 7) -> str:
    if pdfmetrics.stringWidth(text, FONT, size) <= room:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FONT, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def footer_lines(text: str, room: float, size: float = 7, most: int = 2) -> list[str]:
    """'A · B · C' in at most ``most`` lines of width ``room``, breaking between the
    parts (so 'Aggiornati al 31/10/2026' stays whole); the longest part is shortened
    with '…' when the parts do not fit."""
    _fonts()
    parts = [p for p in text.split(" · ") if p]

    def pack(items: list[str]) -> list[str]:
        lines: list[str] = []
        for part in items:
            part = _fit(part, room, size)
            if lines and pdfmetrics.stringWidth(lines[-1] + " · " + part, FONT, size) <= room:
                lines[-1] += " · " + part
            else:
                lines.append(part)
        return lines

    lines = pack(parts)
    while len(lines) > most and parts:
        longest = max(range(len(parts)), key=lambda i: len(parts[i]))
        if len(parts[longest]) <= 12:
            break
        parts[longest] = parts[longest][: int(len(parts[longest]) * 0.85)].rstrip(" …") + "…"
        lines = pack(parts)
    return lines[:most]


class Document:
    """A PDF under construction: append flowables to ``story``, then ``build()``."""

    def __init__(self, title: str, day: dt.date, demo: bool = False, lang: str = "it",
                 subject: str = "", source: str = "", orientation: str = "portrait"):
        _fonts()
        self.title, self.day, self.demo, self.lang = title, day, demo, lang
        self.subject, self.source = subject, source
        self.pagesize = landscape(A4) if orientation == "landscape" else A4
        self.story: list = []
        base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=13.5, alignment=TA_LEFT)
        self.styles = {
            "p": base,
            "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=colors.HexColor("#333333")),
            "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=18, leading=22, spaceAfter=6),
            "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=13, leading=17, spaceBefore=8,
                                 spaceAfter=4),
            "big": ParagraphStyle("big", parent=base, fontName=FONT_BOLD, fontSize=24, leading=28),
            "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
            "cellb": ParagraphStyle("cellb", parent=base, fontName=FONT_BOLD, fontSize=8, leading=10),
        }

    @property
    def width(self) -> float:
        return self.pagesize[0] - 30 * mm

    def h1(self, text: str) -> Paragraph:
        return Paragraph(esc(text), self.styles["h1"])

    def h2(self, text: str) -> Paragraph:
        return Paragraph(esc(text), self.styles["h2"])

    def p(self, text: str, style: str = "p", markup: bool = False) -> Paragraph:
        return Paragraph(text if markup else esc(text), self.styles[style])

    def space(self, height_mm: float = 4) -> Spacer:
        return Spacer(1, height_mm * mm)

    def page_break(self) -> PageBreak:
        return PageBreak()

    def image(self, png: bytes, max_height_mm: float = 150) -> Image:
        """A PNG scaled to the text width (and at most ``max_height_mm`` high)."""
        from reportlab.lib.utils import ImageReader

        reader = ImageReader(io.BytesIO(png))
        w, h = reader.getSize()
        width = self.width
        height = width * h / w
        if height > max_height_mm * mm:
            height = max_height_mm * mm
            width = height * w / h
        return Image(io.BytesIO(png), width=width, height=height)

    def table(self, frame: pd.DataFrame, col_widths: list[float] | None = None,
              bold_rows: list[int] | None = None, max_rows: int | None = None) -> Table:
        """A frame as a table with a bold header row, dates as dd/mm/yyyy, numbers in Italian
        format; ``bold_rows`` (0-based, data rows) in bold with a thick left rule."""
        frame = frame if max_rows is None else frame.head(max_rows)

        def cell(value, bold=False) -> Paragraph:
            if isinstance(value, (pd.Timestamp, dt.date)) and not pd.isna(value):
                value = i18n.fmt_date(value, self.lang)
            elif isinstance(value, float) and not pd.isna(value):
                value = i18n.fmt_num(value, self.lang, 1)
            elif isinstance(value, int) and not isinstance(value, bool):
                value = i18n.fmt_int(value, self.lang)
            elif is_missing(value):
                value = ""
            return Paragraph(esc(value), self.styles["cellb" if bold else "cell"])

        bold_rows = set(bold_rows or [])
        data = [[cell(c, True) for c in frame.columns]]
        for n, row in enumerate(frame.itertuples(index=False)):
            data.append([cell(v, n in bold_rows) for v in row])
        table = Table(data, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
        style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
                 ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
        for n in bold_rows:
            style.append(("LINEBEFORE", (0, n + 1), (0, n + 1), 3, colors.black))
            style.append(("BACKGROUND", (0, n + 1), (-1, n + 1), colors.HexColor("#FFE8CC")))
        table.setStyle(TableStyle(style))
        return table

    def keep(self, *flowables) -> KeepTogether:
        return KeepTogether(list(flowables))

    def _decorate(self, canvas, doc) -> None:
        canvas.saveState()
        width, height = self.pagesize
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.HexColor("#333333"))
        head = f"Tavolo Casa · {self.title} · {i18n.fmt_date(self.day, self.lang)}"
        canvas.drawString(15 * mm, height - 10 * mm, head)
        if self.demo:
            canvas.setFont(FONT_BOLD, 8)
            canvas.drawRightString(width - 15 * mm, height - 10 * mm,
                                   i18n.t("demo_data", self.lang).upper().replace("(DEMO DATA)", "(demo data)"))
        canvas.setFont(FONT, 7)
        page = i18n.pick(self.lang, "Pagina", "Page") + f" {doc.page}"
        canvas.drawRightString(width - 15 * mm, 8 * mm, page)
        # the source line wraps (two lines at most) beside the page number, never under it
        room = width - 30 * mm - pdfmetrics.stringWidth(page, FONT, 7) - 6 * mm
        for n, line in enumerate(footer_lines(self.source, room)):
            canvas.drawString(15 * mm, (11 - 3 * n) * mm, line)
        canvas.restoreState()

    def build(self) -> bytes:
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=self.pagesize, leftMargin=15 * mm, rightMargin=15 * mm,
                                topMargin=16 * mm, bottomMargin=14 * mm, title=self.title,
                                author="Tavolo Casa - Comune di Legnano / ALER", subject=self.subject,
                                creator="Tavolo Casa", lang=self.lang)
        doc.build(self.story or [Spacer(1, 1)], onFirstPage=self._decorate, onLaterPages=self._decorate)
        return buffer.getvalue()
