"""Texts of the Dati page (pages/dati.py): upload limit and progress."""

TEXTS = {
    "upload_limit": ("Limite di caricamento: {mb} MB in tutto (un file o più file insieme). "
                     "Una tabella più grande si carica da riga di comando: "
                     "`python -m tavolo load CARTELLA`.",
                     "Upload limit: {mb} MB in all (one file or several together). A larger "
                     "table is loaded from the command line: `python -m tavolo load FOLDER`."),
    "checking": ("Controllo dei file", "Checking the files"),
    "writing": ("Caricamento nel database", "Loading into the database"),
}
