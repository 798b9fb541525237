"""Shared fixtures live in two plugin modules: databases (SQLite and PostgreSQL) and
local fixture sites served from 127.0.0.1."""

pytest_plugins = ["tests.fixtures_db", "tests.fixtures_sites"]
