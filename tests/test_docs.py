"""Docs are tested: every command has help with an example; every setting and key is documented."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.cli import build_parser
from monitor.config.settings import SETTINGS, SITE_KEYS, TOPIC_KEYS

ROOT = Path(__file__).resolve().parents[1]
CONFIG_DOC = ROOT / "docs" / "configuration.md"
COMMANDS = ["crawl", "digest", "articles", "analyze", "daemon", "sites", "demo", "serve",
            "worker"]


def _section(text: str, heading: str) -> str:
    match = re.search(rf"^## {heading}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"docs/configuration.md has no '## {heading}' section"
    return match.group(1)


def test_every_contract_command_is_registered() -> None:
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    assert set(COMMANDS) <= set(subparsers.choices)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_shows_an_example(command: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "monitor", command, "--help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Example:" in proc.stdout
    assert re.search(rf"^\s+newsmon .*{command}", proc.stdout, re.M), proc.stdout
    for option in ("--config", "--db", "--data-dir"):
        assert option in proc.stdout


def test_every_setting_is_documented() -> None:
    text = CONFIG_DOC.read_text("utf-8")
    missing = [s.key for s in SETTINGS if f"| `{s.key}` |" not in text]
    assert missing == []
    for setting in SETTINGS:
        if setting.env:
            assert f"`{setting.env}`" in text, setting.env


@pytest.mark.parametrize(("heading", "keys"), [("Sites", SITE_KEYS), ("Topics", TOPIC_KEYS)])
def test_every_site_and_topic_key_is_documented(heading: str, keys: dict[str, str]) -> None:
    section = _section(CONFIG_DOC.read_text("utf-8"), heading)
    missing = [key for key in keys if f"| `{key}` |" not in section]
    assert missing == []


def test_every_quirk_and_selector_is_documented() -> None:
    from monitor.config.profile import QUIRKS, SELECTORS

    text = CONFIG_DOC.read_text("utf-8")
    assert [k for k in QUIRKS if f"| `{k}` |" not in text] == []
    assert [k for k in SELECTORS if f"| `{k}` |" not in text] == []
