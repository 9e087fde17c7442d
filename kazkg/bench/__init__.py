"""Benchmarks: a deterministic synthetic graph generator and the harness behind ``scripts/bench``.

* :mod:`kazkg.bench.generate` writes a government-like graph of any size in the project's ontology;
* :mod:`kazkg.bench.measure` times a callable (warm-up, median of repeats) and measures peak
  memory in a child process;
* :mod:`kazkg.bench.harness` runs every measurement for each size and backend and writes the
  results (JSON, a terminal table, a log-log plot).
"""
