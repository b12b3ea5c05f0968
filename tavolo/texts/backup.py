"""Texts of the backups panel of the Dati page (keys prefixed ``backup_``)."""

TEXTS = {
    "backup_tab": ("Copie di sicurezza", "Backups"),
    "backup_intro": ("Una copia di sicurezza è un archivio unico con tutte le tabelle, lo storico "
                     "delle modifiche e le impostazioni. Si ripristina con "
                     "`python -m tavolo restore ARCHIVIO --replace` (tutto o niente).",
                     "A backup is one archive with every table, the change history and the "
                     "settings. Restore it with `python -m tavolo restore ARCHIVE --replace` "
                     "(all or nothing)."),
    "backup_none": ("Nessuna copia di sicurezza in {folder}.", "No backup in {folder}."),
    "backup_last": ("Ultima copia: {date} alle {time} ({rows} righe, {size}).",
                    "Last backup: {date} at {time} ({rows} rows, {size})."),
    "backup_old": ("L'ultima copia di sicurezza ha {days} giorni (avviso oltre {limit}): farne una nuova.",
                   "The last backup is {days} days old (warning beyond {limit}): take a new one."),
    "backup_take": ("Fai una copia di sicurezza ora", "Take a backup now"),
    "backup_done": ("Copia scritta: {name}", "Backup written: {name}"),
    "backup_list": ("Copie conservate (le più recenti {keep})", "Backups kept (the newest {keep})"),
    "backup_col_date": ("Data", "Date"),
    "backup_col_rows": ("Righe", "Rows"),
    "backup_col_size": ("Dimensione (kB)", "Size (kB)"),
    "backup_col_file": ("Archivio", "Archive"),
    "backup_col_demo": ("Dati dimostrativi", "Demo data"),
    "backup_yes": ("sì", "yes"),
    "backup_no": ("no", "no"),
}
