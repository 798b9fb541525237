"""The Redis side of crawl workers: key names, site leases, the shared queues' bookkeeping.

Only ``newsmon worker`` and a daemon with ``workers.redis_url`` set import this module (and
with it ``redis``); single-machine use never does.

One site is crawled by one worker at a time. Every key of a site lives under
``<prefix>:site:<name>:``:

``queue``     sorted set of encoded requests (score: minus the priority), the site's frontier
``seen``      fingerprints of every request queued in this round (the shared dupefilter)
``inflight``  hash: request taken from the queue by the lease holder -> its score
``lease``     the worker holding the site (SET NX PX, renewed every third of its life)

``<prefix>:pending`` is the set of sites with work; ``<prefix>:workers`` a sorted set of live
workers by last heartbeat. A request moves from ``queue`` to ``inflight`` atomically when a
worker takes it and leaves ``inflight`` once its outcome is stored; whoever takes a site
next moves what is left in ``inflight`` back to ``queue``, so a killed worker loses nothing.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import redis
from redis.exceptions import RedisError as RedisError

from monitor.config.settings import Config, ConfigError

log = logging.getLogger(__name__)

# Moves the best request of the queue into the in-flight hash in one step: a worker killed
# between a pop and a write would otherwise lose the request.
_TAKE = """
local item = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #item == 0 then return false end
redis.call('ZREM', KEYS[1], item[1])
redis.call('HSET', KEYS[2], item[1], item[2])
return item[1]
"""
# In-flight requests back to the queue (a takeover, or the holder's child died).
_REQUEUE = """
local all = redis.call('HGETALL', KEYS[2])
for i = 1, #all, 2 do redis.call('ZADD', KEYS[1], all[i + 1], all[i]) end
redis.call('DEL', KEYS[2])
return #all / 2
"""
# Take a pending site unless another worker holds it; a site with nothing left to do leaves
# the pending set instead.
_CLAIM = """
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
if redis.call('ZCARD', KEYS[1]) == 0 and redis.call('HLEN', KEYS[2]) == 0 then
  redis.call('SREM', KEYS[4], ARGV[3])
  return 0
end
redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[2])
return 1
"""
# Extend the holder's lease; a lease that is gone (Redis restarted without persistence) is
# taken again, or a re-queued round of a site still being crawled would go to another worker.
_RENEW = """
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if not holder then return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') and 1 or 0 end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


@dataclass(frozen=True)
class SiteKeys:
    queue: str
    seen: str
    inflight: str
    lease: str


