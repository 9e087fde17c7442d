"""Hostile parameter values neither break nor widen a query, on any backend.

Values reach SPARQL only as validated, escaped terms in a BIND: a hostile string is
matched literally (or rejected by validation with a one-line error), never executed.
"""

from __future__ import annotations

import pytest

from kazkg.errors import QueryError
from kazkg.query import named as queries
from kazkg.query.backends.base import Backend
from kazkg.query.sparql import bind_values
from kazkg.terms import Term

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
        assert query.parameter(parameter).type == "string", "only free text may pass validation"
        assert all(
            value.lower() in (row[-1].value.lower() if row[-1] else "") for row in table.rows
        )
    assert backend.triple_count() == triples


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
