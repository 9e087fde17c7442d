"""Entry point of the ``kazkg`` command: parse arguments, dispatch, turn errors into one line.

Exit status: 0 on success (and when the reader of the output goes away, as ``| head`` does),
1 on an error the user can act on, 2 on a usage error, 130 when interrupted (Ctrl-C); an
unexpected failure is reported on one line as an internal error (status 3).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kazkg.cli._interrupt import stop_on_interrupt
from kazkg.errors import ForeignStoreError, KazkgError, ParameterError

_NOT_COMMANDS = frozenset({"main", "common"})

_GLOBAL_VALUES = frozenset({"--graph-dir", "--store", "--sources"})
"""Global options that take a value (the word after them is not a command)."""

INTERNAL_ERROR = 3
"""Exit status of an unexpected failure (a bug)."""


def command_modules() -> list[str]:
    """The subcommand modules of :mod:`kazkg.cli`, in alphabetical order.

    Each defines ``register(subparsers)`` adding a subcommand of its own name, and
    ``run(args) -> int``, and imports its heavy dependencies inside ``run`` so that every
    command starts fast.
    """
    package = Path(__file__).resolve().parent
    return sorted(
        path.stem
        for path in package.glob("*.py")
        if path.stem not in _NOT_COMMANDS and not path.stem.startswith("_")
    )


def command_named(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names: its first word that is neither an option nor the value of
    a global option (``None`` if there is none, or an option such as ``--help`` comes first).

    >>> command_named(["--store", "trace", "trace", "x"])
    'trace'
    >>> command_named(["--help", "trace"]) is None
    True
    """
    words = iter(argv)
    for word in words:
        if word in _GLOBAL_VALUES:
            next(words, None)
        elif word.startswith("--") and word.split("=", 1)[0] in _GLOBAL_VALUES:
            continue
        elif word.startswith("-"):
            return None
        else:
            return word
    return None


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``command``, only that subcommand's module is imported (the
    others are not needed to run it), else all of them."""
    from kazkg import __version__

    top = argparse.ArgumentParser(
        prog="kazkg",
        description="Knowledge graph of Kazakhstan's state system for countering religious "
        "extremism and terrorism: build, query, trace, render.",
    )
    top.add_argument("--version", action="version", version=f"kazkg {__version__}")
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
    names = command_modules()
    for name in [command] if command in names else names:
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
    if isinstance(error, ForeignStoreError):
        origin = (
            "the packaged graph (no --graph-dir)"
            if error.built_from is None
            else f"--graph-dir {error.built_from}"
        )
        return (
            f"the store {error.store} was built from {origin}, not from {error.given}; "
            "give that --graph-dir, or another --store (kazkg build --replace replaces it)"
        )
    return str(error)


def _describe_os_error(error: OSError) -> str:
    """An operating-system error (a file that cannot be written, a full disk) on one line."""
    reason = error.strerror or str(error)
    return f"{error.filename}: {reason}" if error.filename else reason


def _quiet_stdout() -> None:
    """Send what is still buffered for standard output nowhere (its reader has gone)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _run(args: argparse.Namespace) -> int:
    """Run the parsed command; map every way it can end to an exit status and one line."""
    try:
        status: int = args.run(args)
        return status
    except KazkgError as error:
        from kazkg.formats.terminal import printable

        print(f"kazkg: error: {printable(describe_error(error))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kazkg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except SystemExit as stop:  # rich exits 1 when its reader has gone: that is not an error
        if isinstance(stop.__context__, BrokenPipeError):
            return 0
        raise
    except OSError as error:  # the machine refused: a file, a folder, a full disk
        print(f"kazkg: error: {_describe_os_error(error)}", file=sys.stderr)
        return 1
    except Exception as error:  # a bug: say so in one line, traceback on request
        if os.environ.get("KAZKG_DEBUG"):
            raise
        print(
            f"kazkg: internal error: {type(error).__name__}: {error} "
            "(set KAZKG_DEBUG=1 to see the traceback)",
            file=sys.stderr,
        )
        return INTERNAL_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    words = sys.argv[1:] if argv is None else list(argv)
    with stop_on_interrupt():
        try:
            args = parser(command_named(words)).parse_args(words)
        except KeyboardInterrupt:
            print("kazkg: interrupted", file=sys.stderr)
            return 130
        return _run(args)


if __name__ == "__main__":
    sys.exit(main())
