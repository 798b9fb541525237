"""A small local HTTP server for fixture and demo sites (tests, ``newsmon demo``, benchmarks).

Serves the files under ``root`` from 127.0.0.1 in a daemon thread. Text files get ``{{BASE}}``
and ``{{PORT}}`` replaced on the fly, so fixture feeds and pages can hold absolute links to
whatever port the server got. Every answer carries a stable ETag and Last-Modified and the
server honours conditional requests, so incremental crawling can be tested for real.

An optional ``_routes.toml`` in ``root`` sets per-path behaviour; keys are paths (with or
without the query) or shell-style patterns (``"/*"`` = everything)::

    ["/old/1.html"]
    redirect = "{{BASE}}/news/1.html"    # 301 to this Location (status may override)
    ["/ru/win.html"]
    content_type = "text/html; charset=windows-1251"
    ["/economy/?page=2"]
    file = "economy/page-2.html"         # serve another file (listing pages by query)
    ["/*"]
    status = 500
    delay = 5.0
    headers = { "X-Thing" = "1" }

``by_host=True`` serves many sites from one server, chosen by the Host header (port dropped):
``root/<host>/...`` holds each site's files, and route keys start with the host
(``["/tengrinews.kz/news.rss"]``). Crawls reach it through ``crawl.resolve``.
"""

from __future__ import annotations

import email.utils
import fnmatch
import gzip
import hashlib
import threading
import time
import tomllib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

TEXT_SUFFIXES = {".html", ".htm", ".xml", ".txt", ".rss", ".atom", ".json"}
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".gz": "application/gzip",
}
ROUTES_FILE = "_routes.toml"


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str  # including the query
    headers: dict[str, str]
    status: int
    host: str = ""  # the Host header, to tell 127.0.0.1 from localhost


