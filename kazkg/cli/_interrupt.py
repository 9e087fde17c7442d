"""Ctrl-C stops every command within a second.

Python raises ``KeyboardInterrupt`` in the main thread only between two steps of Python code; a
long call into native code (a query or a load inside pyoxigraph) would hold it back until the
call returns.  While a command runs, a watcher thread is woken by the signal itself (through
:func:`signal.set_wakeup_fd`); if the main thread has not finished :data:`GRACE` seconds later,
the watcher ends the process with status 130.  Whatever a build had started is cleaned up by the
next build (see :func:`kazkg.build.store.remove_leftovers`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator

GRACE = 0.5
"""Seconds the main thread has to stop by itself after Ctrl-C."""

INTERRUPTED = 130
"""Exit status after Ctrl-C (128 + SIGINT), as shells report it."""


def _watch(reader: int, finished: threading.Event) -> None:
    """Wait for SIGINT on ``reader``; end the process if the command does not stop in time."""
    while True:
        try:
            data = os.read(reader, 64)
        except OSError:
            return
        if not data:
            return
        if signal.SIGINT in data and not finished.wait(GRACE):
            os.write(2, b"kazkg: interrupted\n")
            os._exit(INTERRUPTED)


@contextlib.contextmanager
def stop_on_interrupt() -> Iterator[None]:
    """While the block runs, Ctrl-C ends the process within :data:`GRACE` seconds even if the
    main thread is inside native code (only in the main thread; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    reader, writer = os.pipe()
    os.set_blocking(writer, False)
    try:
        previous = signal.set_wakeup_fd(writer, warn_on_full_buffer=False)
    except ValueError:
        os.close(reader)
        os.close(writer)
        yield
        return
    finished = threading.Event()
    watcher = threading.Thread(
        target=_watch, args=(reader, finished), name="kazkg-interrupt", daemon=True
    )
    watcher.start()
    try:
        yield
    finally:
        finished.set()
        signal.set_wakeup_fd(previous)
        os.close(writer)
        watcher.join(1.0)
        if not watcher.is_alive():
            os.close(reader)
