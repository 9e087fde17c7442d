"""The browser the project's pages are checked and timed in: Debian's Chromium, headless.

The browser tests and the benchmarks launch it the same way, through Playwright (which drives
the installed browser and downloads none), with the flags a machine without network access
needs.  Playwright is a test and benchmark dependency, so it is handed in, not imported here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
"""Where Debian installs Chromium (``apt-get install chromium``)."""

FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
"""No sandbox (containers run as root), no GPU, and nothing that would reach the network."""


def installed() -> bool:
    """Whether Debian's Chromium is there to launch (a file this user may run)."""
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def launch(playwright: Any, executable: Path = CHROMIUM) -> Any:
    """Launch headless Chromium (``executable``, Debian's by default) with :data:`FLAGS` from a
    started Playwright (``sync_playwright()``); the Playwright ``Browser``."""
    return playwright.chromium.launch(
        executable_path=str(executable), args=list(FLAGS), headless=True
    )


__all__ = ["CHROMIUM", "FLAGS", "installed", "launch"]
