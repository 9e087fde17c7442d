"""Embedded queries with a time limit that Ctrl-C can stop.

An embedded engine runs a query inside one call that Python cannot interrupt.  With a limit,
:func:`run_bounded` hands the query to a worker thread (one per calling thread, kept for the
next query) and waits for it in the caller's thread, which stays free to take Ctrl-C
(``KeyboardInterrupt``) and gives up at the limit with a :class:`~kazkg.errors.QueryError`.  The
worker is then told to stop and replaced: a query evaluated in Python (rdflib) stops at once; one
inside pyoxigraph stops when the engine returns, and the ``kazkg`` command ends its process right
away, which frees the core.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from kazkg.errors import QueryError

T = TypeVar("T")


class QueryCancelled(BaseException):
    """Raised inside a worker whose caller stopped waiting (it is not an error to report)."""


class _Job(Generic[T]):
    """One piece of work, its outcome, and the event its caller waits on."""

    def __init__(self, work: Callable[[], T]) -> None:
        self.work = work
        self.value: T | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()

    def run(self) -> None:
        try:
            self.value = self.work()
        except QueryCancelled:
            raise
        except BaseException as error:  # handed to the caller's thread
            self.error = error
        finally:
            self.done.set()


class _Worker:
    """A daemon thread that runs the jobs of one calling thread, one at a time."""

    def __init__(self) -> None:
        self.jobs: queue.SimpleQueue[_Job[object]] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._serve, name="kazkg-query", daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            while True:
                self.jobs.get().run()
        except QueryCancelled:
            return

    def cancel(self) -> None:
        """Ask the thread to stop at its next step of Python code; it is not used again."""
        import ctypes

        if self.thread.ident is not None:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(self.thread.ident), ctypes.py_object(QueryCancelled)
            )


_local = threading.local()


def _worker() -> _Worker:
    """The worker of the calling thread (started on first use)."""
    worker: _Worker | None = getattr(_local, "worker", None)
    if worker is None:
        worker = _local.worker = _Worker()
    return worker


def run_bounded(work: Callable[[], T], timeout: float | None) -> T:
    """``work()``, given up after ``timeout`` seconds (``None``: no limit, run here).

    Raises :class:`~kazkg.errors.QueryError` at the limit; ``KeyboardInterrupt`` reaches the
    caller as soon as it happens.
    """
    if timeout is None:
        return work()
    worker = _worker()
    job = _Job(work)
    worker.jobs.put(job)  # type: ignore[arg-type]
    try:
        finished = job.done.wait(timeout)
    except BaseException:
        _local.worker = None
        worker.cancel()
        raise
    if not finished:
        _local.worker = None
        worker.cancel()
        raise QueryError(f"the query did not finish within {timeout:g} s")
    if job.error is not None:
        raise job.error
    return job.value  # type: ignore[return-value]
