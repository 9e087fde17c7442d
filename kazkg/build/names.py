"""Build step: write the name index (:mod:`kazkg.query.nameindex`) beside the compiled store, so
that resolving a name opens a small file instead of reading every name of the graph.

>>> index_path(Path("store/v-1"))
PosixPath('store/v-1/names.sqlite')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

from kazkg.query import nameindex
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.schema import Schema


def index_path(folder: Path) -> Path:
    """Where the name index of the compiled store in ``folder`` is."""
    return folder / nameindex.FILE_NAME


def write_name_index(
    closure: ox.Store, folder: Path, schema: Schema, stated: Mapping[str, Iterable[str]]
) -> Path:
    """Index every name of the reasoned graph ``closure`` into ``folder``; return the file.

    ``stated`` gives the ``kz:`` classes each node of the graph is stated to have (the build has
    read them already), so the index need not read every inferred type again.
    """
    path = index_path(folder)
    nameindex.write_file(path, nameindex.read(OxigraphBackend(closure), stated), schema)
    return path


__all__ = ["index_path", "write_name_index"]
