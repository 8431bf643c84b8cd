"""The township server chosen in Settings, and where its password comes from.

The settings file holds the connection only (a libpq service name, or host, port, database,
user and sslmode): never a password. The password comes, in this order, from what libpq reads
itself (the service file ``pg_service.conf`` and the password file ``.pgpass``), from the
system keyring (the ``keyring`` package: Windows Credential Manager, macOS Keychain, Secret
Service on Linux desktops), or from the user each time. A machine without a keyring backend
(a headless server) is told so; plain-text keyring backends are not used.
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass, fields
from typing import Any
from urllib.parse import quote, urlencode

from board_app.errors import UsageError
from board_app.i18n import _

KEYRING_SERVICE = "board-app"
SSL_MODES = ("", "disable", "prefer", "require", "verify-ca", "verify-full")


@dataclass
class ServerSettings:
    """How to reach the township's PostgreSQL server (no password here, ever)."""

    service: str = ""  # a libpq service name: host, port … come from pg_service.conf
    host: str = ""
    port: str = ""
    dbname: str = ""
    user: str = ""
    sslmode: str = ""

    @classmethod
    def from_dict(cls, data: Any) -> ServerSettings:
        """From the settings file (unknown keys, such as a hand-added password, dropped)."""
        if not isinstance(data, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: str(v).strip() for k, v in data.items() if k in known and v})

    def to_dict(self) -> dict[str, str]:
        """For the settings file: the connection fields only."""
        return {k: v for k, v in asdict(self).items() if v}

    def is_set(self) -> bool:
        """Whether a server was chosen (a service name, or a host or database)."""
        return bool(self.service or self.host or self.dbname)

    def check(self) -> None:
        """Refuse what libpq would not read (UsageError)."""
        if self.port and not (self.port.isdigit() and 0 < int(self.port) < 65536):
            raise UsageError(
                _("Port {port} is not a number from 1 to 65535.").format(port=self.port)
            )
        if self.sslmode not in SSL_MODES:
            raise UsageError(
                _("“{value}” is not one of {allowed}").format(
                    value=self.sslmode, allowed="|".join(SSL_MODES[1:])
                )
            )
        for name in ("service", "dbname", "user"):
            if any(ch.isspace() or ch in "/?#@" for ch in getattr(self, name)):
                raise UsageError(_("{field} may not contain spaces or / ? # @.").format(field=name))

    def address(self, password: str | None = None) -> str:
        """The libpq URI; ``password`` (from the keyring or typed) goes in the copy in
        memory only, never into the settings."""
        self.check()
        userinfo = quote(self.user, safe="") if self.user else ""
        if password:
            userinfo += ":" + quote(password, safe="")
        host = self.host
        if host.startswith("/"):  # a Unix socket folder: a query parameter
            host = ""
        netloc = (userinfo + "@" if userinfo else "") + host
        if self.port and not self.host.startswith("/"):
            netloc += f":{self.port}"
        query = {}
        if self.service:
            query["service"] = self.service
        if self.host.startswith("/"):
            query["host"] = self.host
            if self.port:
                query["port"] = self.port
        if self.sslmode:
            query["sslmode"] = self.sslmode
        path = "/" + quote(self.dbname, safe="") if self.dbname else "/"
        text = f"postgresql://{netloc}{path}"  # urlunsplit drops // before an empty host
        return text + ("?" + urlencode(query) if query else "")

    def keyring_user(self) -> str:
        """The keyring entry's name: which user on which server."""
        where = f"service={self.service}" if self.service else f"{self.host}:{self.port or 5432}"
        return f"{self.user or '-'}@{where}/{self.dbname or '-'}"


def keyring_problem() -> str | None:
    """Why the system keyring cannot keep the password (None when it can)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return _("The keyring package is not installed.")
    backend = keyring.get_keyring()
    names = [type(b).__module__ + "." + type(b).__name__ for b in _backends(backend)]
    if isinstance(backend, fail.Keyring) or not names:
        return _(
            "This computer has no system keyring (as on a server without a desktop). The "
            "password is asked each time, or put it in a libpq password file (.pgpass)."
        )
    if any("plaintext" in n.lower() or n.startswith("keyrings.alt") for n in names):
        return _("The system keyring on this computer keeps passwords in plain text: not used.")
    return None


def _backends(backend: Any) -> list[Any]:
    inner = getattr(backend, "backends", None)  # the chainer: look at the real ones
    return list(inner) if inner is not None else [backend]


def stored_password(server: ServerSettings) -> str | None:
    """The password kept in the system keyring, or None (none kept, or no keyring)."""
    if keyring_problem() is not None:
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, server.keyring_user())
    except KeyringError:
        return None


def store_password(server: ServerSettings, password: str) -> None:
    """Keep ``password`` in the system keyring; UsageError (with why) when there is none."""
    problem = keyring_problem()
    if problem is not None:
        raise UsageError(problem)
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, server.keyring_user(), password)
    except KeyringError as exc:
        raise UsageError(
            _("The system keyring refused the password: {error}").format(error=exc)
        ) from exc


def forget_password(server: ServerSettings) -> None:
    """Remove the password from the system keyring (nothing happens when none is kept)."""
    if keyring_problem() is not None:
        return
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(KEYRING_SERVICE, server.keyring_user())


AUTH_FAILED = {"28P01", "28000"}  # SQLSTATE of a refused login


def needs_password(error: BaseException) -> bool:
    """Whether a failed connection was a refused login (libpq's error, or any error caused by
    one: the engine wraps it in a translated message)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if getattr(current, "sqlstate", None) in AUTH_FAILED:
            return True
        text = str(current).lower()
        if "password authentication failed" in text or "no password supplied" in text:
            return True
        current = current.__cause__ or current.__context__
    return False
