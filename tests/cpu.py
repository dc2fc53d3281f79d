"""CPU time for the growth tests: the work of this process, whatever else shares the cores."""

from __future__ import annotations

import time
from collections.abc import Callable


def least_cpu_seconds(function: Callable[[], object], runs: int = 3) -> float:
    """The least CPU time of ``runs`` calls of ``function`` (the least is the least disturbed)."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        function()
        best = min(best, time.process_time() - start)
    return best