@dataclass
class _Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class LocalSite:
    """Serve ``root`` on ``host:port`` (0 = any free port) until :meth:`stop`."""

    def __init__(self, root: Path | str, host: str = "127.0.0.1", port: int = 0,
                 by_host: bool = False) -> None:
        self.root = Path(root).resolve()
        self.by_host = by_host
        self.host = host
        self._port = port
        self._lock = threading.Lock()
        self._log: list[LoggedRequest] = []
        self._in_flight = 0
        self._peak_in_flight = 0  # the most requests it was answering at one time
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._routes = self._load_routes()

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> LocalSite:
        if self._server is not None:
            return self
        server = _Server((self.host, self._port), _make_handler(self))
        server.daemon_threads = True
        self._server = server
        self._port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, name=f"localsite-{self.port}",
                                        kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LocalSite:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # -- what tests look at ----------------------------------------------------------------
    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def requests(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._log)

    def count(self, prefix: str = "") -> int:
        with self._lock:
            return sum(1 for r in self._log if r.path.startswith(prefix))

    @property
    def peak_in_flight(self) -> int:
        """The most requests this site was answering at the same time (since reset_log)."""
        with self._lock:
            return self._peak_in_flight

    def reset_log(self) -> None:
        with self._lock:
            self._log.clear()
            self._peak_in_flight = self._in_flight

    def _arrived(self, delta: int) -> None:
        with self._lock:
            self._in_flight += delta
            self._peak_in_flight = max(self._peak_in_flight, self._in_flight)

    def _record(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._log.append(entry)

    # -- serving ---------------------------------------------------------------------------
    def _load_routes(self) -> dict[str, dict[str, Any]]:
        path = self.root / ROUTES_FILE
        if not path.is_file():
            return {}
        with path.open("rb") as fh:
            return tomllib.load(fh)

    def _route(self, path: str) -> dict[str, Any]:
        bare = path.split("?", 1)[0]
        for key in (path, bare):
            if key in self._routes:
                return self._routes[key]
        for pattern, route in self._routes.items():
            if any(ch in pattern for ch in "*?[") and fnmatch.fnmatchcase(bare, pattern):
                return route
        return {}

    def _substitute(self, data: bytes) -> bytes:
        return data.replace(b"{{BASE}}", self.base_url.encode()).replace(
            b"{{PORT}}", str(self.port).encode())

    def _file_for(self, path: str) -> Path | None:
        rel = unquote(urlsplit(path).path).lstrip("/")
        target = (self.root / rel).resolve()
        if not target.is_relative_to(self.root) or target.name == ROUTES_FILE:
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def _body(self, target: Path) -> bytes:
        data = target.read_bytes()
        if target.suffix in TEXT_SUFFIXES:
            return self._substitute(data)
        if target.suffix == ".gz" and Path(target.stem).suffix in TEXT_SUFFIXES:
            # Gzipped sitemaps: substitute inside, recompress with a fixed mtime so the
            # bytes (and the ETag) stay stable.
            return gzip.compress(self._substitute(gzip.decompress(data)), mtime=0)
        return data

    def reply(self, method: str, path: str, headers: dict[str, str]) -> _Reply:
        if self.by_host:
            host = {k.lower(): v for k, v in headers.items()}.get("host", "")
            path = "/" + host.rsplit(":", 1)[0].lower().strip("/.") + path
        route = self._route(path)
        if route.get("delay"):
            time.sleep(float(route["delay"]))
        extra = {k: self._substitute(str(v).encode()).decode()
                 for k, v in route.get("headers", {}).items()}
        if "redirect" in route:
            location = self._substitute(route["redirect"].encode()).decode()
            return _Reply(int(route.get("status", 301)), b"", {"Location": location, **extra})
        target = self._file_for("/" + route["file"].lstrip("/") if "file" in route else path)
        if target is None:
            return _Reply(int(route.get("status", 404)), b"not found", {
                "Content-Type": "text/plain; charset=utf-8", **extra})
        body = self._body(target)
        ctype = route.get("content_type", CONTENT_TYPES.get(target.suffix,
                                                            "application/octet-stream"))
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        mtime = int(target.stat().st_mtime)
        out = {"ETag": etag, "Last-Modified": email.utils.formatdate(mtime, usegmt=True), **extra}
        if ctype:
            out["Content-Type"] = ctype
        status = int(route.get("status", 200))
        if status == 200 and _not_modified(headers, etag, mtime):
            return _Reply(304, b"", out)
        return _Reply(status, body, out)


def _not_modified(headers: dict[str, str], etag: str, mtime: int) -> bool:
    lowered = {k.lower(): v for k, v in headers.items()}
    inm = lowered.get("if-none-match")
    if inm is not None:
        return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
    ims = lowered.get("if-modified-since")
    if ims:
        try:
            since = email.utils.parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError):
            return False
        return mtime <= since
    return False


class _Server(ThreadingHTTPServer):
    # A crawl opens a connection per host at once (robots.txt of twenty hosts mapped here):
    # the default listen backlog of 5 drops the rest, and their retried connects can outlast
    # the crawl's timeout.
    request_queue_size = 128


def _make_handler(site: LocalSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "newsmon-localsite/1"

        def _serve(self, send_body: bool) -> None:
            headers = dict(self.headers.items())
            site._arrived(+1)
            try:
                reply = site.reply(self.command, self.path, headers)
            except Exception:  # noqa: BLE001 - a fixture bug must show as a 500, not a hang
                reply = _Reply(500, b"server error", {"Content-Type": "text/plain"})
            finally:
                site._arrived(-1)
            # Logged before answering, so a client that saw the answer also sees the entry.
            site._record(LoggedRequest(self.command, self.path, headers, reply.status,
                                       headers.get("Host", "")))
            try:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                body = b"" if reply.status in (204, 304) else reply.body
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if send_body and body:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests): nothing to answer

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self._serve(True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._serve(False)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # quiet: tests and the demo read the request log instead

    return Handler
