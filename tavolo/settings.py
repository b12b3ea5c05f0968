"""Settings, declared once with their default, type, help text and the rule they come from.

A value comes, in order of precedence, from the environment (``TAVOLO_<NAME>``), from the
settings file (``var/settings.json``, or ``TAVOLO_SETTINGS_FILE``), or from the default.
Every value is validated; an invalid value raises ``SettingError`` naming the setting,
the value, where it came from and the rule, in Italian and English.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tavolo import meeting_screens, paths
from tavolo.errors import BilingualError
from tavolo.i18n import pick


class SettingError(BilingualError, ValueError):
    """An invalid setting; carries the message in Italian and English."""


@dataclass(frozen=True)
class Setting:
    name: str
    type: str  # "str", "bool", "int", "float", "json"
    default: Any
    help_it: str
    help_en: str
    rule: str = ""  # the rule or source the default comes from
    to_verify: bool = False  # shown as "da verificare" until the office confirms it
    min: float | None = None
    max: float | None = None

    def help(self, lang: str = "it") -> str:
        return pick(lang, self.help_it, self.help_en)

    def label(self, lang: str = "it") -> str:
        """The setting's name for people (LABELS), never its key."""
        return pick(lang, *LABELS[self.name])


# Adequacy of flat size to household size (R.R. 4/2017 art. 9), UNVERIFIED recollection:
# each row is [min people, max people, min m2, max m2 (null = no upper bound)].
DEFAULT_ADEQUACY = [
    [1, 2, 28, 46],
    [2, 3, 46, 55],
    [3, 4, 56, 70],
    [4, 5, 71, 85],
    [5, 6, 86, 95],
    [6, 99, 95, None],
]

