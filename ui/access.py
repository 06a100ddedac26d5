"""Who is using the app: the session's ``Actor`` (metrics.access decides) and the login controls."""

from __future__ import annotations

import streamlit as st

from metrics.access import AccessPolicy, Actor
from metrics.i18n import t


def _secrets() -> dict:
    try:
        return dict(st.secrets)
    except Exception:  # no secrets file: nothing configured
        return {}


def current_actor() -> tuple[Actor, bool]:
    """The session's actor, and whether authentication (``[auth]`` in the secrets) is configured."""
    secrets = _secrets()
    auth_configured = "auth" in secrets
    policy = AccessPolicy.from_config(secrets.get("border_metrics") or {}, auth_configured=auth_configured)
    if auth_configured:
        user = st.user
        return policy.actor(email=user.get("email"), logged_in=bool(user.get("is_logged_in"))), auth_configured
    # Streamlit reports no address (None) for a browser on localhost.
    client = st.context.ip_address
    return policy.actor(client_address=client if isinstance(client, str) else "127.0.0.1"), auth_configured


def login_controls(auth_configured: bool, language: str) -> None:
    """A log-in button for a visitor, or who is logged in and a log-out button (only with login configured)."""
    if not auth_configured:
        return
    if st.user.get("is_logged_in"):
        left, right = st.columns([4, 1])
        left.caption(t("logged_in_as", language, email=st.user.get("email") or "?"))
        right.button(t("log_out", language), on_click=st.logout, key="log_out")
    else:
        st.button(t("log_in", language), on_click=st.login, key="log_in")
