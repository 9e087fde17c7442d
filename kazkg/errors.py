"""Errors a user can act on: each renders as one line naming the file, line, entity or parameter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class KazkgError(Exception):
    """Base class: ``str(error)`` is a complete, one-line message for the user."""


class TurtleSyntaxError(KazkgError):
    """A Turtle file does not parse."""

    def __init__(self, path: Path, line: int | None, column: int | None, message: str) -> None:
        self.path, self.line, self.column = path, line, column
        where = f"{path}:{line}:{column}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Violation:
    """One SHACL or evidence violation: the node at fault, the property, what is wrong."""

    focus: str
    path: str | None
    message: str

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"{self.focus}{path}: {self.message}"


class ValidationError(KazkgError):
    """The graph breaks its shapes or its evidence rules."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        lines = [f"graph does not validate ({len(violations)} violations):"]
        lines += [f"  {v}" for v in violations]
        super().__init__("\n".join(lines))


class StoreError(KazkgError):
    """A compiled store is missing, unreadable or from another version."""


class OutputError(KazkgError):
    """A file the user asked for cannot be written (a folder, a missing folder, a full disk)."""


class InputError(KazkgError):
    """The inputs of a build are missing: no graph folder, or no graph files in it."""


class ForeignStoreError(StoreError):
    """A store was built from another graph folder than the one given, so it is not replaced.

    ``built_from`` is the graph folder the store was built from (``None``: the packaged graph),
    ``given`` the one asked for now.
    """

    def __init__(self, store: Path, built_from: Path | None, given: Path) -> None:
        self.store, self.built_from, self.given = store, built_from, given
        origin = "the packaged graph" if built_from is None else f"the graph in {built_from}"
        super().__init__(
            f"the store {store} was built from {origin}, not from {given}; it is not replaced"
        )


class QueryError(KazkgError):
    """A query is unknown, malformed, or was given bad parameters."""


class ParameterError(QueryError):
    """A value given for one parameter of a library call is not acceptable.

    ``parameter`` is the library's own name for it (``as_of``, ``depth``, ``backend``); the
    command line shows it as its option (``--as-of``).  For a parameter of a named query,
    ``query`` names the query (the command line shows ``--param NAME``).
    """

    def __init__(self, parameter: str, message: str, *, query: str | None = None) -> None:
        self.parameter, self.message, self.query = parameter, message, query
        where = f"parameter {parameter!r} of query {query!r}" if query else parameter
        super().__init__(f"{where}: {message}")


class EndpointError(KazkgError):
    """A remote SPARQL endpoint is unreachable, slow, or answered with an error."""
