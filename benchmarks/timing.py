"""The helpers the benchmark files share: a median timing and a free local port.

Example::

    from timing import median_ms
    median_ms(lambda: renderer.render(force=True))      # 11.2
"""

from __future__ import annotations

import socket
import statistics
import time


def median_ms(action, repeat: int = 10, clock=time.perf_counter) -> float:
    """Median duration of ``action()`` in milliseconds, over ``repeat`` runs.

    Wall time by default; ``clock=time.process_time`` gives CPU time, which other busy
    programs on the machine do not inflate.
    """
    times = []
    for _ in range(repeat):
        start = clock()
        action()
        times.append((clock() - start) * 1000)
    return round(statistics.median(times), 3)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (for a kit or a server the benchmark starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
