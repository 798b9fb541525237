"""Downloader middleware for ``crawl.resolve``: curl ``--resolve`` for the crawl.

A request for a mapped host (any scheme) is sent to the mapped ``127.0.0.1:PORT`` over plain
HTTP with the real ``Host`` header; everything else in the crawl (robots.txt, offsite checks,
article patterns, redirects, canonical URLs) sees the real URL. That is why the URL is swapped
at the very end of the request chain and swapped back at the very start of the response chain
(priority 950: after every built-in middleware on the way out, before them on the way back).

Scrapy's RobotsTxtMiddleware downloads ``https://host/robots.txt`` through
``engine.download_async``, which runs the downloader middlewares too, so robots.txt of a mapped
host is fetched from the mapped address as well.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from monitor.config.settings import ConfigError

log = logging.getLogger(__name__)

RESOLVED_FROM = "newsmon_resolved_from"  # request.meta key: the real URL while swapped


def parse_resolve(entries: Iterable[str]) -> dict[str, str]:
    """['host=127.0.0.1:8080', ...] -> {'host': '127.0.0.1:8080'}; ConfigError when malformed."""
    mapping: dict[str, str] = {}
    for entry in entries:
        host, sep, target = str(entry).partition("=")
        host, target = host.strip().lower(), target.strip()
        address, _, port = target.rpartition(":")
        if not sep or not host or not address or not port.isdigit():
            raise ConfigError(f"crawl.resolve: {entry!r} is not 'host=ADDRESS:PORT'")
        mapping[host] = target
    return mapping


def resolve_url(url: str, mapping: dict[str, str]) -> tuple[str, str] | None:
    """(URL to fetch, Host header) for a mapped URL; None when its host is not mapped."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    target = mapping.get(f"{host}:{parts.port}") if parts.port else None
    target = target or mapping.get(host)
    if target is None:
        return None
    local = urlunsplit(("http", target, parts.path or "/", parts.query, ""))
    return local, parts.netloc.rsplit("@", 1)[-1]


class ResolveMiddleware:
    """Send requests for hosts in ``crawl.resolve`` to their mapped address."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ResolveMiddleware:
        mapping = parse_resolve(crawler.settings.getlist("NEWSMON_RESOLVE"))
        if not mapping:
            raise NotConfigured("crawl.resolve is empty")
        return cls(mapping)

    def process_request(self, request: Request) -> None:
        if RESOLVED_FROM in request.meta:
            return
        resolved = resolve_url(request.url, self.mapping)
        if resolved is None:
            return
        local, host = resolved
        request.meta[RESOLVED_FROM] = request.url
        # Politeness slots stay per real host, not one slot for everything on 127.0.0.1.
        request.meta.setdefault("download_slot", host)
        request.headers["Host"] = host
        # Swapped in place (Request.url has no public setter): a new Request would go through
        # the scheduler and every middleware again, robots and offsite checks included.
        request._set_url(local)

    def process_response(self, request: Request, response: Response) -> Response:
        original = self._restore(request)
        if original is None:
            return response
        return response.replace(url=original)

    def process_exception(self, request: Request, exception: BaseException) -> Any:
        self._restore(request)  # retries and error reports must see the real URL
        return None

    @staticmethod
    def _restore(request: Request) -> str | None:
        original = request.meta.pop(RESOLVED_FROM, None)
        if original is None:
            return None
        request._set_url(original)
        del request.headers["Host"]
        return str(original)


__all__ = ["RESOLVED_FROM", "ResolveMiddleware", "parse_resolve", "resolve_url"]