SETTINGS: dict[str, Setting] = {s.name: s for s in [
    Setting("database_url", "str", "",
            "Indirizzo del database (SQLAlchemy). Vuoto: file SQLite in var/tavolo.sqlite. "
            "Per più utenti: postgresql+psycopg://utente@host/db",
            "Database URL (SQLAlchemy). Empty: SQLite file var/tavolo.sqlite. "
            "For several users: postgresql+psycopg://user@host/db"),
    Setting("offline", "bool", False,
            "Modalità senza internet: nessuna richiesta fuori dal server dell'app",
            "Offline mode: no request outside the app's own server"),
    Setting("language", "str", "it", "Lingua predefinita (it o en)", "Default language (it or en)"),
    Setting("backup_dir", "str", "",
            "Cartella delle copie di sicurezza. Vuoto: var/backups",
            "Folder of the backups. Empty: var/backups"),
    Setting("backup_keep", "int", 14,
            "Quante copie di sicurezza conservare: le più vecchie sono cancellate dopo ogni nuova copia",
            "How many backups to keep: older ones are deleted after each new backup", min=1, max=1000),
    Setting("backup_warn_days", "int", 7,
            "Avviso sulla pagina Dati quando l'ultima copia di sicurezza è più vecchia di questi giorni",
            "Warning on the Dati page when the last backup is older than this many days", min=1, max=365),
    Setting("poverty_quota_pct", "float", 20.0,
            "Quota per i nuclei indigenti (ISEE fino a 3.000 €), in % degli alloggi disponibili "
            "nell'anno, arrotondata per eccesso",
            "Quota for households in poverty (ISEE up to €3,000), % of the flats available in "
            "the year, rounded up", rule="R.R. 4/2017 art. 13 (per l'ALER, contata per comune)",
            min=0, max=100),
    Setting("police_cap_pct", "float", 20.0,
            "Tetto (fino a) per forze di polizia, vigili del fuoco, forze armate e polizia "
            "locale, in %: un massimo che il Comune sceglie nel piano, non un obiettivo",
            "Cap (up to) for police, fire brigade, armed forces and local police, %: a maximum "
            "the Comune chooses in its plan, not a target",
            rule="R.R. 4/2017 come modificato dal R.R. 2/2025 (fino al 20%; 10% prima)",
            min=0, max=100),
    Setting("art14_cap_pct", "float", 20.0,
            "Soglia unica (fino a) per le categorie dell'art. 14 insieme, compresa la categoria "
            "locale aggiuntiva (lettera f), in %",
            "Single threshold (up to) for the art. 14 categories together, the local extra "
            "category (letter f) included, %",
            rule="R.R. 4/2017 art. 14 come modificato dal R.R. 2/2025 (una o più categorie "
                 "sotto un'unica soglia fino al 20%)", min=0, max=100),
    Setting("transitional_cap_pct", "float", 10.0,
            "Tetto (fino a) per i servizi abitativi transitori, in %",
            "Cap (up to) for transitional housing, %", rule="L.R. 16/2016 art. 23 c. 13",
            min=0, max=100),
    Setting("isee_poverty_eur", "float", 3000.0, "Soglia ISEE dei nuclei indigenti, in €",
            "ISEE threshold of households in poverty, €", rule="R.R. 4/2017 art. 13", min=0),
    Setting("isee_eligibility_eur", "float", 16000.0, "Soglia ISEE di accesso, in €",
            "ISEE eligibility threshold, €", rule="R.R. 4/2017 art. 7", min=0),
    Setting("adequacy_table", "json", DEFAULT_ADEQUACY,
            "Tabella di adeguatezza: [persone min, persone max, m² min, m² max]",
            "Adequacy table: [min people, max people, min m2, max m2]",
            rule="R.R. 4/2017 art. 9", to_verify=True),
    Setting("meeting_cadence_days", "int", 14,
            "Cadenza delle riunioni in giorni: 'bimensile' significa due volte al mese",
            "Meeting cadence in days: 'bimensile' means twice a month",
            rule="Articolo 'Case Aler, ecco il tavolo di coordinamento a Legnano' (ottobre 2017): "
                 "«a cadenza bimensile»; cadenza da confermare con la segreteria", to_verify=True,
            min=1, max=365),
    Setting("relet_target_months", "int", 3,
            "Obiettivo del Comune: alloggio sfitto riassegnato entro N mesi",
            "Comune's target: a vacant flat re-let within N months",
            rule="Comune di Legnano, obiettivo dichiarato nel 2021", min=1, max=60),
    # Piano annuale (pages/domanda_offerta.py, tavolo.plan, tavolo.projection).
    Setting("police_cap_pct_before", "float", 10.0,
            "Tetto per forze di polizia e vigili del fuoco prima del R.R. 2/2025, in %",
            "Cap for police and fire brigade before R.R. 2/2025, %",
            rule="R.R. 4/2017 nel testo precedente il R.R. 2/2025", min=0, max=100),
    Setting("police_cap_from_year", "int", 2025,
            "Primo anno di piano a cui si applica il tetto del R.R. 2/2025 per le forze dell'ordine",
            "First plan year the R.R. 2/2025 cap for police applies to",
            rule="R.R. 2/2025 (anno di prima applicazione)", to_verify=True,
            min=2000, max=2100),
    Setting("turnover_rate_pct", "float", 3.0,
            "Rotazione annua degli alloggi locati, in %, usata quando lo storico degli stati "
            "non basta a calcolarla",
            "Yearly turnover of let flats, %, used when the status history is too short "
            "to measure it",
            rule="Ipotesi del progetto Tavolo Casa", to_verify=True, min=0, max=100),
    Setting("art10_works_max_eur", "float", 8000.0,
            "Lavori a carico dell'assegnatario per gli sfitti in carenza manutentiva, "
            "massimo in €",
            "Works the assignee may pay on vacant flats needing maintenance, maximum €",
            rule="R.R. 4/2017 art. 10 (recupero dal canone in 36 mesi al massimo)", min=0),
    Setting("new_applications_per_year", "float", 0.0,
            "Nuove domande ammesse all'anno (ipotesi): la graduatoria si allunga mentre si "
            "assegna. 0 = la media delle domande ammesse per anno degli avvisi nei dati",
            "New admitted applications a year (assumption): the waiting list grows while flats "
            "are assigned. 0 = the mean admitted applications a year of the calls in the data",
            rule="Ipotesi del progetto Tavolo Casa", to_verify=True, min=0, max=100000),
    # Gestione (pages/gestione.py, tavolo.gestione*): priorities, 24-hour line, occupations.
    Setting("maint_weight_urgency", "float", 10.0,
            "Priorità di manutenzione: punti per ogni grado di urgenza (bassa 0, media 1, alta 2)",
            "Maintenance priority: points per step of urgency (low 0, medium 1, high 2)",
            rule="Scelta del tavolo", to_verify=True, min=0, max=1000),
    Setting("maint_weight_safety", "float", 20.0,
            "Priorità di manutenzione: punti se l'intervento elimina un rischio per la sicurezza",
            "Maintenance priority: points when the works remove a safety risk",
            rule="Scelta del tavolo", to_verify=True, min=0, max=1000),
    Setting("maint_weight_households", "float", 1.0,
            "Priorità di manutenzione: punti per ogni nucleo interessato dall'intervento",
            "Maintenance priority: points per household affected by the works",
            rule="Scelta del tavolo", to_verify=True, min=0, max=1000),
    Setting("maint_weight_vulnerable", "float", 2.0,
            "Priorità di manutenzione: punti in più per ogni nucleo fragile interessato "
            "(anziani, disabili, minori)",
            "Maintenance priority: extra points per vulnerable household affected "
            "(elderly, disabled, children)",
            rule="Scelta del tavolo", to_verify=True, min=0, max=1000),
    Setting("maint_weight_vacant_flat", "float", 3.0,
            "Priorità di manutenzione: punti per ogni alloggio sfitto che i lavori rimettono in uso",
            "Maintenance priority: points per vacant flat the works bring back into use",
            rule="Scelta del tavolo", to_verify=True, min=0, max=1000),
    Setting("maint_weight_cost_per_flat", "float", 10.0,
            "Priorità di manutenzione: punti se recuperare un alloggio costa zero, che scendono "
            "a zero quando il costo per alloggio recuperato raggiunge il riferimento",
            "Maintenance priority: points when recovering a flat costs nothing, falling to "
            "zero when the cost per flat recovered reaches the reference",
            rule="Scelta del tavolo", to_verify=True, min=0, max=1000),
    Setting("maint_cost_per_flat_ref_eur", "float", 50000.0,
            "Costo di riferimento per alloggio recuperato, in €: oltre, nessun punto per il costo",
            "Reference cost per flat recovered, €: above it, no points for cost",
            rule="Scelta del tavolo", to_verify=True, min=1),
    Setting("maint_funds_per_year", "json", {"ALER": 120000.0, "COMUNE": 60000.0},
            "Fondi disponibili ogni anno per la manutenzione straordinaria, in € per proprietario "
            "(codice del proprietario: importo)",
            "Funds available each year for extraordinary maintenance, € per owner "
            "(owner code: amount)",
            rule="Bilanci del Comune e di ALER", to_verify=True),
    Setting("report_target_days", "json",
            {"security": 1, "heating": 1, "electrical": 2, "lift": 2, "plumbing": 7,
             "damp": 30, "common_areas": 30},
            "Numero verde: giorni entro cui chiudere una segnalazione, per categoria "
            "(emergenze 24 ore = 1 giorno)",
            "24-hour line: days within which a report should be closed, by category "
            "(emergencies 24 hours = 1 day)",
            rule="Carta dei servizi ALER", to_verify=True),
    Setting("report_repair_reasons", "json",
            ["Intervento eseguito", "Intervento del manutentore",
             "Risolto dall'amministratore di condominio"],
            "Numero verde: motivi di chiusura che attestano una riparazione; ogni altro motivo "
            "(o nessun motivo) conta come «chiusa senza riparazione»",
            "24-hour line: closing reasons that record a repair; any other reason (or none) "
            "counts as “closed without repair”",
            rule="Scelta del tavolo"),
    Setting("occupation_recent_months", "int", 24,
            "Sfitti a rischio di occupazione: occupazioni rilevate nell'edificio negli ultimi N mesi",
            "Vacant flats at risk of occupation: occupations detected in the building in the "
            "last N months", rule="Scelta del tavolo", min=1, max=240),
    Setting("occupation_prior_vacancy_months", "int", 6,
            "Occupazioni: quota degli alloggi occupati che erano sfitti da più di N mesi",
            "Occupations: share of occupied flats that had been vacant more than N months",
            rule="Scelta del tavolo", min=1, max=240),
    Setting("suppress_below", "int", 5,
            "Occupazioni: i conteggi da 1 a N-1 sono mostrati come «< N» (a schermo, in "
            "riunione, in ogni esportazione), perché nessuno sia riconoscibile",
            "Occupations: counts from 1 to N-1 are shown as “< N” (on screen, in meetings, "
            "in every export), so that no one can be recognised",
            rule="Tutela della riservatezza (GDPR art. 5, minimizzazione)", min=2, max=100),
    # Meeting mode (tavolo.meeting_screens registers the screens; tavolo.meeting validates).
    Setting("meeting_sequence", "json", list(meeting_screens.DEFAULT_SEQUENCE),
            "Modalità riunione: le schermate in ordine, tra " + ", ".join(meeting_screens.NAMES),
            "Meeting mode: the screens in order, among " + ", ".join(meeting_screens.NAMES)),
    # Access (tavolo.auth): local sign-in.
    Setting("signin_max_failures", "int", 5,
            "Accesso: tentativi sbagliati consecutivi dopo i quali l'account si blocca per "
            "qualche minuto",
            "Sign-in: consecutive wrong attempts after which the account is locked for a "
            "few minutes", min=1, max=100),
    Setting("signin_lockout_minutes", "int", 15,
            "Accesso: minuti di blocco dopo troppi tentativi sbagliati",
            "Sign-in: minutes an account stays locked after too many wrong attempts",
            min=1, max=1440),
    Setting("session_idle_minutes", "int", 30,
            "Accesso: minuti di inattività dopo i quali si chiede di nuovo di accedere",
            "Sign-in: idle minutes after which signing in is asked again", min=1, max=1440),
]}


