"""Shared fixtures live in plugin modules: databases (SQLite and PostgreSQL), local
fixture sites served from 127.0.0.1, and an SMTP server."""

pytest_plugins = ["tests.fixtures_db", "tests.fixtures_sites", "tests.fixtures_smtp"]
