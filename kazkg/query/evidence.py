"""Evidence in every answer: the quote that backs each row of a named query's table.

A named query that returns facts says which of its columns holds the fact (``fact`` by
default, or the header's ``evidence:`` field: ``event``, ``statistic``).  After the query has
run, each row gets a ``quote`` column: the fact's quote that names the most of the row's
entities (and of the entities the query was asked about) and states the most of its dates and figures,
then the shortest (:func:`kazkg.query.quotes.best_quote`).  The choice is made here, in Python, the same way for
every backend, so the SPARQL stays portable (no ``MIN`` over quotes).  With ``all_quotes``,
the cell holds every quote of the fact, the best first, one per line.

>>> from kazkg.terms import ResultTable, Term
>>> table = ResultTable(["fact", "who"], [(Term.iri("http://f"), Term.iri("http://a"))])
>>> quotes = {"http://f": ["B said.", "Agency A did it."]}
>>> add_quotes(table, "fact", quotes, {"http://a": ["Agency A"]}, []).rows[0][2].value
'Agency A did it.'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from kazkg.query import internal
from kazkg.query.backends.base import Backend
from kazkg.query.quotes import ranked_quotes
from kazkg.terms import ResultTable, Row, Term

QUOTE_COLUMN = "quote"
"""The column every answer's evidence is in."""


def quotes_of(backend: Backend, nodes: Iterable[str]) -> dict[str, list[str]]:
    """Every quote of each of ``nodes`` (a few hundred nodes per query)."""
    found: dict[str, list[str]] = defaultdict(list)
    for node, quote in internal.select_each(backend, "quotes-of", "node", nodes):
        if node is not None and quote is not None:
            found[node.value].append(quote.value)
    return {node: sorted(set(quotes)) for node, quotes in found.items()}


def _row_iris(row: Row) -> list[str]:
    return [t.value for t in row if t is not None and t.kind == "iri"]


def add_quotes(
    table: ResultTable,
    column: str,
    quotes: Mapping[str, Sequence[str]],
    names: Mapping[str, Sequence[str]],
    asked: Sequence[str],
    all_quotes: bool = False,
) -> ResultTable:
    """``table`` with a ``quote`` column: for each row, the best of the quotes of the node in
    ``column`` for the row's entities and the ``asked`` ones (``names`` gives each entity's
    names), or every quote, best first, one per line (``all_quotes``)."""
    at = table.variables.index(column)
    rows: list[Row] = []
    for row in table.rows:
        fact = row[at]
        found = quotes.get(fact.value, ()) if fact is not None else ()
        ends = [names.get(iri, ()) for iri in dict.fromkeys([*_row_iris(row), *asked])]
        details = [t.value for t in row if t is not None and t.kind == "literal"]
        ranked = ranked_quotes(found, ends, details)
        text = "\n".join(ranked) if all_quotes else (ranked[0] if ranked else "")
        rows.append((*row, Term.literal(text) if text else None))
    return ResultTable([*table.variables, QUOTE_COLUMN], rows)


def with_quotes(
    backend: Backend,
    table: ResultTable,
    column: str,
    asked: Sequence[str] = (),
    all_quotes: bool = False,
) -> ResultTable:
    """``table`` with the ``quote`` column :func:`add_quotes` adds, its quotes and names read
    from ``backend`` (the names from its name index)."""
    from kazkg.query.resolve import name_index

    at = table.variables.index(column)
    facts = {term.value for row in table.rows if (term := row[at]) is not None}
    entities = {iri for row in table.rows for iri in _row_iris(row)} | set(asked)
    names = name_index(backend).names_of(entities)
    return add_quotes(table, column, quotes_of(backend, facts), names, asked, all_quotes)


def rows_mentioning(
    table: ResultTable, text: str, names: Mapping[str, Sequence[str]]
) -> ResultTable:
    """The rows of ``table`` that mention every word of ``text``: in their values, or in a name
    of an entity they hold (``names``); words are folded as names are.

    >>> from kazkg.terms import ResultTable, Term
    >>> table = ResultTable(["a", "q"], [(Term.iri("http://x"), Term.literal("Ten arrested")),
    ...                                  (Term.iri("http://y"), Term.literal("Five killed"))])
    >>> len(rows_mentioning(table, "arrested Atyraú", {"http://x": ["Atyrau"]}))
    1
    """
    from kazkg.query.nameindex import words

    wanted = set(words(text))
    kept = []
    for row in table.rows:
        present: set[str] = set()
        for term in row:
            if term is None:
                continue
            present.update(words(term.value) if term.kind != "iri" else ())
            for name in names.get(term.value, ()) if term.kind == "iri" else ():
                present.update(words(name))
        if wanted <= present:
            kept.append(row)
    return ResultTable(table.variables, kept)


def mentioning(backend: Backend, table: ResultTable, text: str) -> ResultTable:
    """:func:`rows_mentioning`, with the names of the table's entities read from ``backend``'s
    name index."""
    from kazkg.query.resolve import name_index

    entities = {iri for row in table.rows for iri in _row_iris(row)}
    return rows_mentioning(table, text, name_index(backend).names_of(entities))


__all__ = [
    "QUOTE_COLUMN",
    "add_quotes",
    "mentioning",
    "quotes_of",
    "rows_mentioning",
    "with_quotes",
]
