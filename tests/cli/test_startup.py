"""Start-up: the parser imports only the command that runs; every command is found that way."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from kazkg.cli.main import command_modules, command_named, parser


def test_each_command_module_adds_the_command_of_its_own_name() -> None:
    subcommands = next(
        action for action in parser()._actions if isinstance(action, argparse._SubParsersAction)
    )
    assert sorted(subcommands.choices) == command_modules()


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["trace", "x"], "trace"),
        (["--store", "trace", "query", "--list"], "query"),
        (["--graph-dir=/g", "--sources", "/s", "stats"], "stats"),
        (["--help"], None),
        (["--version", "trace"], None),
        ([], None),
    ],
)
def test_the_command_is_found_before_parsing(argv: list[str], command: str | None) -> None:
    assert command_named(argv) == command


def test_running_one_command_imports_no_other_command_module() -> None:
    probe = (
        "import json, sys\n"
        "from kazkg.cli.main import parser\n"
        "parser('trace').parse_args(['trace', 'x'])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('kazkg.cli.'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(result.stdout))
    others = {f"kazkg.cli.{name}" for name in command_modules()} - {"kazkg.cli.trace"}
    assert "kazkg.cli.trace" in loaded
    assert loaded & others == set()
