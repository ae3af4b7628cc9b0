"""A throw-away PostgreSQL cluster in a temporary directory, for the tests that need a real server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries, or the cluster did not start."""


def server_bindir() -> Path:
    """The newest Debian PostgreSQL server's bin directory."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if not found:
        raise PostgresUnavailable("no PostgreSQL server under /usr/lib/postgresql (Debian package postgresql)")
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(args: list[str]) -> list[str]:
    """initdb refuses to run as root: run the server as the postgres user when we are root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@contextmanager
def cluster() -> Iterator[str]:
    """Start a cluster under a fresh ``mktemp -d`` directory; yield its URL; stop and delete it after."""
    bindir = server_bindir()
    # Not under the home directory: its mode 700 keeps the postgres user out.
    root = Path(tempfile.mkdtemp(prefix="peninsula-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    port = _free_port()
    started = False
    try:
        init = subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-A", "trust",
                                            "-U", "postgres", "--no-sync"]),
                              capture_output=True, text=True, timeout=120)
        if init.returncode != 0:
            raise PostgresUnavailable(f"initdb failed: {init.stderr.strip()[-300:]}")
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
        start = subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-o", options,
                                             "-l", str(root / "server.log"), "-w", "start"]),
                               capture_output=True, text=True, timeout=120)
        if start.returncode != 0:
            raise PostgresUnavailable(f"pg_ctl start failed: {start.stderr.strip()[-300:]}")
        started = True
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w",
                                         "stop"]), capture_output=True, timeout=120)
        shutil.rmtree(root, ignore_errors=True)
