"""Text from a graph is shown as text: rich markup is not rendered and control characters are
written out, whatever the backend returns."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kazkg.cli.main import main
from kazkg.servers.oxigraph import serve

HOSTILE = "Body \\u001B[31mRED\\u001B[0m \\u001B]0;title\\u0007 [red]markup[/red] [link=x]y[/link]"
"""A label as N-Triples writes it: ANSI colour, a terminal title, rich markup."""


def test_a_table_from_an_endpoint_shows_markup_and_escapes_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "hostile.nt"
    data.write_text(
        f'<https://w3id.org/kazkg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "{HOSTILE}"@en .\n',
        encoding="utf-8",
    )
    query = "SELECT ?x ?label WHERE { ?x rdfs:label ?label }"
    with serve(data) as server:
        status = main(["sparql", "--backend", server.query_url, query])
        out = capsys.readouterr().out
    assert status == 0
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b[31mRED" in out
    assert "[red]markup[/red]" in out and "[link=x]y[/link]" in out


def test_stats_shows_a_label_with_markup_as_written(tmp_path: Path) -> None:
    graph = tmp_path / "graph"
    graph.mkdir()
    (graph / "data.ttl").write_text(
        """@prefix kz: <https://w3id.org/kazkg/ontology#> .
@prefix kzid: <https://w3id.org/kazkg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
kzid:doc a kz:SourceDocument ; rdfs:label "Doc"@en ; dcterms:identifier "doc.txt" ;
    kz:quote "alpha" ; prov:wasDerivedFrom kzid:doc .
kzid:a a kz:StateBody ; rdfs:label "[bold red]Body[/] A [/unclosed]"@en ; kz:quote "alpha" ;
    prov:wasDerivedFrom kzid:doc .
kzid:b a kz:StateBody ; rdfs:label "Body B"@en ; kz:quote "alpha" ; prov:wasDerivedFrom kzid:doc .
""",
        encoding="utf-8",
    )

    def kazkg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "kazkg.cli.main",
                *("--graph-dir", str(graph), "--store", str(tmp_path / "store")),
                *args,
            ],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "COLUMNS": "200"},
            timeout=600,
        )

    built = kazkg("build", "-q", "--no-validate")
    assert built.returncode == 0, built.stderr
    result = kazkg("stats")
    assert result.returncode == 0, result.stderr
    assert "[bold red]Body[/] A [/unclosed]" in result.stdout