# Each setting's name as people read it on screen and in exports (the key is for files,
# the environment and the command line only).
LABELS: dict[str, tuple[str, str]] = {
    "database_url": ("Indirizzo del database", "Database address"),
    "offline": ("Senza internet", "Offline"),
    "language": ("Lingua predefinita", "Default language"),
    "backup_dir": ("Cartella delle copie di sicurezza", "Backup folder"),
    "backup_keep": ("Copie di sicurezza da conservare", "Backups to keep"),
    "backup_warn_days": ("Avviso copie di sicurezza (giorni)", "Backup warning (days)"),
    "poverty_quota_pct": ("Quota nuclei indigenti (%)", "Quota for households in poverty (%)"),
    "police_cap_pct": ("Tetto forze dell'ordine (%)", "Cap for police and fire brigade (%)"),
    "art14_cap_pct": ("Soglia categorie art. 14 (%)", "Threshold for the art. 14 categories (%)"),
    "transitional_cap_pct": ("Tetto servizi abitativi transitori (%)", "Cap for transitional housing (%)"),
    "isee_poverty_eur": ("Soglia ISEE nuclei indigenti (€)", "ISEE threshold for poverty (€)"),
    "isee_eligibility_eur": ("Soglia ISEE di accesso (€)", "ISEE eligibility threshold (€)"),
    "adequacy_table": ("Tabella di adeguatezza degli alloggi", "Flat-size adequacy table"),
    "meeting_cadence_days": ("Cadenza delle riunioni (giorni)", "Meeting cadence (days)"),
    "relet_target_months": ("Obiettivo di riassegnazione (mesi)", "Re-letting target (months)"),
    "police_cap_pct_before": ("Tetto forze dell'ordine prima del R.R. 2/2025 (%)",
                              "Police cap before R.R. 2/2025 (%)"),
    "police_cap_from_year": ("Primo anno del nuovo tetto forze dell'ordine",
                             "First year of the new police cap"),
    "turnover_rate_pct": ("Rotazione annua degli alloggi (%)", "Yearly turnover of let flats (%)"),
    "art10_works_max_eur": ("Lavori a carico dell'assegnatario, massimo (€)", "Works paid by the tenant, maximum (€)"),
    "new_applications_per_year": ("Nuove domande all'anno", "New applications a year"),
    "maint_weight_urgency": ("Peso dell'urgenza", "Weight of urgency"),
    "maint_weight_safety": ("Peso della sicurezza", "Weight of safety"),
    "maint_weight_households": ("Peso dei nuclei interessati", "Weight of households concerned"),
    "maint_weight_vulnerable": ("Peso dei nuclei fragili", "Weight of vulnerable households"),
    "maint_weight_vacant_flat": ("Peso degli sfitti recuperati", "Weight of vacant flats recovered"),
    "maint_weight_cost_per_flat": ("Peso del costo per alloggio", "Weight of the cost per flat"),
    "maint_cost_per_flat_ref_eur": ("Costo di riferimento per alloggio (€)", "Reference cost per flat (€)"),
    "maint_funds_per_year": ("Fondi annui di manutenzione straordinaria (€)",
                             "Yearly extraordinary-maintenance funds (€)"),
    "report_target_days": ("Giorni per chiudere una segnalazione", "Days to close a report"),
    "report_repair_reasons": ("Motivi di chiusura che attestano una riparazione", "Closing reasons that mean a repair"),
    "occupation_recent_months": ("Occupazioni recenti (mesi)", "Recent occupations (months)"),
    "occupation_prior_vacancy_months": ("Sfitto prima dell'occupazione (mesi)", "Vacant before occupation (months)"),
    "suppress_below": ("Soglia di riservatezza dei conteggi", "Privacy threshold of counts"),
    "meeting_sequence": ("Schermate della riunione", "Meeting screens"),
    "signin_max_failures": ("Tentativi di accesso prima del blocco", "Sign-in attempts before locking"),
    "signin_lockout_minutes": ("Minuti di blocco dell'accesso", "Sign-in lockout (minutes)"),
    "session_idle_minutes": ("Minuti di inattività prima di un nuovo accesso", "Idle minutes before signing in again"),
}


