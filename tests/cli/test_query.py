"""``kazkg query``: list the named queries, run one with parameters, in every format."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from kazkg.query import named as queries
from kazkg.vocab import KZID

Run = Callable[..., Any]


def test_list_shows_every_query_with_its_parameters(kazkg: Run) -> None:
    result = kazkg("query", "--list")
    assert result.status == 0
    for query in queries.catalogue():
        assert query.name in result.out and query.title in result.out
        for parameter in query.parameters:
            assert f"--param {parameter.name}=" in result.out


def test_a_table_shows_labels_beside_iris(kazkg: Run) -> None:
    result = kazkg(
        "query", "members-of", "--param", "organisation=SCO", "--param", "role=founding member"
    )
    assert result.status == 0
    assert "Republic of Kazakhstan" in result.out and "kzid:kazakhstan" in result.out
    assert "rows" in result.out


def test_json_output_is_sparql_results_with_label_columns(kazkg: Run) -> None:
    result = kazkg(
        "query", "lineage", "-p", "agency=Agency for Religious Affairs", "--format", "json"
    )
    data = json.loads(result.out)
    assert {"from", "from_label", "to", "to_label", "quote"} <= set(data["head"]["vars"])
    bodies = {b["to"]["value"] for b in data["results"]["bindings"]}
    assert KZID.term("committee-on-religious-affairs-2014") in bodies


def test_csv_and_tsv_have_one_row_per_result(kazkg: Run) -> None:
    as_json = json.loads(kazkg("query", "banned-organisations", "--format", "json").out)
    rows = list(
        csv.reader(io.StringIO(kazkg("query", "banned-organisations", "--format", "csv").out))
    )
    tsv = kazkg("query", "banned-organisations", "--format", "tsv").out.splitlines()
    assert len(rows) == len(tsv) == len(as_json["results"]["bindings"]) + 1
    assert rows[0] == as_json["head"]["vars"]


def test_no_labels_leaves_the_columns_of_the_query(kazkg: Run) -> None:
    data = json.loads(kazkg("query", "banned-organisations", "--format", "json", "--no-labels").out)
    assert data["head"]["vars"] == ["organisation", "court", "date", "designation", "fact", "quote"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "nope"], "no named query 'nope'; known queries:"),
        (["query"], "name a query to run"),
        (
            ["query", "parent-on-date", "-p", "agency=Agency for Religious Affairs"],
            "--param date: required",
        ),
        (["query", "lineage", "-p", "colour=red"], "has no parameter 'colour'"),
        (["query", "lineage", "-p", "agency"], "expected NAME=VALUE"),
        (["query", "lineage", "-p", "agency=Nonexistent Body Of Nothing"], "closest:"),
        (["query", "acts-adopted", "-p", "from=201"], "not a four-digit year"),
        (["query", "lineage", "-p", "agency=kzid:x", "--format", "ttl"], "ttl is for CONSTRUCT"),
    ],
)
def test_bad_input_is_one_line_and_exit_status_1(kazkg: Run, args: list[str], message: str) -> None:
    result = kazkg(*args)
    assert result.status == 1
    assert message in result.err and result.err.count("\n") == 1
    assert "Traceback" not in result.err


def test_an_unreachable_endpoint_is_one_line(kazkg: Run) -> None:
    from kazkg.servers.oxigraph import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    result = kazkg("query", "banned-organisations", "--backend", url, "--timeout", "5")
    assert result.status == 1
    assert result.err.startswith(f"kazkg: error: {url}: unreachable")
