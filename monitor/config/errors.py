"""The one error type of configuration and usage mistakes."""

from __future__ import annotations


class ConfigError(Exception):
    """A config or usage error: one line naming the file, key or argument at fault."""
