"""``kazkg sparql``: your own query, inline, from a file or standard input, in any format."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kazkg.vocab import KZ

Run = Callable[..., Any]


def test_an_inline_query_with_predeclared_prefixes(kazkg: Run) -> None:
    result = kazkg("sparql", "SELECT ?m WHERE { ?m a kz:Ministry } ORDER BY ?m", "--format", "json")
    assert result.status == 0
    assert json.loads(result.out)["results"]["bindings"]


def test_a_query_from_a_file_and_from_standard_input(
    kazkg: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?m a kz:Ministry }"
    path = tmp_path / "count.rq"
    path.write_text(query, encoding="utf-8")
    from_file = kazkg("sparql", "--file", str(path), "--format", "csv").out
    monkeypatch.setattr("sys.stdin", io.StringIO(query))
    from_stdin = kazkg("sparql", "-", "--format", "csv").out
    assert from_file == from_stdin and from_file.splitlines()[0] == "n"


def test_construct_prints_turtle(kazkg: Run) -> None:
    result = kazkg(
        "sparql", "CONSTRUCT WHERE { kzid:agency-for-religious-affairs a ?t }", "--format", "ttl"
    )
    assert result.status == 0
    assert "kzid:agency-for-religious-affairs" in result.out and "kz:StateBody" in result.out


def test_ask_prints_true_or_false(kazkg: Run) -> None:
    assert kazkg("sparql", f"ASK {{ ?s a <{KZ.Ministry}> }}").out == "true\n"


@pytest.mark.parametrize("backend", ["oxigraph", "memory"])
def test_a_syntax_error_shows_the_message_and_position(kazkg: Run, backend: str) -> None:
    result = kazkg("sparql", "SELECT ?s\nWHERE { ?s ?p }", "--backend", backend)
    assert result.status == 1
    assert "syntax error" in result.err and "at 2:" in result.err
    assert result.err.count("\n") == 1


def test_a_missing_file_is_one_line(kazkg: Run, tmp_path: Path) -> None:
    result = kazkg("sparql", "--file", str(tmp_path / "missing.rq"))
    assert result.status == 1 and "missing.rq: cannot read" in result.err


def test_an_update_is_refused(kazkg: Run) -> None:
    result = kazkg("sparql", "DROP ALL")
    assert result.status == 1 and "not a SPARQL query" in result.err
