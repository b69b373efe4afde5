"""Waiting for a condition, never for a fixed time: ``until(lambda: "/calendar/" in server.log(), "the log line")``."""

from __future__ import annotations

import time
from collections.abc import Callable

POLL_SECONDS = 0.05


def until(condition: Callable[[], object], what: str, timeout: float = 10.0):
    """``condition()``'s first true value, polled until ``timeout`` seconds have passed; else AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened within {timeout:.0f} s: {what}")
        time.sleep(POLL_SECONDS)
