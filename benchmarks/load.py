"""Concurrent clients against a SPARQL server: every answer checked, latencies kept.

The request mix is every named SELECT query with its ``example:`` parameters, bound once (names
resolved on a reference backend) so that each request is one SPARQL query; the answer the
reference backend gives is the expected one.  Clients send the requests round-robin over the
mix, each on its own connection, and every answer is compared with the expected rows.

>>> report = LoadReport(clients=2, seconds=2.0, latencies=[0.1, 0.2, 0.3, 0.4])
>>> report.throughput, report.p50, report.p99, report.ok
(2.0, 0.2, 0.4, True)
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from benchmarks.measure import percentile
from kazkg.query.backends.base import Backend
from kazkg.terms import ResultTable


@dataclass(frozen=True)
class Request:
    """One named query, bound to its example parameters, and the rows it must return."""

    name: str
    text: str
    expected: ResultTable


@dataclass
class LoadReport:
    """What a load run did: the time it took, each request's latency, what went wrong."""

    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        """Requests answered (right or wrong)."""
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        """Requests answered per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p50(self) -> float:
        """Median latency, in seconds."""
        return percentile(self.latencies, 0.50)

    @property
    def p99(self) -> float:
        """99th-percentile latency, in seconds."""
        return percentile(self.latencies, 0.99)

    @property
    def ok(self) -> bool:
        """Whether every request was answered, and answered right."""
        return not self.failures and not self.wrong


def request_mix(reference: Backend) -> list[Request]:
    """Every named SELECT query that has an example, bound, with ``reference``'s answer."""
    from kazkg.query import named as queries

    mix = []
    for query in queries.catalogue():
        if query.form != "SELECT" or not query.example:
            continue
        text = queries.bind(query, query.example, reference)
        mix.append(Request(query.name, text, reference.select(text)))
    return mix


def run_load(
    endpoint: str,
    mix: list[Request],
    *,
    clients: int = 8,
    requests: int = 400,
    timeout: float = 30.0,
) -> LoadReport:
    """Send ``requests`` requests from ``clients`` concurrent clients to ``endpoint``.

    Request ``i`` is ``mix[i % len(mix)]``; client ``c`` sends requests ``c``, ``c + clients``,
    and so on.  A request that fails (an error, a timeout) is listed in ``failures``, one whose
    rows differ from the expected ones in ``wrong``.
    """
    from kazkg.errors import KazkgError
    from kazkg.query.backends.endpoint import EndpointBackend

    report = LoadReport(clients=clients, seconds=0.0)
    lock = threading.Lock()

    def client(number: int) -> None:
        backend = EndpointBackend(endpoint, timeout=timeout)
        for index in range(number, requests, clients):
            request = mix[index % len(mix)]
            began = time.perf_counter()
            try:
                table = backend.select(request.text)
            except KazkgError as error:
                with lock:
                    report.failures.append(f"{request.name}: {error}")
                continue
            latency = time.perf_counter() - began
            with lock:
                report.latencies.append(latency)
                if table.variables != request.expected.variables or (
                    table.rows != request.expected.rows
                ):
                    report.wrong.append(request.name)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report.seconds = time.perf_counter() - started
    return report


__all__ = ["LoadReport", "Request", "request_mix", "run_load"]
