"""Sign-in for every page (called by app.py's frame) and the role helpers pages use to
hide what a role cannot do.

- No account in the store: open mode, nothing is asked ("modalità dimostrativa, nessun
  accesso richiesto", shown in the sidebar).
- Accounts: the person signed in with the identity provider (``st.login``, when
  ``[auth]`` is in ``.streamlit/secrets.toml``) or with a local account (the form below).
  A local sign-in starts a session in the store (``tavolo.auth.start_session``); its
  random token is kept in ``st.session_state`` and in a cookie (``tavolo_session``,
  SameSite=Strict, Secure over HTTPS), read back through ``st.context.cookies`` after a
  reload. The session ends after ``session_idle_minutes`` without activity, at sign-out,
  or when the account is disabled.

The domain checks every write again (``tavolo.auth.authorize``): hiding is for clarity.
"""

from __future__ import annotations

import streamlit as st

from tavolo import auth
from tavolo.i18n import pick
from ui import cache
from ui.common import lang, t

PERSON_KEY = "auth_person"
TOKEN_KEY = "auth_token"
OPEN_KEY = "auth_open"
ERROR_KEY = "auth_error"
COOKIE_KEY = "auth_cookie_pending"  # a cookie value to write in this run ("" clears it)
COOKIE = "tavolo_session"


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets.toml: Streamlit raises its own error type
        return False


def person() -> auth.Person | None:
    """The signed-in person (None in open mode or before signing in)."""
    return st.session_state.get(PERSON_KEY)


def open_mode() -> bool:
    if OPEN_KEY not in st.session_state:
        st.session_state[OPEN_KEY] = not auth.accounts_exist(cache.store())
    return bool(st.session_state[OPEN_KEY])


def allowed(action: str) -> bool:
    """Whether the page shows ``action`` (edit, load, settings, users...)."""
    if open_mode():
        return True
    who = person()
    return who is not None and who.can(action)


def why(action: str) -> str:
    """Why ``action`` is hidden, in the user's language."""
    if open_mode():
        return t("auth_cannot_open_load")
    who = person()
    role = pick(lang(), *auth.ROLE_LABELS.get(who.role if who else "", ("–", "–")))
    return t("auth_cannot").format(role=role, action=pick(lang(), *auth.ACTION_LABELS[action]),
                                   needed=pick(lang(), *auth.ROLE_LABELS[auth.ACTIONS[action]]))


def author_name(default: str) -> str:
    who = person()
    return who.display_name if who is not None else default


# -- the cookie ----------------------------------------------------------------------------------
def _write_cookie() -> None:
    """Write (or clear) the session cookie in the browser: one script, run once."""
    if COOKIE_KEY not in st.session_state:
        return
    token = st.session_state.pop(COOKIE_KEY)
    age = 60 * 60 * 12 if token else 0
    st.html(f"""<script>
document.cookie = "{COOKIE}={token}; path=/; max-age={age}; SameSite=Strict"
  + (location.protocol === "https:" ? "; Secure" : "");
</script>""", unsafe_allow_javascript=True)


def _sign_in() -> None:
    s = st.session_state
    store = cache.store()
    try:
        found = auth.authenticate(store, s.get("auth_name", ""), s.get("auth_password", ""))
    except auth.SignInFailed as failed:
        s[ERROR_KEY] = failed.message(lang())
    else:
        token = auth.start_session(store, found)
        s[TOKEN_KEY] = token
        s[COOKIE_KEY] = token
        s[PERSON_KEY] = found
        s.pop(ERROR_KEY, None)
    s["auth_password"] = ""


def _sign_out() -> None:
    s = st.session_state
    auth.end_session(cache.store(), s.pop(TOKEN_KEY, None))
    s.pop(PERSON_KEY, None)
    s[COOKIE_KEY] = ""


# -- the gate ------------------------------------------------------------------------------------
def _current(store) -> auth.Person | None:
    s = st.session_state
    if _oidc_configured() and st.user.is_logged_in:
        known = person()
        if known is not None and known.via == "oidc":
            return auth.authorize(store, known, "read")
        try:
            found = auth.oidc_person(store, st.user.get("email"), st.user.get("name"))
        except auth.SignInFailed as failed:
            s[ERROR_KEY] = failed.message(lang())
            return None
        auth.record(store, "sign_in", found.name, "oidc")
        return found
    token = s.get(TOKEN_KEY) or st.context.cookies.get(COOKIE)
    if not isinstance(token, str) or not token:  # no cookie (AppTest has no real request)
        return None
    found = auth.resume_session(store, token)
    if found is None:
        s.pop(TOKEN_KEY, None)
        s[COOKIE_KEY] = ""
        s[ERROR_KEY] = t("auth_expired")
    else:
        s[TOKEN_KEY] = token
    return found


def gate() -> auth.Person | None:
    """Open mode: None. Otherwise the signed-in person, or the sign-in form and stop."""
    store = cache.store()
    st.session_state[OPEN_KEY] = not auth.accounts_exist(store)
    _write_cookie()
    if st.session_state[OPEN_KEY]:
        st.session_state.pop(PERSON_KEY, None)
        return None
    try:
        found = _current(store)
    except auth.PermissionDenied as denied:  # disabled since the last run
        st.session_state[ERROR_KEY] = denied.message(lang())
        found = None
    if found is not None:
        st.session_state[PERSON_KEY] = found
        st.session_state.pop(ERROR_KEY, None)
        return found
    st.session_state.pop(PERSON_KEY, None)
    _form()
    st.stop()


def _form() -> None:
    st.title("🔐 " + t("auth_title"))
    st.markdown(t("auth_intro"))
    error = st.session_state.get(ERROR_KEY)
    if error:
        st.error(error, icon="⛔")
    if _oidc_configured():
        st.button(t("auth_oidc"), key="auth_oidc", type="primary", on_click=st.login)
        st.caption(t("auth_or"))
    with st.form("auth_form"):
        st.text_input(t("auth_name"), key="auth_name", autocomplete="username")
        st.text_input(t("auth_password"), key="auth_password", type="password",
                      autocomplete="current-password")
        st.form_submit_button(t("auth_submit"), type="primary", on_click=_sign_in)


def sidebar_status() -> None:
    """Who is signed in, and the sign-out button; in open mode the notice."""
    with st.sidebar:
        if open_mode():
            st.info(t("auth_open_notice"), icon="🔓")
            return
        who = person()
        if who is None:
            return
        role = pick(lang(), *auth.ROLE_LABELS[who.role])
        st.caption(t("auth_signed_in").format(name=who.display_name, role=role))
        if who.via == "oidc":
            st.button(t("auth_sign_out"), key="auth_sign_out", on_click=st.logout)
        else:
            st.button(t("auth_sign_out"), key="auth_sign_out", on_click=_sign_out)
