"""Entry point of the ``kazkg`` command: parse arguments, dispatch, turn errors into one line."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path

from kazkg.errors import KazkgError, ParameterError

_NOT_COMMANDS = frozenset({"main", "common"})


def command_modules() -> list[str]:
    """The subcommand modules of :mod:`kazkg.cli`, in alphabetical order.

    Each defines ``register(subparsers)`` and ``run(args) -> int``, and imports its heavy
    dependencies inside ``run`` so that every command starts fast.
    """
    package = Path(__file__).resolve().parent
    return sorted(
        info.name
        for info in pkgutil.iter_modules([str(package)])
        if info.name not in _NOT_COMMANDS and not info.name.startswith("_")
    )


def parser() -> argparse.ArgumentParser:
    """The full argument parser."""
    top = argparse.ArgumentParser(
        prog="kazkg",
        description="Knowledge graph of Kazakhstan's state system for countering religious "
        "extremism and terrorism: build, query, trace, render.",
    )
    top.add_argument(
        "--graph-dir",
        type=Path,
        metavar="DIR",
        help="folder of graph Turtle files (default: the packaged graph)",
    )
    top.add_argument(
        "--store",
        type=Path,
        metavar="DIR",
        help="folder of the compiled store (default: $KAZKG_HOME/store or ~/.cache/kazkg/store)",
    )
    top.add_argument(
        "--sources",
        type=Path,
        metavar="DIR",
        help="folder of the source texts the quotes are checked against "
        "(default: $KAZKG_SOURCES, else ../shared/sources beside a checkout)",
    )
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in command_modules():
        importlib.import_module(f"kazkg.cli.{name}").register(sub)
    return top


OPTION_NAMES = {"params": "--param", "name": "NAME", "source": "A", "target": "B"}
"""Library parameter names whose command-line option is not ``--`` + the name with dashes."""


def describe_error(error: KazkgError) -> str:
    """The one-line message for ``error``, naming the command-line option where the library
    named its own parameter (``as_of`` becomes ``--as-of``)."""
    if isinstance(error, ParameterError) and error.query is not None:
        return f"--param {error.parameter}: {error.message}"
    if isinstance(error, ParameterError):
        option = OPTION_NAMES.get(error.parameter, "--" + error.parameter.replace("_", "-"))
        return f"{option}: {error.message}"
    return str(error)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parser().parse_args(argv)
    try:
        status: int = args.run(args)
        return status
    except KazkgError as error:
        print(f"kazkg: error: {describe_error(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kazkg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # a bug: say so in one line, traceback on request
        if os.environ.get("KAZKG_DEBUG"):
            raise
        print(
            f"kazkg: internal error: {type(error).__name__}: {error} "
            "(set KAZKG_DEBUG=1 to see the traceback)",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
