"""Why a request failed, in words: network failures as a reader of a crawl summary says them
("connection refused", "DNS: host name not found"), never a Twisted repr."""

from __future__ import annotations

import re

from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest
from twisted.internet.defer import TimeoutError as DeferTimeoutError
from twisted.internet.error import TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

TIMEOUTS = (DownloadTimeoutError, TimeoutError, TCPTimedOutError, DeferTimeoutError)

# Network failures in words. Scrapy 2.19 wraps most in its own exceptions; what it does not
# wrap arrives as a Twisted failure whose repr nobody should read in a summary.
_NETWORK_WORDS = {
    "ConnectionLost": "connection lost: the server closed it before the page arrived",
    "ConnectionDone": "connection lost: the server closed it before the page arrived",
    "ResponseNeverReceived": "connection lost: the server closed it before the page arrived",
    "ResponseFailed": "connection lost while the page was arriving",
    "ConnectionRefusedError": "connection refused",
    "DownloadConnectionRefusedError": "connection refused",
    "DNSLookupError": "DNS: host name not found",
    "CannotResolveHostError": "DNS: host name not found",
    "TCPTimedOutError": "timeout: the connection timed out",
    "SSLError": "TLS handshake failed",
}
_TWISTED_NAME = re.compile(r"twisted\.[\w.]*?\.(\w+(?:Error|Lost|Done|Received|Failed))")


def failure_reason(failure: Failure) -> str:
    """A short one-line reason in words: "connection refused", "DNS: host name not found",
    "timeout: Getting ... took longer than 30 seconds.", "Forbidden by robots.txt"."""
    exc = failure.value
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    if isinstance(exc, IgnoreRequest):
        return text or name
    if isinstance(exc, TIMEOUTS):
        return f"timeout: {text}"[:200] if text else "timeout"
    inner = _TWISTED_NAME.findall(text)
    for candidate in (name, *reversed(inner)):
        if candidate in _NETWORK_WORDS:
            return _NETWORK_WORDS[candidate]
    if "<twisted" in text or "Failure instance" in text:
        return f"{name}: network failure"
    return f"{name}: {text}"[:200] if text else name


def too_large(failure: Failure) -> bool:
    """Scrapy cancelled the download: the page is over DOWNLOAD_MAXSIZE (crawl.max_page_bytes
    plus a margin)."""
    return bool(failure.check(DownloadCancelledError)) and "max size" in str(failure.value)


__all__ = ["TIMEOUTS", "failure_reason", "too_large"]
