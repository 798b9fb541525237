"""Processes of a crawl die with the process that started them.

A crawl process left running after its parent died would hold a lock nobody watches, and a
new crawl taking that lock over would fetch every page a second time beside it; an
extraction worker left behind would wait on its task queue for ever. On Linux the kernel
delivers SIGKILL to a process when its parent dies if it asked for it (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from pathlib import Path

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies. SIGKILL, not SIGTERM: the
    parent that would collect the summary is gone, nothing is worth a graceful close (every
    article is committed on its own), and Scrapy's SIGTERM handling may take the download
    timeout. False where there is no such call (not Linux): the crawl lock still names us.

    Only the parent *thread* counts: the caller must know the thread that started it stays
    until it has ended. The setting is cleared by fork, so a forked child asks again."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def bind_to_parent(parent_pid: int) -> bool:
    """die_with_parent, then make sure the parent is still ``parent_pid``: had it died before
    the call, we would already be someone else's child and no signal would ever come.
    False when the parent is gone (the caller must stop at once)."""
    die_with_parent()
    return os.getppid() == parent_pid


def signal_crawl_children(sig: int) -> list[int]:
    """Send ``sig`` to this process's crawl children (``monitor.crawl.process``; Linux /proc,
    none found elsewhere). For a process that waits on run_crawl in its main thread and must
    stop the child from a signal handler."""
    me, found = os.getpid(), []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            ppid = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            if ppid == me and b"monitor.crawl.process" in (entry / "cmdline").read_bytes():
                os.kill(int(entry.name), sig)
                found.append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    return found