def label(name: str, lang: str = "it") -> str:
    """The label of setting ``name`` in ``lang``."""
    return SETTINGS[name].label(lang)


def settings_file() -> Path:
    return Path(os.environ.get("TAVOLO_SETTINGS_FILE", paths.VAR_DIR / "settings.json"))


def _coerce(setting: Setting, value: Any, origin: str) -> Any:
    def fail(rule_it: str, rule_en: str):
        raise SettingError(
            f"Impostazione '{setting.name}' da {origin}: valore {value!r} non valido ({rule_it})",
            f"Setting '{setting.name}' from {origin}: invalid value {value!r} ({rule_en})")

    kind = setting.type
    try:
        if kind == "bool":
            if isinstance(value, bool):
                out = value
            elif str(value).strip().lower() in {"1", "true", "yes", "si", "sì", "on"}:
                out = True
            elif str(value).strip().lower() in {"0", "false", "no", "off", ""}:
                out = False
            else:
                fail("atteso sì/no", "expected yes/no")
        elif kind == "int":
            out = int(str(value).strip())
        elif kind == "float":
            out = float(str(value).strip().replace(",", "."))
        elif kind == "json":
            out = json.loads(value) if isinstance(value, str) else value
        else:
            out = str(value)
    except SettingError:
        raise
    except (ValueError, json.JSONDecodeError):
        fail(f"atteso un valore di tipo {kind}", f"expected a {kind} value")
    if kind == "float" and not math.isfinite(out):
        fail("atteso un numero finito", "expected a finite number")
    if setting.min is not None and out < setting.min:
        fail(f"minimo {setting.min}", f"minimum {setting.min}")
    if setting.max is not None and out > setting.max:
        fail(f"massimo {setting.max}", f"maximum {setting.max}")
    if setting.name == "adequacy_table":
        validate_adequacy(out, fail)
    if setting.name == "language" and out not in ("it", "en"):
        fail("valori ammessi: it, en", "allowed values: it, en")
    return out


