"""The PostgreSQL fixtures (`tests/postgres.py`) for the team bank's tests."""
from postgres import own_cluster, pg_cluster, team_db

__all__ = ["own_cluster", "pg_cluster", "team_db"]
