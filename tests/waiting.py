"""Waiting for something a child process (crawl, daemon) does, without sleeping blindly."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from typing import Any

import pytest


def wait_for(what: str, check: Callable[[], Any], timeout: float,
             proc: subprocess.Popen[bytes] | None = None, poll: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"process exited with {proc.returncode} while waiting for {what}")
        time.sleep(poll)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")
