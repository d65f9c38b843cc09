"""A throwaway PostgreSQL server for the store tests, and the `database_url` fixture.

The server runs from Debian's `postgresql` package (PostgreSQL 15) in a temporary directory,
on 127.0.0.1 and a free port, with trust authentication; it is stopped and deleted at the
end of the session. PostgreSQL refuses to run as root, so as root it runs as the `postgres`
user (`runuser`). Without the binaries or that user the PostgreSQL tests are skipped with
the reason, never silently. Test modules import the fixtures:

    from tests.pg import database_url, postgres_server  # noqa: F401
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _newest_installed_bin() -> Path:
    """Debian puts each major version in /usr/lib/postgresql/N/bin; take the newest."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = Path(os.environ.get("K8S_COMPARE_PG_BIN") or _newest_installed_bin())
PG_USER = "postgres"
_databases = itertools.count(1)


def unavailable_reason(bin_dir: Path = PG_BIN, user: str = PG_USER) -> str | None:
    """Why a server cannot be started here, or None when it can."""
    missing = [name for name in ("initdb", "pg_ctl") if not (bin_dir / name).is_file()]
    if missing:
        return (f"PostgreSQL is not installed: no {', '.join(missing)} in {bin_dir} "
                "(apt-get install -y postgresql)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(user)
        except KeyError:
            return f"running as root and there is no {user!r} user to run PostgreSQL as"
        if shutil.which("runuser") is None:
            return "running as root and runuser (util-linux) is missing"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """initdb on start, pg_ctl start/stop (also to simulate an outage), rm -rf on cleanup."""

    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="k8s-compare-pg-"))
        self.data = self.directory / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.directory, PG_USER, PG_USER)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--no-sync", "-E", "UTF8")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.directory} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-w",
                  "-l", str(self.directory / "server.log"), "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self) -> str:
        """A fresh, empty database; its URL. Each test gets its own, so none sees another's rows."""
        name = f"test_{next(_databases)}"
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return self.url(name)

    def cleanup(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [str(PG_BIN / program), *args]
        if self.as_root:
            command = ["runuser", "-u", PG_USER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = self.directory / "server.log"
            detail = log.read_text() if log.exists() else ""
            raise RuntimeError(f"{program} failed: {result.stderr}{result.stdout}{detail}")


@contextmanager
def running_server() -> Iterator[PostgresServer]:
    """A started server, stopped and deleted on exit; skips the test where there is none."""
    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.fixture(scope="session")
def postgres_server():
    with running_server() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty database: a SQLite file, then a PostgreSQL database on the shared server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return request.getfixturevalue("postgres_server").create_database()
