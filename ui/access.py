"""Who is using the app: the session's ``Actor`` (metrics.access decides) and the login controls."""

from __future__ import annotations

import os

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
    client = st.context.ip_address  # None for a browser on localhost, and never a reason to grant anything
    return policy.actor(client_address=client if isinstance(client, str) else None,
                        server_address=listen_address(), behind_proxy=behind_proxy()), auth_configured


def listen_address() -> str | None:
    """The address the server listens on (``--server.address``); empty means every interface."""
    return st.get_option("server.address")


# Headers a forwarding proxy adds; a direct visitor's browser sends none of them.
FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host")


def behind_proxy() -> bool:
    """True when the proxy setup says so (``BORDER_METRICS_BEHIND_PROXY``) or the request was forwarded."""
    if os.environ.get("BORDER_METRICS_BEHIND_PROXY", "").strip().lower() not in ("", "0", "false", "no"):
        return True
    try:
        headers = {name.lower() for name in st.context.headers.keys()}
    except Exception:  # no request (a test run without a browser): nothing was forwarded
        return False
    return any(name in headers for name in FORWARDING_HEADERS)


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


def editor(language: str):
    """The visitor as an editor, or None after saying why they may not edit (and how to log in)."""
    from metrics.i18n import access_reason_label, t

    actor, auth_configured = current_actor()
    if not actor.can_edit:
        st.caption(t("fix_viewer", language, reason=access_reason_label(actor.reason, language)))
        login_controls(auth_configured, language)
        return None
    return actor

