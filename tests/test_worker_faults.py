"""Crawl workers through the faults the workers issue names: a Redis restart (without
persistence: the queues are lost) and a short PostgreSQL outage, both survived with retries.

The shared Redis and PostgreSQL of this machine must not be restarted, so each test brings
its own: a private ``redis-server`` on a free port (stopped and started again on the same
port), and a TCP proxy of ours between the processes and PostgreSQL (cut: every connection
closed and new ones refused, then restored). The daemon and the worker are real processes,
the sites local fixture sites slow enough to be cut mid-crawl.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.demo.localsite import LocalSite
from tests.fixtures_db import PG_HOST, PG_PORT, _wipe_postgres
from tests.test_workers import article_fetches, crawl_runs, news_site, stop, stored
from tests.waiting import wait_for

redis = pytest.importorskip("redis")

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[1]
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
DAEMON = ("import sys; from monitor.config.settings import load_config; "
          "from monitor.daemon import run_daemon; "
          "sys.exit(run_daemon(load_config(sys.argv[1]), crawl_every_seconds=float(sys.argv[2]),"
          " crawl_time_limit=240))")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PrivateRedis:
    """A redis-server of the test's own on a free port, without persistence: stopped and
    started again, it comes back empty, as a restarted Redis without AOF does."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        log = (self.folder / "redis.log").open("ab")
        self.proc = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=log, stderr=subprocess.STDOUT, cwd=self.folder)
        wait_for(f"redis-server on port {self.port}", self.up, 30, self.proc)

    def up(self) -> bool:
        try:
            with redis.Redis.from_url(self.url, socket_connect_timeout=1) as client:
                return bool(client.ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=3)


