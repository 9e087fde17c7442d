"""Query workers with a time limit: every query a client sends runs in a worker process that is
ended when the query runs past the limit, runs out of memory, or its client goes away.

pyoxigraph cannot interrupt a query running in the same process, and ``oxigraph serve``'s own
``--timeout-s`` does not stop every query in time (with 2 s, a count over a three-way cartesian
product ran for 28 s, and a sort over a two-way one ran on until the machine ran out of
memory), so the limit is enforced the one way that always works: the query runs in a process of
its own (:mod:`.worker`), and ending the process frees its core and its memory at once.  A fresh
worker takes its place.  The worker also limits its own memory, so a query that would take all
of it fails alone.

>>> Limits().timeout
30.0
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import Awaitable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kazkg.errors import KazkgError

DEFAULT_TIMEOUT = 30.0
"""Seconds a query may run (``kazkg serve --query-timeout``)."""

DEFAULT_MEMORY = 2 * 1024**3
"""Bytes of memory a query worker may allocate."""


class QueryStopped(KazkgError):
    """A query was stopped: it ran past the time limit, or needed more memory than allowed."""

    def __init__(self, message: str, status: int) -> None:
        self.status = status
        super().__init__(message)


class ClientGone(KazkgError):
    """The client that asked went away before the answer; the query was stopped."""


@dataclass(frozen=True)
class Limits:
    """How much one query may take."""

    timeout: float = DEFAULT_TIMEOUT
    """Seconds; ``0`` for no limit."""
    memory: int = DEFAULT_MEMORY
    """Bytes a worker may allocate; ``0`` for no limit."""
    workers: int = 2
    """Queries run at the same time (the others wait for a free worker)."""


@dataclass(frozen=True)
class Answer:
    """What a worker answered: an HTTP status, a media type and the body."""

    status: int
    media_type: str
    body: bytes


@dataclass(eq=False)
class _Worker:
    process: asyncio.subprocess.Process

    async def ask(self, request: dict[str, Any]) -> Answer:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(request).encode() + b"\n")
        await self.process.stdin.drain()
        head = await self.process.stdout.readline()
        if not head:
            raise EOFError("the worker ended")
        info = json.loads(head)
        body = await self.process.stdout.readexactly(int(info["length"]))
        return Answer(int(info["status"]), str(info["type"]), body)

    async def stop(self) -> int | None:
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
        return await self.process.wait()


@dataclass
class QueryPool:
    """Worker processes over one compiled store (its ``oxigraph`` folder), used one query at a
    time each.  Start it with :meth:`start` inside the event loop that will use it."""

    location: Path
    limits: Limits = field(default_factory=Limits)
    _idle: asyncio.Queue[_Worker] | None = None
    _all: set[_Worker] = field(default_factory=set)
    stopped: int = 0
    """How many queries were stopped (time limit, memory, or client gone)."""

    async def _spawn(self) -> _Worker:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "kazkg.views.explorer.worker",
            str(self.location),
            str(self.limits.memory),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env={**os.environ, "RUST_BACKTRACE": "0"},
        )
        assert process.stdout is not None and process.stderr is not None
        ready = await process.stdout.readline()
        if ready != b"ready\n":
            reason = (await process.stderr.read()).decode(errors="replace").strip()
            await process.wait()
            raise KazkgError(f"a query worker did not start: {reason or 'no reason given'}")
        worker = _Worker(process)
        self._all.add(worker)
        return worker

    async def start(self) -> None:
        """Start the workers (once)."""
        if self._idle is not None:
            return
        self._idle = asyncio.Queue()
        for worker in await asyncio.gather(*(self._spawn() for _ in range(self.limits.workers))):
            self._idle.put_nowait(worker)

    async def close(self) -> None:
        """Stop every worker."""
        workers, self._all, self._idle = list(self._all), set(), None
        await asyncio.gather(*(w.stop() for w in workers))

    async def _replace(self, worker: _Worker) -> int | None:
        """End ``worker`` and put a fresh one in its place; the old one's exit status."""
        self._all.discard(worker)
        status = await worker.stop()
        assert self._idle is not None
        self._idle.put_nowait(await self._spawn())
        return status

    async def run(self, request: dict[str, Any], gone: Awaitable[object] | None = None) -> Answer:
        """Run ``request`` (see :mod:`.worker`) in a free worker, within the time limit.

        ``gone`` completes when the client goes away; the query is then stopped and
        :class:`ClientGone` raised.  A query past the limit raises :class:`QueryStopped`.
        """
        assert self._idle is not None, "start the pool first"
        waiting = asyncio.ensure_future(gone) if gone is not None else None
        try:
            worker = await self._first(self._idle.get(), waiting)
            return await self._on(worker, request, waiting)
        finally:
            if waiting is not None:
                waiting.cancel()

    async def _first(self, wanted: Awaitable[_Worker], gone: asyncio.Future[Any] | None) -> _Worker:
        """A free worker, unless the client goes away first."""
        getting = asyncio.ensure_future(wanted)
        if gone is None:
            return await getting
        await asyncio.wait({getting, gone}, return_when=asyncio.FIRST_COMPLETED)
        if getting.done():
            return getting.result()
        getting.cancel()
        raise ClientGone("the client went away before its query started")

    async def _on(
        self, worker: _Worker, request: dict[str, Any], gone: asyncio.Future[Any] | None
    ) -> Answer:
        asking = asyncio.ensure_future(worker.ask(request))
        watched = {asking} if gone is None else {asking, gone}
        timeout = self.limits.timeout or None
        await asyncio.wait(watched, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        if asking.done() and asking.exception() is None:
            assert self._idle is not None
            self._idle.put_nowait(worker)
            return asking.result()
        ended_by_itself = asking.done()  # it ran out of memory
        asking.cancel()
        status = await self._replace(worker)
        self.stopped += 1
        if ended_by_itself:
            megabytes = self.limits.memory // 1024**2
            raise QueryStopped(
                f"the query was stopped: it needed more than the {megabytes} MB a query may use"
                + (
                    f" (worker exit status {status})"
                    if status not in (None, -signal.SIGKILL)
                    else ""
                ),
                507,
            )
        if gone is not None and gone.done():
            raise ClientGone("the client went away; its query was stopped")
        raise QueryStopped(
            f"the query was stopped at the time limit of {self.limits.timeout:g} s "
            "(kazkg serve --query-timeout)",
            503,
        )


__all__ = [
    "DEFAULT_MEMORY",
    "DEFAULT_TIMEOUT",
    "Answer",
    "ClientGone",
    "Limits",
    "QueryPool",
    "QueryStopped",
]
