"""Results as text: SPARQL JSON/CSV/TSV, Turtle, labels beside IRIs, and lineage text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from kazkg.formats.text import curie, lineage_text, render, rich_table, with_labels

from kazkg.build.store import CompiledStore
from kazkg.errors import QueryError
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.query.trace import trace
from kazkg.terms import ResultTable, Term
from kazkg.vocab import KZID, XSD

KAZAKHSTAN = Term.iri(KZID.term("kazakhstan"))
TABLE = ResultTable(
    ["entity", "note", "count"],
    [
        (
            KAZAKHSTAN,
            Term.literal('a "quoted", comma', lang="en"),
            Term.literal("3", XSD.term("integer")),
        ),
        (None, Term.literal("tab\there"), None),
    ],
)


@pytest.fixture(scope="module")
def backend(compiled: CompiledStore) -> Iterator[OxigraphBackend]:
    with OxigraphBackend.open(compiled) as opened:
        yield opened


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
    with pytest.raises(QueryError, match="use --format ttl"):
        render(b"", "csv")


def test_labels_are_added_beside_iri_columns(backend: OxigraphBackend) -> None:
    labelled = with_labels(backend, TABLE)
    assert labelled.variables == ["entity", "entity_label", "note", "count"]
    label = labelled.rows[0][1]
    assert label is not None and "Kazakhstan" in label.value
    assert labelled.rows[1][1] is None


def test_a_terminal_table_escapes_markup_in_values() -> None:
    from rich.console import Console

    table = ResultTable(["x"], [(Term.literal("[bold]not markup[/bold]"),)])
    console = Console(record=True, width=80)
    console.print(rich_table(table))
    assert "[bold]not markup[/bold]" in console.export_text()


def test_curies_use_the_standard_prefixes() -> None:
    assert curie(KAZAKHSTAN.value) == "kzid:kazakhstan"
    assert curie("https://example.org/x") == "https://example.org/x"


def test_lineage_text_lists_bodies_in_order_with_dates_parents_and_quotes(
    backend: OxigraphBackend,
) -> None:
    lineage = trace(backend, "Agency for Religious Affairs", as_of="2012-06-01")
    text = lineage_text(lineage)
    positions = [text.index(f"{i}. {step.label}") for i, step in enumerate(lineage.steps, start=1)]
    assert positions == sorted(positions)
    assert text.count("<- existed on 2012-06-01") == 1
    assert "parent: Ministry of Justice" in text
    for step in lineage.steps:
        for quote in step.evidence:
            assert f"“{quote}”" in text
