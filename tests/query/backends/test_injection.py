"""Hostile parameter values neither break nor widen a query, on any backend.

Values reach SPARQL only as validated, escaped terms in a BIND: a hostile string is
matched literally (or rejected by validation with a one-line error), never executed.
"""

from __future__ import annotations

import pytest

from kazkg.errors import QueryError
from kazkg.query import named as queries
from kazkg.query.backends.base import Backend
from kazkg.query.labels import iris_in
from kazkg.query.nameindex import words
from kazkg.query.resolve import name_index
from kazkg.query.sparql import bind_values
from kazkg.terms import ResultTable, Term

HOSTILE = [
    "'",
    '"',
    '"""',
    "\\",
    '"} ; DROP ALL ; {"',
    "} ; DROP ALL ; {",
    '") } } SELECT * WHERE { ?s ?p ?o } #',
    "> } DELETE WHERE { ?s ?p ?o } #",
    "line one\nline two\r\n",
    "?s ?p ?o",
    "# comment",
    "Қазақстан «Дін» \u2028 🇰🇿",
    "kzid:x> } ; DROP ALL ; { <y",
    "<https://w3id.org/kazkg/id/x> } UNION { ?s ?p ?o }",
]


@pytest.mark.server
@pytest.mark.parametrize("value", HOSTILE)
def test_a_bound_literal_comes_back_exactly_as_given(backend: Backend, value: str) -> None:
    table = backend.select(bind_values("SELECT ?v WHERE { }", {"v": Term.literal(value)}))
    assert [row[0] for row in table.rows] == [Term.literal(value)]


def _cases() -> list[tuple[str, str, str]]:
    return [
        (query.name, parameter.name, value)
        for query in queries.catalogue()
        for parameter in query.parameters
        for value in HOSTILE
    ]


@pytest.mark.server
@pytest.mark.parametrize(("name", "parameter", "value"), _cases())
def test_a_hostile_parameter_is_rejected_or_matched_literally(
    backend: Backend, name: str, parameter: str, value: str
) -> None:
    query = queries.get(name)
    params = {**query.example, parameter: value}
    triples = backend.triple_count()
    try:
        table = queries.run(backend, query, params)
    except QueryError as error:
        message = str(error)
        assert "\n" not in message
        assert "syntax" not in message.lower()
    else:
        kind = query.parameter(parameter).type
        assert kind in ("string", "words"), "only free text may pass validation"
        if kind == "string":
            assert all(
                value.lower() in (row[-1].value.lower() if row[-1] else "") for row in table.rows
            )
        else:
            _assert_every_row_mentions(backend, table, value)
    assert backend.triple_count() == triples


def _assert_every_row_mentions(backend: Backend, table: ResultTable, value: str) -> None:
    """Every row names every word of ``value`` in its values or its entities' names."""
    names = name_index(backend).names_of(iris_in(table))
    for row in table.rows:
        said = " ".join(
            [t.value for t in row if t is not None]
            + [n for t in row if t is not None for n in names.get(t.value, ())]
        )
        assert set(words(value)) <= set(words(said))


@pytest.mark.server
def test_free_text_matches_exactly_what_a_literal_search_finds(backend: Backend) -> None:
    quotes = backend.select("SELECT ?s ?q WHERE { ?s <https://w3id.org/kazkg/ontology#quote> ?q }")
    for text in ("Hizb", '"} ; DROP ALL ; {"', "Астана"):
        expected = {
            (row[0], row[1])
            for row in quotes.rows
            if row[1] is not None and text.lower() in row[1].value.lower()
        }
        found = queries.run(backend, "search-quotes", {"text": text})
        assert {(row[0], row[1]) for row in found.rows} == expected
