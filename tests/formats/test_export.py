"""``export``: the whole graph, inferences included, in standard formats that parse back."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from kazkg.build.store import CompiledStore
from kazkg.errors import KazkgError
from kazkg.formats.export import SCHEMA_GRAPH, export, source_graph
from kazkg.resources import Workspace
from kazkg.vocab import KZ, KZID

RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_rdf_exports_hold_every_triple_of_the_closure(compiled: CompiledStore, fmt: str) -> None:
    data = export(compiled, fmt)
    triples = list(ox.parse(data, format=RDF_FORMATS[fmt]))
    assert len(set(triples)) == compiled.manifest().triples


def test_trig_export_puts_each_sources_facts_in_a_named_graph_of_its_own(
    compiled: CompiledStore,
) -> None:
    quads = list(ox.parse(export(compiled, "trig"), format=ox.RdfFormat.TRIG))
    trofimov = ox.NamedNode(
        source_graph(KZID.term("trofimov-radicalization-of-islam-in-kazakhstan"))
    )
    assert {q.graph_name for q in quads} == {trofimov, ox.NamedNode(SCHEMA_GRAPH)}
    assert len(quads) == compiled.manifest().triples  # each node here has one source
    in_source = {q.subject for q in quads if q.graph_name == trofimov}
    assert ox.NamedNode(KZID.term("fact-succession-2011-committee-to-agency")) in in_source
    assert ox.NamedNode(KZ.Succession) not in in_source


def test_graphml_export_is_a_network_of_entities_with_evidence_on_edges(
    compiled: CompiledStore,
) -> None:
    graph = nx.read_graphml(io.BytesIO(export(compiled, "graphml")))
    assert graph.number_of_nodes() >= 170
    assert graph.number_of_edges() > 200
    agency = graph.nodes["https://w3id.org/kazkg/id/agency-for-religious-affairs"]
    assert agency["kind"] == "StateBody"
    assert all(data["quote"] for _, _, data in graph.edges(data=True))


def test_an_unknown_format_is_a_clear_error(compiled: CompiledStore) -> None:
    with pytest.raises(KazkgError, match="unknown export format 'xml'"):
        export(compiled, "xml")


def test_the_command_writes_a_file(
    workspace: Workspace, compiled: CompiledStore, tmp_path: Path
) -> None:
    out = tmp_path / "graph.nt"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kazkg.cli.main",
            "--store",
            str(workspace.store),
            "export",
            "--format",
            "nt",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == compiled.ntriples.read_bytes()
