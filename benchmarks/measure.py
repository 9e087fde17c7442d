"""Timing and memory measurement: warm-up, the median of repeated runs, peak RSS.

Every figure of the benchmark is the median of several runs after a warm-up; a slow operation
is repeated fewer times so that one measurement stays within a time budget, a fast one more
(until its runs add up to a quarter of a second), so that its median is not decided by a few
samples.  Peak memory is
read from the operating system: of this process (``getrusage``), or of another process
(``VmHWM`` on Linux, else its current RSS through psutil).

>>> timing = time_call(lambda: sum(range(1000)), repeat=3, most=50)
>>> timing.runs, timing.median >= 0, timing.result
(50, True, 499500)
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Timing:
    """Seconds per run: the median and every sample, the warm-up's, and the last result."""

    median: float
    samples: list[float]
    warmup: list[float] = field(default_factory=list)
    result: Any = None

    @property
    def runs(self) -> int:
        """How many timed runs the median is taken over."""
        return len(self.samples)

    @property
    def first(self) -> float:
        """The first run of all (the cold one): the first warm-up, else the first sample."""
        return (self.warmup or self.samples)[0]


def time_call(
    function: Callable[[], Any],
    *,
    warmup: int = 1,
    repeat: int = 5,
    budget: float = 20.0,
    fast: float = 0.25,
    most: int = 200,
) -> Timing:
    """Run ``function`` ``warmup`` times untimed, then up to ``repeat`` times timed.

    Stops repeating once the timed runs (and the warm-up) have used ``budget`` seconds, so a
    slow operation is run fewer times (at least once).  An operation whose warm-up alone
    exceeds the budget is not run again: its one cold run is the sample.  A fast one is run
    more than ``repeat`` times, until its timed runs add up to ``fast`` seconds (at most
    ``most`` runs), so that a median of microseconds is not decided by five samples.  Returns
    the median of the timed runs.
    """
    started = time.perf_counter()
    warm: list[float] = []
    result: Any = None
    for _ in range(warmup):
        began = time.perf_counter()
        result = function()
        warm.append(time.perf_counter() - began)
        if time.perf_counter() - started > budget:
            return Timing(warm[-1], [warm[-1]], warm[:-1], result)
    samples: list[float] = []
    while len(samples) < max(repeat, 1) or (sum(samples) < fast and len(samples) < most):
        began = time.perf_counter()
        result = function()
        samples.append(time.perf_counter() - began)
        if time.perf_counter() - started > budget:
            break
    return Timing(statistics.median(samples), samples, warm, result)


def time_command(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    warmup: int = 1,
    repeat: int = 5,
    budget: float = 60.0,
) -> Timing:
    """Wall time of running ``argv`` as a new process, as a user would (start-up included).

    Standard output is discarded; a non-zero exit raises ``RuntimeError`` with its stderr.
    """

    def once() -> int:
        done = subprocess.run(
            list(argv),
            env=dict(env) if env is not None else child_env(),
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(
                f"{' '.join(argv)}: exit {done.returncode}: {detail[-1] if detail else ''}"
            )
        return done.returncode

    return time_call(once, warmup=warmup, repeat=repeat, budget=budget, fast=0)


def peak_rss() -> int:
    """This process's peak resident set size, in bytes."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def current_rss() -> int:
    """This process's resident set size now, in bytes (the baseline before a measurement)."""
    import psutil

    return int(psutil.Process().memory_info().rss)


def process_peak_rss(pid: int) -> int:
    """The peak resident set size of process ``pid`` in bytes (current RSS where no peak is kept)."""
    status = Path(f"/proc/{pid}/status")
    if status.is_file():
        for line in status.read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    import psutil

    return int(psutil.Process(pid).memory_info().rss)


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` (0-1) quantile of ``values`` by the nearest-rank method.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 0.5), percentile([1.0, 2.0, 3.0, 4.0], 0.99)
    (2.0, 4.0)
    """
    ordered = sorted(values)
    rank = max(1, math.ceil(round(share * len(ordered), 9)))
    return ordered[min(rank, len(ordered)) - 1]


def python_command(*args: str) -> list[str]:
    """A command line running this Python interpreter (the one of the environment)."""
    return [sys.executable, *args]


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for measured child processes: this one, plus ``extra``.

    ``PYTHONDONTWRITEBYTECODE`` is left out: an installed package has its bytecode compiled
    (pip compiles it at install, as it did for the references' packages), so a command is timed
    as a user runs it, not recompiling its own modules at every start.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra or {})
    return env


__all__ = [
    "Timing",
    "child_env",
    "current_rss",
    "peak_rss",
    "percentile",
    "process_peak_rss",
    "python_command",
    "time_call",
    "time_command",
]
