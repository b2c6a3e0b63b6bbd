"""The team bank: one bank on the office's PostgreSQL server for several writers, searched on each
writer's computer from a local replica that keeps working when the server is away.

Holds the server's tables and roles (`schema`), talking to the server (`server`), writing to it
(`writing`), bringing a replica up to date (`sync`), the bank a command sees (`bank`) and which bank
a command uses (`opening`: `--bank`, the `bank` setting, the built-in bank).
May import `bank` and everything below it; only the CLI and the UI import it. The PostgreSQL
driver (psycopg 3, the `team` extra) is imported only when a team bank is used.
"""