def validate_adequacy(rows: Any, fail) -> None:
    if not isinstance(rows, list) or not rows:
        fail("attesa una lista di righe", "expected a list of rows")
    for row in rows:
        if not (isinstance(row, list) and len(row) == 4):
            fail("ogni riga: [persone min, persone max, m² min, m² max]",
                 "each row: [min people, max people, min m2, max m2]")
        lo, hi, smin, smax = row
        if not (isinstance(lo, int) and isinstance(hi, int) and 1 <= lo <= hi):
            fail("persone min e max interi, 1 <= min <= max", "min and max people integers, 1 <= min <= max")
        def number(x) -> bool:
            return isinstance(x, (int, float)) and not isinstance(x, bool)

        if not number(smin) or smin < 0 or (smax is not None and (not number(smax) or smax < smin)):
            fail("m² min >= 0 e m² max >= m² min", "min m2 >= 0 and max m2 >= min m2")


def load_file() -> dict[str, Any]:
    path = settings_file()
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if text.strip() else {}  # an empty file holds no settings
    except (OSError, json.JSONDecodeError) as exc:
        raise SettingError(f"File di impostazioni {path} illeggibile: {exc}",
                           f"Settings file {path} unreadable: {exc}") from exc
    unknown = sorted(set(data) - set(SETTINGS))
    if unknown:
        raise SettingError(f"File di impostazioni {path}: impostazioni sconosciute {unknown}",
                           f"Settings file {path}: unknown settings {unknown}")
    return data


