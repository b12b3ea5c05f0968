"""Texts of the Dati page (pages/dati.py): upload limit and progress."""

TEXTS = {
    "upload_box_help": ("Trascina i file nel riquadro o premi «Upload» (il pulsante, di Streamlit, "
                        "resta in inglese) per sceglierli: file CSV o XLSX.",
                        "Drag the files onto the box or press “Upload” to choose them: CSV or XLSX files."),
    "upload_limit": ("Limite di caricamento: {mb} MB in tutto (un file o più file insieme). "
                     "Una tabella più grande si carica da riga di comando: "
                     "`python -m tavolo load CARTELLA`.",
                     "Upload limit: {mb} MB in all (one file or several together). A larger "
                     "table is loaded from the command line: `python -m tavolo load FOLDER`."),
    "upload_rules": ("Numeri: nei file con `;` il punto separa le migliaia e la virgola i decimali "
                     "(1.234,5); un numero leggibile in due modi (1.234 o 1,234 quando né il file "
                     "né le altre celle della colonna dicono qual è il separatore decimale) viene "
                     "rifiutato: scriverlo senza separatore delle migliaia. Un dato mancante è una cella vuota (non NA, N/A, null). Le date "
                     "occupano tutta la cella.",
                     "Numbers: in `;` files the point groups thousands and the comma is the "
                     "decimal mark (1.234,5); a number with two readings (1.234 or 1,234 when neither "
                     "the file nor the column's other cells tell the decimal mark) is refused: "
                     "write it without a thousands separator. "
                     "A missing value is an empty cell (not NA, N/A, null). Dates fill the whole cell."),
    "checking": ("Controllo dei file", "Checking the files"),
    "writing": ("Caricamento nel database", "Loading into the database"),
}
