"""A real PostgreSQL 16 for the team bank's tests: `pgserver` starts a throwaway cluster in a temporary
folder (once per test process), each test gets a database of its own, and a test that stops the
server gets a cluster of its own. No mocks: the driver talks to a real server over its local IPC
endpoint."""
from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Cluster:
    """A running PostgreSQL cluster in `folder`: `url(role, database)` connects to it."""

    folder: Path

    def url(self, role: str = "postgres", database: str = "postgres") -> str:
        return f"postgresql://{role}@/{database}?host={self.folder}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        """Run one statement as the superuser, outside a transaction (CREATE DATABASE must be)."""
        import psycopg

        with psycopg.connect(self.url(database=database), autocommit=True) as connection:
            connection.execute(statement)  # type: ignore[arg-type]

    def stop(self) -> None:
        """Stop the server as a power cut would not, but as a shutdown does: fast, clients cut off."""
        pid = int((self.folder / "postmaster.pid").read_text().split()[0])
        os.kill(pid, signal.SIGINT)
        for _ in range(200):
            if not (self.folder / "postmaster.pid").exists():
                return
            time.sleep(0.05)
        raise TimeoutError(f"PostgreSQL in {self.folder} did not stop")

    def start(self) -> None:
        """Start the stopped server again in the same folder (pgserver keeps one handle per folder and
        would hand back the old one, which starts nothing: it is forgotten first)."""
        from pgserver.postgres_server import PostgresServer

        PostgresServer._instances.pop(self.folder.resolve(), None)
        start_cluster(self.folder)


def start_cluster(folder: Path) -> Cluster:
    """Start (creating when needed) a cluster in `folder`; its local IPC endpoint is in the folder too."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: no XDG_RUNTIME_DIR on a bare machine
        import pgserver

        pgserver.get_server(folder, cleanup_mode=None)
    return Cluster(folder)


def short_folder(name: str) -> Path:
    """A folder for a cluster, outside pytest's temporary tree and with a short path.

    Short: the server's local IPC endpoint lives in the folder, and its path must fit in 107 bytes.
    Outside pytest's tree: run as root, pgserver starts the server as another system user and opens
    the folders above the data folder to it, but every pytest run started meanwhile (another
    engineer's, an xdist worker's) makes `/tmp/pytest-of-root` private again, and the server then
    panics on its next checkpoint."""
    return Path(tempfile.mkdtemp(prefix=f"tigang-{name}-", dir="/tmp"))


def new_database(cluster: Cluster) -> str:
    """A fresh, empty database on `cluster`; its name."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    cluster.sql(f"CREATE DATABASE {name}")
    return name


def stop_all(cluster: Cluster) -> None:
    """Stop the cluster (if it runs) and remove its folder."""
    if (cluster.folder / "postmaster.pid").exists():
        cluster.stop()
    shutil.rmtree(cluster.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One cluster per test process, stopped at the end."""
    cluster = start_cluster(short_folder("pg"))
    yield cluster
    stop_all(cluster)


@pytest.fixture
def team_db(pg_cluster: Cluster) -> Iterator[str]:
    """A database of this test's own on the shared cluster; its name (dropped afterwards)."""
    name = new_database(pg_cluster)
    yield name
    pg_cluster.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def own_cluster() -> Iterator[Cluster]:
    """A cluster of this test's own (it may stop and start it)."""
    cluster = start_cluster(short_folder("pg-own"))
    yield cluster
    stop_all(cluster)
