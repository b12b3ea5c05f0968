"""Texts of sign-in and roles (auth_) and of the "Storico modifiche" section (hist_)."""

TEXTS = {
    "auth_open_notice": ("Modalità dimostrativa, nessun accesso richiesto: nessun account è definito. "
                         "Per caricare dati reali creare un amministratore sul server: "
                         "python -m tavolo user add NOME --role admin",
                         "Demo mode, no sign-in required: no account is defined. To load real data "
                         "create an administrator on the server: python -m tavolo user add NAME --role admin"),
    "auth_title": ("Accesso a Tavolo Casa", "Sign in to Tavolo Casa"),
    "auth_intro": ("Accedere con il proprio account: i ruoli decidono chi legge, chi modifica e chi "
                   "carica i dati; ogni modifica è registrata con il nome di chi la fa.",
                   "Sign in with your account: roles decide who reads, who edits and who loads the "
                   "data; every change is recorded with the name of whoever makes it."),
    "auth_name": ("Nome utente", "User name"),
    "auth_password": ("Password", "Password"),
    "auth_submit": ("Accedi", "Sign in"),
    "auth_oidc": ("Accedi con l'account dell'ente", "Sign in with the organisation's account"),
    "auth_or": ("oppure con un account locale", "or with a local account"),
    "auth_expired": ("Sessione scaduta per inattività: accedere di nuovo",
                     "Session expired after inactivity: sign in again"),
    "auth_signed_in": ("Accesso: {name} · ruolo {role}", "Signed in: {name} · role {role}"),
    "auth_sign_out": ("Esci", "Sign out"),
    "auth_demo_mode": ("Nessun accesso richiesto", "No sign-in required"),
    "auth_cannot": ("Il ruolo «{role}» non permette di {action}: serve il ruolo «{needed}». "
                    "Chiedere a un amministratore.",
                    "The role '{role}' does not allow you to {action}: the role '{needed}' is needed. "
                    "Ask an administrator."),
    "auth_cannot_open_load": ("Caricare dati reali richiede un account amministratore: crearlo sul "
                              "server con python -m tavolo user add NOME --role admin, poi accedere.",
                              "Loading real data needs an administrator account: create it on the "
                              "server with python -m tavolo user add NAME --role admin, then sign in."),
    # --- Storico modifiche
    "hist_tab": ("🕑 Storico modifiche", "🕑 Change history"),
    "hist_intro": ("Ogni modifica e ogni caricamento, dal più recente: chi, quando, che cosa e perché. "
                   "Le modifiche si annullano dalle pagine in cui si fanno.",
                   "Every change and every load, newest first: who, when, what and why. Changes are "
                   "undone from the pages where they are made."),
    "hist_people": ("Persone", "People"),
    "hist_tables": ("Tabelle", "Tables"),
    "hist_dates": ("Periodo", "Period"),
    "hist_count": ("{n} su {total}", "{n} of {total}"),
    "hist_empty": ("Nessuna modifica con questi filtri", "No change with these filters"),
    "hist_csv": ("Scarica lo storico (CSV per Excel)", "Download the history (CSV for Excel)"),
    "hist_events": ("Accessi, rifiuti e impostazioni (solo amministratori)",
                    "Sign-ins, refusals and settings (administrators only)"),
    "hist_col_when": ("Quando", "When"),
    "hist_col_who": ("Chi", "Who"),
    "hist_col_what": ("Modifica", "Change"),
    "hist_col_reason": ("Motivo", "Reason"),
    "hist_col_table": ("Tabella", "Table"),
    "hist_col_event": ("Evento", "Event"),
    "hist_col_detail": ("Dettaglio", "Detail"),
    "hist_col_no": ("N.", "No."),
    "hist_col_action": ("Azione", "Action"),
    "hist_col_undone": ("Annullata da", "Undone by"),
    "hist_from_to": ("da «{old}» a «{new}»", "from '{old}' to '{new}'"),
    "hist_all_tables": ("tutte le tabelle caricate", "the tables loaded"),
    "hist_undone_by": ("(annullata dalla modifica n. {n})", "(undone by change {n})"),
    "hist_reason": ("motivo", "reason"),
    "hist_change_one": ("modifica", "change"),
    "hist_change_many": ("modifiche", "changes"),
}
