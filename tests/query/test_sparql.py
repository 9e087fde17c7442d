"""Query text is searched with comments, strings and IRIs masked; values are joined as VALUES."""

from __future__ import annotations

import pytest

from kazkg.errors import QueryError
from kazkg.query.sparql import (
    bind_clauses,
    bind_values,
    mask,
    query_form,
    shift_position,
    with_prefixes,
)
from kazkg.terms import Term


def test_mask_blanks_comments_strings_and_iris_but_keeps_lengths() -> None:
    query = 'SELECT * # WHERE {\nWHERE { ?s <http://x/WHERE> "WHERE {" FILTER(?a < ?b) }'
    masked = mask(query)
    assert len(masked) == len(query)
    assert masked.count("WHERE") == 1
    assert "?a < ?b" in masked


def test_values_join_the_outermost_where_group_not_a_comment_or_a_string() -> None:
    query = '# WHERE { in a comment\nSELECT ?x WHERE { ?x ?p "WHERE {" . { SELECT ?y WHERE { ?y ?q ?r } } }'
    bound = bind_values(query, {"p": Term.iri("https://example.org/p")})
    assert (
        bound.index("BIND(<https://example.org/p> AS ?p)")
        == bound.index("SELECT ?x WHERE {") + len("SELECT ?x WHERE {") + 1
    )


def test_a_query_without_where_keyword_is_bound_in_its_first_group() -> None:
    bound = bind_values("ASK { ?s ?p ?o }", {"s": Term.iri("https://example.org/s")})
    assert bound.startswith("ASK { BIND(<https://example.org/s> AS ?s)")


def test_an_unbound_optional_value_leaves_the_query_as_it_is() -> None:
    query = "SELECT ?s WHERE { ?s ?p ?o FILTER(!BOUND(?o2)) }"
    assert bind_values(query, {"o2": None}) == query


def test_bind_clauses_write_escaped_terms_and_skip_unbound_ones() -> None:
    clauses = bind_clauses(
        {"a": Term.literal('x"}'), "b": None, "c": Term.iri("https://example.org/c")}
    )
    assert clauses == 'BIND("x\\"}" AS ?a) BIND(<https://example.org/c> AS ?c)'


def test_a_bad_variable_name_is_refused() -> None:
    with pytest.raises(QueryError, match="not a valid parameter name"):
        bind_values("SELECT * WHERE {}", {"x) {} ; DROP ALL ; (": Term.literal("v")})


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("# SELECT\nASK {}", "ASK"),
        ("PREFIX s: <http://x/SELECT>\nconstruct where {}", "CONSTRUCT"),
        ("DESCRIBE <x:y>", "DESCRIBE"),
    ],
)
def test_query_form_ignores_comments_and_iris(query: str, form: str) -> None:
    assert query_form(query) == form


def test_an_update_is_not_a_query() -> None:
    with pytest.raises(QueryError, match="not a SPARQL query"):
        query_form("DROP ALL")


def test_only_used_and_undeclared_standard_prefixes_are_added_on_the_first_line() -> None:
    query = 'PREFIX kz: <https://example.org/other#>\nSELECT * WHERE { ?s kz:p kzid:x ; rdfs:label "skos:no" }'
    full, shift = with_prefixes(query)
    assert full.endswith(query) and len(full) - len(query) == shift
    head = full[:shift]
    assert "PREFIX kzid:" in head and "PREFIX rdfs:" in head
    assert "PREFIX kz:" not in head and "skos" not in head and "\n" not in head


def test_error_positions_on_the_first_line_are_shifted_back() -> None:
    assert shift_position("error at 1:125: expected", 100) == "error at 1:25: expected"
    assert shift_position("error at 3:7: expected", 100) == "error at 3:7: expected"
