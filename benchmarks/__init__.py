"""Benchmarks: a deterministic synthetic graph generator and the harness behind ``scripts/bench``.

* :mod:`benchmarks.generate` writes a government-like graph of any size in the project's ontology;
* :mod:`benchmarks.measure` times a callable or a command (warm-up, median of repeats) and reads
  peak memory;
* :mod:`benchmarks.questions` holds the questions asked of every backend;
* :mod:`benchmarks.worker` runs one backend's measurements in a child process of its own;
* :mod:`benchmarks.load` sends concurrent clients to a SPARQL server and checks every answer;
* :mod:`benchmarks.harness` runs every measurement for each size and backend;
* :mod:`benchmarks.report` prints the tables, checks the targets and draws the log-log plot.
"""
