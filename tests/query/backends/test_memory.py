"""The rdflib in-memory backend answers like the embedded store and reports errors in one line."""

from __future__ import annotations

import pytest

from kazkg.build.store import CompiledStore
from kazkg.errors import QueryError
from kazkg.query.backends.base import Backend
from kazkg.terms import RDF_LANG_STRING, XSD_STRING


@pytest.fixture()
def memory(backends: dict[str, Backend]) -> Backend:
    return backends["memory"]


def test_memory_backend_holds_every_compiled_triple(
    memory: Backend, compiled: CompiledStore
) -> None:
    assert memory.triple_count() == compiled.manifest().triples


def test_plain_literals_come_back_as_xsd_string_and_tagged_ones_as_lang_strings(
    memory: Backend,
) -> None:
    table = memory.select(
        """SELECT ?label ?quote WHERE {
            <https://w3id.org/kazkg/id/agency-for-religious-affairs>
                <http://www.w3.org/2000/01/rdf-schema#label> ?label ;
                <https://w3id.org/kazkg/ontology#quote> ?quote }"""
    )
    assert table.rows
    for label, quote in table.rows:
        assert label is not None and (label.datatype, label.lang) == (RDF_LANG_STRING, "en")
        assert quote is not None and (quote.datatype, quote.lang) == (XSD_STRING, None)


def test_ask_and_construct_work_in_memory(memory: Backend) -> None:
    assert memory.ask("ASK { ?s a <https://w3id.org/kazkg/ontology#Ministry> }")
    data = memory.construct(
        "CONSTRUCT WHERE { <https://w3id.org/kazkg/id/kazakhstan> <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    )
    assert data.startswith(b"<https://w3id.org/kazkg/id/kazakhstan>")


def test_a_syntax_error_names_its_line_and_column(memory: Backend) -> None:
    with pytest.raises(QueryError, match=r"syntax error at 2:\d+") as raised:
        memory.select("SELECT ?s\nWHERE { ?s ?p }")
    assert "\n" not in str(raised.value)


def test_asking_the_wrong_form_is_a_query_error(memory: Backend) -> None:
    with pytest.raises(QueryError, match="not a SELECT"):
        memory.select("ASK { ?s ?p ?o }")