class CuttableProxy:
    """Forwards 127.0.0.1:<port> to ``target``. ``cut`` closes every connection and stops
    listening (new ones are refused); ``restore`` listens again on the same port."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._stop = threading.Event()
        self._acceptor: threading.Thread | None = None
        self.connections = 0

    def start(self) -> CuttableProxy:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.1)
        self._stop = threading.Event()
        self._acceptor = threading.Thread(target=self._accept, args=(listener, self._stop),
                                          name="pg-proxy", daemon=True)
        self._acceptor.start()
        return self

    def cut(self) -> None:
        self._stop.set()
        if self._acceptor is not None:
            self._acceptor.join(5)
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            _close(sock)

    def _accept(self, listener: socket.socket, stop: threading.Event) -> None:
        with listener:
            while not stop.is_set():
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                except OSError:
                    return
                client.settimeout(None)
                try:
                    upstream = socket.create_connection(self.target, timeout=5)
                except OSError:
                    _close(client)
                    continue
                upstream.settimeout(None)
                with self._lock:
                    self._sockets.update((client, upstream))
                    self.connections += 1
                for a, b in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        _close(source)
        _close(sink)
        with self._lock:
            self._sockets.difference_update((source, sink))


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    if not os.path.exists(REDIS_SERVER):
        pytest.skip("redis-server is not installed")
    server = PrivateRedis(tmp_path / "redis")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    url = str(request.getfixturevalue("_postgres_database"))
    _wipe_postgres(url)
    return url


def write_config(tmp_path: Path, sites: dict[str, LocalSite], redis_url: str, db_url: str,
                 lease_seconds: int = 6) -> Path:
    lines = [f'data_dir = "{tmp_path / "data"}"', "", "[database]", f'url = "{db_url}"', "",
             "[workers]", f'redis_url = "{redis_url}"', 'key_prefix = "faults"',
             f"lease_seconds = {lease_seconds}", "", "[daemon]", "jitter_seconds = 0", "",
             "[crawl]", "download_delay = 0.0", "autothrottle = false", "workers = 1",
             "timeout_seconds = 10", "retries = 0", "concurrency_per_domain = 1"]
    for name, site in sites.items():
        lines += ["", "[[sites]]", f'name = "{name}"', f'feeds = ["{site.base_url}/rss.xml"]',
                  'article_pattern = "/news/\\\\d+"']
    path = tmp_path / "newsmon.toml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def start_worker(config: Path, tmp_path: Path) -> subprocess.Popen[bytes]:
    log = (tmp_path / f"worker-{secrets.token_hex(2)}.log").open("wb")
    return subprocess.Popen([sys.executable, "-m", "monitor", "--config", str(config),
                             "worker"], stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)


def start_daemon(config: Path, tmp_path: Path, every: float) -> subprocess.Popen[bytes]:
    log = (tmp_path / "daemon.log").open("wb")
    return subprocess.Popen([sys.executable, "-c", DAEMON, str(config), str(every)],
                            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def log_text(tmp_path: Path, prefix: str) -> str:
    return "".join((tmp_path / p).read_text("utf-8", "replace")
                   for p in sorted(os.listdir(tmp_path)) if p.startswith(prefix))


def live_workers(server: PrivateRedis) -> int:
    try:
        with server.client() as client:
            return int(client.zcard("faults:workers"))
    except redis.RedisError:
        return 0


def settled(db_url: str, sites: dict[str, LocalSite]) -> bool:
    """Every site has a finished run and none is still running."""
    rows = crawl_runs(db_url)
    return {site for site, status, _ in rows if status == "ok"} == set(sites) and \
        "running" not in {status for _, status, _ in rows}


def test_a_redis_restart_is_survived(tmp_path: Path, private_redis: PrivateRedis,
                                     pg_url: str) -> None:
    """Redis stops mid-crawl and comes back empty: the worker and the daemon wait it out
    (one warning, no crash), the daemon's next round queues the sites again, and every
    article ends up stored exactly once, counted once in the runs."""
    # More articles than a crawl takes from its queue at once (CONCURRENT_REQUESTS, 16):
    # the rest wait in Redis and are lost with it.
    sites = {f"r{i}": news_site(tmp_path / f"www{i}", f"r{i}", 36, 0.15) for i in (1, 2)}
    config = write_config(tmp_path, sites, private_redis.url, pg_url)
    total = 72
    worker = start_worker(config, tmp_path)
    daemon = None
    try:
        wait_for("a live worker", lambda: live_workers(private_redis) == 1, 60, worker)
        daemon = start_daemon(config, tmp_path, every=4)
        wait_for("a few stored articles", lambda: len(stored(pg_url)) >= 4, 120, daemon)
        assert len(stored(pg_url)) < total, "the crawl ended before Redis stopped"
        private_redis.stop()
        wait_for("the worker's warning", lambda: "Redis unreachable" in
                 log_text(tmp_path, "worker-"), 60, worker)
        wait_for("the daemon's warning", lambda: "Redis unreachable" in
                 log_text(tmp_path, "daemon"), 60, daemon)
        time.sleep(2)  # down a little longer: the crawl's child meets it too
        assert worker.poll() is None and daemon.poll() is None
        private_redis.start()
        wait_for(f"{total} stored articles", lambda: len(stored(pg_url)) >= total, 150, daemon)
        wait_for("every site settled", lambda: settled(pg_url, sites), 90, daemon)
        assert worker.poll() is None and daemon.poll() is None, "a process died"
    finally:
        codes = stop([worker] + ([daemon] if daemon else []))
        for site in sites.values():
            site.stop()
    assert codes == [0, 0]
    rows = stored(pg_url)
    assert len(rows) == total and sorted(Counter(rows).values()) == [1] * total
    runs = crawl_runs(pg_url)
    assert "failed" not in {status for _, status, _ in runs}, runs
    for name in sites:
        assert sum(new for site, _, new in runs if site == name) == \
            sum(1 for site, _ in rows if site == name), runs
    # Redis lost queued requests: a later round (its feed read in full, not a 304) stored them.
    assert any(new for _, _, new in runs[len(sites):]), runs
    worker_log, daemon_log = log_text(tmp_path, "worker-"), log_text(tmp_path, "daemon")
    assert "Redis reachable again" in worker_log and "Redis reachable again" in daemon_log
    # One warning an outage from each part that met it (the worker's loop or lease keeper,
    # each site's scheduler in the crawl process), not one a retry.
    assert worker_log.count("Redis unreachable") <= 2 + len(sites), worker_log
    assert daemon_log.count("Redis unreachable") == 1, daemon_log
    assert "Traceback" not in worker_log and "Traceback" not in daemon_log
    assert len(article_fetches(sites)) == total


def test_a_postgres_outage_is_survived(tmp_path: Path, private_redis: PrivateRedis,
                                       pg_url: str) -> None:
    """PostgreSQL goes away for a few seconds mid-crawl (every connection closed, new ones
    refused): the pages found meanwhile are stored when it is back, within the same round,
    and the round's CrawlRun counts them all."""
    proxy = CuttableProxy((PG_HOST, PG_PORT)).start()
    proxied = pg_url.replace(f"@{PG_HOST}:{PG_PORT}/", f"@127.0.0.1:{proxy.port}/")
    sites = {"pg1": news_site(tmp_path / "www1", "pg1", 16, 0.4)}
    config = write_config(tmp_path, sites, private_redis.url, proxied)
    total = 16
    worker = start_worker(config, tmp_path)
    daemon = None
    try:
        wait_for("a live worker", lambda: live_workers(private_redis) == 1, 60, worker)
        # One round only: what is stored must be stored by the retries of this round.
        daemon = start_daemon(config, tmp_path, every=3600)
        wait_for("a few stored articles", lambda: len(stored(pg_url)) >= 3, 120, daemon)
        assert len(stored(pg_url)) < total - 4, "the crawl ended before the outage"
        proxy.cut()
        wait_for("the worker's warning", lambda: "pg1: database unreachable" in
                 log_text(tmp_path, "worker-"), 60, worker)
        time.sleep(3)  # down a few seconds more: several pages meet it
        assert worker.poll() is None and daemon.poll() is None
        proxy.start()
        wait_for(f"{total} stored articles", lambda: len(stored(pg_url)) >= total, 120, daemon)
        wait_for("the site settled", lambda: settled(pg_url, sites), 90, daemon)
        assert worker.poll() is None and daemon.poll() is None, "a process died"
    finally:
        codes = stop([worker] + ([daemon] if daemon else []))
        proxy.cut()
        for site in sites.values():
            site.stop()
    assert codes == [0, 0]
    rows = stored(pg_url)
    assert len(rows) == total and sorted(Counter(rows).values()) == [1] * total
    runs = crawl_runs(pg_url)
    assert runs == [("pg1", "ok", total)], runs
    fetches = article_fetches(sites)
    assert len(fetches) == total and set(fetches.values()) == {1}, fetches
    worker_log = log_text(tmp_path, "worker-")
    assert worker_log.count("database unreachable") == 1, worker_log
    assert "pg1: database reachable again" in worker_log
    assert "Traceback" not in worker_log and "ERROR" not in worker_log


def test_a_daemon_stops_while_redis_is_away(tmp_path: Path, private_redis: PrivateRedis,
                                            pg_url: str) -> None:
    """SIGTERM while the daemon waits for Redis to queue a site: its retries end at once,
    the daemon stops cleanly instead of timing out its shutdown."""
    sites = {"s1": news_site(tmp_path / "www1", "s1", 2, 0.0)}
    config = write_config(tmp_path, sites, private_redis.url, pg_url)
    daemon = start_daemon(config, tmp_path, every=2)
    try:
        wait_for("the site queued", lambda: "site s1 queued for the workers" in
                 log_text(tmp_path, "daemon"), 60, daemon)
        private_redis.stop()
        wait_for("the daemon's warning", lambda: "Redis unreachable" in
                 log_text(tmp_path, "daemon"), 60, daemon)
    finally:
        codes = stop([daemon])
        for site in sites.values():
            site.stop()
    assert codes == [0]
    daemon_log = log_text(tmp_path, "daemon")
    assert "daemon stopped" in daemon_log and "killing it" not in daemon_log, daemon_log
