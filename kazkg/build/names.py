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
from kazkg.vocab import RDFS, SKOS


def index_path(folder: Path) -> Path:
    """Where the name index of the compiled store in ``folder`` is."""
    return folder / nameindex.FILE_NAME


def write_name_index(
    closure: ox.Store, folder: Path, schema: Schema, stated: Mapping[str, Iterable[str]]
) -> Path:
    """Index every name of the reasoned graph ``closure`` into ``folder``; return the file.

    ``stated`` gives the ``kz:`` classes each node of the graph is stated to have (the build has
    read them already), so the index need not read every inferred type again; the labels and
    aliases are read from the store's own index.
    """
    path = index_path(folder)
    data = nameindex.read(OxigraphBackend(closure), stated, every_name(closure))
    nameindex.write_file(path, data, schema)
    return path


def every_name(store: ox.Store) -> nameindex.Names:
    """Every label and alias in ``store`` as ``(node, name, language, is_label)``, read straight
    from its index (faster than a query over a large graph)."""
    found: nameindex.Names = []
    for predicate, is_label in ((RDFS + "label", True), (SKOS + "altLabel", False)):
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None):
            if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
                found.append(
                    (quad.subject.value, quad.object.value, quad.object.language, is_label)
                )
    return found


__all__ = ["every_name", "index_path", "write_name_index"]
