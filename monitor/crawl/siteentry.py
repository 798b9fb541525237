"""A discovered site entry: what it holds, its ``[[sites]]`` TOML, and adding it to a config.

``newsmon sites discover`` prints :meth:`Proposal.toml`; ``newsmon sites add --write`` appends
it to the config file with :func:`write_entries`, which checks the file still loads (and puts
the old text back when it does not).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor.config.settings import Config, ConfigError, load_config, parse_site

MAX_SAMPLE_LINES = 6


class DiscoveryError(Exception):
    """Discovery found nothing usable (bad URL, unreachable host, no articles): one line."""


@dataclass
class Sample:
    url: str
    ok: bool  # fetched, extracted and judged an article
    detail: str
    fetched: bool = True
    language: str | None = None


@dataclass
class Proposal:
    """One ``[[sites]]`` entry found by discovery, with the article URLs it finds now."""

    name: str
    language: str | None
    article_pattern: str
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    start_urls: list[str] = field(default_factory=list)
    quirks: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def entry(self) -> dict[str, Any]:
        """The entry as a [[sites]] table (keys of monitor.config.tables.SITE_KEYS)."""
        out: dict[str, Any] = {"name": self.name}
        for key in ("feeds", "sitemaps", "start_urls"):
            if getattr(self, key):
                out[key] = list(getattr(self, key))
        out["article_pattern"] = self.article_pattern
        if self.language:
            out["language"] = self.language
        if self.quirks:
            out["quirks"] = list(self.quirks)
        return out

    def toml(self) -> str:
        """The entry as TOML, with comments saying where it came from and what was checked."""
        ok = sum(1 for s in self.samples if s.ok)
        fetched = sum(1 for s in self.samples if s.fetched)
        lines = [f"# {note}" for note in self.notes]
        lines.append(f"# {len(self.articles)} article URLs found now; {ok} of {fetched} "
                     "sample pages are articles")
        for sample in self.samples[:MAX_SAMPLE_LINES]:
            lines.append(f"#   {'OK' if sample.ok else 'no'}  {sample.url}  {sample.detail}")
        lines.append("[[sites]]")
        lines += [f"{key} = {_value(value)}" for key, value in self.entry().items()]
        return "\n".join(lines) + "\n"


def _value(value: Any) -> str:
    if isinstance(value, list):
        if len(value) <= 1:
            return "[" + ", ".join(_value(v) for v in value) + "]"
        return "[\n" + "".join(f"  {_value(v)},\n" for v in value) + "]"
    text = str(value)
    if "'" not in text and "\n" not in text:
        return f"'{text}'"  # a literal string: regexes stay readable
    return json.dumps(text, ensure_ascii=False)


def config_path(config: Config) -> Path:
    """The file ``--write`` adds to: the config's own file, else ./newsmon.toml."""
    return Path(config.source) if config.source != "<defaults>" else Path("newsmon.toml")


def write_entries(config: Config, proposals: list[Proposal]) -> tuple[Path, bool]:
    """Append the entries to the config file; (its path, whether it had no [[sites]] of its
    own before, so that the built-in registry is no longer watched). ConfigError when a name
    is taken or the file does not load afterwards (its old text is put back)."""
    taken = {s.name for s in config.sites} if config.raw_sites else set()
    for proposal in proposals:
        if proposal.name in taken:
            raise ConfigError(f"site name {proposal.name!r} is already in {config.source}; "
                              "choose another with --name")
        parse_site(proposal.entry(), f"discovered entry ({proposal.name})")
    path = config_path(config)
    try:
        old = path.read_text("utf-8") if path.exists() else ""
        text = old + ("\n" if old and not old.endswith("\n") else "") + "".join(
            "\n" + p.toml() for p in proposals)
        path.write_text(text, "utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        load_config(path, environ={})
    except ConfigError:
        path.write_text(old, "utf-8")
        raise
    return path, not config.raw_sites


__all__ = ["DiscoveryError", "Proposal", "Sample", "config_path", "write_entries"]
