"""Ctrl-C stops every command within a second.

Python raises ``KeyboardInterrupt`` in the main thread only between two steps of Python code; a
long call into native code (a load or a query inside pyoxigraph) would hold it back until the
call returns.  While a command runs, a watcher thread is woken by the signal itself (through
:func:`signal.set_wakeup_fd`): if Python has not taken the signal :data:`GRACE` seconds later,
or on a second Ctrl-C, the watcher ends the process with status 130.  A command that installs
its own handler for Ctrl-C (``serve``, which stops its server) is left to do so.  Whatever a
build had started is cleaned up by the next build (see :func:`kazkg.build.store.remove_leftovers`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from types import FrameType

GRACE = 0.5
"""Seconds Python has to take Ctrl-C before the process is ended."""

INTERRUPTED = 130
"""Exit status after Ctrl-C (128 + SIGINT), as shells report it."""

_taken = threading.Event()


def _take(signum: int, frame: FrameType | None) -> None:
    """The handler of Ctrl-C while a command runs: note it, then stop the command."""
    _taken.set()
    raise KeyboardInterrupt


def _end() -> None:
    os.write(2, b"kazkg: interrupted\n")
    os._exit(INTERRUPTED)


def _watch(reader: int, finished: threading.Event) -> None:
    """Wait for SIGINT on ``reader``; end the process if Python does not take it in time."""
    seen = 0
    while True:
        try:
            data = os.read(reader, 64)
        except OSError:
            return
        if not data:
            return
        if signal.SIGINT not in data or signal.getsignal(signal.SIGINT) is not _take:
            continue
        seen += data.count(signal.SIGINT)
        if finished.is_set():
            return
        if seen > 1 or not _taken.wait(GRACE):
            _end()


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
        previous_fd = signal.set_wakeup_fd(writer, warn_on_full_buffer=False)
    except ValueError:
        os.close(reader)
        os.close(writer)
        yield
        return
    previous_handler = signal.signal(signal.SIGINT, _take)
    _taken.clear()
    finished = threading.Event()
    watcher = threading.Thread(
        target=_watch, args=(reader, finished), name="kazkg-interrupt", daemon=True
    )
    watcher.start()
    try:
        yield
    finally:
        finished.set()
        if signal.getsignal(signal.SIGINT) is _take:
            signal.signal(signal.SIGINT, previous_handler)
        signal.set_wakeup_fd(previous_fd)
        os.close(writer)
        watcher.join(1.0)
        if not watcher.is_alive():
            os.close(reader)
