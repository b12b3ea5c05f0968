"""Table exports that open right in Italian Excel: CSV with ``;``, decimal comma and a
UTF-8 BOM, and XLSX with a notes sheet (units, source, as-of date)."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata

import pandas as pd

from tavolo import schema


def csv_it(frame: pd.DataFrame) -> bytes:
    """CSV for Italian Excel: ``;`` separator, decimal comma, dd/mm/yyyy dates, BOM."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%d/%m/%Y")
        elif pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].map({True: "sì", False: "no"})
    text = out.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def xlsx(sheets: dict[str, pd.DataFrame], notes: list[tuple[str, str]]) -> bytes:
    """A workbook with one sheet per frame and a first sheet ``Note`` holding ``notes``
    (pairs of label and text: source, as-of date, units)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        taken = {"Note"}
        pd.DataFrame(notes, columns=["Voce / Item", "Valore / Value"]).to_excel(
            writer, sheet_name="Note", index=False)
        for name, frame in sheets.items():
            out = frame.copy()
            for col in out.columns:
                if pd.api.types.is_datetime64_any_dtype(out[col]):
                    out[col] = out[col].dt.date
            out.to_excel(writer, sheet_name=sheet_title(name, taken), index=False)
    return buffer.getvalue()


def table_notes(names: list[str], meta: dict[str, str], demo: bool) -> list[tuple[str, str]]:
    """Notes for exported tables: data set, source, as-of date, and every column's unit."""
    notes = [("Tavolo Casa", "Comune di Legnano - ALER"),
             ("Dati", "Dati dimostrativi" if demo else "Dati caricati dall'ufficio"),
             ("Fonte / Source", meta.get("source", "")),
             ("Aggiornati al / As of", meta.get("as_of", "")),
             ("Esportato il / Exported on", dt.date.today().isoformat())]
    for name in names:
        if name not in schema.TABLES:
            continue
        for col in schema.TABLES[name].columns:
            unit = f" [{col.unit}]" if col.unit else ""
            notes.append((f"{name}.{col.name}", f"{col.label_it} / {col.label_en}{unit}: "
                          f"{col.description_it}"))
    return notes


def file_name(page: str, filters: dict[str, object] | None = None, ext: str = "csv",
              day: dt.date | None = None) -> str:
    """'tavolo_dati_applications_2026-11-26.csv': page, filters and date."""
    parts = ["tavolo", page] + [f"{k}-{v}" for k, v in (filters or {}).items() if v not in (None, "")]
    parts.append((day or dt.date.today()).isoformat())
    stem = "_".join(_slug(p) for p in parts if _slug(p))
    return f"{stem}.{ext}"


def _slug(value: object) -> str:
    """'Città di Legnano' -> 'Citta-di-Legnano' (accents folded, one dash between words)."""
    folded = unicodedata.normalize("NFKD", str(value))
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique XLSX sheet title: no []:*?/\\ characters, at most 31 characters."""
    base = re.sub(r"[\[\]:*?/\\]", "-", str(name)).strip("'") or "Foglio"
    title, n = base[:31], 1
    while title.lower() in {t.lower() for t in taken}:
        n += 1
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
    taken.add(title)
    return title
