"""The PostgreSQL fixtures (`tests/postgres.py`) for the team bank's tests, and a team bank ready in
the test's own database (made by its owner, without the seeds)."""
from __future__ import annotations

import pytest
from postgres import Cluster, own_cluster, pg_cluster, team_db
from team_helpers import init_team

__all__ = ["own_cluster", "owner_url", "pg_cluster", "team_db"]


@pytest.fixture
def owner_url(pg_cluster: Cluster, team_db: str) -> str:
    """The owner's URL of an empty team bank (no seeds) in this test's database."""
    return init_team(pg_cluster, team_db)

