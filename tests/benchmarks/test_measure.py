"""Timing and memory helpers: warm-up, median, budget, peaks, percentiles."""

from __future__ import annotations

import os
import sys
import time

import pytest

from benchmarks.measure import (
    current_rss,
    peak_rss,
    percentile,
    process_peak_rss,
    time_call,
    time_command,
)


def test_time_call_warms_up_then_takes_the_median_of_the_runs() -> None:
    calls: list[int] = []
    timing = time_call(lambda: calls.append(1) or len(calls), warmup=2, repeat=5, fast=0)
    assert len(calls) == 7
    assert timing.runs == 5 and len(timing.warmup) == 2
    assert timing.result == 7
    assert min(timing.samples) <= timing.median <= max(timing.samples)


def test_a_slow_call_is_repeated_less_within_its_budget() -> None:
    timing = time_call(lambda: time.sleep(0.05), warmup=0, repeat=50, budget=0.12)
    assert 1 <= timing.runs < 50


def test_a_fast_call_is_repeated_until_its_runs_add_up_to_the_fast_time() -> None:
    quick = time_call(lambda: time.sleep(0.001), warmup=0, repeat=5, fast=0.05, most=10_000)
    assert quick.runs > 5 and sum(quick.samples) >= 0.05
    capped = time_call(lambda: None, warmup=0, repeat=5, fast=10.0, most=40)
    assert capped.runs == 40
    slow = time_call(lambda: time.sleep(0.02), warmup=0, repeat=3, fast=0.01)
    assert slow.runs == 3


def test_a_call_whose_warm_up_exceeds_the_budget_is_not_run_again() -> None:
    calls: list[int] = []
    timing = time_call(lambda: calls.append(1) or time.sleep(0.03), warmup=1, budget=0.01)
    assert len(calls) == 1 and timing.runs == 1
    assert timing.first == timing.median


def test_time_command_runs_a_new_process_and_reports_a_failure() -> None:
    timing = time_command([sys.executable, "-c", "pass"], warmup=0, repeat=2)
    assert timing.runs == 2
    with pytest.raises(RuntimeError, match="exit 3"):
        time_command([sys.executable, "-c", "import sys; sys.exit(3)"], warmup=0, repeat=1)


def test_memory_figures_are_plausible_for_this_process() -> None:
    now = current_rss()
    assert now > 10 * 2**20
    assert peak_rss() >= now * 0.9  # the kernel updates the high-water mark lazily
    assert process_peak_rss(os.getpid()) >= now * 0.9


@pytest.mark.parametrize(
    ("share", "expected"), [(0.0, 1.0), (0.5, 50.0), (0.99, 99.0), (1.0, 100.0)]
)
def test_percentiles_take_the_nearest_rank(share: float, expected: float) -> None:
    assert percentile([float(v) for v in range(100, 0, -1)], share) == expected
