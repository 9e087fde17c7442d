"""Parse the ontology and the graph's Turtle files into a pyoxigraph store.

Every syntax error becomes a :class:`~kazkg.errors.TurtleSyntaxError` naming the file, the
line and the column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kazkg.errors import TurtleSyntaxError

_POSITION = re.compile(
    r"^Parser error (?:at|between) line \d+ column \d+(?: and line \d+ column \d+)?: "
)


def load_turtle(store: ox.Store, paths: Iterable[Path]) -> None:
    """Load each Turtle file of ``paths`` into the default graph of ``store``.

    Raises :class:`TurtleSyntaxError` (``file:line:column: message``) on the first bad file;
    the store then holds the files before it.
    """
    for path in paths:
        try:
            store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.as_uri())
        except SyntaxError as error:
            message = _POSITION.sub("", error.msg or str(error))
            raise TurtleSyntaxError(path, error.lineno, error.offset, message) from None
        except OSError as error:
            raise TurtleSyntaxError(path, None, None, error.strerror or str(error)) from None
