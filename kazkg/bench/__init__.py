"""Benchmarks: a deterministic synthetic graph generator and the harness behind ``scripts/bench``.

* :mod:`kazkg.bench.generate` writes a government-like graph of any size in the project's ontology;
* :mod:`kazkg.bench.measure` times a callable or a command (warm-up, median of repeats) and reads
  peak memory;
* :mod:`kazkg.bench.questions` holds the questions asked of every backend;
* :mod:`kazkg.bench.worker` runs one backend's measurements in a child process of its own;
* :mod:`kazkg.bench.load` sends concurrent clients to a SPARQL server and checks every answer;
* :mod:`kazkg.bench.harness` runs every measurement for each size and backend;
* :mod:`kazkg.bench.report` prints the tables, checks the targets and draws the log-log plot.
"""
