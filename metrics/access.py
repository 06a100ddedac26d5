"""Who may change data: an ``Actor`` with or without editor rights, decided by an ``AccessPolicy``.

Anyone may read. Writes go through ``metrics.store.Store``, which calls ``require_editor``, so a
write without rights is refused here in the domain layer whatever the UI shows.

- With authentication configured (Streamlit's ``st.login``), an editor is a logged-in user
  whose e-mail is in the editors list (``BORDER_METRICS_EDITORS``, or ``editors`` in the
  ``[border_metrics]`` section of the app's secrets), compared case-insensitively.
- With no authentication configured (the default on a laptop), editing is allowed only when the
  server itself listens on loopback alone (so every visitor is on this machine) and no proxy is in
  front (behind a proxy on the same machine every visitor would come from 127.0.0.1; the proxy
  setup says so and turns editing off). The visitor's address never grants anything: Streamlit
  gives none for a local browser and says it must not be used for security; a non-loopback one
  only takes the right away.
- The command line runs as the local user, who already holds the database file or its URL,
  so it acts as an editor named after that user.
"""

from __future__ import annotations

import getpass
import ipaddress
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["Actor", "AccessPolicy", "PermissionDenied", "command_line_actor", "is_loopback", "parse_editors"]

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


class PermissionDenied(PermissionError):
    """A write was attempted without editor rights; the message says why and what to do."""


@dataclass(frozen=True)
class Actor:
    """Someone acting on the data: a name for the audit log and whether they may edit."""

    name: str
    can_edit: bool
    reason: str = ""  # why they may or may not edit, in a sentence the page can show

    def require_editor(self, action: str = "change data") -> None:
        if not self.can_edit:
            raise PermissionDenied(f"{self.name} may not {action}: {self.reason or 'not an editor'}")


def parse_editors(value: str | Iterable[str] | None) -> frozenset[str]:
    """Editor e-mails from "a@x; b@y" or a list, lower-cased."""
    if value is None:
        return frozenset()
    items = value.replace(",", ";").split(";") if isinstance(value, str) else value
    return frozenset(item.strip().lower() for item in items if item and item.strip())


def is_loopback(host: str | None) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1 (with or without a port or brackets)."""
    if not host:
        return False
    host = host.strip().lower()
    if host.startswith("["):  # [::1]:8501
        host = host[1:].split("]", 1)[0]
    elif host.count(":") == 1:  # 127.0.0.1:8501 or localhost:8501
        host = host.split(":", 1)[0]
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class AccessPolicy:
    editors: frozenset[str] = frozenset()
    auth_configured: bool = False

    @classmethod
    def from_config(cls, config: Mapping | None = None, env: Mapping[str, str] | None = None,
                    auth_configured: bool = False) -> AccessPolicy:
        """Editors from ``config["editors"]`` (e.g. secrets' [border_metrics]) and the environment."""
        env = os.environ if env is None else env
        editors = parse_editors((config or {}).get("editors")) | parse_editors(env.get("BORDER_METRICS_EDITORS"))
        return cls(editors=editors, auth_configured=auth_configured)

    def actor(self, *, email: str | None = None, logged_in: bool = False, client_address: str | None = None,
              server_address: str | None = None, behind_proxy: bool = False) -> Actor:
        """The actor for a dashboard session.

        ``server_address`` is the address the server listens on (Streamlit's ``server.address``; empty
        or None means every interface), ``behind_proxy`` whether a proxy forwards the visitors, and
        ``client_address`` the browser's address as the server saw it (None when unknown).
        """
        if self.auth_configured:
            if not logged_in or not email:
                return Actor("anonymous", False, "log in to edit.")
            if email.strip().lower() in self.editors:
                return Actor(email, True, "listed as an editor.")
            return Actor(email, False, "this account is not in the editors list.")
        if behind_proxy:
            return Actor("remote user", False, "no login is configured and a proxy is in front, so nobody may edit.")
        if not is_loopback(server_address) or (client_address is not None and not is_loopback(client_address)):
            return Actor("remote user", False,
                         "no login is configured, so editing is only possible on the machine serving the app.")
        return Actor("local user", True, "no login is configured and the app listens on this machine only.")


def command_line_actor() -> Actor:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return Actor(f"cli:{user}", True, "command line on the machine holding the database.")