def get(name: str) -> Any:
    """The value of setting ``name``: environment, then settings file, then default."""
    setting = SETTINGS[name]
    env = os.environ.get("TAVOLO_" + name.upper())
    if env is not None:
        return _coerce(setting, env, f"TAVOLO_{name.upper()}")
    stored = load_file()
    if name in stored:
        return _coerce(setting, stored[name], str(settings_file()))
    return setting.default


def all_values() -> dict[str, Any]:
    return {name: get(name) for name in SETTINGS}


def save(values: dict[str, Any], person=None, store=None) -> None:
    """Validate ``values`` and write them to the settings file atomically. Once accounts
    exist in ``store`` (default: the configured one), ``person`` must be an admin
    (``tavolo.auth.PermissionDenied`` otherwise); the change is recorded."""
    from tavolo import auth  # auth imports the store, which imports this module

    store = store or auth.default_store()
    person = auth.authorize(store, person, "settings", ", ".join(sorted(values))) if store else None
    current = load_file()
    for name, value in values.items():
        if name not in SETTINGS:
            raise SettingError(f"Impostazione sconosciuta: {name}", f"Unknown setting: {name}")
        current[name] = _coerce(SETTINGS[name], value, "modifica")
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(current, indent=2, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    if store is not None and auth.has_tables(store):
        auth.record(store, "settings_change", person.name if person else None,
                    json.dumps({n: current[n] for n in values}, ensure_ascii=False, default=str))


def database_url() -> str:
    url = os.environ.get("TAVOLO_DATABASE_URL") or get("database_url")
    if not url:
        url = f"sqlite:///{paths.DEFAULT_SQLITE}"
    return url
