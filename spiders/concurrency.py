"""Downloader middleware: at most ``CONCURRENT_REQUESTS_PER_DOMAIN`` requests in flight per
download slot, whatever the Scrapy version.

Scrapy 2.14 to 2.19 on the asyncio reactor (our default) do not hold that limit: the
downloader counts a request as transferring only once its download task has started, but it
decides how many queued requests to start before any of those tasks runs, so a slot with a
queue starts all of them at once. Without a download delay a site got every queued article
request together; with one, a slow site got a new request every delay however many were
still unanswered. Measured on a fixture site answering in 1 s with the limit at 1: three
requests at a time.

:class:`SlotLimitMiddleware` keeps the count itself. It sits last on the way out (priority
990, after ResolveMiddleware has named the slot) and so first on the way back: every
response or download error of a request it let through passes it before any other
middleware can turn that into a new request, and it frees the place there. A request over
the limit waits (an asyncio future, never blocking the reactor) until a place frees, in the
order requests arrived; one whose site's time limit (``newsmon_deadline`` in its meta) passed
meanwhile is dropped, and the others' download timeouts end by it. On a reactor other than
asyncio Scrapy starts downloads at once and counts them right, so the middleware switches
itself off.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

HELD = "newsmon_slot_held"  # request.meta: the slot whose place the request holds
DEADLINE = "newsmon_deadline"  # request.meta: time.monotonic() by which it must be done
# Stats key: requests dropped or cut short by their site's time limit. A site whose last
# requests ended that way may close as "finished" a moment before Scrapy's own
# CLOSESPIDER_TIMEOUT fires; its summary must still say it hit the limit.
DEADLINE_HIT = "newsmon/site_time_limit_hit"


def slot_key(request: Request) -> str:
    """The request's download slot, named as Scrapy's downloader names it."""
    return request.meta.get("download_slot") or urlparse_cached(request).hostname or ""


def _within_deadline(request: Request) -> bool:
    """False when the request's :data:`DEADLINE` (time.monotonic()) has passed; otherwise its
    download timeout is cut to end by then, as it was when the request was made. A request
    that waited behind a hanging page must not hold its site open past the site's limit
    (Scrapy's close waits for every request in flight, waiting ones included)."""
    deadline = request.meta.get(DEADLINE)
    if deadline is None:
        return True
    left = deadline - time.monotonic()
    if left <= 0:
        return False
    timeout = request.meta.get("download_timeout")
    request.meta["download_timeout"] = left if timeout is None else min(float(timeout), left)
    return True


class SlotLimitMiddleware:
    """At most ``limit`` requests of one download slot between here and the server."""

    def __init__(self, limit: int, stats: StatsCollector | None = None) -> None:
        if limit < 1:
            raise NotConfigured("no per-domain limit to keep")
        self.limit = limit
        self.stats = stats
        self._in_flight: dict[str, int] = {}
        self._waiting: dict[str, deque[asyncio.Future[None]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SlotLimitMiddleware:
        from scrapy.utils.reactor import is_asyncio_reactor_installed

        if not is_asyncio_reactor_installed():
            raise NotConfigured("Scrapy counts slot concurrency itself on this reactor")
        return cls(crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"), crawler.stats)

    async def process_request(self, request: Request) -> None:
        if HELD in request.meta:
            return  # a request another middleware sent back down: it holds its place
        slot = slot_key(request)
        while self._in_flight.get(slot, 0) >= self.limit:
            place: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiting.setdefault(slot, deque()).append(place)
            try:
                await place
            except asyncio.CancelledError:
                self._pass_on(slot)  # a place handed to us goes to the next in line
                raise
        if not _within_deadline(request):
            self._pass_on(slot)  # the place it was woken for goes to the next in line
            self._deadline_hit()
            raise IgnoreRequest("the site's time limit passed while it waited")
        self._in_flight[slot] = self._in_flight.get(slot, 0) + 1
        request.meta[HELD] = slot

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: BaseException) -> None:
        self._release(request)
        deadline = request.meta.get(DEADLINE)
        if deadline is not None and time.monotonic() >= deadline - 0.5:
            self._deadline_hit()  # its timeout was cut to the site's limit and ran out

    def _deadline_hit(self) -> None:
        if self.stats is not None:
            self.stats.inc_value(DEADLINE_HIT)

    def _release(self, request: Request) -> None:
        slot = request.meta.pop(HELD, None)
        if slot is None:
            return
        left = self._in_flight.get(slot, 0) - 1
        if left > 0:
            self._in_flight[slot] = left
        else:
            self._in_flight.pop(slot, None)
        self._pass_on(slot)

    def _pass_on(self, slot: str) -> None:
        """Wake the first request still waiting for ``slot``; it checks the count again."""
        queue = self._waiting.get(slot)
        while queue:
            place = queue.popleft()
            if not place.done():
                place.set_result(None)
                break
        if queue is not None and not queue:
            del self._waiting[slot]


__all__ = ["DEADLINE", "DEADLINE_HIT", "HELD", "SlotLimitMiddleware", "slot_key"]
