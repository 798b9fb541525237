"""Configuration: every setting declared once (settings.py), the ``[[sites]]`` and ``[[topics]]``
tables (tables.py), the built-in sources registry (sources.py, sources.toml) and the per-site
profile resolved from an entry (profile.py). The lowest layer: imports nothing of newsmon."""
