"""``python -m storage.migrations [--url URL] <alembic command> ...``: alembic's own command
line with our programmatic config (no alembic.ini).

Without ``--url`` the commands run against a scratch SQLite database already upgraded to head,
which is what ``revision --autogenerate`` needs to write just the difference between the
newest revision and storage/models.py. Pass ``--url`` to inspect or migrate a real database.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import CommandLine

from storage.migrations import alembic_config


def main(argv: list[str] | None = None) -> int:
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--url", help="database URL (default: a scratch SQLite database at head)")
    known, rest = pre.parse_known_args(sys.argv[1:] if argv is None else argv)
    cli = CommandLine(prog="python -m storage.migrations [--url URL]")
    options = cli.parser.parse_args(rest)
    if not hasattr(options, "cmd"):
        cli.parser.error("too few arguments")
    with tempfile.TemporaryDirectory(prefix="newsmon-migrations-") as scratch:
        url = known.url
        if url is None:
            url = f"sqlite:///{Path(scratch) / 'scratch.db'}"
            command.upgrade(alembic_config(url=url), "head")
        cli.run_cmd(alembic_config(url=url), options)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
