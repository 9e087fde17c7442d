"""``kazkg timeline``: draws the line of the bodies for religious affairs, or any other."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kazkg.build.store import CompiledStore
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.query.trace import trace

Run = Callable[..., Any]
"""The ``kazkg`` fixture of ``tests/cli/conftest.py``: runs the command, returns a ``CliResult``."""


def test_timeline_draws_the_religious_affairs_line_by_default(
    kazkg: Run, compiled: CompiledStore, tmp_path: Path
) -> None:
    out = tmp_path / "succession.svg"
    result = kazkg("timeline", "-o", str(out))
    with OxigraphBackend.open(compiled) as backend:
        line = trace(backend, "Agency for Religious Affairs")
    assert result.status == 0
    assert result.out == f"wrote {out}: {len(line.steps)} bodies\n"
    svg = out.read_text(encoding="utf-8")
    assert all(f"body {step.iri}" in svg for step in line.steps)


def test_timeline_focus_draws_another_line_as_png(kazkg: Run, tmp_path: Path) -> None:
    out = tmp_path / "units.png"
    name = "Regional units of the Agency for Religious Affairs"
    assert kazkg("timeline", "-o", str(out), "--focus", name, "--as-of", "2012").status == 0
    assert out.read_bytes().startswith(b"\x89PNG")


def test_timeline_of_an_unknown_body_is_a_one_line_error(kazkg: Run, tmp_path: Path) -> None:
    result = kazkg("timeline", "-o", str(tmp_path / "x.svg"), "--focus", "Nothing Like This")
    assert result.status == 1
    assert result.err.startswith("kazkg: error: no entity is named")
    assert not (tmp_path / "x.svg").exists()
