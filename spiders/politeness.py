"""Downloader middleware: honour ``Retry-After`` on HTTP 429/503 and back off per domain.

Scrapy's RetryMiddleware retries a 429 as soon as the download slot allows (about a second
here), which a rate-limiting site reads as being ignored. :class:`RetryAfterMiddleware` sits
just above it (priority 560 > 550), so on the way back it sees those responses first:

- A 429, or a 503 that carries ``Retry-After``, means "rate limited": the request's domain is
  paused for max(Retry-After, backoff) seconds. The backoff doubles with every consecutive
  rate-limited answer from that domain (2, 4, 8 ... s) and resets on its next success. Both
  are capped by ``NEWSMON_RETRY_AFTER_CAP`` (seconds). A 503 without ``Retry-After`` is an
  ordinary server error and left to RetryMiddleware.
- The pause never blocks the reactor: every request for a paused domain (the retry included)
  awaits an async sleep in ``process_request``, before it reaches its downloader slot, so the
  slot's own delay, concurrency and AutoThrottle stay untouched. Other domains never wait.
- The retry goes back to the scheduler from here and is counted in the request's
  ``retry_times``, exactly as RetryMiddleware counts, so the crawl's retry count bounds both.
  When it is used up the response goes on unchanged, and RetryMiddleware gives up on it with
  its usual log line (or, retries disabled, the spider sees the 429).

What happened is in the crawler stats: :data:`STATS_KEY` (rate-limited answers in all),
``STATS_KEY/<domain>`` and :data:`WAIT_STATS_KEY` (milliseconds of pause ordered).
"""

from __future__ import annotations

import email.utils
import logging
import re
import time
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.http import Response
from scrapy.utils.asyncio import sleep
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

log = logging.getLogger(__name__)

CAP_SETTING = "NEWSMON_RETRY_AFTER_CAP"
DEFAULT_CAP = 120.0  # seconds; a site asking for more gets this much (and maybe its retries)
BACKOFF_BASE = 2.0  # seconds before the first retry of a 429 without (or with a short) Retry-After
STATS_KEY = "newsmon/rate_limited"
WAIT_STATS_KEY = "newsmon/rate_limited_wait_ms"

_SECONDS = re.compile(r"\d+(?:\.\d+)?")
_MAX_DOUBLINGS = 32  # 2**32 s is far above any cap; keeps the float finite


def parse_retry_after(value: str | bytes | None, *, cap: float = DEFAULT_CAP,
                      now: float | None = None) -> float | None:
    """Seconds to wait for a ``Retry-After`` value (delay-seconds or an HTTP date), between 0
    and ``cap``; None when absent or unreadable. ``now`` (epoch seconds) is for HTTP dates."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if not text:
        return None
    if _SECONDS.fullmatch(text):
        seconds = float(text)  # RFC 9110 wants an integer; a fraction is read, not rejected
    else:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None  # garbage: the caller falls back to its own backoff
        if when.tzinfo is None:  # "-0000" parses as naive; HTTP dates are GMT anyway
            when = when.replace(tzinfo=UTC)
        seconds = when.timestamp() - (time.time() if now is None else now)
    return min(max(seconds, 0.0), cap)


def request_domain(request: Request) -> str:
    """The key of a request's pause: its host, as Scrapy's default download slot keys it.
    (The middleware sits below ResolveMiddleware, so it sees the real URL, not 127.0.0.1.)"""
    return (urlparse_cached(request).hostname or "").lower()


@dataclass
class _DomainState:
    strikes: int = 0  # consecutive rate-limited answers; 0 after a success
    paused_until: float = 0.0  # time.monotonic()


class RetryAfterMiddleware:
    """Pause a rate-limited domain for Retry-After (or an exponential backoff), then retry."""

    def __init__(self, stats: StatsCollector | None, *, cap: float = DEFAULT_CAP,
                 max_retry_times: int = 2, priority_adjust: int = -1,
                 backoff_base: float = BACKOFF_BASE) -> None:
        self.stats = stats
        self.cap = max(cap, 0.0)
        self.max_retry_times = max_retry_times
        self.priority_adjust = priority_adjust
        self.backoff_base = backoff_base
        self._domains: dict[str, _DomainState] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        settings = crawler.settings
        # Retries off means no retry here either; the pause still protects the site.
        retries = settings.getint("RETRY_TIMES") if settings.getbool("RETRY_ENABLED") else 0
        return cls(crawler.stats, cap=settings.getfloat(CAP_SETTING, DEFAULT_CAP),
                   max_retry_times=retries,
                   priority_adjust=settings.getint("RETRY_PRIORITY_ADJUST"))

    def paused_for(self, domain: str) -> float:
        """Seconds until ``domain`` may be fetched again (0 when it is not paused)."""
        state = self._domains.get(domain)
        return max(state.paused_until - time.monotonic(), 0.0) if state else 0.0

    async def process_request(self, request: Request) -> None:
        domain = request_domain(request)
        # A loop, not one sleep: another 429 from the domain meanwhile extends its pause.
        while (left := self.paused_for(domain)) > 0:
            await sleep(left)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        domain = request_domain(request)
        state = self._domains.setdefault(domain, _DomainState())
        retry_after = parse_retry_after(response.headers.get("Retry-After"), cap=self.cap)
        if not (response.status == 429 or (response.status == 503 and retry_after is not None)):
            if response.status < 400:
                state.strikes = 0
            return response
        state.strikes += 1
        backoff = self.backoff_base * 2.0 ** min(state.strikes - 1, _MAX_DOUBLINGS)
        wait = min(max(retry_after or 0.0, backoff), self.cap)
        state.paused_until = max(state.paused_until, time.monotonic() + wait)
        self._count(domain, wait)
        log.info("%s is rate limited (HTTP %d, answer %d in a row): pausing it %.1f s",
                 domain, response.status, state.strikes, wait)
        return self._retry(request, response) or response

    def _retry(self, request: Request, response: Response) -> Request | None:
        """The request again, counted as RetryMiddleware counts; None when retries are used up
        (the response then reaches RetryMiddleware, which gives up and logs it)."""
        if request.meta.get("dont_retry", False):
            return None
        retry_times = int(request.meta.get("retry_times", 0)) + 1
        limit = request.meta.get("max_retry_times")
        if retry_times > (self.max_retry_times if limit is None else int(limit)):
            return None
        priority = request.priority + int(
            request.meta.get("priority_adjust", self.priority_adjust))
        # dont_filter: the dupefilter has seen this URL already (it was the first attempt)
        retry = request.replace(meta={**request.meta, "retry_times": retry_times},
                                dont_filter=True, priority=priority)
        if self.stats is not None:
            self.stats.inc_value("retry/count")
            self.stats.inc_value(
                f"retry/reason_count/{response_status_message(response.status)}")
        return retry

    def _count(self, domain: str, wait: float) -> None:
        if self.stats is None:
            return
        self.stats.inc_value(STATS_KEY)
        self.stats.inc_value(f"{STATS_KEY}/{domain}")
        self.stats.inc_value(WAIT_STATS_KEY, round(wait * 1000))


__all__ = ["CAP_SETTING", "DEFAULT_CAP", "STATS_KEY", "WAIT_STATS_KEY", "RetryAfterMiddleware",
           "parse_retry_after", "request_domain"]
