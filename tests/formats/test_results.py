"""Query results in the SPARQL result formats, and graphs as Turtle."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kazkg.errors import QueryError
from kazkg.formats.results import render
from kazkg.vocab import XSD
from tests.samples import KAZAKHSTAN, MIXED_TABLE

TABLE = MIXED_TABLE


def test_json_is_the_sparql_results_format() -> None:
    data = json.loads(render(TABLE, "json"))
    assert data["head"]["vars"] == TABLE.variables
    first, second = data["results"]["bindings"]
    assert first["entity"] == {"type": "uri", "value": KAZAKHSTAN.value}
    assert first["note"] == {"type": "literal", "value": 'a "quoted", comma', "xml:lang": "en"}
    assert first["count"]["datatype"] == XSD.term("integer")
    assert "entity" not in second and "datatype" not in second["note"]


def test_csv_round_trips_values_with_commas_and_quotes() -> None:
    rows = list(csv.reader(io.StringIO(render(TABLE, "csv"))))
    assert rows == [
        TABLE.variables,
        [KAZAKHSTAN.value, 'a "quoted", comma', "3"],
        ["", "tab\there", ""],
    ]


def test_tsv_writes_terms_in_sparql_syntax_one_row_per_line() -> None:
    lines = render(TABLE, "tsv").splitlines()
    assert lines[0] == "?entity\t?note\t?count"
    assert lines[1].split("\t") == [
        KAZAKHSTAN.n3(),
        '"a \\"quoted\\", comma"@en',
        f'"3"^^<{XSD.term("integer")}>',
    ]
    assert lines[2].split("\t") == ["", '"tab\\there"', ""]


def test_ask_results_render_as_booleans() -> None:
    assert render(True, "csv") == "true\n"
    assert json.loads(render(False, "json")) == {"head": {}, "boolean": False}


def test_graphs_render_as_turtle_and_tables_refuse_turtle() -> None:
    turtle = render(
        f'{KAZAKHSTAN.n3()} <http://www.w3.org/2000/01/rdf-schema#label> "K" .\n'.encode(), "ttl"
    )
    assert "kzid:kazakhstan" in turtle
    with pytest.raises(QueryError, match="ttl is for CONSTRUCT"):
        render(TABLE, "ttl")
    with pytest.raises(QueryError, match="use ttl, not csv"):
        render(b"", "csv")
