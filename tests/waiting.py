"""Waiting in tests for something that happens in another thread or process."""

from __future__ import annotations

import time


def wait_until(predicate, timeout: float = 5.0, step: float = 0.02):
    """Poll ``predicate`` until it returns something true; return it (or fail).

    Example: ``wait_until(lambda: kit.web.frame_number > 0, timeout=10)``
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(step)
    raise AssertionError(f"condition not met within {timeout} s")
