"""A throw-away PostgreSQL cluster for the tests and the benchmarks.

The cluster lives in a temporary folder and listens on a Unix socket only (no TCP port), with
trust authentication for its one superuser. It is found in /usr/lib/postgresql/*/bin (Debian),
through ``pg_config --bindir`` or on PATH; ``BOARD_APP_PG_BIN`` names the folder explicitly.
initdb refuses to run as root: as root the cluster belongs to the ``postgres`` user (Debian's
package creates it) or, failing that, to ``nobody``.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "board"
#: Settings that make a test cluster fast; never use them for real data.
FAST_SETTINGS = (
    "listen_addresses=''",
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "max_connections=60",
    "shared_buffers=64MB",
)


class ClusterUnavailable(RuntimeError):
    """PostgreSQL cannot be started here; the message says why (shown when tests skip)."""


def _version_key(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path)) or (0,)


def find_bindir() -> Path | None:
    """The folder with initdb and pg_ctl (the newest version found), or None."""
    explicit = os.environ.get("BOARD_APP_PG_BIN")
    if explicit:
        return Path(explicit) if (Path(explicit) / "initdb").exists() else None
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key)
    if found:
        return Path(found[-1]).parent
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        out = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, timeout=10, check=True
        )
        candidate = Path(out.stdout.strip())
        if (candidate / "initdb").exists():
            return candidate
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _run_as() -> str | None:
    """The user to run the server as when we are root (None: run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise ClusterUnavailable("running as root and neither user 'postgres' nor 'nobody' exists")


@dataclass
class Cluster:
    """A running throw-away cluster: its folder, socket folder and binaries."""

    root: Path
    bindir: Path
    owner: str | None

    @property
    def socket_dir(self) -> Path:
        return self.root

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def url(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        """A ``postgresql://`` URL reaching ``dbname`` over the Unix socket."""
        return f"postgresql://{user}@/{dbname}?host={quote(str(self.socket_dir), safe='/')}"

    def connect(self, dbname: str = "postgres"):  # type: ignore[no-untyped-def]
        """A psycopg connection in autocommit mode (for CREATE/DROP DATABASE and checks)."""
        import psycopg

        return psycopg.connect(
            host=str(self.socket_dir), dbname=dbname, user=SUPERUSER, autocommit=True
        )

    def sql(self, statement: str, dbname: str = "postgres") -> list[tuple]:
        """Run one statement as the superuser; returns its rows (empty without a result)."""
        with self.connect(dbname) as conn:
            cur = conn.execute(statement)
            return cur.fetchall() if cur.description else []

    def _command(self, *args: str) -> list[str]:
        if self.owner is None:
            return list(args)
        return ["runuser", "-u", self.owner, "--", *args]

    def start(self) -> None:
        """initdb and start the server (waits until it accepts connections)."""
        initdb = self._command(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data_dir),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",  # CJK characters are letters for pg_trgm only in a UTF-8 ctype
            "-N",
        )
        self._check(initdb, "initdb")
        options = " ".join(f"-c {s}" for s in FAST_SETTINGS)
        start = self._command(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data_dir),
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "-s",
            "-o",
            f"-k {self.socket_dir} {options}",
            "start",
        )
        self._check(start, "pg_ctl start")

    def _check(self, command: list[str], what: str) -> None:
        result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
        if result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
            raise ClusterUnavailable(
                f"{what} failed ({result.returncode}): {result.stderr.strip()[-800:]} {tail}"
            )

    def stop(self) -> None:
        """Stop the server at once and delete its folder."""
        if (self.data_dir / "postmaster.pid").exists():
            subprocess.run(
                self._command(
                    str(self.bindir / "pg_ctl"),
                    "-D",
                    str(self.data_dir),
                    "-s",
                    "-m",
                    "immediate",
                    "stop",
                ),
                capture_output=True,
                timeout=60,
                check=False,
            )
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> Cluster:
    """Start a new throw-away cluster; raises ClusterUnavailable saying why it cannot."""
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise ClusterUnavailable(f"psycopg is not installed ({exc})") from exc
    bindir = find_bindir()
    if bindir is None:
        raise ClusterUnavailable(
            "no PostgreSQL server binaries (initdb) found; on Debian: "
            "apt-get install postgresql-15 (or set BOARD_APP_PG_BIN)"
        )
    owner = _run_as()
    # A short path: a Unix socket's path must stay under ~100 bytes.
    root = Path(tempfile.mkdtemp(prefix="bapg-", dir="/tmp" if Path("/tmp").is_dir() else None))
    if owner is not None:
        entry = pwd.getpwnam(owner)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    os.chmod(root, 0o755)
    cluster = Cluster(root=root, bindir=bindir, owner=owner)
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    # also when the run ends without its fixtures' teardown (an interrupted session)
    atexit.register(cluster.stop)
    return cluster


def db_name(url: str) -> str:
    """The database name in a URL made by :meth:`Cluster.url`."""
    from urllib.parse import urlsplit

    return urlsplit(url).path.lstrip("/")
