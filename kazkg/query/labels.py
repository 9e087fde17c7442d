"""The label service: the English label of any node, read from a backend (this module does I/O;
the writers in :mod:`kazkg.formats` are pure and take the labels it found).

Which label is shown is decided by :func:`kazkg.terms.preferred_label`, the one place the rule is
written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kazkg.query import internal
from kazkg.query.backends.base import Backend
from kazkg.terms import ResultTable, Row, Term, preferred_label

LABEL_SUFFIX = "_label"
"""The name of the column :func:`with_labels` adds beside a column of IRIs."""


def labels(backend: Backend, iris: Iterable[str]) -> dict[str, str]:
    """The label of each of ``iris`` that has one (a few hundred IRIs per query)."""
    found: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for node, label, lang in internal.select_each(backend, "labels", "node", iris):
        if node is not None and label is not None:
            found[node.value].append((label.value, lang.value if lang else None))
    chosen = {iri: preferred_label(values) for iri, values in found.items()}
    return {iri: label for iri, label in chosen.items() if label is not None}


def label_of(backend: Backend, iri: str) -> str:
    """The label of ``iri``, or ``iri`` itself when it has none."""
    return labels(backend, [iri]).get(iri, iri)


def iris_in(table: ResultTable) -> set[str]:
    """Every IRI that occurs in ``table``."""
    return {t.value for row in table.rows for t in row if t is not None and t.kind == "iri"}


def add_label_columns(table: ResultTable, found: dict[str, str]) -> ResultTable:
    """``table`` with a ``<var>_label`` column after each column holding IRIs that have labels
    in ``found`` (a pure function; :func:`with_labels` fetches the labels)."""

    def has_labels(i: int) -> bool:
        return any(
            t is not None and t.kind == "iri" and t.value in found
            for t in (row[i] for row in table.rows)
        )

    labelled = {
        i
        for i, var in enumerate(table.variables)
        if has_labels(i) and var + LABEL_SUFFIX not in table.variables
    }
    variables: list[str] = []
    for i, var in enumerate(table.variables):
        variables += [var, var + LABEL_SUFFIX] if i in labelled else [var]
    rows: list[Row] = []
    for row in table.rows:
        cells: list[Term | None] = []
        for i, term in enumerate(row):
            cells.append(term)
            if i in labelled:
                label = found.get(term.value) if term is not None and term.kind == "iri" else None
                cells.append(Term.literal(label) if label is not None else None)
        rows.append(tuple(cells))
    return ResultTable(variables, rows)


def with_labels(backend: Backend, table: ResultTable) -> ResultTable:
    """``table`` with a ``<var>_label`` column beside each column of IRIs that have labels."""
    return add_label_columns(table, labels(backend, iris_in(table)))


__all__ = ["LABEL_SUFFIX", "add_label_columns", "iris_in", "label_of", "labels", "with_labels"]
