"""Helpers shared by the subcommands: the layout from global options, output files."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from kazkg.errors import OutputError, ParameterError, QueryError
from kazkg.resources import Workspace


def workspace_from(args: argparse.Namespace) -> Workspace:
    """The :class:`Workspace` selected by ``--graph-dir``, ``--store`` and ``--sources``."""
    sources: Path | None = args.sources
    if sources is not None and not sources.is_dir():
        what = "not a folder" if sources.exists() else "no such folder"
        raise ParameterError("sources", f"{what}: {sources}")
    return Workspace.default(graph=args.graph_dir, store=args.store, sources=sources)


def check_output(output: Path) -> Path:
    """``output`` if a file can be written there: a name that is not a folder, in a folder that
    exists; an :class:`~kazkg.errors.OutputError` naming it otherwise (before any work)."""
    if not str(output) or output.name in ("", ".", ".."):
        raise OutputError(f"{str(output)!r}: give the name of a file to write")
    if output.is_dir():
        raise OutputError(f"{output}: is a folder; give the name of a file to write")
    folder = output.parent
    if not folder.is_dir():
        raise OutputError(f"{output}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{output}: the folder {folder} cannot be written")
    return output


def write_file(output: Path, data: bytes) -> None:
    """Write ``data`` to ``output``.  A regular file is written in one piece: into a temporary
    file beside it, then renamed, so a full disk or an interruption never leaves half a file (or
    spoils the one there); anything else (a device, a pipe) is written directly."""
    check_output(output)
    if output.exists() and not output.is_file():
        try:
            with output.open("wb") as stream:
                stream.write(data)
        except OSError as error:
            raise OutputError(f"{output}: cannot write ({error.strerror or error})") from None
        return
    temporary = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(output)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(error, OSError):
            raise OutputError(f"{output}: cannot write ({error.strerror or error})") from None
        raise


def write_output(data: bytes | str, output: Path | None) -> None:
    """Write ``data`` to ``output``, or to standard output when it is ``None``."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output is None:
        sys.stdout.buffer.write(raw)
        sys.stdout.flush()
    else:
        write_file(output, raw)


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["NAME=VALUE", ...]`` (repeated ``--param`` options) as a dict.

    >>> parse_params(["date=2012-06-01", "agency=Agency for Religious Affairs"])
    {'date': '2012-06-01', 'agency': 'Agency for Religious Affairs'}
    """
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {pair[:80]!r}: expected NAME=VALUE")
        params[name.strip()] = value
    return params
