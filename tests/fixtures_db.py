"""Database fixtures: a temporary SQLite file and, when reachable, PostgreSQL."""
