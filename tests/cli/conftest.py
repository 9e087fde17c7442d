"""Run the ``kazkg`` command in-process against the session's compiled store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from kazkg.build.store import CompiledStore
from kazkg.cli.main import main
from kazkg.resources import Workspace


@dataclass(frozen=True)
class CliResult:
    """What one run of the command did."""

    status: int
    out: str
    err: str


@pytest.fixture()
def kazkg(
    workspace: Workspace,
    compiled: CompiledStore,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[..., CliResult]:
    """``kazkg(*args)`` runs ``kazkg --store <session store> *args`` and captures its output."""
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str) -> CliResult:
        status = main(["--store", str(workspace.store), *args])
        captured = capsys.readouterr()
        return CliResult(status, captured.out, captured.err)

    return run
