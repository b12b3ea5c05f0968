"""The data dictionary (``data/README.md``), written from the schema registry.

``python -m tavolo dictionary`` rewrites the file; a test fails when the committed file
differs from what the registry gives.
"""

from __future__ import annotations

from tavolo import i18n, schema
from tavolo.i18n import pick

HEADER = """# Tavolo Casa: data dictionary

This file is generated from the schema registry (`tavolo/schema.py`) by
`python -m tavolo dictionary`; do not edit it by hand (a test fails when it drifts).

The data in this folder are **Dati dimostrativi**: a deterministic demo data set
(`python -m tavolo demo --scale 1 --out data`), calibrated on public figures (ISTAT;
malpensa24, 3 September 2021; the calls of the Ambito Altomilanese 2022-2025; Regione
Lombardia; the local press). Public facts (the first meeting of 17 October 2017, the ALER
offices in via Bissolati, the via Carlo Porta and Mazzafame programmes, the calls) cite
their public source (publisher, document, date) in the `source` column, and say which of
their values are demo values ("valore dimostrativo"); every other record says it is
illustrative. No personal data: the applications carry a random pseudonymous id, no names
and no tax codes.

Each table states where its rows come from in a real deployment (Source) and under what
terms they may be used (Licence).

Files: one CSV per table, named after the table (UTF-8, `,` separator, ISO dates). The
loader (`python -m tavolo check DIR`, `python -m tavolo load DIR`, and the Dati page) also
accepts `;` separated files with decimal commas, dd/mm/yyyy dates, UTF-8 with or without BOM
or Windows-1252, and XLSX files (one per table, or one workbook with a sheet per table).
Multi-valued cells separate their values with `|`. Enumerated values may be written as the
code or as the Italian or English label.
"""

TYPE_NAMES = {"str": "text", "int": "integer", "float": "number", "bool": "yes/no",
              "date": "date", "enum": "one of", "multi": "several of"}


def _escape(text: str) -> str:
    return str(text).replace("|", "\\|")


def render() -> str:
    lines = [HEADER]
    for group, (it, en) in schema.GROUPS.items():
        tables = [t for t in schema.TABLES.values() if t.group == group]
        if not tables:
            continue
        lines.append(f"\n## {en} ({it})\n")
        for table in tables:
            lines.append(f"\n### `{table.name}`: {table.label_en} ({table.label_it})\n")
            lines.append(f"{table.description_en}. *{table.description_it}.*\n")
            lines.append(f"Primary key: `{', '.join(table.primary_key)}`.\n")
            lines.append(f"Source: {table.source}  ")
            lines.append(f"Licence: {table.licence}\n")
            lines.append("| column | type | unit | required | label (it / en) | description | rules |")
            lines.append("|---|---|---|---|---|---|---|")
            for col in table.columns:
                rules = []
                if col.references:
                    rules.append(f"references `{col.references}`")
                if col.unique:
                    rules.append("unique")
                if col.min is not None:
                    rules.append(f"min {col.min:g}")
                if col.max is not None:
                    rules.append(f"max {col.max:g}")
                if col.values:
                    rules.append(", ".join(f"`{k}`" for k in col.values))
                lines.append("| " + " | ".join([
                    f"`{col.name}`", TYPE_NAMES[col.type], _escape(col.unit),
                    "yes" if col.required or col.primary_key else "no",
                    _escape(f"{col.label_it} / {col.label_en}"),
                    _escape(col.description_en), _escape("; ".join(rules))]) + " |")
            for group_cols in table.unique_together:
                lines.append(f"\nUnique together: `{', '.join(group_cols)}`.")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def columns_frame(table_name: str, lang: str = "it"):
    """The columns of a table with label, type, unit and help, for the UI."""
    import pandas as pd

    table = schema.TABLES[table_name]
    heads = pick(lang, ["Colonna", "Etichetta", "Tipo", "Unità", "Obbligatoria", "Descrizione"],
                 ["Column", "Label", "Type", "Unit", "Required", "Description"])
    yes, no = i18n.t("yes", lang), i18n.t("no", lang)
    rows = [[c.name, c.label(lang), TYPE_NAMES[c.type], c.unit_text(lang),
             yes if c.required or c.primary_key else no, c.help(lang)] for c in table.columns]
    return pd.DataFrame(rows, columns=heads)
