"""Temporary smoke: the fixture starts a server and a team bank opens on it."""
from __future__ import annotations


def test_init_and_search(pg_cluster, team_db, run_cli):
    url = pg_cluster.url(database=team_db)
    result = run_cli("team", "init", url)
    assert result.code == 0, result.err
    result = run_cli("search", "民有所呼", "--bank", url)
    assert "民有所呼、我有所应" in result.out