class RedisLink:
    """One Redis connection and the operations workers and the scheduling node share."""

    def __init__(self, client: redis.Redis, prefix: str, lease_seconds: int) -> None:
        self.client = client
        self.prefix = prefix
        self.lease_ms = lease_seconds * 1000
        self.pending = f"{prefix}:pending"
        self.workers = f"{prefix}:workers"
        self._take = client.register_script(_TAKE)
        self._requeue = client.register_script(_REQUEUE)
        self._claim = client.register_script(_CLAIM)
        self._renew = client.register_script(_RENEW)
        self._release = client.register_script(_RELEASE)

    @classmethod
    def from_config(cls, config: Config, check: bool = True) -> RedisLink:
        """Connect to ``workers.redis_url``; ConfigError (one line) when it is unusable.
        ``check=False``: no ping (a worker's crawl process waits out a Redis that is away)."""
        url = str(config["workers.redis_url"])
        if not url:
            raise ConfigError("workers.redis_url is not set (config [workers] redis_url "
                              "or NEWSMON_REDIS_URL)")
        try:
            client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=15,
                                          health_check_interval=30)
            if check:
                client.ping()
        except ValueError as exc:
            raise ConfigError(f"workers.redis_url {url!r}: {exc}") from None
        except RedisError as exc:
            raise ConfigError(f"Redis at {url} unreachable: {exc}") from None
        return cls(client, str(config["workers.key_prefix"]), int(config["workers.lease_seconds"]))

    def site(self, name: str) -> SiteKeys:
        base = f"{self.prefix}:site:{name}"
        return SiteKeys(f"{base}:queue", f"{base}:seen", f"{base}:inflight", f"{base}:lease")

    # -- requests (the worker's scheduler) -------------------------------------------------
    def take(self, keys: SiteKeys) -> bytes | None:
        """The best queued request, now counted in flight; None when the queue is empty."""
        data = self._take(keys=[keys.queue, keys.inflight])
        return bytes(data) if data else None

    def done(self, keys: SiteKeys, data: bytes) -> None:
        self.client.hdel(keys.inflight, data)

    def requeue_inflight(self, name: str) -> int:
        keys = self.site(name)
        return int(self._requeue(keys=[keys.queue, keys.inflight]))

    def finish_site(self, name: str) -> None:
        """The site's round ended cleanly: every taken request was dealt with."""
        keys = self.site(name)
        pipe = self.client.pipeline()
        pipe.delete(keys.inflight)
        pipe.zcard(keys.queue)
        left = pipe.execute()[1]
        if not left:
            self.client.srem(self.pending, name)

    def busy(self, name: str) -> bool:
        """The site's last round is still going (held, queued or in flight)."""
        keys = self.site(name)
        pipe = self.client.pipeline()
        pipe.exists(keys.lease)
        pipe.zcard(keys.queue)
        pipe.hlen(keys.inflight)
        return any(int(n) for n in pipe.execute())

    def seed(self, name: str, requests: Sequence[tuple[bytes, float]],
             fingerprints: Iterable[str]) -> None:
        """Start a new round of the site: a fresh dupefilter, the start requests queued."""
        keys = self.site(name)
        pipe = self.client.pipeline(transaction=True)
        pipe.delete(keys.seen, keys.queue, keys.inflight)
        if requests:
            pipe.zadd(keys.queue, {data: score for data, score in requests})
        fps = list(fingerprints)
        if fps:
            pipe.sadd(keys.seen, *fps)
        pipe.sadd(self.pending, name)
        pipe.execute()

    # -- leases and workers ----------------------------------------------------------------
    def claim(self, worker: str, candidates: Sequence[str], limit: int) -> list[str]:
        """Lease up to ``limit`` of the pending ``candidates`` for ``worker``."""
        taken: list[str] = []
        for name in candidates:
            if len(taken) >= limit:
                break
            keys = self.site(name)
            if self._claim(keys=[keys.queue, keys.inflight, keys.lease, self.pending],
                           args=[worker, self.lease_ms, name]):
                taken.append(name)
        return taken

    def renew(self, worker: str, names: Iterable[str]) -> list[str]:
        """Extend the worker's leases (or take again those Redis lost); returns the sites
        whose lease another worker holds now."""
        return [n for n in names
                if not self._renew(keys=[self.site(n).lease], args=[worker, self.lease_ms])]

    def release(self, worker: str, name: str) -> None:
        self._release(keys=[self.site(name).lease], args=[worker])

    def pending_sites(self) -> list[str]:
        members: set[bytes] = self.client.smembers(self.pending)  # type: ignore[assignment]
        return sorted(m.decode() for m in members)

    def heartbeat(self, worker: str) -> None:
        now = time.time()
        pipe = self.client.pipeline()
        pipe.zadd(self.workers, {worker: now})
        # A worker silent for three lease lives is gone: it no longer counts for the shares.
        pipe.zremrangebyscore(self.workers, "-inf", now - 3 * self.lease_ms / 1000)
        pipe.execute()

    def leave(self, worker: str) -> None:
        self.client.zrem(self.workers, worker)

    def fair_share(self, waiting: int, ceiling: int) -> int:
        """How many of ``waiting`` unheld sites one worker takes: an even split among the
        live workers, so one idle worker does not take every site due at once."""
        live = max(1, int(self.client.zcard(self.workers)))
        return max(1, min(ceiling, math.ceil(waiting / live)))

    def unheld(self, names: Iterable[str]) -> list[str]:
        pipe = self.client.pipeline()
        names = list(names)
        for name in names:
            pipe.exists(self.site(name).lease)
        return [n for n, held in zip(names, pipe.execute(), strict=True) if not held]


class Outage:
    """Logs one warning when Redis (or the database) goes away and one line when it is back,
    instead of a line per retry."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.since: float | None = None

    def failed(self, exc: BaseException, retry_seconds: float) -> None:
        if self.since is None:
            self.since = time.monotonic()
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            log.warning("%s unreachable (%s); retrying every %.0f s", self.what, reason,
                        retry_seconds)

    def ok(self) -> None:
        if self.since is not None:
            log.warning("%s reachable again after %.0f s", self.what,
                        time.monotonic() - self.since)
            self.since = None
