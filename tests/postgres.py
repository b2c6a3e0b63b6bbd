"""A real PostgreSQL 16 for the team bank's tests: `pgserver` starts a throwaway cluster in a temporary
folder (once per test process), each test gets a database of its own, and a test that stops the
server gets a cluster of its own. No mocks: the driver talks to a real server over its socket."""
from __future__ import annotations

import os
import signal
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
        """Start the stopped server again in the same folder."""
        start_cluster(self.folder)


def start_cluster(folder: Path) -> Cluster:
    """Start (creating when needed) a cluster in `folder`; its socket is in the folder too."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: no XDG_RUNTIME_DIR on a bare machine
        import pgserver

        pgserver.get_server(folder, cleanup_mode=None)
    return Cluster(folder)


def short_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder for a cluster whose socket path fits the 107-byte limit of a local socket's name."""
    folder = tmp_path_factory.mktemp(name)
    if len(str(folder)) > 70:
        folder = Path("/tmp") / f"tigang-pg-{uuid.uuid4().hex[:8]}"
        folder.mkdir()
    return folder


def new_database(cluster: Cluster) -> str:
    """A fresh, empty database on `cluster`; its name."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    cluster.sql(f"CREATE DATABASE {name}")
    return name


def stop_all(cluster: Cluster) -> None:
    if (cluster.folder / "postmaster.pid").exists():
        cluster.stop()


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """One cluster per test process, stopped at the end."""
    cluster = start_cluster(short_folder(tmp_path_factory, "pg"))
    yield cluster
    stop_all(cluster)


@pytest.fixture
def team_db(pg_cluster: Cluster) -> Iterator[str]:
    """A database of this test's own on the shared cluster; its name (dropped afterwards)."""
    name = new_database(pg_cluster)
    yield name
    pg_cluster.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def own_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A cluster of this test's own (it may stop and start it)."""
    cluster = start_cluster(short_folder(tmp_path_factory, "pg-own"))
    yield cluster
    stop_all(cluster)
